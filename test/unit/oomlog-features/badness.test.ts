import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { badnessOf, eraOf, explainVictim, rankOf, totalPagesOf, victimMarkdown } from '../../../server/src/oomlog/badness';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { FieldIndex } from '../../../server/src/oomlog/fieldstore';
import { corpusDir, corpusFiles, event, row } from './helpers';

test('era follows the kernel release, and the task-table columns when the release is unknown', () => {
  assert.equal(eraOf(event({ kernel: '2.6.32-431.el6' })).era, 'legacy');
  assert.equal(eraOf(event({ kernel: '2.6.36-ARCH' })).era, '2.6.36');
  assert.equal(eraOf(event({ kernel: '3.10.0-1160.el7.x86_64' })).era, '3.6');
  assert.equal(eraOf(event({ kernel: '3.13.0-36-generic' })).era, '3.6');
  assert.equal(eraOf(event({ kernel: '4.14.67' })).era, '3.14');
  assert.equal(eraOf(event({ kernel: '4.19.0' })).era, '4.17');
  assert.equal(eraOf(event({ kernel: '5.4.0-29-generic' })).era, '4.17');
  assert.equal(eraOf(event({ kernel: '6.16.9+deb14-amd64' })).era, '5.9');
  const t = (columns: string[]) => event({ tasks: { headerLine: 0, columns, rows: [] } });
  assert.equal(eraOf(t(['pid', 'uid', 'tgid', 'total_vm', 'rss', 'cpu', 'oom_adj', 'name'])).era, 'legacy');
  assert.equal(eraOf(t(['pid', 'uid', 'tgid', 'total_vm', 'rss', 'cpu', 'oom_adj', 'oom_score_adj', 'name'])).era, '2.6.36');
  assert.equal(eraOf(t(['pid', 'uid', 'tgid', 'total_vm', 'rss', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name'])).era, '4.17');
});

test('badness: rss + swap + page tables, adj weighed by totalpages/1000, -1000 never eligible', () => {
  // 3.x: nr_ptes pages count directly
  assert.deepEqual(badnessOf(row(1, 57945, { swapentsPages: 72955, nrPtes: 321 }), '3.6', 131072, 4), { points: 131221, eligible: true });
  // 4.15+: pgtables_bytes / PAGE_SIZE
  assert.equal(badnessOf(row(1, 23552, { pgtablesBytes: 2670592, swapentsPages: 0 }), '4.17', 32980800, 4).points, 23552 + 652);
  // adj +1 on 32980800 pages = +32980
  assert.equal(badnessOf(row(1, 1291, { pgtablesBytes: 73728, oomScoreAdj: 1 }), '4.17', 32980800, 4).points, 1291 + 18 + 32980);
  // pre-5.9 clamps to 1, 5.9+ keeps the negative value
  assert.equal(badnessOf(row(1, 679, { pgtablesBytes: 65536, oomScoreAdj: -998 }), '4.17', 131072, 4).points, 1);
  assert.equal(badnessOf(row(1, 679, { pgtablesBytes: 65536, oomScoreAdj: -998 }), '5.9', 131072, 4).points, 679 + 16 - 998 * 131);
  assert.equal(badnessOf(row(1, 99999, { oomScoreAdj: -1000 }), '5.9', 131072, 4).eligible, false);
  // 2.6.36: already scaled to 0..1000 and clamped
  assert.equal(badnessOf(row(1, 500, {}), '2.6.36', 1000, 4).points, 500);
  assert.equal(badnessOf(row(1, 5000, {}), '2.6.36', 1000, 4).points, 1000);
});

test('memcg totalpages: the memory+swap limit caps limit + swap (v1)', () => {
  const ev = event({
    kind: 'memcg-v1',
    memcg: { stats: [], memory: { usageKiB: 229600, limitKiB: 262144, failcnt: 1, line: 0 }, memsw: { usageKiB: 524288, limitKiB: 524288, failcnt: 1, line: 0 } },
  });
  assert.equal(totalPagesOf(ev).pages, 131072);
  const unlimited = event({
    kind: 'memcg-v1',
    memcg: { stats: [], memory: { usageKiB: 1, limitKiB: 1048576, failcnt: 1, line: 0 }, memsw: { usageKiB: 1, limitKiB: 9007199254740988, failcnt: 0, line: 0 } },
  });
  assert.equal(totalPagesOf(unlimited).pages, 262144);
  const global = event({
    kind: 'global',
    memInfo: { line: 0, pages: {}, nodes: [], zones: [], pagesRam: 33554298, pagesReserved: 573498, swapTotalKiB: 0, pageSizeKiB: 4, pageSizeKnown: true },
  });
  assert.equal(totalPagesOf(global).pages, 32980800);
});

test('sacrifice child: the chosen parent is ranked, the killed child is explained (sample 00 numbers)', () => {
  const rows = [
    row(9537, 712, { nrPtes: 21, swapentsPages: 1041, name: 'my_init' }),
    row(20879, 57945, { nrPtes: 321, swapentsPages: 72955, name: 'beam.smp' }),
    row(20977, 127, { nrPtes: 8, swapentsPages: 25, name: 'sh' }),
  ];
  const ev = event({
    kind: 'memcg-v1', kernel: '3.13.0-36-generic',
    memcg: { stats: [], memory: { usageKiB: 229600, limitKiB: 262144, failcnt: 1, line: 0 }, memsw: { usageKiB: 524288, limitKiB: 524288, failcnt: 1, line: 0 } },
    tasks: { headerLine: 0, columns: ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'nr_ptes', 'swapents', 'oom_score_adj', 'name'], rows },
    chosen: { pid: 20911, comm: 'beam.smp', score: 1001, line: 1 },
    victims: [{ pid: 20977, comm: 'sh', line: 2 }],
  });
  const ex = explainVictim(ev);
  assert.equal(ex.victimIsTop, true);
  assert.equal(ex.targetRow?.row.name, 'beam.smp');
  assert.equal(ex.computedScore, 1001);
  assert.match(ex.summary, /beam\.smp \(20911\) — ranked #1 of 3 by badness; killed sh \(20977\) instead/);
  assert.ok(ex.reasons.some(r => /sacrificed the child/.test(r)));
  assert.ok(ex.reasons.some(r => /PID 20911 is not in the task table; matched by name/.test(r)));
  assert.ok(ex.reasons.some(r => /Printed score 1001 matches our 1001/.test(r)));
  const md = victimMarkdown(ex, ev);
  assert.match(md, /\| 1 \| \*\*beam\.smp \(20879\)\*\* \| 513 MiB \| 0 \| 131221 \| 1001 \| 1001 \|/);
});

test('not the top task: an earlier OOM already killed the top one; ties keep the first row', () => {
  const rows = [row(10, 5000, { name: 'big' }), row(11, 3000, { name: 'mid' }), row(12, 3000, { name: 'mid2' })];
  const tasks = { headerLine: 0, columns: ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name'], rows };
  const first = event({ index: 0, kernel: '5.10.0', victims: [{ pid: 10, comm: 'big', line: 0 }] });
  const second = event({ index: 1, kernel: '5.10.0', tasks, victims: [{ pid: 11, comm: 'mid', line: 5 }] });
  const ex = explainVictim(second, { events: [first, second], lineCount: 10, prefixes: { lines: [], lengths: [] }, fields: new FieldIndex() });
  assert.equal(ex.victimIsTop, false);
  assert.equal(ex.targetRow?.rank, 2);
  assert.equal(ex.ranked[2].rank, 2, 'equal points share a rank');
  assert.ok(ex.reasons.some(r => /already killed by an earlier OOM: big \(10\) \(OOM 1\)/.test(r)), ex.reasons.join('\n'));
  // tie: mid (first row of the two) is ranked above mid2
  assert.equal(ex.ranked[1].row.name, 'mid');
  assert.equal(ex.ranked[2].row.name, 'mid2');
});

test('cannot rank: legacy kernels, missing table, victim not in the table', () => {
  const legacy = explainVictim(event({ kernel: '2.6.32', victims: [{ pid: 1, comm: 'x', line: 0 }] }));
  assert.equal(legacy.reproducible, false);
  assert.match(legacy.summary, /not reproducible on kernels before 2\.6\.36/);
  const noTable = explainVictim(event({ kernel: '5.4.0', victims: [{ pid: 1, comm: 'x', line: 0 }] }));
  assert.match(noTable.summary, /no task table/);
  const missing = explainVictim(event({
    kernel: '5.4.0', victims: [{ pid: 99, comm: 'ghost', line: 0 }],
    tasks: { headerLine: 0, columns: ['pid', 'rss', 'swapents', 'pgtables_bytes'], rows: [row(1, 10)] },
  }));
  assert.equal(missing.victimIsTop, undefined);
  assert.match(missing.summary, /ghost \(99\) — not in the task table/);
});

test('rankOf finds each row\'s ranking, also rows of a #012-split record that share a line', () => {
  const text = [
    'Jul  9 00:15:25 h kernel: [  1.0] java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0',
    'Jul  9 00:15:25 h kernel: [  1.1] [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name',
    'Jul  9 00:15:25 h kernel: [  1.2] [ 1303]     0  1303      868       37       5        0             0 a#012[ 1304]     0  1304      868       99       5        0             0 b',
    'Jul  9 00:15:25 h kernel: [  1.3] [ 1305]     0  1305      868       38       5        0             0 c',
    'Jul  9 00:15:25 h kernel: [  1.4] Out of memory: Kill process 1304 (b) score 1 or sacrifice child',
    'Jul  9 00:15:25 h kernel: [  1.5] Killed process 1304 (b) total-vm:3472kB, anon-rss:396kB, file-rss:0kB',
  ].join('\n');
  const a = parseOomLog(text);
  const ev = a.events[0];
  const rows = ev.tasks!.rows;
  assert.deepEqual(rows.map(r => `${r.pid}@${r.line}`), ['1303@2', '1304@2', '1305@3']);
  const ex = explainVictim(ev, a);
  assert.deepEqual(rows.map(r => rankOf(ex, r)?.rank), [3, 1, 2]);
  for (const r of rows) assert.equal(rankOf(ex, r)?.row, r);
  // every row of every corpus report: the same entry a search of the whole ranking finds
  let n = 0;
  for (const f of corpusFiles()) {
    const c = parseOomLog(fs.readFileSync(path.join(corpusDir(), f), 'utf8'));
    for (const e of c.events) {
      const x = explainVictim(e, c);
      for (const r of e.tasks?.rows ?? []) { assert.equal(rankOf(x, r), x.ranked.find(k => k.row === r), `${f}: pid ${r.pid}`); n++; }
    }
  }
  assert.ok(n > 100, `${n} rows`);
});
