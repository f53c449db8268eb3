/** The report view over the real OOM logs of the shared corpus (parsed by the real parser). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { defaultSettings, emptyWorkspace } from '../../../server/src/common/service';
import { oomLogService } from '../../../server/src/crossfile';
import { buildReportView, type ReportView } from '../../../server/src/report/model';
import { renderMarkdown } from '../../../server/src/report/markdown';
import { renderEventSection, renderReportHtml } from '../../../client/src/report/html';

// The repository's copy of the shared corpus.
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const CORPUS = path.join(repoRoot, 'test', 'fixtures', 'corpus');

function viewOf(name: string): ReportView {
  const file = path.join(CORPUS, name);
  const text = fs.readFileSync(file, 'utf8');
  const ctx = { uri: `file://${file}`, path: file, settings: defaultSettings, workspace: emptyWorkspace };
  return buildReportView(oomLogService.analyze(text, ctx), name, ctx.uri);
}

const victimOf = (v: ReportView, i: number) => v.events[i].victims.map(x => `${x.comm}:${x.pid}`);

test('00 ubuntu 3.13 memcg v1 docker: victim, top processes, limit path, no reaper on 3.x', () => {
  const v = viewOf('00-ubuntu-3.13-memcg-v1-docker-sacrifice-child-syslog-stripped.log');
  assert.deepEqual(victimOf(v, 0), ['sh:20977']);
  const e = v.events[0];
  assert.equal(e.topProcesses[0].name, 'beam.smp');
  assert.ok(e.topProcesses.some(p => p.victim && p.name === 'sh'), 'small victim still in the chart');
  assert.match(e.memcg?.limitPath ?? '', /^\/docker\/a4d47fb7/);
  // memory (229600 of 262144 kB) is below its limit; memory+swap is at its 524288 kB limit: that is the one that was hit
  assert.equal(e.memcg?.counter, 'memory+swap');
  assert.equal(e.memcg?.usageKiB, 524288);
  assert.equal(e.memcg?.limitKiB, 524288);
  assert.equal(e.reaper.state, 'not applicable');
  assert.equal(v.timeline, undefined);
});

test('01 linux 2.6.36 global: zones vs watermarks, HighMem below min, swap, no kill line', () => {
  const v = viewOf('01-linux-2.6.36-arch-global-syslog-nonuma.log');
  const e = v.events[0];
  assert.equal(e.kind, 'global');
  assert.deepEqual(e.zones.map(z => z.name), ['DMA', 'Normal', 'HighMem']);
  assert.deepEqual(e.zones.map(z => z.belowMin), [false, false, true]);
  assert.equal(e.zones[2].minKiB, 512);
  assert.equal(e.swap?.totalKiB, 0);
  assert.deepEqual(e.victims, []);
  assert.equal(e.topProcesses[0].name, 'nautilus');
  assert.equal(e.taskCount > 100, true);
  assert.equal(v.timeline?.points.length, v.events.length);
});

test('03 centos 3.10 memcg k8s: java killed and marked in the chart, rss from the kill line', () => {
  const v = viewOf('03-centos7-3.10.0-327-memcg-v1-dmesg-T-k8s.log');
  assert.deepEqual(victimOf(v, 0), ['java:28438']);
  assert.equal(v.events[0].topProcesses[0].victim, true);
  assert.equal(v.events[0].victims[0].rssKiB, 466160 + 13684);
});

test('08 4.19 memcg: selected but no kill line; usage at the limit', () => {
  const e = viewOf('08-4.19-memcg-v1-tasks-state-sacrifice-child-termwrapped.log').events[0];
  assert.deepEqual(e.victims, []);
  assert.equal(e.chosen?.comm, 'bash');
  assert.equal(e.memcg?.usageKiB, 524288);
  assert.equal(e.memcg?.limitKiB, 524288);
  assert.match(e.headline, /selected, kill line not in log/);
});

test('09 ubuntu 5.4 global, two reports: victims, NUMA zones, reaper, timeline of freed memory', () => {
  const v = viewOf('09-ubuntu-5.4.0-29-global-pagefault-dmesg-Tw-2reports.log');
  assert.equal(v.events.length, 2);
  assert.deepEqual(victimOf(v, 0), ['containerd-shim:3143527']);
  assert.deepEqual(victimOf(v, 1), ['containerd:2296209']);
  assert.deepEqual(v.events[0].zones.map(z => z.name), ['Node 0 DMA', 'Node 0 DMA32', 'Node 0 Normal']);
  assert.equal(v.events[0].trigger?.gfpMask, '0x0');
  assert.equal(v.events[1].topProcesses.find(p => p.victim)?.name, 'containerd');
  assert.equal(v.events[0].reaper.state, 'finished');
  assert.equal(v.timeline?.timed, true);
  assert.deepEqual(v.timeline?.points.map(p => p.victim), ['containerd-shim', 'containerd']);
  assert.ok(v.timeline!.points[1].freedKiB > v.timeline!.points[0].freedKiB);
});

test('10 memcg v1 with v2-format stats: usage vs limit', () => {
  const e = viewOf('10-5.x-memcg-v1-with-v2-format-memory-stat-dmesg-T.log').events[0];
  assert.equal(e.memcg?.limitKiB, 1048576);
  assert.equal(e.memcg?.unlimited, false);
});

test('15 debian 6.16 global: gfp flags in words, cut before the kill line', () => {
  const e = viewOf('15-debian-6.16.9-global-dmesg-T-uid-preempt.log').events[0];
  assert.deepEqual(e.trigger?.gfpFlags.map(f => f.name), ['GFP_HIGHUSER_MOVABLE', '__GFP_ZERO', '__GFP_COMP']);
  assert.ok(e.trigger?.gfpFlags.every(f => f.words));
  assert.equal(e.trigger?.pid, 3589817);
  assert.ok(e.missing.length > 0);
});

test('every corpus file renders to HTML and Markdown with its victims', () => {
  for (const name of fs.readdirSync(CORPUS).filter(f => f.endsWith('.log'))) {
    const v = viewOf(name);
    assert.ok(v.events.length > 0, `${name}: events`);
    const html = renderReportHtml(v, { nonce: 'n' });
    const md = renderMarkdown(v);
    assert.doesNotMatch(html, /https?:\/\//, name);
    for (const e of v.events) {
      const section = renderEventSection(e);
      for (const x of e.victims) {
        assert.ok(section.includes(`<span class="victim-name">${x.comm.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</span>`), `${name}: victim ${x.comm}`);
        assert.ok(md.includes(`(pid ${x.pid}`), `${name}: markdown victim ${x.pid}`);
      }
    }
  }
});
