/** Machine readers on fixture trees (test/fixtures/proc) and on literal /proc texts. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { parseCgroupFile, parseMeminfo, parseStatus, ownerOfCgroup, readProcesses } from '../../../server/src/machine/proc';
import type { MachineSource } from '../../../server/src/machine/source';
import { ancestors, parseFlatKeyed, parsePressure } from '../../../server/src/machine/cgroup';
import { scoreOf, takeSnapshot, explainProcess, type MachineSnapshot } from '../../../server/src/machine/rank';
import { directorySource } from '../../../server/src/machine/source';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'proc');
function snapshot(name: string): MachineSnapshot {
  const s = takeSnapshot(directorySource(path.join(fixtures, name)));
  if ('error' in s) throw new Error(s.error);
  return s;
}

test('status: the badness terms, uid, and kernel threads with and without the Kthread line', () => {
  const s = parseStatus('Name:\tjava\nTgid:\t42\nPid:\t42\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\nVmRSS:\t  204800 kB\nVmPTE:\t     512 kB\nVmSwap:\t    1024 kB\n');
  assert.deepEqual({ ...s }, { name: 'java', tgid: 42, pid: 42, ppid: 1, uid: 1000, rssKiB: 204800, pageTablesKiB: 512, swapKiB: 1024, kernelThread: false });
  assert.equal(parseStatus('Name:\tkworker/0:1\nTgid:\t9\nPid:\t9\n').kernelThread, true, 'no Vm lines before 6.4: no mm');
  assert.equal(parseStatus('Name:\tkthreadd\nKthread:\t1\n').kernelThread, true);
  assert.equal(parseStatus('Name:\tx\nKthread:\t0\n').kernelThread, false, 'a zombie has no Vm lines but is no kernel thread');
});

test('cgroup file: unified path and the v1 memory path', () => {
  assert.deepEqual(parseCgroupFile('0::/system.slice/app.service\n'), { unified: '/system.slice/app.service' });
  assert.deepEqual(parseCgroupFile('9:name=systemd:/\n4:memory:/process_api/abc\n3:cpu,cpuacct:/x\n0::/\n'), { unified: '/', memoryV1: '/process_api/abc' });
  assert.deepEqual(parseCgroupFile('garbage\n'), {});
});

test('owner of a cgroup path: units and the container runtimes', () => {
  const id = '4f1c2b9e8a7d6c5b4a39281706f5e4d3c2b1a0987f6e5d4c3b2a190817263544';
  assert.deepEqual(ownerOfCgroup('/system.slice/app.service/worker'), { kind: 'unit', label: 'app.service' });
  assert.deepEqual(ownerOfCgroup('/user.slice/user-1000.slice/session-3.scope'), { kind: 'unit', label: 'session-3.scope' });
  assert.deepEqual(ownerOfCgroup(`/system.slice/docker-${id}.scope`), { kind: 'container', label: 'docker 4f1c2b9e8a7d' });
  assert.deepEqual(ownerOfCgroup(`/docker/${id}`), { kind: 'container', label: 'docker 4f1c2b9e8a7d' });
  assert.deepEqual(ownerOfCgroup(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice/cri-containerd-${id}.scope`),
    { kind: 'container', label: 'containerd 4f1c2b9e8a7d (pod 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0)' });
  assert.equal(ownerOfCgroup(`/machine.slice/libpod-${id}.scope`)?.label, 'podman 4f1c2b9e8a7d');
  assert.equal(ownerOfCgroup(`/kubepods.slice/kubepods-pod0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0.slice/crio-${id}.scope`)?.label, 'cri-o 4f1c2b9e8a7d (pod 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0)');
  assert.equal(ownerOfCgroup('/lxc.payload.web1/init.scope')?.label, 'lxc web1');
  assert.equal(ownerOfCgroup('/'), undefined);
  assert.equal(ownerOfCgroup('/process_api/869e359427342b1900621dccb2dc95dc'), undefined);
});

test('meminfo, flat keyed files, PSI, ancestors', () => {
  assert.deepEqual(parseMeminfo('MemTotal:       24683792 kB\nMemFree: 1 kB\nMemAvailable:   24229916 kB\nSwapTotal:             0 kB\n'),
    { memTotalKiB: 24683792, memAvailableKiB: 24229916, swapTotalKiB: 0 });
  assert.deepEqual(parseFlatKeyed('low 0\nhigh 1742\noom_kill 1\nbad line here\n'), { low: 0, high: 1742, oom_kill: 1 });
  assert.deepEqual(parsePressure('some avg10=12.50 avg60=4.10 avg300=1.02 total=9\nfull avg10=3.75 avg60=1.20 avg300=0.30 total=2\n'), { someAvg10: 12.5, fullAvg10: 3.75 });
  assert.equal(parsePressure('nonsense'), undefined);
  assert.deepEqual(ancestors('/a/b/c'), ['/a/b/c', '/a/b', '/a']);
  assert.deepEqual(ancestors('/'), []);
});

test('score formula: 5.9+ scales to 0..2000, earlier kernels to 0..1000', () => {
  // numbers from this machine: totalpages 6170948, a 1.8 MiB shell with adj 300 / 1000 shows 866 / 1332
  assert.equal(scoreOf(300 * 6170 + 461, 6170948, '5.9'), 866);
  assert.equal(scoreOf(1000 * 6170 + 468, 6170948, '5.9'), 1332);
  assert.equal(scoreOf(0, 6170948, '5.9'), 666);
  assert.equal(scoreOf(617094, 6170948, '4.17'), 99);
  assert.equal(scoreOf(-5000000, 6170948, '5.9'), 126, '(1000 - 810) × 2/3: a negative badness still scores above 0');
});

test('this machine (captured): ranked by the kernel\'s oom_score, exemptions, recomputed scores agree', () => {
  const s = snapshot('this-machine');
  assert.equal(s.kernel, '6.18.44-fc-v1252');
  assert.equal(s.totalPages, Math.floor(24683792 / 4));
  assert.deepEqual(s.processes.map(p => [p.pid, p.oomScore, p.rank]), [[15184, 999, 1], [13854, 668, 2], [7442, 666, 3], [1, 0, 0], [2, 0, 0]]);
  const byPid = new Map(s.processes.map(p => [p.pid, p]));
  assert.equal(byPid.get(2)!.exempt, 'kernel thread');
  assert.equal(byPid.get(1)!.exempt, 'init');
  for (const pid of [15184, 13854, 7442]) {
    const p = byPid.get(pid)!;
    assert.ok(Math.abs(p.computedScore! - p.oomScore!) <= 1, `${pid}: kernel ${p.oomScore}, recomputed ${p.computedScore}`);
  }
  assert.equal(s.cgroups.length, 0, 'the VM\'s cgroups have no limit');
  const why = explainProcess(byPid.get(15184)!, s).join('\n');
  assert.match(why, /oom_score_adj \+500 adds 50 % of RAM \+ swap/);
  assert.match(why, /Rank #1 machine-wide/);
  assert.match(explainProcess(byPid.get(2)!, s)[0], /Kernel thread/);
});

test('cgroup v1 with a limit: usage, failcnt and oom_kill; -1000 exempt; unreadable oom_score; a vanished process', () => {
  const s = snapshot('v1-limit');
  assert.equal(s.vanished, 1);
  assert.equal(s.cgroups.length, 1);
  const c = s.cgroups[0];
  assert.equal(c.version, 1);
  assert.equal(c.path, '/process_api/869e359427342b1900621dccb2dc95dc');
  assert.equal(c.maxBytes, 268435456);
  assert.equal(c.highBytes, undefined);
  assert.deepEqual(c.events, { failcnt: 12, oom_kill: 1 });
  assert.deepEqual(c.psi, { someAvg10: 0, fullAvg10: 0 }, 'PSI from the unified tree beside v1');
  assert.deepEqual(c.top, [15184]);
  const node = s.processes.find(p => p.pid === 13854)!;
  assert.equal(node.oomScore, undefined);
  assert.deepEqual(node.absent, ['oom_score']);
  assert.equal(node.rank, 2, 'ranked by its recomputed score');
  const guarded = s.processes.find(p => p.pid === 7442)!;
  assert.equal(guarded.exempt, 'oom_score_adj -1000');
  assert.equal(guarded.rank, 0);
  assert.match(explainProcess(guarded, s)[0], /never picks this process/);
});

test('cgroup v2: limits up the tree, events, PSI, the nearest limit per process, absent files', () => {
  const s = snapshot('v2-limits');
  assert.deepEqual(s.cgroups.map(c => c.path), ['/system.slice/app.service', '/system.slice/docker-4f1c2b9e8a7d6c5b4a39281706f5e4d3c2b1a0987f6e5d4c3b2a190817263544.scope']);
  const app = s.cgroups[0];
  assert.equal(app.owner, 'app.service');
  assert.deepEqual([app.currentBytes, app.maxBytes, app.highBytes, app.swapMaxBytes], [429916160, 536870912, 402653184, undefined]);
  assert.deepEqual(app.events, { low: 0, high: 1742, max: 31, oom: 2, oom_kill: 1 });
  assert.deepEqual(app.psi, { someAvg10: 12.5, fullAvg10: 3.75 });
  assert.deepEqual(app.top, [15184, 13854], 'the worker child counts for its parent\'s limit; best badness first');
  const docker = s.cgroups[1];
  assert.ok(docker.absent.includes('memory.events'));
  assert.deepEqual(docker.events, { low: undefined, high: undefined, max: undefined, oom: undefined, oom_kill: undefined });
  const worker = s.processes.find(p => p.pid === 15184)!;
  assert.equal(worker.owner?.label, 'app.service');
  assert.equal(s.cgroups[worker.limitedBy!].path, '/system.slice/app.service');
  assert.match(explainProcess(worker, s).join('\n'), /only its 2 processes compete, and this one ranks #1 there/);
  assert.equal(s.processes.find(p => p.pid === 7442)!.owner?.label, 'docker 4f1c2b9e8a7d');
});

test('a root without /proc is an error, not a crash', () => {
  const s = takeSnapshot(directorySource(path.join(fixtures, 'no-such-tree')));
  assert.ok('error' in s);
  assert.match(s.error, /proc cannot be read/);
});

test('a process that exits between its reads is skipped; a live one with an unreadable file is kept', () => {
  const files: Record<string, string> = {
    '/proc/10/status': 'Name:\tgone\nTgid:\t10\nVmRSS:\t 100 kB\n', '/proc/10/oom_score': '700\n',
    '/proc/11/status': 'Name:\tlive\nTgid:\t11\nVmRSS:\t 100 kB\n', '/proc/11/oom_score_adj': '0\n', '/proc/11/cgroup': '0::/\n',
  };
  let statusReads = 0;
  const src: MachineSource = {
    root: '/fake',
    list: p => (p === '/proc' ? ['10', '11', 'self'] : undefined),
    // pid 10 exits right after its status and oom_score were read
    read: p => { if (p === '/proc/10/status' && statusReads++ > 0) return undefined; return files[p]; },
  };
  const r = readProcesses(src);
  assert.ok(!('error' in r));
  assert.equal(r.vanished, 1);
  assert.deepEqual(r.processes.map(p => [p.pid, p.absent]), [[11, ['oom_score']]]);
});
