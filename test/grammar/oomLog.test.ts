import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dump, hasScope, loadGrammar, scopesOf, tokenize } from './tokenize';

/** Tokenizes one line and asserts that `text` carries a scope starting with `scope`. */
async function expectScope(line: string, text: string, scope: string): Promise<void> {
  const grammar = await loadGrammar('source.oom-log');
  const [tokens] = tokenize(grammar, line);
  assert.ok(hasScope(scopesOf(tokens, text), scope), `"${text}" should be ${scope}\n${dump(tokens)}`);
}

const TRIGGER = '[Fri Nov 21 14:22:56 2025] postgres invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP), order=0, oom_score_adj=-500';

const cases: [name: string, line: string, text: string, scope: string][] = [
  // wrappers
  ['dmesg -T stamp', TRIGGER, '[Fri Nov 21 14:22:56 2025]', 'comment.line.timestamp'],
  ['dmesg -T stamp, other locale', '[四 3月 18 18:47:12 2021] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', '[四 3月 18 18:47:12 2021]', 'comment.line.timestamp'],
  ['dmesg stamp', '[ 1234.567890] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', '[ 1234.567890]', 'comment.line.timestamp'],
  ['syslog date', 'Jun 13 23:04:43 kir-ce75-gd kernel: python invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', 'Jun 13 23:04:43', 'comment.line.timestamp'],
  ['syslog host', 'Jun 13 23:04:43 kir-ce75-gd kernel: python invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', 'kir-ce75-gd', 'entity.name.tag.host'],
  ['syslog source', 'Jun 13 23:04:43 kir-ce75-gd kernel: python invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', 'kernel:', 'comment.line.source'],
  ['ISO stamp', '2023-01-18T11:07:10.123456+0100 host kernel: Mem-Info:', '2023-01-18T11:07:10.123456+0100', 'comment.line.timestamp'],
  ['dmesg --time-format iso', '2023-01-18T11:07:10,123456+01:00 Mem-Info:', '2023-01-18T11:07:10,123456+01:00', 'comment.line.timestamp'],
  ['talos stamp', '172.16.1.110: kern: warning: [2024-07-16T19:11:36.10466434Z]: vcpu5 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=-500', '[2024-07-16T19:11:36.10466434Z]', 'comment.line.timestamp'],
  ['log level prefix', '<4>[39261021.091603] Call Trace:', '<4>', 'comment.line.level'],
  // trigger line
  ['trigger comm', TRIGGER, 'postgres', 'entity.name.type.process.trigger'],
  ['trigger comm with spaces', '[ 12.5] CPU 0/KVM invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', 'CPU 0/KVM', 'entity.name.type.process.trigger'],
  ['trigger keyword', TRIGGER, 'invoked oom-killer:', 'keyword.control'],
  ['gfp_mask key', TRIGGER, 'gfp_mask', 'support.type.property-name'],
  ['gfp_mask hex', TRIGGER, '0x140dca', 'constant.numeric.hex'],
  ['gfp flag', TRIGGER, 'GFP_HIGHUSER_MOVABLE', 'constant.language'],
  ['gfp flag __', TRIGGER, '__GFP_COMP', 'constant.language'],
  ['order key', TRIGGER, 'order', 'support.type.property-name'],
  ['negative adj', TRIGGER, '-500', 'constant.numeric'],
  // kill lines
  ['kill event', '[ 5.1] Memory cgroup out of memory: Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB, file-rss:13684kB, shmem-rss:0kB, UID:0 pgtables:1220kB oom_score_adj:997', 'Memory cgroup out of memory', 'keyword.control.event'],
  ['kill keyword', '[ 5.1] Out of memory: Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB', 'Killed process', 'keyword.control.kill'],
  ['kill pid', '[ 5.1] Out of memory: Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB', '28438', 'constant.numeric'],
  ['victim comm', '[ 5.1] Out of memory: Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB', 'java', 'entity.name.type.process.victim'],
  ['anon-rss key', '[ 5.1] Out of memory: Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB', 'anon-rss', 'support.type.property-name'],
  ['anon-rss number', '[ 5.1] Out of memory: Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB', '466160', 'constant.numeric'],
  ['kB unit', '[ 5.1] Out of memory: Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB', 'kB', 'keyword.other.unit'],
  ['RHEL6 kill line', 'Killed process 3150, UID 48, (httpd) total-vm:440244kB, anon-rss:62392kB, file-rss:232kB', 'httpd', 'entity.name.type.process.victim'],
  ['sacrifice child', '[ 5.1] Memory cgroup out of memory: Kill process 24572 (java) score 0 or sacrifice child', 'Kill process', 'keyword.control.kill'],
  ['oom-kill summary', '[ 5.1] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c2,task=java,pid=28438,uid=0', 'oom-kill', 'entity.name.section'],
  ['constraint', '[ 5.1] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c2,task=java,pid=28438,uid=0', 'CONSTRAINT_MEMCG', 'constant.language'],
  ['memcg path', '[ 5.1] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c2,task=java,pid=28438,uid=0', '/kubepods/pod1/c2', 'string.unquoted.path'],
  ['summary task', '[ 5.1] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c2,task=java,pid=28438,uid=0', 'java', 'entity.name.type.process.victim'],
  ['reaper', '[ 5.3] oom_reaper: reaped process 3143527 (containerd-shim), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB', 'oom_reaper', 'entity.name.section'],
  ['reaper victim', '[ 5.3] oom_reaper: reaped process 3143527 (containerd-shim), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB', 'containerd-shim', 'entity.name.type.process.victim'],
  // memcg counters
  ['memcg counter', '[ 5.0] memory: usage 1048576kB, limit 1048576kB, failcnt 153', 'memory', 'support.type.property-name'],
  ['memcg limit', '[ 5.0] memory: usage 1048576kB, limit 1048576kB, failcnt 153', 'limit', 'support.type.property-name'],
  ['memcg failcnt value', '[ 5.0] memory: usage 1048576kB, limit 1048576kB, failcnt 153', '153', 'constant.numeric'],
  ['memcg stats header', '[ 5.0] Memory cgroup stats for /kubepods/pod1: cache:32KB rss:524188KB', 'Memory cgroup stats for', 'entity.name.section'],
  ['memcg stats KB', '[ 5.0] Memory cgroup stats for /kubepods/pod1: cache:32KB rss:524188KB', 'KB', 'keyword.other.unit'],
  ['memory.stat line', '[ 5.0] anon 1062739968', 'anon', 'support.type.property-name'],
  ['Task in', 'Task in /docker/a4 killed as a result of limit of /docker/a4', '/docker/a4', 'string.unquoted.path'],
  // Mem-Info
  ['Mem-Info', '[ 5.0] Mem-Info:', 'Mem-Info', 'entity.name.section'],
  ['Mem-Info key', '[ 5.0] active_anon:57988 inactive_anon:147 isolated_anon:0', 'inactive_anon', 'support.type.property-name'],
  ['zone key(anon)', '[ 5.0] Node 0 active_anon:231952kB isolated(anon):0kB all_unreclaimable? no', 'isolated(anon)', 'support.type.property-name'],
  ['buddy list', '[ 5.0] Node 0 DMA32: 1*4kB (M) 1*8kB (U) = 12kB', '*', 'keyword.operator'],
  ['pages unit', '[ 5.0] 131070 pages RAM', 'pages RAM', 'keyword.other.unit'],
  // task table
  ['task header', '[ 5.0] Tasks state (memory values in pages):', 'Tasks state (memory values in pages)', 'entity.name.section'],
  ['task columns', '[ 5.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', 'pid', 'support.type.property-name'],
  ['task row pid', '[ 5.0] [    677]     0   677    19038     7234   159744        0          -250 systemd-journal', '677', 'constant.numeric'],
  ['task row name', '[ 5.0] [    677]     0   677    19038     7234   159744        0          -250 systemd-journal', 'systemd-journal', 'entity.name.type.process'],
  // stack
  ['Call Trace', '[ 5.0] Call Trace:', 'Call Trace', 'entity.name.section'],
  ['frame symbol', '[ 5.0]  __alloc_pages_slowpath.constprop.0+0xc2d/0xdd0', '__alloc_pages_slowpath.constprop.0', 'entity.name.function'],
  ['old frame symbol', 'Jun 13 23:04:43 h kernel:  [<ffffffffbed63041>] dump_stack+0x19/0x1b', 'dump_stack', 'entity.name.function'],
  ['frame address', 'Jun 13 23:04:43 h kernel:  [<ffffffffbed63041>] dump_stack+0x19/0x1b', '[<ffffffffbed63041>]', 'constant.numeric.hex'],
  ['TASK marker', '[ 5.0]  <TASK>', '<TASK>', 'entity.name.tag'],
  ['Comm', '[ 5.0] CPU: 2 UID: 104 PID: 3589817 Comm: postgres Not tainted 6.16.9+deb14-amd64 #1', 'postgres', 'entity.name.type.process'],
];

