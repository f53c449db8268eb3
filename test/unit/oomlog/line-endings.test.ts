import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog } from '../../../server/src/oomlog/parse';

const corpus = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus');

/** Text of a range, with lines split the way editors and LSP split them (\r\n, \n or a lone \r). */
function textAt(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split(/\r\n|\n|\r/);
  assert.equal(r.start.line, r.end.line, 'fields stay on one line');
  return lines[r.start.line].slice(r.start.character, r.end.character);
}

for (const [name, eol] of [['lone CR', '\r'], ['CRLF', '\r\n'], ['mixed', null]] as const) {
  test(`line endings (${name}): same events, and every field range points at its value`, () => {
    const file = fs.readdirSync(corpus).find(f => f.startsWith('09-'))!;
    const lf = fs.readFileSync(path.join(corpus, file), 'utf8');
    let i = 0;
    const text = eol ? lf.replace(/\n/g, eol) : lf.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]);
    const a = parseOomLog(lf);
    const b = parseOomLog(text);
    assert.equal(b.lineCount, a.lineCount);
    assert.equal(b.events.length, a.events.length);
    assert.deepEqual(b.events.map(e => e.victims.map(v => v.pid)), a.events.map(e => e.victims.map(v => v.pid)));
    for (const ev of b.events) {
      assert.equal(b.fields.count(ev), a.fields.count(a.events[ev.index]));
      for (const f of b.fields.all(ev)) {
        if (f.range.start.line !== f.range.end.line) continue;
        assert.equal(textAt(text, f.range), f.raw, `${f.key} at line ${f.range.start.line}`);
      }
    }
  });
}
