/**
 * ChunkedText (the server's document store) against vscode-languageserver-textdocument, the
 * reference LSP implementation (a document built from scratch for each version: its own
 * incremental line table can be off when an edit joins or splits a \r\n): random texts with every kind of line break, random edits, tiny
 * chunks so every edit crosses chunk boundaries. Text, line count, offset ↔ position, line texts,
 * slices and searches must agree after every edit.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedText } from '../../../server/src/common/chunkedText';
import { ChunkedDocument } from '../../../server/src/lsp/document';
import { Rng } from '../../../bench/generate';

const PIECES = ['a', 'b', 'oom', '\n', '\r', '\r\n', '\n\n', 'é', '😀', ' '];

function randomText(rng: Rng, max: number): string {
  let s = '';
  const n = rng.int(0, max);
  for (let i = 0; i < n; i++) s += rng.pick(PIECES);
  return s;
}

function lineTextOf(doc: TextDocument, line: number): string {
  const t = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return t.replace(/\r\n$|\r$|\n$/, '');
}

function check(ct: ChunkedText, doc: TextDocument, what: string): void {
  const text = doc.getText();
  assert.equal(ct.length, text.length, `${what}: length`);
  assert.equal(ct.lineCount, doc.lineCount, `${what}: lineCount of ${JSON.stringify(text)}`);
  for (let line = 0; line < doc.lineCount; line++) {
    assert.equal(ct.lineText(line), lineTextOf(doc, line), `${what}: line ${line} of ${JSON.stringify(text)}`);
    assert.equal(ct.lineStart(line), doc.offsetAt({ line, character: 0 }), `${what}: start of line ${line}`);
  }
  for (let off = 0; off <= text.length; off++) {
    assert.deepEqual(ct.positionAt(off), doc.positionAt(off), `${what}: positionAt(${off}) in ${JSON.stringify(text)}`);
    assert.equal(ct.charCodeAt(off), text.charCodeAt(off), `${what}: charCodeAt(${off})`);
  }
  for (let line = -1; line <= doc.lineCount; line++) {
    for (const character of [0, 1, 2, 5, 1000]) {
      assert.equal(ct.offsetAt({ line, character }), doc.offsetAt({ line, character }), `${what}: offsetAt(${line}:${character}) in ${JSON.stringify(text)}`);
    }
  }
  for (let i = 0; i < 5; i++) {
    const a = Math.floor(Math.random() * (text.length + 1));
    const b = a + Math.floor(Math.random() * (text.length + 1 - a));
    assert.equal(ct.slice(a, b), text.slice(a, b), `${what}: slice(${a}, ${b})`);
  }
  assert.equal(ct.indexOf('oom'), text.indexOf('oom'), `${what}: indexOf`);
  assert.equal(ct.indexOf('oom', 5), text.indexOf('oom', 5), `${what}: indexOf from 5`);
}

/** The reference: the edit applied to a plain string at offsets from a freshly built reference document. */
function applyReference(text: string, change: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }): string {
  if (!change.range) return change.text;
  const doc = TextDocument.create('file:///t.log', 'oom-log', 1, text);
  return text.slice(0, doc.offsetAt(change.range.start)) + change.text + text.slice(doc.offsetAt(change.range.end));
}

test('ChunkedText agrees with the LSP reference document after random edits', () => {
  const rng = new Rng(2026);
  for (let round = 0; round < 300; round++) {
    let text = randomText(rng, 40);
    const size = rng.int(1, 6);
    let ct = ChunkedText.of(text, size);
    const fresh = () => TextDocument.create('file:///t.log', 'oom-log', 1, text);
    check(ct, fresh(), `round ${round} initial (chunk ${size})`);
    for (let e = 0; e < 8; e++) {
      const lines = fresh().lineCount;
      const pos = () => ({ line: rng.int(0, lines + 1), character: rng.int(0, 6) });
      let start = pos(), end = pos();
      if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
      const change = rng.int(0, 20) === 0 ? { text: randomText(rng, 30) } : { range: { start, end }, text: randomText(rng, 6) };
      const before = ct.getText();
      const next = ct.edit([change]);
      text = applyReference(text, change);
      check(next, fresh(), `round ${round} edit ${e} ${JSON.stringify(change)} (chunk ${size})`);
      assert.equal(ct.getText(), before, 'an edit leaves the earlier version as it was');
      ct = next;
    }
  }
});

test('ChunkedText: a 2 MB text is cut into chunks of whole lines, and an edit keeps the other chunks', () => {
  const line = 'x'.repeat(99) + '\n';
  const text = line.repeat(20_000);
  const ct = ChunkedText.of(text);
  const edited = ct.edit([{ range: { start: { line: 10_000, character: 3 }, end: { line: 10_000, character: 5 } }, text: 'AB\r\nC' }]);
  assert.equal(edited.lineCount, 20_002);
  assert.equal(edited.lineText(10_000), 'xxxAB');
  assert.equal(edited.lineText(10_001), 'C' + 'x'.repeat(94));
  assert.equal(edited.lineText(19_999), 'x'.repeat(99));
  assert.equal(edited.getText(), text.slice(0, 10_000 * 100 + 3) + 'AB\r\nC' + text.slice(10_000 * 100 + 5));
});

test('ChunkedDocument (the server\'s TextDocument) answers line ranges, line breaks and ranged text as the reference', () => {
  const rng = new Rng(5);
  for (let round = 0; round < 200; round++) {
    const text = randomText(rng, 30);
    const ours = ChunkedDocument.create('file:///t.log', 'oom-log', 1, text);
    ours.snapshot = ChunkedText.of(text, rng.int(1, 5));
    const ref = TextDocument.create('file:///t.log', 'oom-log', 1, text);
    for (let line = -1; line <= ref.lineCount + 1; line++) {
      assert.deepEqual(ours.getLineRange(line), ref.getLineRange(line), `getLineRange(${line}) of ${JSON.stringify(text)}`);
      assert.equal(ours.getEOLCharacters(line), ref.getEOLCharacters(line), `getEOLCharacters(${line}) of ${JSON.stringify(text)}`);
      const range = { start: { line, character: 1 }, end: { line: line + 2, character: 0 } };
      assert.equal(ours.getText(range), ref.getText(range), `getText(${line}:1..${line + 2}:0)`);
    }
  }
});
