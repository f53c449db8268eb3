/**
 * A 20 MB unit file lints in bounded memory. The process's peak resident size (maxRSS, which
 * includes Node itself and the CLI, about 55 MB, and the file read as a Buffer and then as a
 * string, another 40 MB) is compared with the file's size: at most 10×, for lines of a realistic
 * length (about 60 bytes) and for very short ones (about 15 and 17 bytes: over a million
 * assignments). The parser keeps entries as columns (unit/parse.ts EntryColumns) and the rules read
 * them by index, making an entry object only for what they report.
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
    const mid = path.join(dir, 'mid.service');
    const size2 = bigUnit(mid, ['MemoryMax=1G', 'Restart=on-failure', '# a comment line here', 'MemoryHigh=900M', 'Nice=5',
      'Environment="A=1 B=2 C=3"', 'TimeoutStopSec=30', 'LimitNOFILE=65536']);
    const short = path.join(dir, 'short.service');
    const size3 = bigUnit(short, ['MemoryMax=1G', 'Restart=on-failure', '# a comment line here', 'MemoryHigh=900M', 'Nice=5']);
    const a = peakRss(realistic, dir);
    const b = peakRss(mid, dir);
    const c = peakRss(short, dir);
    const mb = (r: { rss: number }, size: number) => `${(r.rss / 1048576).toFixed(0)} MB (${(r.rss / size).toFixed(1)}×)`;
    console.log(`20 MB unit file: peak RSS ${mb(a, size1)} with ~60-byte lines, ${mb(b, size2)} with ~17-byte lines, ${mb(c, size3)} with ~15-byte lines`);
    for (const r of [a, b, c]) {
      const findings = JSON.parse(r.out);
      assert.ok(findings.some((f: any) => f.code === 'SDU011'), 'the file was linted');
      // a rule that fails on a big file (e.g. a key's 300,000 entries spread into one call) reports itself as crashed
      assert.deepEqual(findings.filter((f: any) => f.code === 'OOMLENS000').map((f: any) => f.message), []);
    }
    assert.ok(a.rss <= 10 * size1, `realistic lines: ${(a.rss / size1).toFixed(1)}× the file size`);
    assert.ok(b.rss <= 10 * size2, `~17-byte lines: ${(b.rss / size2).toFixed(1)}× the file size`);
    assert.ok(c.rss <= 10 * size3, `~15-byte lines: ${(c.rss / size3).toFixed(1)}× the file size`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
