/**
 * A 20 MB unit file lints in bounded memory. The process's peak resident size (maxRSS, which
 * includes Node itself, about 45 MB) is compared with the file's size, for lines of a realistic
 * length (about 60 bytes) and for very short ones (about 15 bytes: there the cost of one entry
 * object per line dominates, so the bound is looser).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/lspClient';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const SIZE = 20 * 1048576;

function bigUnit(file: string, body: string[]): number {
  const parts = ['[Unit]\nDescription=big\n[Service]\nExecStart=/bin/true\n'];
  let n = parts[0].length;
  for (let i = 0; n < SIZE; i++) { const l = body[i % body.length] + '\n'; parts.push(l); n += l.length; }
  fs.writeFileSync(file, parts.join(''));
  return n;
}

/** Peak resident size of `oom-lens lint FILE`, in bytes (a preloaded script prints it on exit). */
function peakRss(file: string, dir: string): { rss: number; status: number | null; out: string } {
  const probe = path.join(dir, 'rss.js');
  fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write(`\\nmaxRSS=${process.resourceUsage().maxRSS}\\n`));\n");
  const r = spawnSync(process.execPath, ['-r', probe, cli, 'lint', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const m = /maxRSS=(\d+)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { rss: Number(m[1]) * 1024, status: r.status, out: r.stdout };
}

test('a 20 MB unit file lints in bounded memory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-mem-'));
  try {
    const realistic = path.join(dir, 'realistic.service');
    const size1 = bigUnit(realistic, [
      'Environment="JAVA_OPTS=-Xmx4g -XX:+UseG1GC -XX:MaxGCPauseMillis=200" LANG=C.UTF-8',
      'ExecStartPre=/usr/bin/install -d -o app -g app -m 0750 /var/lib/app/cache /var/lib/app/tmp',
      '# Restart policy: the service is restarted on failure after five seconds',
      'MemoryMax=4G',
      'ReadWritePaths=/var/lib/app /var/log/app /run/app',
    ]);
    const short = path.join(dir, 'short.service');
    const size2 = bigUnit(short, ['MemoryMax=1G', 'Restart=on-failure', '# a comment line here', 'MemoryHigh=900M', 'Nice=5']);
    const a = peakRss(realistic, dir);
    const b = peakRss(short, dir);
    console.log(`20 MB unit file: peak RSS ${(a.rss / 1048576).toFixed(0)} MB (${(a.rss / size1).toFixed(1)}× its size) with ~60-byte lines, `
      + `${(b.rss / 1048576).toFixed(0)} MB (${(b.rss / size2).toFixed(1)}×) with ~15-byte lines`);
    assert.ok(JSON.parse(a.out).some((r: any) => r.code === 'SDU011'), 'the file was linted');
    assert.ok(a.rss <= 12 * size1, `realistic lines: ${(a.rss / size1).toFixed(1)}× the file size`);
    assert.ok(b.rss <= 32 * size2, `short lines: ${(b.rss / size2).toFixed(1)}× the file size`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
