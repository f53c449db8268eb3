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
import { finishAnalysis } from '../../../server/src/oomlog/incremental';
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
        for (const f of ev.fields.slice(0, 200)) {
          const pos = f.range.start;
          assert.deepEqual(oomHover(withChunks, pos), oomHover(withString, pos), `${what}: hover at ${pos.line}:${pos.character}`);
        }
      }
    }
  }
});
