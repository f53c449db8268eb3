/**
 * Kills made outside the kernel's OOM killer: every file of test/fixtures/corpus/userspace parses
 * into the events of its table (who killed, whom, why), and every field points at its text.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { type OomEvent, type OomKind, endLineOf, lineOf } from '../../../server/src/oomlog/model';
import { USERSPACE_MARKERS, USERSPACE_NEEDLES } from '../../../server/src/oomlog/userspace/scan';
import { SHAPES } from '../../../server/src/oomlog/userspace/shapes';
import { ANCHORS } from '../../../server/src/oomlog/parse';

const dir = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus', 'userspace');

interface Expect {
  kind: OomKind; killer: string; reporter?: string; shape: string; lines: [number, number];
  pid?: number; comm?: string; cgroup?: string; container?: string; containerId?: string;
  /** Text the reason must contain. */
  reason: string;
  numbers?: Record<string, number>;
  texts?: Record<string, string>;
}
const E = (e: Expect) => e;

const OOMD_BUILD = '/user.slice/user-1000.slice/user@1000.service/app.slice/app-build-7806.scope';
const CHROME = '/user.slice/user-1002.slice/user@1002.service/app.slice/app-chrome\\x2dDefault@8fdcfdb58bff44a786afdfbe01c7edf7.service';

