import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildReportView, TOP_N } from '../../../server/src/report/model';
import { analysisOf, globalEvent, memcgEvent, row } from './fixtures';

test('memcg event: victim, unit, usage vs limit, rss split, reaper finished', () => {
  const v = buildReportView(analysisOf(memcgEvent()), 'kern.log', 'file:///kern.log');
  const e = v.events[0];
  assert.equal(e.victims[0].comm, 'app');
  assert.equal(e.victims[0].rssKiB, 480000);
  assert.equal(e.memcg?.limitUnit, 'app.service');
  assert.equal(e.memcg?.usageKiB, 524288);
  assert.equal(e.memcg?.limitKiB, 524288);
  assert.equal(e.memcg?.unlimited, false);
  assert.equal(e.rssSplit, true);
  assert.equal(e.topProcesses[0].name, 'app');
  assert.equal(e.topProcesses[0].victim, true);
  assert.equal(e.topProcesses[0].anonKiB, 440000);
  assert.equal(e.reaper.state, 'finished');
  assert.match(e.headline, /^app \(pid 4242\) killed, holding 469 MiB: memory cgroup \(v2\) hit its limit in app\.service$/);
  assert.equal(e.trigger?.gfpFlags[0].name, 'GFP_KERNEL');
  assert.ok(e.trigger?.gfpFlags[0].words);
  assert.equal(e.trigger?.orderText, 'one page (4 KiB)');
  assert.equal(v.timeline, undefined, 'one event has no timeline');
});

test('global event: zones with watermarks, swap, victim without split columns', () => {
  const e = buildReportView(analysisOf(globalEvent()), 'syslog', 'file:///syslog').events[0];
  assert.deepEqual(e.zones.map(z => [z.name, z.belowMin]), [['Node 0 DMA32', true], ['Node 0 Normal', false]]);
  assert.equal(e.zones[0].minKiB, 44500);
  assert.deepEqual(e.swap, { freeKiB: 0, totalKiB: 2097148, line: 18 });
  assert.equal(e.rssSplit, false);
  assert.equal(e.topProcesses[0].rssKiB, 2000000);
  assert.equal(e.topProcesses.find(p => p.victim)?.name, 'firefox');
  assert.equal(e.reaper.state, 'not in log');
  assert.equal(e.kindText, 'whole machine out of memory');
});

test('top processes are bounded and keep the victim even when it is small', () => {
  const ev = memcgEvent();
  ev.tasks!.rows = Array.from({ length: 500 }, (_, i) => row(10000 + i, `w${i}`, 1000 + i, 100 + i));
  ev.tasks!.rows.push(row(4242, 'app', 5, 700));
  const e = buildReportView(analysisOf(ev), 'f', 'u').events[0];
  assert.equal(e.topProcesses.length, TOP_N + 1);
  assert.equal(e.topProcesses[0].name, 'w499');
  assert.ok(e.topProcesses.slice(0, TOP_N).every((p, i, a) => i === 0 || a[i - 1].rssKiB >= p.rssKiB));
  assert.equal(e.topProcesses[TOP_N].name, 'app');
  assert.equal(e.topProcesses[TOP_N].victim, true);
  assert.equal(e.taskCount, 501);
});

test('timeline for several events: timed by monotonic clock, freed memory per kill', () => {
  const events = Array.from({ length: 200 }, (_, i) => memcgEvent(i, i * 30));
  const v = buildReportView(analysisOf(...events), 'f', 'u');
  assert.equal(v.timeline?.points.length, 200);
  assert.equal(v.timeline?.timed, true);
  assert.equal(v.timeline?.points[3].freedKiB, 444000); // anon 440000 + shmem 4000: file pages stay in the page cache
  assert.equal(v.timeline?.totalFreedKiB, 200 * 444000);
  assert.equal(v.timeline?.points[199].line, 199 * 30);
});

test('events without usable timestamps give an untimed timeline', () => {
  const a = memcgEvent(0, 0, { timestamp: undefined });
  const b = memcgEvent(1, 30, { timestamp: { raw: '[月  1月 26 01:49:41 2026]', wall: '月  1月 26 01:49:41 2026' } });
  const v = buildReportView(analysisOf(a, b), 'f', 'u');
  assert.equal(v.timeline?.timed, false);
});

test('incomplete reports: no kill line, unlimited memcg, old kernel without reaper', () => {
  const ev = memcgEvent(0, 0, { victims: [], reaper: undefined, kernel: '3.10.0-327.el7.x86_64' });
  ev.memcg!.memory!.limitKiB = 9007199254740988;
  const e = buildReportView(analysisOf(ev), 'f', 'u').events[0];
  assert.equal(e.memcg?.unlimited, true);
  assert.equal(e.reaper.state, 'not applicable');
  assert.match(e.headline, /without a kill line/);
  assert.equal(e.freedKiB, undefined);
  const old = memcgEvent(0, 0, { reaper: undefined, kernel: '4.4.0-21' });
  assert.match(buildReportView(analysisOf(old), 'f', 'u').events[0].reaper.text, /no OOM reaper/);
});

