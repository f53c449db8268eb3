/**
 * Output size is bounded whatever the file: document symbols (a crafted unit of `[Service]`
 * headers, a sysctl file of distinct keys, a group kill of thousands of processes) and the report
 * view model (listed victims and problems) end with "… and N more" instead of growing with the input.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import type { SymbolEntry } from '../../../server/src/common/types';
import { capSymbols, MAX_CHILD_SYMBOLS, MAX_SYMBOL_TEXT, MAX_TOP_SYMBOLS } from '../../../server/src/common/symbolCap';
import { unitService } from '../../../server/src/crossfile';
import { sysctlService } from '../../../server/src/crossfile';
import { oomLogService } from '../../../server/src/crossfile';
import { buildReportView, MAX_LISTED } from '../../../server/src/report/model';
import { renderMarkdown } from '../../../server/src/report/markdown';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const ctx = (p: string): DocumentContext => ({ uri: `file://${p}`, path: p, settings: defaultSettings, workspace: emptyWorkspace });

function count(list: readonly SymbolEntry[]): number {
  return list.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
}

test('unit: 3 × MAX_TOP_SYMBOLS [Service] headers give MAX_TOP_SYMBOLS sections and "… and N more" spanning the rest', () => {
  const n = 3 * MAX_TOP_SYMBOLS;
  const text = '[Service]\nMemoryMax=1G\n'.repeat(n) + `[${'X'.repeat(5000)}]\n`;
  const c = ctx('/etc/systemd/system/big.service');
  const syms = unitService.symbols(unitService.analyze(text, c));
  assert.equal(syms.length, MAX_TOP_SYMBOLS + 1);
  const more = syms[syms.length - 1];
  assert.equal(more.name, `… and ${n + 1 - MAX_TOP_SYMBOLS} more`);
  assert.equal(more.range.start.line, 2 * MAX_TOP_SYMBOLS, 'starts at the first section left out');
  assert.ok(more.range.end.line >= 2 * n, 'ends at the last one');
  assert.ok(JSON.stringify(syms).length < 3_000_000, `bounded answer: ${JSON.stringify(syms).length} bytes`);
  // below the bounds nothing changes
  const small = unitService.symbols(unitService.analyze('[Service]\nMemoryMax=1G\n'.repeat(10), c));
  assert.equal(small.length, 10);
  assert.ok(small.every(s => !s.name.startsWith('…')));
});

test('sysctl: thousands of distinct key groups are capped the same way', () => {
  const n = MAX_TOP_SYMBOLS + 500;
  const text = Array.from({ length: n }, (_, i) => `g${i}.key = ${'v'.repeat(i === 7 ? 10000 : 1)}`).join('\n') + '\n';
  const syms = sysctlService.symbols(sysctlService.analyze(text, ctx('/etc/sysctl.d/90-big.conf')));
  assert.equal(syms.length, MAX_TOP_SYMBOLS + 1);
  assert.equal(syms[MAX_TOP_SYMBOLS].name, '… and 500 more');
  assert.ok(syms[7].children![0].detail!.length <= MAX_SYMBOL_TEXT, 'a long value is cut in the outline');
});

function groupKillLog(kills: number): string {
  const sample = fs.readFileSync(path.join(repoRoot, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8').split('\n');
  const k = sample.findIndex(l => l.includes('Killed process'));
  const lines = sample.slice(0, k);
  lines.push('Mar 03 02:14:07 web-7 kernel: Tasks in /system.slice/php8.2-fpm.service are going to be killed due to memory.oom.group set');
  for (let i = 0; i < kills; i++) lines.push(`Mar 03 02:14:07 web-7 kernel: Memory cgroup out of memory: Killed process ${1000 + i} (php-fpm8.2) total-vm:604912kB, anon-rss:371376kB, file-rss:1852kB, shmem-rss:0kB, UID:33 pgtables:1204kB oom_score_adj:0`);
  return lines.join('\n') + '\n';
}

test('OOM log: a group kill of thousands of processes lists the first victims, counts the rest (outline, report model, Markdown)', () => {
  const kills = MAX_CHILD_SYMBOLS + 2000;
  const a = oomLogService.analyze(groupKillLog(kills), ctx('/tmp/kern.log'));
  assert.equal(a.events.length, 1);
  assert.equal(a.events[0].victims.length, kills, 'the analysis keeps every victim');
  const syms = oomLogService.symbols(a);
  const children = syms[0].children!;
  const processes = children.filter(c => c.kind === 'process');
  assert.equal(children.length, MAX_CHILD_SYMBOLS + 1);
  assert.match(children[children.length - 1].name, /^… and \d+ more$/);
  assert.ok(processes.length < MAX_CHILD_SYMBOLS);
  assert.ok(count(syms) <= MAX_CHILD_SYMBOLS + 2);

  const view = buildReportView(a, 'kern.log', 'file:///tmp/kern.log');
  const ev = view.events[0];
  assert.equal(ev.victims.length, MAX_LISTED);
  assert.equal(ev.victimCount, kills);
  assert.match(ev.headline, new RegExp(`and ${kills - 1} more killed`));
  assert.ok(JSON.stringify(view).length < 100_000, `report model ${JSON.stringify(view).length} bytes`);
  const md = renderMarkdown(view);
  assert.match(md, new RegExp(`\\*\\*Killed:\\*\\* … and ${kills - MAX_LISTED} more`));
});

test('capSymbols: a total budget over nested lists, children of the first entries first; the same array when within bounds', () => {
  const range = (l: number) => ({ start: { line: l, character: 0 }, end: { line: l, character: 5 } });
  const sym = (l: number, children?: SymbolEntry[]): SymbolEntry => ({ name: `s${l}`, kind: 'section', range: range(l), selectionRange: range(l), children });
  const list = Array.from({ length: 10 }, (_, i) => sym(i * 100, Array.from({ length: 10 }, (_, j) => sym(i * 100 + j + 1))));
  assert.equal(capSymbols(list), list);
  const capped = capSymbols(list, 30, 10, 10);
  assert.equal(capped.length, 10, 'the top level first');
  assert.equal(capped[0].children!.length, 10);
  assert.equal(capped[1].children!.length, 10);
  assert.deepEqual(capped[2].children!.map(c => c.name), ['… and 10 more']);
  assert.deepEqual(capped[2].children![0].range, { start: { line: 201, character: 0 }, end: { line: 210, character: 5 } });
});
