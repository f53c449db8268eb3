import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { oomLogService as svc } from '../../../server/src/crossfile';
import { corpus, ctx } from './helpers';

/** Hover at the `nth` occurrence of `needle` (0-based), `offset` characters into it. */
function hoverOn(name: string, needle: string, offset = 0, nth = 0) {
  const text = corpus(name);
  const analysis = svc.analyze(text, ctx());
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    let c = lines[i].indexOf(needle);
    while (c >= 0) {
      if (seen++ === nth) {
        const h = svc.hover(analysis, { line: i, character: c + offset }, ctx());
        assert.ok(h, `no hover on "${needle}" at ${i}:${c + offset}`);
        assert.ok(h.range.start.line <= i && h.range.end.line >= i);
        return h.markdown;
      }
      c = lines[i].indexOf(needle, c + 1);
    }
  }
  throw new Error(`"${needle}" #${nth} not in ${name}`);
}

test('kill line: anon-rss name and value, converted, with victim share of RAM and the ranking', () => {
  const onName = hoverOn('09', 'anon-rss:620kB', 1);
  assert.match(onName, /Anonymous resident memory/);
  assert.match(onName, /620 kB/);
  // anon 620 + file 4544 + shmem 0 = 5164 kB
  assert.match(onName, /Victim RSS \(anon \+ file \+ shmem\): \*\*5\.04 MiB\*\*, < 0\.1 % of RAM \(128 GiB\)/);
  const onValue = hoverOn('09', 'anon-rss:59336kB', 10);
  assert.match(onValue, /59,336 kB ≈ \*\*57\.9 MiB\*\*/);
});

