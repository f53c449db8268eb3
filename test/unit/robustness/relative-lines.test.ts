/**
 * Lines inside an OOM event count from its start line (model.ts OomEvent): moving a report moves
 * its startLine and nothing else, and an edit above a report leaves the report's objects as they
 * were, start line aside.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generateLog, readCorpus } from '../../../bench/generate';
import { lineStarts, reparseOomLog } from '../../../server/src/oomlog/incremental';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { type OomEvent, endLineOf, lineOf, moveEvent, problemMessage } from '../../../server/src/oomlog/model';
import { eventJson } from '../../../server/src/oomlog/report';

const corpus = readCorpus();

/** `ev` as plain data (task rows are class instances), with its start line set to `start`. */
function plain(ev: OomEvent, start = ev.startLine): unknown {
  return { ...JSON.parse(JSON.stringify(ev)), startLine: start };
}

/** What must not change when the report moves: all of it but the start line. */
function withoutStart(ev: OomEvent): unknown {
  return plain(ev, 0);
}

test('moveEvent changes startLine and nothing else; the document lines read through lineOf move with it', () => {
  const a = parseOomLog(corpus.map(c => c.text).join('') + generateLog({ bytes: 200_000, reports: 30, seed: 4, corpus }));
  assert.ok(a.events.length > 30);
  for (const ev of a.events) {
    const before = structuredClone(ev);
    const was = plain(ev);
    const json = eventJson(ev) as { startLine: number; endLine: number; victims: { line: number }[] };
    moveEvent(ev, 17);
    assert.deepEqual(plain(ev), { ...(was as object), startLine: before.startLine + 17 }, `event ${ev.index}`);
    const moved = eventJson(ev) as typeof json;
    assert.equal(moved.startLine, json.startLine + 17);
    assert.equal(moved.endLine, json.endLine + 17);
    assert.deepEqual(moved.victims.map(v => v.line), json.victims.map(v => v.line + 17));
    assert.equal(ev.trigger && lineOf(ev, ev.trigger.line), before.trigger && lineOf(before, before.trigger.line) + 17);
    assert.equal(endLineOf(ev), endLineOf(before) + 17);
  }
});

test('an edit above the reports keeps the reports behind it as they were, start line aside (and their fields moved with them)', () => {
  const text = generateLog({ bytes: 400_000, reports: 60, seed: 8, corpus });
  const a = parseOomLog(text);
  const before = new Map(a.events.map(ev => [ev, { plain: withoutStart(ev), start: ev.startLine, fields: a.fields.all(ev) }]));
  const lines = text.split('\n');
  const next = ['inserted 1', 'inserted 2', 'inserted 3', ...lines].join('\n');
  const starts = lineStarts(next);
  const b = reparseOomLog(a, next, { start: 0, oldEnd: 0, newEnd: 3 }, l => starts[l]);
  assert.ok(b, 'handled without a full parse');
  const kept = b.events.filter(ev => before.has(ev));
  assert.ok(kept.length >= b.events.length - 2, `${kept.length} of ${b.events.length} events kept`);
  for (const ev of kept) {
    const was = before.get(ev)!;
    assert.equal(ev.startLine, was.start + 3);
    assert.deepEqual(withoutStart(ev), was.plain, `event ${ev.index}`);
    // the fields answer in document lines: each one three lines further down
    const moved = was.fields.map(f => ({
      ...f,
      range: { start: { ...f.range.start, line: f.range.start.line + 3 }, end: { ...f.range.end, line: f.range.end.line + 3 } },
      ...(f.nameRange ? { nameRange: { start: { ...f.nameRange.start, line: f.nameRange.start.line + 3 }, end: { ...f.nameRange.end, line: f.nameRange.end.line + 3 } } } : {}),
    }));
    assert.deepEqual(b.fields.all(ev), moved, `fields of event ${ev.index}`);
  }
  // and the result is the full parse's
  const full = parseOomLog(next);
  assert.deepEqual(b.events.map(eventJson), full.events.map(eventJson));
});

test('a problem that names its line names the document line after its report moved (an unreadable kill line behind an edit)', () => {
  const report = (pid: number) => [
    'stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    'CPU: 1 UID: 0 PID: 4242 Comm: stress Not tainted 6.12.1-arch1 #1',
    'Mem-Info:',
    `then Killed process ${pid} (stress) total-vm:560000kB`,
  ];
  const lines = ['a', 'b', ...report(1), ...Array<string>(20).fill('foo'), ...report(2)];
  const a = parseOomLog(lines.join('\n'));
  const last = a.events[1];
  assert.match(problemMessage(last, last.problems[0]), /^Line 30 names a kill/);
  const next = ['x', ...lines].join('\n');
  const starts = lineStarts(next);
  const b = reparseOomLog(a, next, { start: 0, oldEnd: 0, newEnd: 1 }, l => starts[l]);
  assert.ok(b);
  assert.equal(b.events[1], last, 'the second report is kept and moved, not parsed again');
  assert.match(problemMessage(last, last.problems[0]), /^Line 31 names a kill/);
  assert.deepEqual(b.events.map(eventJson), parseOomLog(next).events.map(eventJson));
});