const TABLE: Record<string, Expect[]> = {
  'oomd-pressure-journal-v252.log': [
    E({ kind: 'systemd-oomd', killer: 'systemd-oomd', shape: 'oomd-pressure', lines: [2, 12], cgroup: OOMD_BUILD, reason: 'was 82.63 % > its limit 50.00 % for more than 20s',
      numbers: { pressurePercent: 82.63, pressureLimitPercent: 50, processesKilled: 37, candidatesConsidered: 61 },
      texts: { action: 'killed', monitoredCgroup: '/user.slice/user-1000.slice/user@1000.service', duration: '20s' } }),
  ],
  'oomd-swap-marked-v256.log': [
    E({ kind: 'systemd-oomd', killer: 'systemd-oomd', shape: 'oomd-swap', lines: [1, 7], cgroup: CHROME, reason: 'swap 100.00 % used (8 GiB of 8 GiB), more than SwapUsedLimit=90.00 %',
      numbers: { swapUsedBytes: 8589910016, swapTotalBytes: 8589930496, swapUsedLimitPercent: 90, memUsedBytes: 22369452032, memTotalBytes: 24681861120, processesKilled: 212, candidatesConsidered: 41 },
      texts: { action: 'marked for killing' } }),
    E({ kind: 'systemd-oomd', killer: 'systemd-oomd', shape: 'oomd-swap', lines: [8, 8], cgroup: '/system.slice/batch-import.service', reason: 'swap 100.00 % used',
      numbers: { swapUsedBytes: 4294967296, swapTotalBytes: 4294967296, swapUsedLimitPercent: 90 }, texts: { action: 'killed' } }),
  ],
  'oomd-journal-cut-and-debug.log': [
    E({ kind: 'systemd-oomd', killer: 'systemd-oomd', shape: 'oomd-pressure', lines: [3, 8], cgroup: '/system.slice/systemd-journald.service', reason: 'memory pressure on /system.slice was 85.03 % > its limit 80.00 % for more than 2s',
      numbers: { pressurePercent: 85.03, pressureLimitPercent: 80, processesKilled: 1, candidatesConsidered: 19 }, texts: { action: 'marked for killing' } }),
    E({ kind: 'systemd-oomd', killer: 'systemd-oomd', shape: 'oomd-cut', lines: [11, 12], cgroup: '/workload.slice/bloat.service', reason: 'the line is cut off in this log',
      numbers: { processesKilled: 2 }, texts: { action: 'killed', trigger: 'memory pressure' } }),
  ],
  'oomctl-dump.log': [
    E({ kind: 'systemd-oomd', killer: 'systemd-oomd', reporter: 'oomctl', shape: 'oomctl', lines: [2, 20], reason: 'the 2 cgroups it watches (no kill)',
      numbers: { monitoredCgroups: 2 }, texts: { action: 'settings', dryRun: 'no' } }),
  ],
  'earlyoom-v1.7-journal.log': [
    E({ kind: 'earlyoom', killer: 'earlyoom', shape: 'earlyoom-sending', lines: [5, 8], pid: 2595764, comm: 'cellxgene', reason: 'available memory 7.3 % and free swap 0 % at or below its SIGTERM limits (10 % / 10 %)',
      numbers: { badness: 711, memAvailMiB: 55499, memAvailPercent: 7.3, memTotalMiB: 760640, swapFreePercent: 0, memLimitPercent: 10, swapLimitPercent: 10 },
      texts: { signal: 'SIGTERM', outcome: 'exited after 0.800 s' } }),
    E({ kind: 'earlyoom', killer: 'earlyoom', shape: 'earlyoom-sending', lines: [9, 13], pid: 906175, comm: 'java', reason: 'at or below its SIGKILL limits (5 % / 5 %)',
      numbers: { oomScore: 1170, memAvailPercent: 0.12, memLimitPercent: 5 },
      texts: { signal: 'SIGKILL', cmdline: '/usr/bin/java -Xmx40g -jar worker.jar', outcome: 'kill failed: Timer expired' } }),
  ],
  'earlyoom-old-wordings.log': [
    E({ kind: 'earlyoom', killer: 'earlyoom', shape: 'earlyoom-sending', lines: [2, 6], pid: 12006, comm: 'python3', reason: 'available memory 49 %',
      numbers: { badness: 209, memLimitPercent: 50 }, texts: { signal: 'SIGTERM', outcome: 'exited after 2.8 s' } }),
    E({ kind: 'earlyoom', killer: 'earlyoom', shape: 'earlyoom-killing-with-signal', lines: [7, 10], pid: 27541, comm: 'bash', reason: 'SIGTERM limits (10 % / 10 %)', numbers: { badness: 550 } }),
    E({ kind: 'earlyoom', killer: 'earlyoom', shape: 'earlyoom-killing-signal', lines: [11, 13], pid: 5874, comm: 'bash', reason: 'available memory 10 %', numbers: { badness: 538, memAvailMiB: 644 } }),
    E({ kind: 'earlyoom', killer: 'earlyoom', shape: 'earlyoom-killing', lines: [14, 14], pid: 3311, comm: 'chromium', reason: 'below its limits', numbers: { badness: 412 } }),
    E({ kind: 'earlyoom', killer: 'earlyoom', shape: 'earlyoom-v0', lines: [15, 16], pid: 2931, comm: 'chromium-browse', reason: "available memory 187 MiB fell below earlyoom's minimum 198 MiB (-m)" }),
  ],
  'earlyoom-kernel-oom.log': [
    E({ kind: 'earlyoom', killer: 'kernel', reporter: 'earlyoom', shape: 'earlyoom-kernel', lines: [1, 3], reason: 'available memory 3.86 % and free swap 4.98 % at or below its SIGTERM limits (10 % / 10 %): earlyoom handed the kill to the kernel',
      numbers: { memAvailMiB: 611, memLimitPercent: 10 }, texts: { action: 'kernel asked' } }),
  ],
  'k8s-kubectl-describe.log': [
    E({ kind: 'kubernetes', killer: 'kernel', reporter: 'kubectl', shape: 'kubectl-describe', lines: [12, 32], container: 'worker',
      containerId: '4f2c1a9b3e7d5c60a9e1f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7', reason: 'container worker of pod batch/worker-5f7d8c9b6d-h4kpz (memory limit 512Mi), exit code 137',
      numbers: { exitCode: 137, restartCount: 3, memoryLimitBytes: 536870912, memoryRequestBytes: 268435456 },
      texts: { pod: 'worker-5f7d8c9b6d-h4kpz', namespace: 'batch', qos: 'Burstable', runtime: 'containerd', state: 'Last State', finished: 'Mon, 23 Jun 2026 14:11:47 +0000' } }),
  ],
  'k8s-docker-inspect.json': [
    E({ kind: 'kubernetes', killer: 'kernel', reporter: 'docker', shape: 'docker-inspect', lines: [14, 14], container: 'trainer',
      containerId: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', reason: 'container trainer (memory limit 2 GiB), exit code 137',
      numbers: { exitCode: 137, memoryLimitBytes: 2147483648 } }),
  ],
  'k8s-runtime-journal.log': [
    E({ kind: 'kubernetes', killer: 'kernel', reporter: 'containerd', shape: 'containerd-taskoom', lines: [1, 1], containerId: '4f2c1a9b3e7d5c60a9e1f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7', reason: 'TaskOOM' }),
    E({ kind: 'kubernetes', killer: 'kernel', reporter: 'containerd', shape: 'containerd-taskoom', lines: [2, 2], containerId: '9a8b7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7a8b', reason: 'TaskOOM' }),
    E({ kind: 'kubernetes', killer: 'kernel', reporter: 'kubelet', shape: 'kubelet-system-oom', lines: [5, 5], pid: 87657, comm: 'nginx', reason: 'SystemOOM: the node ran out of memory' }),
    E({ kind: 'kubernetes', killer: 'kernel', reporter: 'node-problem-detector', shape: 'npd-oomkilling', lines: [8, 8], pid: 24412, comm: 'java', reason: 'a memory cgroup hit its limit' }),
    E({ kind: 'kubernetes', killer: 'kernel', reporter: 'kubectl', shape: 'kubectl-get-pods', lines: [11, 11], reason: 'pod worker-5f7d8c9b6d-h4kpz', numbers: { restartCount: 3 }, texts: { pod: 'worker-5f7d8c9b6d-h4kpz' } }),
  ],
  'k8s-eviction.log': [
    E({ kind: 'kubernetes', killer: 'kubelet', reporter: 'kubelet', shape: 'kubelet-evicting-pod', lines: [4, 5], container: 'cart',
      reason: 'evicted: node low on memory — the kubelet evicted pod shop/cart-7c9d6b5f4-2xk8p (available 84212Ki, eviction threshold 100Mi); container cart used 1730560Ki, more than its request 512Mi',
      numbers: { thresholdBytes: 104857600, availableBytes: 86233088, containerUsageBytes: 1772093440, memoryRequestBytes: 536870912 },
      texts: { pod: 'cart-7c9d6b5f4-2xk8p', namespace: 'shop', podUid: '3f1c2a4e-8b7d-4e6f-9a1b-2c3d4e5f6a7b' } }),
    // default verbosity: no `Evicting pod` line, the resource is on the round's `attempting to reclaim` line
    E({ kind: 'kubernetes', killer: 'kubelet', reporter: 'kubelet', shape: 'kubelet-evicted', lines: [6, 9], reason: 'evicted: node low on memory — the kubelet evicted pod shop/web-5b8c7d9f6-q4m2n',
      texts: { pod: 'web-5b8c7d9f6-q4m2n', namespace: 'shop' } }),
    // lines 10-12: an ephemeral-storage eviction, not a memory kill; then the pre-1.20 wording
    E({ kind: 'kubernetes', killer: 'kubelet', reporter: 'kubelet', shape: 'kubelet-evicted', lines: [13, 15], reason: 'evicted: node low on memory — the kubelet evicted pod batch/report-worker-6d5f8',
      texts: { pod: 'report-worker-6d5f8', namespace: 'batch', podUid: '9b2e4c1a-0f3d-11ea-8d71-362b9e155667' } }),
  ],
  'k8s-describe-evicted.log': [
    E({ kind: 'kubernetes', killer: 'kubelet', reporter: 'kubectl', shape: 'kubectl-describe-evicted', lines: [12, 32], container: 'cart',
      reason: 'evicted: node low on memory — the kubelet evicted pod shop/cart-7c9d6b5f4-2xk8p (available 84212Ki, eviction threshold 100Mi)',
      numbers: { thresholdBytes: 104857600, availableBytes: 86233088, containerUsageBytes: 1772093440, memoryRequestBytes: 536870912 },
      texts: { pod: 'cart-7c9d6b5f4-2xk8p', namespace: 'shop' } }),
    // `kubectl get events`: the memory eviction is an event, the ephemeral-storage one (line 38) is not
    E({ kind: 'kubernetes', killer: 'kubelet', reporter: 'kubectl', shape: 'kubectl-event-evicted', lines: [37, 37], container: 'web',
      reason: 'the kubelet evicted pod web-5b8c7d9f6-q4m2n (available 90112Ki, eviction threshold 100Mi); container web used 905216Ki, more than its request 256Mi',
      numbers: { availableBytes: 92274688, containerUsageBytes: 926941184 }, texts: { pod: 'web-5b8c7d9f6-q4m2n' } }),
  ],
  'android-lmkd-logcat.log': [
    E({ kind: 'lmkd', killer: 'lmkd', shape: 'lmkd-kill', lines: [2, 2], pid: 17933, comm: 'com.google.android.gms.unstable', reason: 'device is not responding' }),
    E({ kind: 'lmkd', killer: 'lmkd', shape: 'lmkd-kill', lines: [3, 3], pid: 6870, comm: 'com.example.gallery', reason: 'low watermark is breached and swap is low (144184kB < 267412kB)' }),
    E({ kind: 'lmkd', killer: 'lmkd', shape: 'lmkd-kill', lines: [4, 4], pid: 4411, comm: 'com.example.news', reason: 'highest oom_score_adj it could find (906)' }),
    E({ kind: 'lmkd', killer: 'lmkd', shape: 'lmkd-killing', lines: [5, 6], pid: 5120, comm: 'com.example.maps', reason: 'system is under medium memory pressure (min_oom_adj=800)' }),
  ],
  'android-lowmemorykiller-dmesg.log': [
    E({ kind: 'lmkd', killer: 'lowmemorykiller', shape: 'lowmemorykiller', lines: [1, 4], pid: 12045, comm: 'com.android.chrome', reason: 'page cache 61952 kB fell below the minfree level 64512 kB',
      numbers: { cacheKiB: 61952, minfreeKiB: 64512, minAdj: 900, freeAboveReservedKiB: 5120 } }),
    E({ kind: 'lmkd', killer: 'lowmemorykiller', shape: 'lowmemorykiller-old', lines: [6, 6], pid: 2211, comm: 'com.whatsapp', reason: 'highest oom_adj (529)' }),
  ],
  // the last `OOM controller triggered` starts a round that the log does not finish: no kill
  'talos-oom-controller.log': [
    E({ kind: 'kubernetes', killer: 'talos', shape: 'talos-oom-controller', lines: [1, 3], cgroup: '/sys/fs/cgroup/kubepods/besteffort/pode37f8fd9-5d1c-4c2a-9b7e-0f3a6c2d8e11', reason: 'sent SIGKILL to every process' }),
    E({ kind: 'kubernetes', killer: 'talos', shape: 'talos-oom-controller', lines: [4, 5], cgroup: '/sys/fs/cgroup/kubepods/burstable/podc11937f9-989d-48ba-8453-06d2baa9392b', reason: 'which held none' }),
  ],
};

