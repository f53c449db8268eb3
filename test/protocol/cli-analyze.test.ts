/** `oom-lens analyze` end to end: the bundled dist/cli.js on the shipped samples and on stdin. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const samples = path.join(repoRoot, 'samples');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, 'analyze', ...args], { input, encoding: 'utf8', cwd: repoRoot, timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('text summary for every sample', () => {
  const files = fs.readdirSync(samples).filter(f => f.endsWith('.log')).map(f => path.join('samples', f));
  assert.ok(files.length >= 3);
  const r = run(files);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /dmesg-T-5\.4-global-2reports\.log: 2 OOM events/);
  assert.match(r.out, /killed: +containerd \(pid 2296209\) holding anon 57\.9 MiB/);
  assert.match(r.out, /memory cgroup limit hit \(cgroup v2\)/);
  assert.match(r.out, /memcg: +\/system\.slice\/php8\.2-fpm\.service — 1 GiB used of 1 GiB limit/);
  assert.match(r.out, /chosen: +beam\.smp \(pid 20911, score 1001\); a child was killed in its place/);
  assert.match(r.out, /GFP_KERNEL \(decoded with the <=4\.3 table\)/);
});

test('JSON shape', () => {
  const r = run(['--json', 'samples/journald-6.12-cgroup-v2.log', 'samples/memcg-v1-3.13-sacrifice-child.log']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.files.length, 2);
  const ev = j.files[0].events[0];
  for (const k of ['startLine', 'endLine', 'kind', 'kernel', 'timestamp', 'trigger', 'constraint', 'memcg', 'tasks', 'victim', 'victims', 'chosen', 'reaper', 'missing', 'problems']) {
    assert.ok(k in ev, `missing key ${k}`);
  }
  assert.deepEqual([ev.startLine, ev.endLine, ev.kind], [1, 32, 'memcg-v2']);
  assert.deepEqual(ev.trigger, { comm: 'php-fpm', pid: 81423, gfpMask: '0xcc0', gfpFlags: ['GFP_KERNEL'], gfpFlagsSource: 'printed', order: 0, oomScoreAdj: 0 });
  assert.deepEqual(ev.memcg, { path: '/system.slice/php8.2-fpm.service', usageKiB: 1048576, limitKiB: 1048576, version: 2 });
  assert.deepEqual(Object.keys(ev.tasks[0]).sort(), ['name', 'oomScoreAdj', 'pgtablesBytes', 'pid', 'rssPages', 'swapentsPages', 'tgid', 'totalVmPages', 'uid']);
  assert.equal(ev.victim.pid, 81417);
  assert.equal(ev.victim.anonRssKiB, 371376);
  assert.equal(ev.reaper.ok, true);
  const old = j.files[1].events[0];
  assert.deepEqual(old.chosen, { pid: 20911, comm: 'beam.smp', score: 1001 });
  assert.equal(old.victim.pid, 20977);
  assert.deepEqual(old.trigger.gfpFlags, ['GFP_KERNEL']);
  assert.equal(old.trigger.gfpFlagsSource, 'decoded');
});

test('stdin input, and a log without any report', () => {
  const text = fs.readFileSync(path.join(samples, 'memcg-v1-3.13-sacrifice-child.log'), 'utf8');
  const r = run([], text);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^<stdin>: 1 OOM event/);
  const none = run([], 'just a line\nanother\n');
  assert.equal(none.code, 0);
  assert.match(none.out, /<stdin>: no OOM report found/);
});

test('a missing file exits 2 with a message, other files still analysed', () => {
  const r = run(['samples/does-not-exist.log', 'samples/journald-6.12-cgroup-v2.log']);
  assert.equal(r.code, 2);
  assert.match(r.err, /does-not-exist\.log: no such file/);
  assert.match(r.out, /journald-6\.12-cgroup-v2\.log: 1 OOM event/);
});

test('--help on either command prints the usage and exits 0', () => {
  for (const cmd of ['analyze', 'lint']) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), cmd, '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, /usage:\n {2}oom-lens analyze/);
  }
});

test('output piped into a reader that stops early (| head): no stack trace, the exit code of the run', async () => {
  // ~17 MB of JSON: far more than a pipe holds, so the writer is still writing when the reader leaves
  const files = Array.from({ length: 200 }, () => 'samples/dmesg-T-5.4-global-2reports.log');
  const child = spawn(process.execPath, [cli, 'analyze', '--json', ...files], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let got = 0;
  child.stderr.on('data', d => { err += d; });
  child.stdout.once('data', d => { got = d.length; child.stdout.destroy(); });
  const code = await new Promise<number | null>(resolve => child.on('close', resolve));
  assert.ok(got > 0, 'some output was read first');
  assert.equal(err, '', 'nothing on stderr');
  assert.equal(code, 0);
});

test('--json is written report by report, byte for byte what JSON.stringify(all, null, 2) prints (several files, one without reports, one missing)', () => {
  const r = run(['--json', 'samples/dmesg-T-5.4-global-2reports.log', 'package.json', 'no-such.log', 'samples/journald-6.12-cgroup-v2.log']);
  assert.equal(r.code, 2, 'the missing file');
  const j = JSON.parse(r.out);
  assert.deepEqual(j.files.map((f: { file: string; events: unknown[] }) => [f.file, f.events.length]),
    [['samples/dmesg-T-5.4-global-2reports.log', 2], ['package.json', 0], ['samples/journald-6.12-cgroup-v2.log', 1]]);
  assert.equal(r.out, JSON.stringify(j, null, 2) + '\n');
  const none = run(['--json', 'no-such.log']);
  assert.equal(none.out, JSON.stringify({ files: [] }, null, 2) + '\n');
});

test('input too big for one string: says so and what to do instead, exit 2 (no stack trace)', () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['analyze'], {
    stdout: s => out.push(s), stderr: s => err.push(s),
    readStdin: () => { throw new Error('Cannot create a string longer than 0x1fffffe8 characters'); },
  });
  assert.equal(code, 2);
  assert.match(err.join(''), /<stdin>: the input is more than oom-lens can read as one text \(512 MB\)\. Split it at line ends/);
});

test('a log too big for one string (a file or standard input) is read in pieces and analysed in steps: the same output (OOM_LENS_ONE_STRING_MAX lowers the size for the test)', () => {
  const files = fs.readdirSync(samples).filter(f => f.endsWith('.log')).map(f => path.join('samples', f));
  const env = { ...process.env, OOM_LENS_ONE_STRING_MAX: '0' };
  for (const args of [files, ['--json', ...files], ['--format', 'markdown', ...files]]) {
    const whole = run(args);
    const pieces = spawnSync(process.execPath, [cli, 'analyze', ...args], { encoding: 'utf8', cwd: repoRoot, env, timeout: 30000 });
    assert.equal(pieces.status, 0, pieces.stderr);
    assert.equal(pieces.stdout, whole.out, args.join(' '));
  }
  // standard input too (`zcat kern.log.*.gz | oom-lens analyze`), CRLF and lone CR included
  const text = files.map(f => fs.readFileSync(path.join(repoRoot, f), 'utf8')).join('');
  for (const input of [text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, (_, i: number) => (i % 2 ? '\n' : '\r'))]) {
    const whole = run([], input);
    assert.match(whole.out, /^<stdin>: \d+ OOM events/);
    const pieces = spawnSync(process.execPath, [cli, 'analyze'], { input, encoding: 'utf8', cwd: repoRoot, env, timeout: 30000 });
    assert.equal(pieces.status, 0, pieces.stderr);
    assert.equal(pieces.stdout, whole.out);
  }
});

test('a log whose analysis would not fit in memory stops with a message (exit 2), not with V8\'s out-of-memory crash', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-mem-'));
  try {
    const one = fs.readFileSync(path.join(samples, 'dmesg-T-5.4-global-2reports.log'), 'utf8');
    const file = path.join(dir, 'kern.log');
    fs.writeFileSync(file, one.repeat(Math.ceil((40 << 20) / one.length)));
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', cli, 'analyze', file], {
      encoding: 'utf8', cwd: repoRoot, env: { ...process.env, OOM_LENS_ONE_STRING_MAX: '0' }, timeout: 120000,
    });
    assert.equal(r.status, 2, r.stderr.slice(-500));
    assert.match(r.stderr, /kern\.log: stopped after \d+ % of the file: its analysis would not fit in memory/);
    assert.doesNotMatch(r.stderr, /FATAL ERROR|heap out of memory/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
