/**
 * The server hands the analysis its ChunkedText (document store) instead of one string: tokens,
 * hovers and line texts must be the same as with the string, for LF, CRLF and lone-CR logs.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ChunkedText } from '../../../server/src/common/chunkedText';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { finishAnalysis, reparseOomLog } from '../../../server/src/oomlog/incremental';
import { lineText } from '../../../server/src/oomlog/sourceText';
import { oomTokens } from '../../../server/src/oomlog/tokens';
import { oomHover } from '../../../server/src/oomlog/hover';
import { corpusDir, corpusFiles } from './helpers';

const ENDINGS: [string, (t: string) => string][] = [
  ['LF', t => t],
  ['CRLF', t => t.replace(/\n/g, '\r\n')],
  ['lone CR', t => t.replace(/\n/g, '\r')],
];

test('analysis with a ChunkedText source answers tokens, hovers and line texts as with the string', () => {
  for (const file of corpusFiles()) {
    const lf = fs.readFileSync(path.join(corpusDir(), file), 'utf8').replace(/\r\n?/g, '\n');
    for (const [ending, convert] of ENDINGS) {
      const text = convert(lf);
      const withString = finishAnalysis(parseOomLog(text), text);
      const withChunks = finishAnalysis(parseOomLog(text), ChunkedText.of(text, 300));
      const what = `${file} (${ending})`;
      assert.ok(withString.events.length > 0, what);
      for (let line = 0; line < withString.lineCount; line++) {
        assert.equal(lineText(withChunks, line), lineText(withString, line), `${what}: line ${line}`);
      }
      assert.deepEqual(oomTokens(withChunks), oomTokens(withString), `${what}: tokens`);
      for (const ev of withString.events) {
        for (const f of withString.fields.all(ev).slice(0, 200)) {
          const pos = f.range.start;
          assert.deepEqual(oomHover(withChunks, pos), oomHover(withString, pos), `${what}: hover at ${pos.line}:${pos.character}`);
        }
      }
    }
  }
});

test('pasted formats and userspace kills with a ChunkedText source: the same line texts, tokens and hovers as with the string', () => {
  for (const sub of ['pasted', 'userspace']) {
    const dir = path.join(corpusDir(), sub);
    for (const file of fs.readdirSync(dir).filter(f => f !== 'SOURCES.md').sort()) {
      const lf = fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n?/g, '\n');
      for (const [ending, convert] of ENDINGS) {
        const text = convert(lf);
        const withString = finishAnalysis(parseOomLog(text), text);
        const withChunks = finishAnalysis(parseOomLog(text), ChunkedText.of(text, 300));
        const what = `${sub}/${file} (${ending})`;
        assert.ok(withString.events.length > 0, what);
        for (let line = 0; line < withString.lineCount; line++) assert.equal(lineText(withChunks, line), lineText(withString, line), `${what}: line ${line}`);
        assert.deepEqual(oomTokens(withChunks), oomTokens(withString), `${what}: tokens`);
        for (const ev of withString.events) {
          for (const f of withString.fields.all(ev).slice(0, 50)) assert.deepEqual(oomHover(withChunks, f.range.start), oomHover(withString, f.range.start), `${what}: hover at ${f.range.start.line}:${f.range.start.character}`);
        }
      }
    }
  }
});

test('after incremental edits (events moved, re-parsed or kept), tokens and hovers equal a fresh parse', () => {
  // all corpus logs back to back, so edits above a report move the ones after it; last, corpus 09
  // with its first oom_reaper line moved past the second report: fields outside their event's span
  const logs = corpusFiles().map(f => fs.readFileSync(path.join(corpusDir(), f), 'utf8').replace(/\r\n?/g, '\n'));
  const late = logs[corpusFiles().findIndex(f => f.startsWith('09-'))].split('\n');
  late.push(...late.splice(late.findIndex(l => l.includes('oom_reaper')), 1));
  const text0 = [...logs, late.join('\n')].join('\n');
  let doc = ChunkedText.of(text0, 4096);
  let analysis = finishAnalysis(parseOomLog(text0), doc);
  // asked once before the edits, so cached per-event data exists and must follow the moves
  oomTokens(analysis);
  const edits = [
    { line: 0, text: 'foreign line\nanother\n' },               // above everything: every event moves
    { line: analysis.events[2].startLine + 1, text: 'x' },      // inside a report: re-parsed
    { line: analysis.events[1].startLine, text: '\n\n\n' },     // lines inserted at a report start
  ];
  for (const e of edits) {
    const change = { range: { start: { line: e.line, character: 0 }, end: { line: e.line, character: 0 } }, text: e.text };
    const next = doc.edit([change]);
    const newlines = e.text.split('\n').length - 1;
    const inc = reparseOomLog(analysis, next, { start: e.line, oldEnd: e.line, newEnd: e.line + newlines }, l => next.lineStart(l));
    assert.ok(inc, `edit at line ${e.line} handled locally`);
    analysis = finishAnalysis(inc, next);
    doc = next;
    const fresh = finishAnalysis(parseOomLog(doc.getText()), doc.getText());
    assert.deepEqual(oomTokens(analysis), oomTokens(fresh), `tokens after the edit at line ${e.line}`);
    for (const ev of fresh.events) {
      for (const f of fresh.fields.all(ev).slice(0, 100)) {
        assert.deepEqual(oomHover(analysis, f.range.start), oomHover(fresh, f.range.start), `hover at ${f.range.start.line}:${f.range.start.character} after the edit at line ${e.line}`);
      }
    }
  }
});