function check(file: string, ev: OomEvent, e: Expect): void {
  const at = `${file} event ${ev.index + 1}`;
  const u = ev.userspace;
  assert.ok(u, `${at}: a userspace event`);
  assert.equal(ev.kind, e.kind, `${at} kind`);
  assert.equal(u.killer, e.killer, `${at} killer`);
  assert.equal(u.reporter, e.reporter, `${at} reporter`);
  assert.equal(u.shape, e.shape, `${at} shape`);
  assert.deepEqual([ev.startLine + 1, endLineOf(ev) + 1], e.lines, `${at} lines`);
  assert.equal(u.victim.pid, e.pid, `${at} victim pid`);
  assert.equal(u.victim.comm, e.comm, `${at} victim comm`);
  assert.equal(u.victim.cgroup, e.cgroup, `${at} victim cgroup`);
  assert.equal(u.victim.container, e.container, `${at} container`);
  assert.equal(u.victim.containerId, e.containerId, `${at} container id`);
  assert.ok(u.reason.includes(e.reason), `${at} reason: ${u.reason}`);
  for (const [k, v] of Object.entries(e.numbers ?? {})) assert.equal(u.numbers[k], v, `${at} numbers.${k}`);
  for (const [k, v] of Object.entries(e.texts ?? {})) assert.equal(u.texts[k], v, `${at} texts.${k}`);
  // a victim with pid and name is also in `victims`, as a kernel kill's is; one without either is not
  assert.deepEqual(ev.victims.map(v => [v.pid, v.comm]), e.pid !== undefined && e.comm !== undefined ? [[e.pid, e.comm]] : [], `${at} victims`);
}

