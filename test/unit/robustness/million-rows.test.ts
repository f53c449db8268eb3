/**
 * A 1,000,000-row task table (one report, ~136 MB): one event, every row, memory bounded.
 * Its own file: when the analysis exhausts the heap the process dies, and the other adversarial
 * tests should still report.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as v8 from 'v8';
import * as vm from 'vm';
import { services } from '../../../server/src/files/languages';
import type { OomLogAnalysis } from '../../../server/src/oomlog/model';
import { contextFor } from '../../fuzz/check';

function analyzeLog(text: string): OomLogAnalysis {
  return services['oom-log'].analyze(text, contextFor('oom-log')) as OomLogAnalysis;
}

function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

test('a 1,000,000-row task table: one event, every row, bounded memory', () => {
  const head = [
    '[Fri Nov 21 14:22:56 2025] postgres invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP), order=0, oom_score_adj=0',
    '[Fri Nov 21 14:22:56 2025] CPU: 2 UID: 104 PID: 3589817 Comm: postgres Not tainted 6.16.9+deb14-amd64 #1 PREEMPT(lazy)  Debian 6.16.9-1 ',
    '[Fri Nov 21 14:22:56 2025] Tasks state (memory values in pages):',
    '[Fri Nov 21 14:22:56 2025] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
  ];
  const rows: string[] = new Array(1_000_000);
  for (let i = 0; i < rows.length; i++) {
    const pid = 1000 + i;
    rows[i] = `[Fri Nov 21 14:22:56 2025] [${String(pid).padStart(7)}]   104 ${String(pid).padStart(7)}   ${100000 + (i % 5000)}    ${2000 + (i % 300)}     1800      150       50   266240        0             0 worker${i % 97}`;
  }
  const tail = [
    '[Fri Nov 21 14:22:56 2025] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/postgresql.service,task=postgres,pid=3589817,uid=104',
    '[Fri Nov 21 14:22:56 2025] Out of memory: Killed process 3589817 (postgres) total-vm:1436820kB, anon-rss:1202232kB, file-rss:1284kB, shmem-rss:4kB, UID:104 pgtables:2512kB oom_score_adj:0',
  ];
  let text: string | undefined = [...head, ...rows, ...tail].join('\n') + '\n';
  rows.length = 0;
  const bytes = text.length;
  const before = heapAfterGc();
  let analysis: OomLogAnalysis | undefined = analyzeLog(text);
  const retained = heapAfterGc() - before;
  assert.equal(analysis.events.length, 1);
  const ev = analysis.events[0];
  assert.equal(ev.victims[0]?.pid, 3589817);
  assert.equal(ev.tasks?.rows.length, 1_000_000);
  // The analysis may cost more than the text, but not unboundedly: 12 bytes of heap per byte of log at most.
  assert.ok(retained < bytes * 12, `analysis retains ${(retained / 1e6).toFixed(0)} MB for a ${(bytes / 1e6).toFixed(0)} MB log`);
  const s = services['oom-log'];
  const ctx = contextFor('oom-log');
  const mid = 500_000;
  const toks = s.tokens(analysis, { start: { line: mid, character: 0 }, end: { line: mid + 100, character: 0 } });
  for (const t of toks) assert.ok(t.line >= 0 && t.line < head.length + 1_000_000 + tail.length);
  const h = s.hover(analysis, { line: mid, character: 40 }, ctx);
  assert.equal(h?.range.start.line, mid, 'a hover on a row stays on that row');
  s.diagnostics(analysis, ctx);
  s.symbols(analysis);
  analysis = undefined;
  text = undefined;
});

