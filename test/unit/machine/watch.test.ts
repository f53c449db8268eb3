/**
 * `oom-lens watch` as a process (the tsc build of the CLI): a report written in pieces with pauses
 * is printed before the input ends; EOF and SIGINT end it cleanly; a file is followed as tail -F.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const cli = path.resolve(__dirname, '..', '..', '..', 'server', 'src', 'cli', 'main.js');
const lines = fs.readFileSync(path.join(repo, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8').split('\n').filter(Boolean);
const noReaper = lines.filter(l => !l.includes('oom_reaper'));
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function start(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string; exit: Promise<number | null>; firstOutput: Promise<number> } {
  const child = spawn(process.execPath, [cli, 'watch', ...args], { stdio: 'pipe', env });
  let out = '';
  let err = '';
  let resolveFirst: (t: number) => void;
  const firstOutput = new Promise<number>(r => { resolveFirst = r; });
  child.stdout.on('data', b => { out += b; resolveFirst(Date.now()); });
  child.stderr.on('data', b => { err += b; });
  const exit = new Promise<number | null>(r => child.on('close', code => r(code)));
  return { child, out: () => out, err: () => err, exit, firstOutput };
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  const timeout = new Promise<never>((_, rej) => { t = setTimeout(() => rej(new Error(`timed out: ${what}`)), ms); });
  try { return await Promise.race([p, timeout]); } finally { clearTimeout(t!); }
}

test('streaming: a report written in pieces with pauses is printed about a second after its last line, input still open', async () => {
  const w = start(['--json']);
  const pieces = [noReaper.slice(0, 8), noReaper.slice(8, 20), noReaper.slice(20)];
  for (const p of pieces) {
    w.child.stdin.write(p.join('\n') + '\n');
    await sleep(300);
  }
  const lastWrite = Date.now() - 300;
  const printed = await within(w.firstOutput, 5000, 'no event printed while the input stays open');
  assert.ok(printed - lastWrite < 2500, `printed ${printed - lastWrite} ms after the last line (quiet period 1 s)`);
  assert.equal(w.child.exitCode, null, 'still running: the input has not ended');
  const events = w.out().trim().split('\n').map(l => JSON.parse(l));
  assert.equal(events.length, 1);
  assert.equal(events[0].seq, 1);
  assert.equal(events[0].kind, 'memcg-v2');
  w.child.stdin.end();
  assert.equal(await within(w.exit, 5000, 'exit after EOF'), 0);
});

test('EOF prints the report still open; text output', async () => {
  const w = start([]);
  w.child.stdin.end(noReaper.slice(0, 10).join('\n'));
  assert.equal(await within(w.exit, 5000, 'exit after EOF'), 0);
  assert.match(w.out(), /^OOM event 1 at Mar 03 02:14:07\n/);
  assert.match(w.out(), /trigger: +php-fpm \(pid 81423\)/);
});

test('SIGINT ends it cleanly, printing the open report', async () => {
  const w = start(['-']);
  // a complete report first: once it is printed, the process is up and handles signals
  w.child.stdin.write(lines.join('\n') + '\n');
  await within(w.firstOutput, 10000, 'first report');
  w.child.stdin.write(noReaper.slice(0, 10).join('\n') + '\n');
  await sleep(300);
  w.child.kill('SIGINT');
  assert.equal(await within(w.exit, 5000, 'exit after SIGINT'), 0);
  assert.match(w.out(), /OOM event 2 at Mar 03 02:14:07\n[^]*killed: +not in the log/);
});

test('a file is followed from its end as tail -F does, through a rotation', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-watch-'));
  const log = path.join(dir, 'kern.log');
  fs.writeFileSync(log, lines.join('\n') + '\n'); // an old report: not printed
  const w = start(['--json', log]);
  try {
    // appended once the watcher has the file open (start-up takes a while on a busy machine)
    const deadline0 = Date.now() + 10000;
    const hasOpen = () => { try { return fs.readdirSync(`/proc/${w.child.pid}/fd`).some(fd => { try { return fs.readlinkSync(`/proc/${w.child.pid}/fd/${fd}`) === log; } catch { return false; } }); } catch { return false; } };
    while (!hasOpen() && Date.now() < deadline0) await sleep(50);
    assert.ok(hasOpen(), 'the watcher opened the log');
    fs.appendFileSync(log, lines.join('\n').replace(/81417/g, '99001') + '\n');
    await within(w.firstOutput, 5000, 'appended report');
    fs.renameSync(log, log + '.1');
    fs.writeFileSync(log, lines.join('\n').replace(/81417/g, '99002') + '\n');
    const deadline = Date.now() + 5000;
    while (w.out().trim().split('\n').length < 2 && Date.now() < deadline) await sleep(100);
    const victims = w.out().trim().split('\n').map(l => JSON.parse(l).victims[0].pid);
    assert.deepEqual(victims, [99001, 99002]);
  } finally {
    w.child.kill('SIGINT');
    assert.equal(await within(w.exit, 5000, 'exit'), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad usage exits 2', async () => {
  const w = start(['--nope']);
  assert.equal(await within(w.exit, 5000, 'exit'), 2);
  assert.match(w.err(), /unknown option --nope/);
});

// The pipeline the README documents, with `journalctl -kf -o short-iso` replaced by a writer that
// keeps its output open: jq prints the line while the input is still running.
const JQ_FILTER = '"\\(.timestamp.raw // .receivedAt) \\(.victim.comm // "no victim") (pid \\(.victim.pid // "-")) killed in \\(.memcg.path // "the whole machine") [\\(.kind)]"';
test('README pipeline: watch --json | jq --unbuffered prints each event while the log is still open', { skip: !fs.existsSync('/usr/bin/jq') && 'jq is not installed' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-jq-'));
  const input = path.join(dir, 'report.log');
  fs.writeFileSync(input, noReaper.join('\n') + '\n');
  const script = `{ cat "$1"; sleep 4; } | "$2" "$3" watch --json | jq --unbuffered -r '${JQ_FILTER}'`;
  const started = Date.now();
  const sh = spawn('sh', ['-c', script, 'sh', input, process.execPath, cli], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const first = new Promise<number>(r => sh.stdout.on('data', b => { out += b; r(Date.now()); }));
  const exit = new Promise<number | null>(r => sh.on('close', c => r(c)));
  const t = await within(first, 6000, 'jq printed nothing');
  assert.ok(t - started < 3500, `printed after ${t - started} ms, before the writer stopped at 4 s`);
  assert.equal(await within(exit, 8000, 'pipeline ends with its input'), 0);
  assert.equal(out, 'Mar 03 02:14:07 php-fpm8.2 (pid 81417) killed in /system.slice/php8.2-fpm.service [memcg-v2]\n');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--journal: journalctl -kf started without a shell, its complaints passed on at once, events printed as they come', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-journal-'));
  const report = path.join(dir, 'report.log');
  fs.writeFileSync(report, lines.join('\n') + '\n');
  // a stand-in journalctl: records its arguments, complains like an empty journal, prints a report, keeps running
  fs.writeFileSync(path.join(dir, 'journalctl'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\necho 'No journal files were found.' >&2\ncat "${report}"\nexec sleep 30\n`, { mode: 0o755 });
  const w = start(['--journal', '--json'], { ...process.env, PATH: `${dir}:${process.env.PATH}` });
  try {
    await within(w.firstOutput, 10000, 'event from journalctl');
    assert.equal(JSON.parse(w.out().trim()).victim.pid, 81417);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'args'), 'utf8').trim().split('\n'), ['-k', '-f', '-o', 'short-iso', '-n', '0', '--no-pager']);
    const deadline = Date.now() + 5000; // stderr and stdout arrive in either order
    while (!w.err().includes('dmesg -w') && Date.now() < deadline) await sleep(50);
    assert.match(w.err(), /journalctl: No journal files were found\.\n.*pipe a kernel log in instead, e\.g\. `dmesg -w \| oom-lens watch`/);
  } finally {
    w.child.kill('SIGINT');
    assert.equal(await within(w.exit, 5000, 'exit after SIGINT'), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--journal without journalctl installed: a clear message and exit 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-nojournal-'));
  const w = start(['--journal'], { ...process.env, PATH: dir });
  assert.equal(await within(w.exit, 5000, 'exit'), 2);
  assert.match(w.err(), /journalctl is not installed here\. Pipe a kernel log in instead/);
  fs.rmSync(dir, { recursive: true, force: true });
});
