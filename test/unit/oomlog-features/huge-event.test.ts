/**
 * An event past the Map line index (a 10,000-row task table, ~120k fields, over fieldstore.ts
 * MAP_LIMIT: its lines are indexed in typed arrays): hover, tokens and inlay hints must give what
 * a small event gives.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import { oomLogService } from '../../../server/src/crossfile';

const ctx: DocumentContext = { uri: 'file:///x/kern.log', path: '/x/kern.log', settings: defaultSettings, workspace: emptyWorkspace };

function log(rows: number): string {
  const out = [
    'postgres invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP), order=0, oom_score_adj=0',
    'CPU: 2 UID: 104 PID: 3589817 Comm: postgres Not tainted 6.16.9+deb14-amd64 #1',
    'Tasks state (memory values in pages):',
    '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
  ];
  for (let i = 0; i < rows; i++) {
    const pid = 1000 + i;
    out.push(`[${String(pid).padStart(7)}]   104 ${String(pid).padStart(7)}   ${100000 + i}    ${2000 + (i % 300)}     1800      150       50   266240        0             0 worker${i}`);
  }
  out.push('oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/postgresql.service,task=postgres,pid=3589817,uid=104');
  out.push('Out of memory: Killed process 3589817 (postgres) total-vm:1436820kB, anon-rss:1202232kB, file-rss:1284kB, shmem-rss:4kB, UID:104 pgtables:2512kB oom_score_adj:0');
  out.push('oom_reaper: reaped process 3589817 (postgres), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB');
  return out.join('\n') + '\n';
}

test('a huge event is served line by line: hover on a row, tokens of a range, inlay hints, the kill line', () => {
  const a = oomLogService.analyze(log(10_000), ctx);
  assert.equal(a.events.length, 1);
  assert.ok(a.fields.count(a.events[0]) > 100_000, 'big enough to take the on-demand path');
  const line = 4 + 5000;
  const h = oomLogService.hover(a, { line, character: 40 }, ctx);
  assert.ok(h, 'hover on a task-table cell');
  assert.equal(h.range.start.line, line);
  assert.match(h.markdown, /worker5000/);
  const toks = oomLogService.tokens(a, { start: { line, character: 0 }, end: { line: line + 99, character: 0 } });
  const lines = new Set(toks.filter(t => t.kind === 'number').map(t => t.line));
  assert.equal(lines.size, 100, 'numbers highlighted on every row of the range');
  const hints = oomLogService.inlayHints!(a, { start: { line, character: 0 }, end: { line: line + 9, character: 0 } }, ctx);
  assert.ok(hints.length >= 10);
  const kill = 4 + 10_000 + 1;
  const hk = oomLogService.hover(a, { line: kill, character: 'Out of memory: Killed process 3589817 (postgres) total-vm:1436820kB, an'.length }, ctx);
  assert.ok(hk);
  assert.match(hk.markdown, /anon-rss/);
});
