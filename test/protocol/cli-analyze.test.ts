/** `oom-lens analyze` end to end: the bundled dist/cli.js on the shipped samples and on stdin. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';

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
  for (const k of ['startLine', 'endLine', 'kind', 'kernel', 'timestamp', 'trigger', 'constraint', 'memcg', 'victimCgroup', 'tasks', 'victim', 'victims', 'chosen', 'reaper', 'missing', 'problems']) {
    assert.ok(k in ev, `missing key ${k}`);
  }
  assert.deepEqual([ev.startLine, ev.endLine, ev.kind], [1, 32, 'memcg-v2']);
  assert.deepEqual(ev.trigger, { comm: 'php-fpm', pid: 81423, gfpMask: '0xcc0', gfpFlags: ['GFP_KERNEL'], gfpFlagsSource: 'printed', order: 0, oomScoreAdj: 0 });
  assert.deepEqual(ev.memcg, { path: '/system.slice/php8.2-fpm.service', usageKiB: 1048576, limitKiB: 1048576, version: 2,
    limitHit: { counter: 'memory', usageKiB: 1048576, limitKiB: 1048576, failcnt: 4211 }, container: null });
  assert.deepEqual(ev.victimCgroup, { path: '/system.slice/php8.2-fpm.service', container: null });
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

test('JSON: a global kill has no limit cgroup (memcg null) but names the victim\'s cgroup and container (victimCgroup)', () => {
  const text = fs.readFileSync(path.join('test', 'fixtures', 'corpus', '09-ubuntu-5.4.0-29-global-pagefault-dmesg-Tw-2reports.log'), 'utf8');
  const plain = JSON.parse(run(['--json'], text).out).files[0].events[0];
  assert.equal(plain.kind, 'global');
  assert.equal(plain.memcg, null);
  assert.deepEqual(plain.victimCgroup, { path: '/system.slice/containerd.service', container: null });
  // the same report with the victim inside a Kubernetes pod (systemd cgroup driver)
  const pod = 'kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0d2b8a4e_6c1f_4a3e_9f7b_2a1c3d4e5f60.slice/cri-containerd-7f3c9a1b2d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4.scope';
  const inPod = JSON.parse(run(['--json'], text.replace(/task_memcg=\/system\.slice\/containerd\.service/g, `task_memcg=/${pod}`)).out).files[0].events[0];
  assert.equal(inPod.memcg, null);
  assert.equal(inPod.victimCgroup.path, `/${pod}`);
  assert.deepEqual(inPod.victimCgroup.container, {
    orchestrator: 'kubernetes', runtime: 'containerd', podUid: '0d2b8a4e-6c1f-4a3e-9f7b-2a1c3d4e5f60', qos: 'Burstable',
    id: '7f3c9a1b2d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4', shortId: '7f3c9a1b2d4e',
  });
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

test('lint: standard input too big for one string says so and what to do instead, exit 2 (no stack trace; analyze streams it)', () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['lint', '--type', 'unit', '-'], {
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

test('a log of back-to-back reports bigger than a small heap is analysed as a stream: all its reports, no out-of-memory crash', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-mem-'));
  try {
    const one = fs.readFileSync(path.join(samples, 'dmesg-T-5.4-global-2reports.log'), 'utf8');
    const file = path.join(dir, 'kern.log');
    const copies = Math.ceil((40 << 20) / one.length);
    fs.writeFileSync(file, one.repeat(copies));
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', cli, 'analyze', file], {
      encoding: 'utf8', cwd: repoRoot, timeout: 300000, maxBuffer: 1 << 30,
    });
    assert.equal(r.status, 0, r.stderr.slice(-500));
    assert.match(r.stdout, new RegExp(`kern\\.log: ${2 * copies} OOM events`));
    assert.doesNotMatch(r.stderr, /FATAL ERROR|heap out of memory/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const userspace = path.join('test', 'fixtures', 'corpus', 'userspace');

test('kubelet evictions under node memory pressure: --json kubernetes events killed by the kubelet, with pod and numbers', () => {
  const r = run(['--json', path.join(userspace, 'k8s-eviction.log'), path.join(userspace, 'k8s-describe-evicted.log')]);
  assert.equal(r.code, 0, r.err);
  const [log, describe] = JSON.parse(r.out).files.map((f: { events: unknown[] }) => f.events);
  assert.equal(log.length, 3, 'the ephemeral-storage eviction is no memory kill');
  assert.equal(describe.length, 2, 'the Events row of the describe output is the same eviction');
  for (const e of [...log, ...describe]) {
    assert.deepEqual([e.kind, e.killer], ['kubernetes', 'kubelet']);
    assert.match(e.reason, /^evicted: node low on memory/);
  }
  assert.equal(log[0].victim.container, 'cart');
  assert.equal(log[0].numbers.availableBytes, 86233088);
  assert.equal(log[0].details.pod, 'cart-7c9d6b5f4-2xk8p');
});

test('kills made outside the kernel OOM killer: text summary names the killer, the victim and why', () => {
  const r = run(['oomd-pressure-journal-v252.log', 'earlyoom-v1.7-journal.log', 'k8s-kubectl-describe.log', 'android-lmkd-logcat.log'].map(f => path.join(userspace, f)));
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /no OOM report found/);
  assert.match(r.out, /oomd-pressure-journal-v252\.log: 1 OOM event\n/);
  assert.match(r.out, /killer: +systemd-oomd\n +victim: +…1000\.slice\/user@1000\.service\/app\.slice\/app-build-7806\.scope/);
  assert.match(r.out, /reason: +memory pressure on \/user\.slice\/user-1000\.slice\/user@1000\.service was 82\.63 % > its limit 50\.00 % for more than 20s/);
  assert.match(r.out, /ManagedOOMMemoryPressureLimit=/);
  assert.match(r.out, /killer: +earlyoom\n +victim: +cellxgene \(pid 2595764\), 51\.3 GiB resident/);
  assert.match(r.out, /Limits: +SIGTERM below 10\.00 % available memory and 10\.00 % free swap — -m\/-s/);
  assert.match(r.out, /killer: +kernel OOM killer \(reported by kubectl\)\n +victim: +container worker/);
  assert.match(r.out, /Memory: +limit 512Mi, request 256Mi/);
  assert.match(r.out, /killer: +lmkd\n +victim: +com\.google\.android\.gms\.unstable \(pid 17933\)/);
});

test('kills made outside the kernel OOM killer: JSON kinds, killer, reason, victim (pid, comm, cgroup), decoded container', () => {
  const r = run(['--json', ...['oomd-swap-marked-v256.log', 'earlyoom-old-wordings.log', 'k8s-runtime-journal.log', 'android-lowmemorykiller-dmesg.log'].map(f => path.join(userspace, f))]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const [oomd, early, k8s, lmk] = j.files.map((f: { events: Record<string, unknown>[] }) => f.events);
  assert.deepEqual(oomd.map((e: { kind: string }) => e.kind), ['systemd-oomd', 'systemd-oomd']);
  assert.equal(oomd[0].killer, 'systemd-oomd');
  assert.match(oomd[0].reason, /more than SwapUsedLimit=90\.00 %/);
  assert.equal(oomd[0].victim.cgroup, '/user.slice/user-1002.slice/user@1002.service/app.slice/app-chrome\\x2dDefault@8fdcfdb58bff44a786afdfbe01c7edf7.service');
  assert.equal(oomd[0].victim.pid, null);
  assert.deepEqual([oomd[0].startLine, oomd[0].endLine], [1, 7]);
  assert.equal(oomd[0].numbers.processesKilled, 212);
  assert.deepEqual(early.map((e: { victim: { pid: number; comm: string } }) => [e.victim.pid, e.victim.comm]), [[12006, 'python3'], [27541, 'bash'], [5874, 'bash'], [3311, 'chromium'], [2931, 'chromium-browse']]);
  assert.ok(early.every((e: { kind: string; killer: string }) => e.kind === 'earlyoom' && e.killer === 'earlyoom'));
  assert.deepEqual(k8s.map((e: { reporter: string }) => e.reporter), ['containerd', 'containerd', 'kubelet', 'node-problem-detector', 'kubectl']);
  assert.ok(k8s.every((e: { kind: string; killer: string }) => e.kind === 'kubernetes' && e.killer === 'kernel'));
  assert.equal(k8s[3].victim.pid, 24412);
  assert.equal(k8s[3].victim.comm, 'java');
  assert.deepEqual(lmk.map((e: { kind: string; killer: string }) => [e.kind, e.killer]), [['lmkd', 'lowmemorykiller'], ['lmkd', 'lowmemorykiller']]);
  assert.equal(lmk[0].victim.oomScoreAdj, 906);
  // a kernel report's cgroup path decodes too: memcg.container
  const k = JSON.parse(run(['--json', 'test/fixtures/corpus/08-4.19-memcg-v1-tasks-state-sacrifice-child-termwrapped.log']).out).files[0].events[0];
  assert.deepEqual(k.memcg.container, { orchestrator: 'kubernetes', podUid: '951f6bc5-c5a5-11ea-8707-80e455f266a2', id: '024952d653ef1cd852f875a61bd27cf45cb1fd6cab3659ca7e5f12f037d99aa9', shortId: '024952d653ef', qos: 'Guaranteed' });
});

test('kills made outside the kernel OOM killer: --format markdown shows who killed, why, and the facts with their lines', () => {
  const r = run(['--format', 'markdown', path.join(userspace, 'oomd-swap-marked-v256.log'), path.join(userspace, 'k8s-docker-inspect.json')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /- \*\*Kind:\*\* killed by systemd-oomd/);
  assert.match(r.out, /- \*\*Killed by:\*\* systemd-oomd/);
  assert.match(r.out, /- \*\*Candidate 2:\*\* \/user\.slice\/user-1002\.slice\/user\\@1002\.service\/app\.slice\/app-code\.scope — swap 611\.3M \(line 4\)/);
  assert.match(r.out, /- \*\*Killed by:\*\* the kernel OOM killer \(reported by docker\)/);
  assert.match(r.out, /- \*\*Memory limit:\*\* 2 GiB/);
  assert.doesNotMatch(r.out, /Reaper/);
});
