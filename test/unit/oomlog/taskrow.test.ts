import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RowScan, cellNumber, scanTaskRow } from '../../../server/src/oomlog/taskcells';
import { parseOomLog } from '../../../server/src/oomlog/parse';

const COLS = ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name']
  .map((name, prop) => ({ name, key: `task.${name}`, unit: 'count' as const, prop: name === 'name' ? -1 : prop }));

test('scanTaskRow: the name is the rest of the line, without the white space trimEnd removes', () => {
  const scan = new RowScan();
  for (const tail of ['', ' ', '\t', '\u00a0', ' \u3000\ufeff', '\u2028', '\v\f']) {
    const t = `[ 1303]     0  1303      868       37    45056        0             0 Web Content${tail}`;
    assert.ok(scanTaskRow(t, 0, COLS, scan), JSON.stringify(tail));
    assert.equal(t.slice(scan.nameS, scan.nameE), 'Web Content', JSON.stringify(tail));
  }
  // only white space after the numbers: an empty name
  assert.ok(scanTaskRow('[ 1303]     0  1303      868       37    45056        0             0 \u00a0 ', 0, COLS, scan));
  assert.equal(scan.nameS, scan.nameE);
});

test('scanTaskRow: pid as a number, up to 10 digits, inside any spacing', () => {
  const scan = new RowScan();
  for (const [pid, want] of [['[4294967295]', 4294967295], ['[      1]', 1], ['[  0007]', 7]] as const) {
    assert.ok(scanTaskRow(`${pid}     0  1303      868       37    45056        0             0 x`, 0, COLS, scan), pid);
    assert.equal(scan.cellV[0], want);
  }
  assert.equal(scanTaskRow('[12345678901]     0  1303      868       37    45056        0             0 x', 0, COLS, scan), false);
});

test('scanTaskRow reads each cell as cellNumber reads it (sign, 1–20 digits, long runs through Number), and refuses the rest', () => {
  const scan = new RowScan();
  const cells = ['0', '-0', '7', '-100', '868', '123456789012345', '1234567890123456', '99999999999999999999',
    '-12345678901234567890', '123456789012345678901', '-', '--1', '1-', '1a', '0x10', '+5', '1.5', '١٢'];
  for (const cell of cells) {
    const t = `[ 1303]     0  1303      868 ${cell}    45056        0             0 x`;
    const want = cellNumber(cell, 0, cell.length);
    const ok = scanTaskRow(t, 0, COLS, scan);
    if (want !== want) { assert.equal(ok, false, cell); continue; }
    assert.ok(ok, cell);
    assert.ok(Object.is(scan.cellV[4], want), `${cell}: ${scan.cellV[4]} ≠ ${want}`);
    assert.equal(t.slice(scan.cellS[4], scan.cellE[4]), cell);
  }
  // a cell at the very end of the line (no name): the same number
  assert.ok(scanTaskRow('[ 1303]     0  1303      868 -37', 0, COLS.slice(0, 5), scan));
  assert.equal(scan.cellV[4], -37);
});

test('task rows fill every column property of their layout, by name', () => {
  const log = [
    '[  100.000000] java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
    '[  100.000001] Tasks state (memory values in pages):',
    '[  100.000002] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
    '[  100.000003] [   2243]  1000  2243  1336948   433038   432000     1000        38  4067328        5          -100 java',
    '[  100.000004] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=java,pid=2243,uid=1000',
    '[  100.000005] Out of memory: Killed process 2243 (java) total-vm:5347792kB, anon-rss:1728000kB, file-rss:4000kB, shmem-rss:152kB, UID:1000 pgtables:3972kB oom_score_adj:-100',
  ].join('\n');
  const row = parseOomLog(log).events[0].tasks!.rows[0];
  assert.deepEqual({ ...row }, {
    pid: 2243, uid: 1000, tgid: 2243, totalVmPages: 1336948, rssPages: 433038, name: 'java', line: 3,
    rssAnonPages: 432000, rssFilePages: 1000, rssShmemPages: 38, pgtablesBytes: 4067328, swapentsPages: 5, oomScoreAdj: -100,
  });
});