test('victim name on the kill line explains why it was chosen', () => {
  const md = hoverOn('09', '(containerd-shim) total-vm', 1);
  assert.match(md, /Why this victim\?/);
  assert.match(md, /containerd-shim \(3143527\) — ranked #1 of 129 by badness/);
  // adj +1 on 32,980,800 allowed pages adds 32,980 points: 1291 rss + 18 page-table pages + 32980
  assert.match(md, /\| 1 \| \*\*containerd-shim \(3143527\)\*\* \| [\d.]+ MiB \| 1 \| 34289 \|/);
  assert.match(md, /\| 2 \| containerd \(2296209\) \| [\d.]+ MiB \| 0 \| 24204 \|/);
});

test('task-table cells: column meaning, pages → MiB with the report page size, which process and its rank', () => {
  const md = hoverOn('09', '    23552  2670592', 6); // containerd rss column
  assert.match(md, /^\*\*rss\*\*\n/);
  assert.match(md, /23,552 pages ≈ \*\*92 MiB\*\* \(4 KiB pages\)/);
  assert.match(md, /Process \*\*containerd\*\* \(pid 2296209, uid 0\)/);
  assert.match(md, /Badness 24204 .*ranked #2 of 129/);
  const pg = hoverOn('09', '2670592');
  assert.match(pg, /2,670,592 bytes ≈ \*\*2\.55 MiB\*\*/);
  const adj = hoverOn('09', '         -1000 systemd-udevd', 11);
  assert.match(adj, /-1000: this task is never chosen/);
  assert.match(adj, /never a candidate/);
});

test('Mem-Info counters (pages), zone watermarks (kB), swap and RAM lines', () => {
  const md = hoverOn('09', 'active_anon:57988', 13);
  assert.match(md, /`active_anon`/);
  assert.match(md, /57,988 pages ≈ \*\*227 MiB\*\* \(4 KiB pages\)/);
  const zone = hoverOn('09', 'min:1556kB', 4);
  assert.match(zone, /min watermark/);
  assert.match(zone, /Node 0 DMA32: free 2\.92 GiB vs min 1\.52 MiB \/ low 4\.48 MiB \/ high 7\.45 MiB — above the high watermark/);
  const ram = hoverOn('09', '33554298 pages RAM', 2);
  assert.match(ram, /33,554,298 pages ≈ \*\*128 GiB\*\*/);
  const swap = hoverOn('09', 'Total swap = 0kB', 2);
  assert.match(swap, /machine has no swap/);
});

test('memcg counters: usage as % of limit; v1 KB stats and 5.3+ byte stats', () => {
  const usage = hoverOn('00', 'usage 229600kB', 0);
  assert.match(usage, /229,600 kB ≈ \*\*224 MiB\*\*/);
  assert.match(usage, /Usage 224 MiB of 256 MiB = \*\*88 %\*\* of the limit/);
  const unlimited = hoverOn('00', '18014398509481983kB', 3);
  assert.match(unlimited, /unlimited/);
  const v1 = hoverOn('00', 'rss:229600KB', 5);
  assert.match(v1, /rss \(v1\)/);
  assert.match(v1, /229,600 kB ≈ \*\*224 MiB\*\*/);
  const v2 = hoverOn('10', 'anon 1062739968', 6);
  assert.match(v2, /^\*\*anon\*\*\n/);
  assert.match(v2, /1,062,739,968 bytes ≈ \*\*1014 MiB\*\*/);
  assert.match(v2, /99 % of the cgroup memory limit/);
});

test('trigger line: gfp flags one per line (printed and decoded), order in pages, constraint values', () => {
  const printed = hoverOn('15', 'gfp_mask=', 2);
  assert.match(printed, /- `GFP_HIGHUSER_MOVABLE` — Ordinary user-space page/);
  assert.match(printed, /- `__GFP_ZERO` — Return zero-filled memory/);
  assert.match(printed, /- `__GFP_COMP` — Compound page/);
  const decoded = hoverOn('00', '0xd0', 1);
  assert.match(decoded, /decoded from the hex mask with the gfp\.h table of Linux 4\.3 and earlier/);
  assert.match(decoded, /`GFP_KERNEL`/);
  const flag = hoverOn('15', '__GFP_ZERO', 3);
  assert.match(flag, /\*\*`__GFP_ZERO`\*\* — allocation flag/);
  const order = hoverOn('09', 'order=0', 7);
  assert.match(order, /2\^0 = 1 contiguous page = \*\*4 KiB\*\*/);
  const constraint = hoverOn('09', 'CONSTRAINT_NONE', 3);
  assert.match(constraint, /Global OOM: the whole machine/);
  const adj = hoverOn('09', 'oom_score_adj:1', 14);
  assert.match(adj, /\+1: penalised/);
});

test('fixed phrases explain their line; sacrifice child names both tasks', () => {
  assert.match(hoverOn('09', 'invoked oom-killer', 3), /OOM killer started/);
  assert.match(hoverOn('09', 'Mem-Info:', 2), /machine-wide memory summary/);
  assert.match(hoverOn('09', 'Tasks state', 2), /Task table/);
  assert.match(hoverOn('09', 'oom_reaper: reaped', 2), /Memory reaped/);
  const kill = hoverOn('00', 'Kill process', 1);
  assert.match(kill, /Victim selected/);
  assert.match(kill, /beam\.smp \(20911\) — ranked #1 of 29 by badness; killed sh \(20977\) instead/);
  assert.match(kill, /sacrificed the child/);
  assert.match(kill, /Printed score 1001 matches our 1001/);
  assert.match(hoverOn('00', 'or sacrifice child', 3), /spare the parent/);
});

test('hover outside any report and on garbage answers null, never throws', () => {
  const text = corpus('09');
  const a = svc.analyze(text, ctx());
  assert.equal(svc.hover(a, { line: 0, character: 5 }, ctx()), null);
  assert.equal(svc.hover(a, { line: 99999, character: 0 }, ctx()), null);
  const junk = svc.analyze('\u0000\u0001garbage\r\n'.repeat(100), ctx());
  assert.equal(svc.hover(junk, { line: 3, character: 2 }, ctx()), null);
});