test('every userspace corpus file has an expectation table', () => {
  assert.deepEqual(fs.readdirSync(dir).filter(f => f !== 'SOURCES.md').sort(), Object.keys(TABLE).sort());
});

for (const [file, expected] of Object.entries(TABLE)) {
  test(`userspace corpus ${file}`, () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const a = parseOomLog(text);
    assert.equal(a.events.length, expected.length, `number of events: ${a.events.map(e => e.userspace?.shape ?? e.kind).join(', ')}`);
    a.events.forEach((ev, i) => check(file, ev, expected[i]));
    const lines = text.split('\n');
    for (const ev of a.events) {
      assert.ok(a.fields.count(ev) > 0, `${file}: event ${ev.index + 1} has fields for hover`);
      for (const f of a.fields.all(ev)) {
        const got = lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
        assert.equal(got, f.raw, `${file} field ${f.key} at line ${f.range.start.line + 1}`);
      }
      // a fact without a line (read from the record, not from a line of its own) has nothing to check
      for (const fact of ev.userspace!.facts) assert.ok(fact.line === undefined || (lineOf(ev, fact.line) >= ev.startLine && lineOf(ev, fact.line) <= endLineOf(ev)), `${file}: fact ${fact.label} inside its event`);
    }
  });
}

test('a userspace log glued after a kernel report, or in the middle of one, keeps both', () => {
  const kernelDir = path.resolve(dir, '..');
  const kernel = fs.readFileSync(path.join(kernelDir, '09-ubuntu-5.4.0-29-global-pagefault-dmesg-Tw-2reports.log'), 'utf8');
  const alone = parseOomLog(kernel).events.length;
  const early = fs.readFileSync(path.join(dir, 'earlyoom-v1.7-journal.log'), 'utf8');
  const a = parseOomLog(kernel + early);
  assert.equal(a.events.filter(e => !e.userspace).length, alone);
  assert.deepEqual(a.events.filter(e => e.userspace).map(e => e.userspace!.victim.comm), ['cellxgene', 'java']);
  assert.deepEqual(a.events.map(e => e.index), a.events.map((_, i) => i), 'indices follow line order');
  assert.ok(a.events.every((e, i) => i === 0 || a.events[i - 1].startLine <= e.startLine), 'events sorted by line');
  // an lmkd line inside a kernel report that stopped short (a truncated report stays open for a while)
  const cut = kernel.split('\n').slice(0, 40).join('\n') + '\n';
  const lmk = '03-02 09:15:40.100   601   601 I lowmemorykiller: Kill \'com.example.news\' (4411), uid 10087, oom_adj 906 to free 48212kB\n';
  const b = parseOomLog(cut + lmk);
  assert.equal(b.events.filter(e => e.kind === 'lmkd').length, 1);
});

