/** Report view details a user reads: the reaper sentence, pids on the bars, one watermark scale, long paths. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildReportView } from '../../../server/src/report/model';
import { processChart, zoneChart } from '../../../client/src/report/charts';
import { renderReportHtml } from '../../../client/src/report/html';
import { analysisOf, globalEvent, memcgEvent } from './fixtures';

const reaperText = (r: { anonRssKiB?: number; fileRssKiB?: number; shmemRssKiB?: number }) =>
  buildReportView(analysisOf(memcgEvent(0, 0, { reaper: { pid: 4242, comm: 'app', ok: true, line: 20, ...r } })), 'f', 'u').events[0].reaper.text;

test('the reaper sentence says what is left, and only what is left', () => {
  assert.equal(reaperText({ anonRssKiB: 0, fileRssKiB: 0, shmemRssKiB: 0 }), "the OOM reaper freed the victim's memory (nothing left mapped)");
  assert.equal(reaperText({ anonRssKiB: 0, fileRssKiB: 120, shmemRssKiB: 0 }),
    "the OOM reaper freed the victim's memory (120 KiB still mapped: file 120 KiB; file pages stay in the page cache)");
  assert.equal(reaperText({ anonRssKiB: 2048, fileRssKiB: 0, shmemRssKiB: 4096 }),
    "the OOM reaper freed the victim's memory (6 MiB still mapped: anon 2 MiB, shmem 4 MiB)");
  assert.equal(reaperText({}), "the OOM reaper freed the victim's memory");
  for (const t of [reaperText({ anonRssKiB: 0, fileRssKiB: 0, shmemRssKiB: 0 }), reaperText({ anonRssKiB: 2048, fileRssKiB: 0, shmemRssKiB: 0 })]) {
    assert.doesNotMatch(t, /mostly file pages|0 KiB still mapped/);
  }
});

test('process bars are labelled with name and pid; long names are cut, the pid never', () => {
  const ev = globalEvent();
  ev.tasks!.rows[1].name = 'a-very-long-process-name-from-the-table';
  const svg = processChart(buildReportView(analysisOf(ev), 'f', 'u').events[0]);
  assert.match(svg, /✖ firefox \(900\)<\/text>/);
  assert.match(svg, />a-very-long-process… \(901\)<\/text>/);
  assert.match(svg, />Xorg \(902\)<\/text>/);
});

test('watermark bars share one scale across zones', () => {
  const zones = buildReportView(analysisOf(globalEvent()), 'f', 'u').events[0].zones;
  const svg = zoneChart(zones);
  const tracks = [...svg.matchAll(/<rect class="track" x="\d+" y="\d+" width="([\d.]+)"/g)].map(m => Number(m[1]));
  assert.equal(tracks.length, 2);
  assert.equal(tracks[0], tracks[1], 'one track length for every zone');
  // free 44,000 vs 90,000 KiB: bar widths in that ratio
  const free = [...svg.matchAll(/<rect class="seg-(?:free|low)" x="\d+" y="\d+" width="([\d.]+)"/g)].map(m => Number(m[1]));
  assert.ok(Math.abs(free[0] / free[1] - 44000 / 90000) < 0.01, `widths ${free}`);
  // the min tick of each zone sits at its own value on the common scale
  const mins = [...svg.matchAll(/<line class="mark-min" x1="([\d.]+)"/g)].map(m => Number(m[1]) - 170);
  assert.ok(Math.abs(mins[0] / mins[1] - 44500 / 40000) < 0.01, `min ticks ${mins}`);
});

test('long cgroup paths wrap instead of being clipped', () => {
  const long = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0123456789abcdef0123456789abcdef.slice/cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope';
  const ev = memcgEvent();
  ev.memcg!.limitPath = long;
  const html = renderReportHtml(buildReportView(analysisOf(ev), 'f', 'u'), { nonce: 'n' });
  assert.ok(html.includes(`<code>${long}</code>`));
  assert.match(html, /dd \{[^}]*overflow-wrap: anywhere/);
  assert.match(html, /code, h2, td \{ overflow-wrap: anywhere; \}/);
  assert.match(html, /grid-template-columns: max-content minmax\(0, 1fr\)/);
});
