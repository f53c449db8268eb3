import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildReportView } from '../../../server/src/report/model';
import { renderMarkdown } from '../../../server/src/report/markdown';
import { renderEventSection, renderReportHtml } from '../../../client/src/report/html';
import { analysisOf, globalEvent, memcgEvent } from './fixtures';

const view = buildReportView(analysisOf(memcgEvent(0, 0), globalEvent(1, 30)), 'kern <1>.log', 'file:///kern.log');

test('html: strict CSP with nonce, no remote resources, title for tests', () => {
  const html = renderReportHtml(view, { nonce: 'abc123' });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, 'CSP meta present');
  assert.match(csp!, /default-src 'none'/);
  assert.match(csp!, /script-src 'nonce-abc123'/);
  assert.match(csp!, /style-src 'nonce-abc123'/);
  assert.doesNotMatch(csp!, /unsafe-inline|unsafe-eval/);
  assert.doesNotMatch(html, /https?:\/\//, 'no http(s) URL anywhere');
  // every script and style element carries the nonce; no inline style attributes (CSP would block them)
  for (const m of html.matchAll(/<(script|style)\b[^>]*>/g)) assert.match(m[0], /nonce="abc123"/);
  assert.doesNotMatch(html, /\sstyle="/);
  assert.doesNotMatch(html, /\son[a-z]+="/, 'no inline event handlers');
  assert.match(html, /<title>OOM Report: kern &lt;1&gt;\.log<\/title>/);
});

test('html: victim marked in summary, details and chart; theme colours only', () => {
  const html = renderReportHtml(view, { nonce: 'n' });
  assert.match(html, /<span class="victim-name">app<\/span>/);
  assert.match(html, /<g class="clickable victim" data-line="13"/);
  assert.match(html, /✖ app/);
  assert.match(html, /app \(pid 4242\) killed/);
  assert.doesNotMatch(html, /(fill|stroke)="#|:\s*#[0-9a-fA-F]{3}|rgb\(/, 'no colour literals');
  assert.match(html, /var\(--vscode-charts-red\)/);
  // only the selected event is rendered; the other is loaded on demand
  assert.match(html, /<section id="ev-1" class="detail" hidden><\/section>/);
  const second = renderReportHtml(view, { nonce: 'n', selected: 1 });
  assert.match(second, /<section id="ev-0" class="detail" hidden><\/section>/);
  assert.match(second, /Free memory per zone/);
  assert.match(second, /below min/);
});

test('html: process names with <>&" are escaped everywhere', () => {
  const html = renderReportHtml(view, { nonce: 'n' });
  assert.ok(!html.includes('helper <x>'), 'raw name must not appear');
  assert.match(html, /helper &lt;x&gt;&amp;&quot;y&quot;/);
  const section = renderEventSection(view.events[0]);
  assert.ok(!section.includes('<x>'));
});

test('html: clickable items carry 0-based editor lines', () => {
  const section = renderEventSection(view.events[1]);
  assert.match(section, /data-line="42"/, 'DMA32 zone line');
  assert.match(section, /data-line="69"/, 'kill line');
  assert.match(section, /data-line="51"/, 'firefox task row');
});

test('html: 200 events render summaries, one detail, and a timeline', () => {
  const many = buildReportView(analysisOf(...Array.from({ length: 200 }, (_, i) => memcgEvent(i, i * 30))), 'big.log', 'u');
  const html = renderReportHtml(many, { nonce: 'n' });
  assert.equal(html.match(/<tr class="summary/g)?.length, 200);
  assert.equal(html.match(/<section [^>]*data-loaded/g)?.length, 1);
  assert.equal(html.match(/class="clickable seg-event"/g)?.length, 200);
  assert.ok(html.length < 400_000, `html is ${html.length} chars`);
});

test('html: empty file says so', () => {
  const html = renderReportHtml(buildReportView(analysisOf(), 'x.log', 'u'), { nonce: 'n' });
  assert.match(html, /No OOM-killer report found/);
});

test('markdown: same facts as the view', () => {
  const md = renderMarkdown(view);
  assert.match(md, /^# OOM report: kern \\<1\\>\.log/);
  assert.match(md, /2 OOM events\./);
  assert.match(md, /## Timeline/);
  assert.match(md, /## Event 1 \(line 1\): app \(pid 4242\) killed/);
  assert.match(md, /\*\*Limit hit in:\*\* `\/system\.slice\/app\.service` \(unit app\.service\)/);
  assert.match(md, /usage 512 MiB, limit 512 MiB, limit hit 12 times/);
  assert.match(md, /\| 4242 \| app \*\*\(killed\)\*\* \| 469 MiB \| 430 MiB \|/);
  assert.match(md, /helper \\<x\\>\\&"y"/);
  assert.match(md, /\| Node 0 DMA32 \| 43 MiB \| 43\.5 MiB \| 54\.3 MiB \| 65\.1 MiB \| below min \| 43 \|/);
  assert.match(md, /\*\*Swap:\*\* 0 KiB free of 2 GiB\./);
  assert.match(md, /`GFP_KERNEL`: ordinary kernel allocation/);
  assert.match(md, /no flags: OOM from a page fault/);
});

test('timeline: events in the same second stay visible side by side; file order when untimed', async () => {
  const { timelineChart } = await import('../../../client/src/report/charts');
  const xsOf = (svg: string) => [...svg.matchAll(/class="clickable seg-event"[^>]* x="([\d.]+)"/g)].map(m => Number(m[1]));
  const same = buildReportView(analysisOf(globalEvent(0, 0), globalEvent(1, 50), memcgEvent(2, 100)), 'f', 'u');
  same.events.forEach(e => { e.timeSec = 1000; });
  same.timeline!.points.forEach(p => { p.timeSec = 1000; });
  const a = xsOf(timelineChart(same));
  assert.equal(new Set(a).size, 3, `distinct x positions: ${a}`);
  assert.match(timelineChart(same), /all events in the same second/);
  const burst = buildReportView(analysisOf(memcgEvent(0, 0), memcgEvent(1, 30), memcgEvent(2, 60)), 'f', 'u');
  burst.timeline!.points[1].timeSec = burst.timeline!.points[0].timeSec;
  const b = xsOf(timelineChart(burst));
  assert.equal(new Set(b).size, 3, `nudged apart: ${b}`);
  assert.ok(b.every(x => x >= 60 && x <= 640));
  assert.match(timelineChart(burst), /20 s between first and last event/);
});