test('a kubectl describe pasted in a code block or a mail quote reads the same, fields at their columns', () => {
  const text = fs.readFileSync(path.join(dir, 'k8s-kubectl-describe.log'), 'utf8');
  const plain = parseOomLog(text).events[0].userspace!;
  for (const prefix of ['    ', '\t', '> ', '>> ']) {
    const pasted = text.split('\n').map(l => (l ? prefix + l : l)).join('\n');
    const a = parseOomLog(pasted);
    assert.equal(a.events.length, 1, JSON.stringify(prefix));
    const u = a.events[0].userspace!;
    assert.deepEqual([u.victim, u.numbers, u.texts, u.reason], [plain.victim, plain.numbers, plain.texts, plain.reason], JSON.stringify(prefix));
    const lines = pasted.split('\n');
    for (const f of a.fields.all(a.events[0])) assert.equal(lines[f.range.start.line].slice(f.range.start.character, f.range.end.character), f.raw, `${JSON.stringify(prefix)} ${f.key}`);
  }
});

test('lines that only look alike are not kills', () => {
  const no = [
    '"OOMKilled": false,',
    'mem avail: 9700 of 13855 MiB (70 %), swap free: 0 of 0 MiB ( 0 %)',
    'Jun 13 10:00:00 host systemd-oomd[709]: Killed the monitor loop',
    'Memory Pressure Monitored CGroups:',
    '[  12.000000] Kill \'s own message without the rest of the lmkd line',
    'I0623 15:02:12.417020    1187 eviction_manager.go:629] "Eviction manager: pod is evicted successfully" pod="ci/runner-7f9c-0"',
    'Reason:           Evicted',
    'I0623 14:20:01.483012    1187 eviction_manager.go:594] "Evicting pod" pod="ci/runner-0" podUID="3f1c" message="The node was low on resource: ephemeral-storage. "',
    'cache entry evicted successfully',
  ];
  const a = parseOomLog(no.join('\n'));
  assert.equal(a.events.length, 0, a.events.map(e => e.userspace?.shape).join());
});

test('every userspace marker holds an anchor of the marker scan; every shape has an id of its own', () => {
  for (const m of USERSPACE_MARKERS) assert.ok(ANCHORS.some(a => m.includes(a)), m);
  for (const m of USERSPACE_MARKERS) assert.ok(USERSPACE_NEEDLES.some(a => m.includes(a)), `${m}: the pre-filter of hasUserspaceMarker must let it through`);
  assert.equal(new Set(SHAPES.map(s => s.id)).size, SHAPES.length);
});
