import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { oomLogService as svc } from '../../../server/src/crossfile';
import { corpus, corpusDir, corpusFiles, ctx } from './helpers';
import { endLineOf } from '../../../server/src/oomlog/model';

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100000, character: 0 } };

test('one symbol per event with its blocks and the victim as a process child', () => {
  const a = svc.analyze(corpus('09'), ctx());
  const syms = svc.symbols(a);
  assert.equal(syms.length, 2);
  assert.equal(syms[0].kind, 'event');
  assert.equal(syms[0].name, 'OOM 1: python3 → containerd-shim (3143527) killed, 620 KiB freed — global');
  assert.equal(syms[1].name, 'OOM 2: python3 → containerd (2296209) killed, 57.9 MiB freed — global');
  assert.match(syms[0].detail ?? '', /Thu May 14 23:17:24 2020 · kernel 5\.4\.0-29-generic/);
  const names = syms[0].children!.map(c => c.name);
  assert.deepEqual(names, ['Trigger', 'Stack', 'Mem-Info', 'Tasks (132)', 'Kill', 'Reaper', 'containerd-shim (3143527)']);
  assert.equal(syms[0].children!.at(-1)!.kind, 'process');
  for (const s of syms) {
    for (const c of s.children!) {
      assert.ok(c.range.start.line >= s.range.start.line && c.range.end.line <= s.range.end.line, `${c.name} outside its event`);
      assert.ok(c.selectionRange.start.line >= c.range.start.line && c.selectionRange.end.line <= c.range.end.line);
    }
  }
});

test('memcg outline names the cgroup; every corpus event gets a symbol', () => {
  const a = svc.analyze(corpus('00'), ctx());
  const [s] = svc.symbols(a);
  assert.match(s.name, /^OOM 1: beam\.smp → sh \(20977\) killed, 0 KiB freed — memcg \/docker\/a4d47fb7/);
  assert.ok(s.children!.some(c => c.name === 'Memory cgroup'));
  assert.ok(s.children!.some(c => c.name === 'Tasks (29)'));
  for (const f of corpusFiles()) {
    const an = svc.analyze(fs.readFileSync(path.join(corpusDir(), f), 'utf8'), ctx());
    assert.equal(svc.symbols(an).length, an.events.length, f);
  }
});

test('inlay hints: one per row, at its end, rss in the compact size format; the tooltip converts every column', () => {
  const text = corpus('09');
  const lines = text.split('\n');
  const a = svc.analyze(text, ctx());
  const row = lines.findIndex(l => l.includes('[2296209]'));
  const hints = svc.inlayHints!(a, { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, ctx());
  // rss 23552 pages; total_vm, pgtables_bytes and swapents are in the tooltip only
  assert.deepEqual(hints.map(h => [h.position, h.label]), [[{ line: row, character: lines[row].trimEnd().length }, 'rss ≈92M']]);
  assert.equal(hints[0].tooltip, 'total_vm: 4,841,483 pages = 18.5 GiB\nrss: 23,552 pages = 92 MiB\npgtables_bytes: 2,670,592 bytes = 2.55 MiB\nswapents: 0 pages = 0 KiB\n(4 KiB pages)');
  // a whole table: one hint per row with memory, all at the row's end (no column moves)
  const ev = a.events[0];
  const all = svc.inlayHints!(a, { start: { line: ev.startLine, character: 0 }, end: { line: endLineOf(ev), character: 0 } }, ctx());
  const withRss = ev.tasks!.rows.filter(r => r.rssPages > 0 || (r.swapentsPages ?? 0) > 0).length;
  assert.equal(all.length, withRss);
  assert.ok(all.every(h => h.position.character === lines[h.position.line].trimEnd().length));
  // only rows inside the range
  assert.equal(svc.inlayHints!(a, { start: { line: 0, character: 0 }, end: { line: 29, character: 0 } }, ctx()).length, 0);
});

test('code lenses: verdict and Show OOM report per event', () => {
  const text09 = corpus('09');
  const a = svc.analyze(text09, ctx('file:///logs/kern.log'));
  const lenses = svc.codeLenses!(a, ctx('file:///logs/kern.log'));
  assert.equal(lenses.length, 4);
  // 132 rows, 3 of them at oom_score_adj -1000: the lens says why it ranks among 129
  assert.equal(lenses[0].title, 'Victim: containerd-shim (3143527) — ranked #1 of 129 by badness (3 at oom_score_adj -1000 not ranked)');
  assert.equal(lenses[0].range.start.line, a.events[0].startLine);
  // the verdict opens the ranking hover on the victim in the kill line; the other part opens the report
  const kill = text09.split('\n').findIndex(l => l.includes('Killed process 3143527 (containerd-shim)'));
  const at = text09.split('\n')[kill].indexOf('containerd-shim');
  assert.deepEqual([lenses[0].command, lenses[0].arguments], ['oomLens.showRanking', ['file:///logs/kern.log', kill, at]]);
  assert.deepEqual(lenses[1], { range: lenses[0].range, title: 'Show OOM report', command: 'oomLens.showReport', arguments: ['file:///logs/kern.log', 0] });
  assert.match(lenses[2].title, /^Victim: containerd \(2296209\) — ranked #1 of 123 by badness/);
  assert.deepEqual(lenses[3].arguments, ['file:///logs/kern.log', 1]);
  const sac = svc.codeLenses!(svc.analyze(corpus('00'), ctx()), ctx());
  assert.equal(sac[0].title, 'Victim: beam.smp (20911) — ranked #1 of 29 by badness; killed sh (20977) instead');
});

test('diagnostics: none on complete reports; on excerpts only information-level truncation notes', () => {
  for (const name of ['00', '09']) {
    assert.deepEqual(svc.diagnostics(svc.analyze(corpus(name), ctx()), ctx()), [], name);
  }
  for (const f of corpusFiles()) {
    const an = svc.analyze(fs.readFileSync(path.join(corpusDir(), f), 'utf8'), ctx());
    const diags = svc.diagnostics(an, ctx());
    const problems = an.events.reduce((n, e) => n + e.problems.length, 0);
    assert.equal(diags.length, problems, f);
    for (const d of diags) {
      assert.equal(d.severity, 'information');
      assert.match(d.ruleId, /^OOM\d{3}$/);
      assert.match(d.docUrl ?? '', /^https:\/\//);
    }
  }
});
