/** Logs read from disk in pieces (server/src/files/readLog.ts) and analysed in steps: the same analysis as one string. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateLog, readCorpus, Rng } from '../../../bench/generate';
import { mutate } from '../../fuzz/mutate';
import { ChunkedText } from '../../../server/src/common/chunkedText';
import { ProgressiveParse } from '../../../server/src/oomlog/incremental';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import type { OomLogAnalysis } from '../../../server/src/oomlog/model';
import { withFields } from '../../helpers/eagerParse';
import { readLogFile, readLogFileAsync } from '../../../server/src/files/readLog';

const corpus = readCorpus();

function withFile(text: string | Buffer, fn: (file: string) => void | Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-read-'));
  const file = path.join(dir, 'kern.log');
  fs.writeFileSync(file, text);
  return Promise.resolve(fn(file)).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

/** Reports as people paste them (JSON records, journal exports, quoted-printable, learned prefixes ...) and userspace kills. */
function corpusText(sub: string): string {
  const dir = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus', sub);
  return fs.readdirSync(dir).filter(f => f !== 'SOURCES.md').sort().map(f => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
}

const texts: [string, string][] = [
  ['corpus concatenated', corpus.map(c => c.text).join('')],
  ['CRLF line ends', corpus.map(c => c.text).join('').replace(/\n/g, '\r\n')],
  ['lone CR line ends, and \\r\\n split between two reads', corpus.map(c => c.text).join('').replace(/\n/g, (_, i: number) => (i % 3 ? '\n' : '\r'))],
  ['multi-byte characters (a split UTF-8 sequence between reads)', corpus.map(c => c.text).join('').replace(/kernel:/g, 'kernél: «ü»')],
  ['generated, 200 reports in 600 KB', generateLog({ bytes: 600_000, reports: 200, seed: 21, corpus })],
  ['pasted formats concatenated', corpusText('pasted')],
  ['a plain report, then the pasted formats with CRLF line ends', (corpus[0].text + corpusText('pasted')).replace(/\r?\n/g, '\r\n')],
  ['userspace kills concatenated', corpusText('userspace')],
];

test('a file read in pieces is the file\'s text (lone CRs become \\n, as the parser reads them), whatever the piece size', async () => {
  for (const [name, whole] of texts) {
    // byte-sized reads of a short text (every split of a \r\n and of a UTF-8 sequence), bigger ones of the whole
    for (const [text, sizes] of [[whole.slice(0, 3000), [1, 2, 3]], [whole, [777, 65536]]] as const) await withFile(text, async file => {
      for (const pieceBytes of sizes) {
        const read = readLogFile(file, { oneStringMax: 0, pieceBytes });
        assert.ok(read instanceof ChunkedText, name);
        assert.equal(read.getText(), text.replace(/\r(?!\n)/g, '\n'), `${name}, pieces of ${pieceBytes} bytes`);
        const again = await readLogFileAsync(file, { oneStringMax: 0, pieceBytes });
        assert.equal((again as ChunkedText).getText(), read.getText(), `${name}, async`);
      }
      assert.equal(readLogFile(file), text, 'small files: one string, as read');
    });
  }
});

test('analysed in steps from the pieces, a log gives the analysis of the whole text', async () => {
  for (const [name, text] of texts) {
    await withFile(text, file => {
      const read = readLogFile(file, { oneStringMax: 0, pieceBytes: 4096 });
      assert.ok(read instanceof ChunkedText);
      for (const chunk of [2048, 65536]) {
        const p: ProgressiveParse = new ProgressiveParse(read as ChunkedText, chunk);
        const a: OomLogAnalysis = p.result();
        const full = parseOomLog(text);
        assert.ok(full.events.length > 0, name);
        assert.deepEqual(withFields(a), withFields(full), `${name}, steps of ${chunk}`);
        assert.ok(p.fullParses <= 2, `${name}: ${p.fullParses} steps fell back to a full parse`);
      }
    });
  }
});

test('mutated logs (fuzz mutations: NULs, lone CRs, cut and doubled reports, long lines) read in random pieces and steps: the whole-text analysis', () => {
  const rng = new Rng(4711);
  const donors = corpus.map(c => c.text);
  for (let i = 0; i < 100; i++) {
    const text = mutate(rng.pick(corpus).text.repeat(rng.int(1, 4)), rng, donors).text;
    // the reader's text: pieces of random size, lone CRs as LFs (PieceDecoder)
    const pieces: string[] = [];
    const lf = text.replace(/\r(?!\n)/g, '\n');
    for (let at = 0; at < lf.length;) { const n = rng.int(1, 5000); pieces.push(lf.slice(at, at + n)); at += n; }
    const chunked = ChunkedText.fromPieces(pieces, rng.int(64, 4096));
    assert.equal(chunked.getText(), lf, `input ${i}: pieces`);
    const stepped: OomLogAnalysis = new ProgressiveParse(chunked, rng.int(256, 8192)).result();
    const full = parseOomLog(text);
    assert.deepEqual(withFields(stepped), withFields(full), `input ${i}`);
  }
});
