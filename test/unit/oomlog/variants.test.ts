/** Kernel text that varies (issue 16 §2): old and non-x86 headers, cut tables, v1 limit counters, group kills. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { eventTitle } from '../../../server/src/oomlog/symbols';
import { eventSummaryText } from '../../../server/src/oomlog/report';
import { buildEventView } from '../../../server/src/report/model';
import { FieldIndex } from '../../../server/src/oomlog/fieldstore';
import { endLineOf, lineOf, problemMessage } from '../../../server/src/oomlog/model';

const one = (lines: string[]) => {
  const a = parseOomLog(lines.join('\n'));
  assert.equal(a.events.length, 1, 'one report');
  return a.events[0];
};

test('s390: `CPU: N Not tainted …` without PID, then `Process NAME (pid: N, task: …)`', () => {
  const ev = one([
    'java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0',
    'java cpuset=/ mems_allowed=0',
    'CPU: 7 Not tainted 2.6.32-431.el6.s390x #1',
    'Process java (pid: 40721, task: 000000007b8a8000, ksp: 000000007b8abb38)',
    '0000000000000000 000000007b8ab950 0000000000000002 0000000000000000',
    'Call Trace:',
    '([<0000000000116f3e>] show_trace+0x13e/0x158)',
    ' [<00000000001e0a6a>] oom_kill_process+0x9e/0x2f8',
    'Mem-Info:',
    'Out of memory: Kill process 40721 (java) score 900 or sacrifice child',
    'Killed process 40721, UID 500, (java) total-vm:4096000kB, anon-rss:2048000kB, file-rss:12kB',
  ]);
  assert.equal(ev.kernel, '2.6.32-431.el6.s390x');
  assert.equal(ev.trigger?.cpu, 7);
  assert.equal(ev.trigger?.pid, 40721);
  assert.equal(ev.trigger?.oomAdj, 0);
  assert.equal(ev.trigger?.oomScoreAdj, 0);
  assert.ok(!ev.missing.includes('CPU/PID line'));
});

test('both oom_adj= and oom_score_adj= on one trigger line are read, each into its own field', () => {
  const ev = one(['Xorg invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=-17, oom_score_adj=-1000', 'Pid: 1502, comm: Xorg Not tainted 2.6.38-8-generic #42-Ubuntu']);
  assert.equal(ev.trigger?.oomAdj, -17);
  assert.equal(ev.trigger?.oomScoreAdj, -1000);
  assert.equal(ev.trigger?.order, 0);
  assert.equal(ev.kernel, '2.6.38-8-generic');
});

test('ARM frame-pointer unwinder: `Backtrace:`, `[<…>] (f) from [<…>] (g)`, saved registers `r6:… r5:…` stay in the report', () => {
  const ev = one([
    'kworker/0:1 invoked oom-killer: gfp_mask=0x24200ca(GFP_HIGHUSER_MOVABLE), nodemask=0, order=0, oom_score_adj=0',
    'CPU: 0 PID: 1234 Comm: kworker/0:1 Not tainted 4.9.80-v7+ #1098',
    'Hardware name: BCM2835',
    'Backtrace: ',
    '[<80109a4c>] (dump_backtrace) from [<80109d38>] (show_stack+0x20/0x24)',
    ' r6:00000000 r5:80c2e0f4 r4:00000000 r3:00000000',
    '[<80109d18>] (show_stack) from [<80465f5c>] (dump_stack+0xd4/0x118)',
    'Function entered at [<8021b8a0>] from [<8021c1c4>]',
    'r7 : 00000000  r6 : b6f2a000  r5 : 00000000  r4 : 00000000',
    'Mem-Info:',
    'active_anon:12345 inactive_anon:6789 isolated_anon:0',
    'Out of memory: Killed process 2345 (chromium) total-vm:1000000kB, anon-rss:400000kB, file-rss:0kB, shmem-rss:0kB',
  ]);
  assert.equal(ev.kernel, '4.9.80-v7+');
  assert.equal(ev.memInfo?.pages.active_anon, 12345, 'Mem-Info after the unwinder lines is still this report');
  assert.equal(ev.victims[0]?.pid, 2345);
});

test('task rows whose header was cut: 6.8+ layout told by its 10 cells, said to be inferred', () => {
  const ev = one([
    'stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    'CPU: 1 UID: 0 PID: 4242 Comm: stress Not tainted 6.12.1-arch1 #1',
    '(...snipped...)',
    '[   4242]     0  4242    140000   129000   128900      100         0  1200000        0             0 stress',
    '[   4243]     0  4243      2000      100       50       50         0    40960        0          -500 Web Content',
    'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=stress,pid=4242,uid=0',
    'Out of memory: Killed process 4242 (stress) total-vm:560000kB, anon-rss:515600kB, file-rss:400kB, shmem-rss:0kB, UID:0 pgtables:1172kB oom_score_adj:0',
  ]);
  assert.equal(ev.tasks?.inferred, true);
  assert.equal(ev.tasks?.rows.length, 2);
  assert.equal(ev.tasks?.rows[1].name, 'Web Content');
  assert.equal(ev.tasks?.rows[1].oomScoreAdj, -500);
  assert.equal(ev.tasks?.rows[0].rssAnonPages, 128900);
  assert.ok(ev.missing.some(m => m.includes('inferred')));
});

test('task rows whose header was cut: 7 cells read by the kernel release (3.10 → nr_ptes), ambiguous ones left alone', () => {
  const rows = [
    '[ 1303]     0  1303      868       37       8        0             0 syslog-ng',
    '[28438]  1000 28438  5063909   119961     461   136409          -998 java',
  ];
  const ev = one(['java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998', 'CPU: 4 PID: 28438 Comm: java Not tainted 3.10.0-514.6.1.el7.x86_64 #1', ...rows]);
  assert.equal(ev.tasks?.inferred, true);
  assert.deepEqual(ev.tasks?.columns.slice(5, 7), ['nr_ptes', 'swapents']);
  assert.equal(ev.tasks?.rows[1].swapentsPages, 136409);
  // no kernel release, and nr_ptes is not a whole number of pages: 3 layouts fit, none is guessed
  const amb = one(['java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998', 'Call Trace:', ...rows]);
  assert.equal(amb.tasks, undefined);
});

test('cgroup v1 memory+swap limit hit: the hit counter is named and used for "used of limit"; v1 told from the counters', () => {
  const ev = one([
    'Task in /docker/abc killed as a result of limit of /docker/abc',
    'memory: usage 1048576kB, limit 2097152kB, failcnt 0',
    'memory+swap: usage 2097152kB, limit 2097152kB, failcnt 31',
    'kmem: usage 20480kB, limit 9007199254740988kB, failcnt 0',
    'Memory cgroup stats for /docker/abc: cache:0KB rss:1048576KB rss_huge:0KB mapped_file:0KB swap:1048576KB',
    'Memory cgroup out of memory: Kill process 777 (app) score 999 or sacrifice child',
    'Killed process 777 (app) total-vm:3000000kB, anon-rss:1040000kB, file-rss:0kB',
  ]);
  assert.equal(ev.kind, 'memcg-v1');
  assert.equal(ev.memcg?.limitHit, 'memory+swap');
  const view = buildEventView(ev, new FieldIndex()).memcg!;
  assert.equal(view.counter, 'memory+swap');
  assert.equal(view.usageKiB, 2097152);
  assert.equal(view.limitKiB, 2097152);
});

test('a `Task in` line cut before its first path still gives the memcg paths, inside a report or opening one', () => {
  const cut = '/docker/abc killed as a result of limit of /docker/abc';
  const alone = one([cut, 'memory: usage 102360kB, limit 102400kB, failcnt 125402']);
  assert.deepEqual([alone.memcg?.taskPath, alone.memcg?.limitPath], ['/docker/abc', '/docker/abc']);
  const inside = one(['app invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', 'Call Trace:', cut, 'Killed process 9 (app) total-vm:100kB, anon-rss:50kB, file-rss:0kB']);
  assert.deepEqual([inside.memcg?.taskPath, inside.memcg?.limitPath, inside.victims.length], ['/docker/abc', '/docker/abc', 1]);
  // a sentence that only contains the words is no report line
  assert.equal(parseOomLog('/tmp/x was killed as a result of limit of nothing\n').events.length, 0);
});

const KILL = 'Out of memory: Killed process 300 (app) total-vm:40000kB, anon-rss:8000kB, file-rss:0kB, shmem-rss:0kB';
const HEADERS = [
  '[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name',
  '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
];
// rows that fit both headers: nr_ptes (pages) and pgtables_bytes read the same digits
const ROWS = ['[  100]     0   100    10000     2000       40        0             0 db', '[  300]     0   300    10000     2000       40        0             0 app'];

test('a task table alone is no report, whichever width its header has; with its kill line it is one', () => {
  for (const h of HEADERS) {
    assert.deepEqual(parseOomLog([h, ...ROWS].join('\n')).events, [], h);
    assert.deepEqual(parseOomLog(['Tasks state (memory values in pages):', h, ...ROWS].join('\n')).events, [], h);
    const ev = one([h, ...ROWS, KILL]);
    assert.deepEqual([ev.tasks?.rows.length, ev.victims.map(v => v.pid)], [2, [300]], h);
  }
  // a table after a whole report (not only its kill line) is not that report's, and alone it is none
  const two = parseOomLog(['app invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', KILL, HEADERS[0], ...ROWS].join('\n'));
  assert.equal(two.events.length, 1);
  assert.equal(two.events[0].tasks, undefined);
});

test('a kill line pasted above its own task table is one report; a table with a later clock is another', () => {
  for (const h of HEADERS) {
    const ev = one([`Mar 24 18:41:04 db kernel: ${KILL}`, ...[h, ...ROWS, '...'].map(l => `Mar 24 18:41:03 db kernel: ${l}`)]);
    assert.deepEqual([ev.tasks?.rows.length, ev.victims.map(v => v.pid), endLineOf(ev)], [2, [300], 3], h);
    const mono = one([`[ 7063.2] ${KILL}`, ...[h, ...ROWS].map(l => `[ 7063.1] ${l}`)]);
    assert.equal(mono.tasks?.rows.length, 2);
  }
  // the next report's table (its first lines cut), printed after the kill: not this report's
  const later = parseOomLog([`[ 7063.2] ${KILL}`, ...[HEADERS[1], ...ROWS, KILL.replace(/300/g, '100')].map(l => `[ 7090.5] ${l}`)].join('\n'));
  assert.deepEqual(later.events.map(e => [e.victims[0]?.pid, e.tasks?.rows.length]), [[300, undefined], [100, 2]]);
});

test('kmem limit hit is named; a memory limit hit stays `memory`', () => {
  const kmem = one(['memory: usage 10240kB, limit 2097152kB, failcnt 0', 'memory+swap: usage 10240kB, limit 9007199254740988kB, failcnt 0', 'kmem: usage 8192kB, limit 8192kB, failcnt 5', 'Memory cgroup out of memory: Killed process 9 (x) total-vm:100kB, anon-rss:50kB, file-rss:0kB']);
  assert.equal(kmem.memcg?.limitHit, 'kmem');
  const mem = one(['memory: usage 524288kB, limit 524288kB, failcnt 12', 'swap: usage 0kB, limit 0kB, failcnt 0', 'Memory cgroup out of memory: Killed process 9 (x) total-vm:100kB, anon-rss:50kB, file-rss:0kB']);
  assert.equal(mem.memcg?.limitHit, 'memory');
  assert.equal(mem.kind, 'memcg-v2');
});

test('a lone `Memory cgroup out of memory: Killed process …` line (grep output) is a memcg kill', () => {
  const ev = one(['Memory cgroup out of memory: Killed process 4242 (stress) total-vm:560000kB, anon-rss:515600kB, file-rss:400kB, shmem-rss:0kB, UID:0 pgtables:1172kB oom_score_adj:0']);
  assert.ok(ev.kind.startsWith('memcg'), ev.kind);
  assert.equal(ev.victims[0].pid, 4242);
});

test('memory.oom.group: every process killed is listed, and title and summary say the whole group was killed', () => {
  const a = parseOomLog([
    'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/workload.slice,task_memcg=/workload.slice,task=w1,pid=11,uid=0',
    'Memory cgroup out of memory: Killed process 11 (w1) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0',
    'Tasks in /workload.slice are going to be killed due to memory.oom.group set',
    'Memory cgroup out of memory: Killed process 12 (w2) total-vm:1000kB, anon-rss:400kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0',
    'Memory cgroup out of memory: Killed process 13 (w3) total-vm:1000kB, anon-rss:300kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0',
  ].join('\n'));
  assert.equal(a.events.length, 1);
  const ev = a.events[0];
  assert.deepEqual(ev.victims.map(v => v.pid), [11, 12, 13]);
  assert.match(eventTitle(ev), /\+2 more \(memory\.oom\.group: whole cgroup killed\)/);
  assert.match(eventSummaryText(ev), /whole cgroup was killed \(3 processes listed\)/);
});

test('a kill line that is there but cannot be read is said to be there, not missing', () => {
  const ev = one([
    'stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    'CPU: 1 UID: 0 PID: 4242 Comm: stress Not tainted 6.12.1-arch1 #1',
    'Mem-Info:',
    'then Killed process 4242 (stress) total-vm:560000kB',
  ]);
  const p = ev.problems.find(x => x.code === 'OOM001')!;
  assert.match(problemMessage(ev, p), /Line 4 names a kill/);
  assert.doesNotMatch(problemMessage(ev, p), /stops before/);
  assert.equal(lineOf(ev, ev.unreadKillLine!), 3);
  assert.match(eventTitle(ev), /kill line 4 not readable/);
});

test('values are read right or not at all: an undecoded quoted-printable trigger gives no mask and no order', () => {
  // one `=3D` line with a stray raw `=` is not quoted-printable throughout, so it is not decoded
  const a = parseOomLog('java invoked oom-killer: gfp_mask=3D0x840d0, order=3D0, oom_score_adj=3D0, note=x');
  const t = a.events[0].trigger!;
  assert.equal(t.comm, 'java');
  assert.equal(t.gfpMask, undefined);
  assert.equal(t.order, undefined);
  assert.equal(t.oomScoreAdj, undefined);
  for (const f of a.fields.all(a.events[0])) assert.ok(!f.raw.startsWith('3D'), f.key);
});