for (const [name, line, text, scope] of cases) {
  test(`oom-log grammar: ${name}`, () => expectScope(line, text, scope));
}

test('oom-log grammar: a task-table row is not mistaken for a dmesg timestamp', async () => {
  const grammar = await loadGrammar('source.oom-log');
  const [tokens] = tokenize(grammar, '[ 1303]     0  1303    12345      678   40960        0             0 sshd');
  assert.ok(!tokens.some(t => hasScope(t.scopes, 'comment.line.timestamp')), dump(tokens));
});

test('oom-log grammar: every corpus log tokenizes, and each trigger line gets its keyword', async () => {
  const fs = await import('fs');
  const path = await import('path');
  const corpus = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');
  const grammar = await loadGrammar('source.oom-log');
  let triggers = 0;
  for (const f of fs.readdirSync(corpus).filter(n => n.endsWith('.log'))) {
    const text = fs.readFileSync(path.join(corpus, f), 'utf8');
    const lines = tokenize(grammar, text);
    text.split(/\r?\n/).forEach((l, i) => {
      if (!l.includes('invoked oom-killer:')) return;
      triggers++;
      assert.ok(lines[i].some(t => hasScope(t.scopes, 'keyword.control.oom-killer')), `${f}:${i + 1}\n${dump(lines[i])}`);
    });
  }
  assert.ok(triggers > 0, 'the corpus has trigger lines');
});
