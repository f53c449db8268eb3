/**
 * The marker search outside the stream's own thread: findMarkerLines (oomlog/stream/regions.ts)
 * finds exactly the lines that hold a marker, and the worker thread that runs it
 * (cli/markerWorker.ts) gives the same events and the same `oom-lens analyze` output as the search
 * in the stream's own thread, whatever the chunks the bytes arrive in.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MARKERS, ANCHORS, BY_NEEDLE } from '../../../server/src/oomlog/parse';
import { analyzeChunks, findMarkerLines, NEEDLE_BYTES, StreamAnalyzer, WholeTextNeeded } from '../../../server/src/oomlog/stream/regions';
import { FieldIndex } from '../../../server/src/oomlog/fieldstore';
import type { OomEvent } from '../../../server/src/oomlog/model';
import { MarkerWorker } from '../../../server/src/cli/markerWorker';
import { analyzeStreamCommand, type AnalyzeIO } from '../../../server/src/cli/analyze';
import { analyzeCommand } from '../../helpers/wholeTextAnalyze';
import { generateLog, readCorpus } from '../../../bench/generate';

const root = path.resolve(__dirname, '..', '..', '..', '..');

const texts = (): { name: string; text: string }[] => [
  ...readCorpus(),
  { name: 'generated', text: generateLog({ bytes: 400_000, reports: 6, seed: 21 }) },
  // every needle without its marker, markers at the very start and end, a line without its line break at the end
  { name: 'needles', text: [MARKERS[0], ...ANCHORS.map(a => `x ${a} y`), ...MARKERS.map(m => `a${m}b ü`), ANCHORS.join(''), MARKERS[MARKERS.length - 1]].join('\n') },
];

test('findMarkerLines: the start and end of each line that holds a marker, and of no other', () => {
  for (const { name, text } of texts()) {
    const buf = Buffer.from(text, 'utf8');
    const expected: number[] = [];
    for (let ls = 0; ls < buf.length;) {
      let le = buf.indexOf(10, ls);
      if (le < 0) le = buf.length;
      const line = buf.toString('latin1', ls, le);
      if (MARKERS.some(m => line.includes(m))) expected.push(ls, le);
      ls = le + 1;
    }
    assert.ok(expected.length > 0, name);
    assert.deepEqual([...findMarkerLines(buf, NEEDLE_BYTES, BY_NEEDLE)], expected, name);
  }
});

/** The events of `chunks` with the marker lines searched in the worker. */
async function viaWorker(chunks: Buffer[]): Promise<{ events: OomEvent[]; fields: FieldIndex; windows: number }> {
  const events: OomEvent[] = [];
  const fields = new FieldIndex();
  const sa = new StreamAnalyzer((ev, f) => { events.push(ev); fields.take(f, [ev]); });
  const w = new MarkerWorker(sa);
  try {
    for (const c of chunks) await w.push(c);
    await w.end();
  } finally {
    w.close();
  }
  return { events, fields, windows: w.windows };
}

test('the worker thread\'s marker lines give the events of the search in the stream\'s own thread, in chunks of any size', async () => {
  for (const { name, text } of texts()) {
    const buf = Buffer.from(text, 'utf8');
    for (const size of [buf.length, 4096, 777, 3]) {
      if (size === 3 && buf.length > 50_000) continue;
      const chunks: Buffer[] = [];
      for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
      let want;
      try { want = analyzeChunks(chunks); } catch (e) {
        assert.ok(e instanceof WholeTextNeeded, `${name}: ${e}`);
        await assert.rejects(viaWorker(chunks), WholeTextNeeded, `${name}: WholeTextNeeded through the worker too`);
        continue;
      }
      const got = await viaWorker(chunks);
      assert.ok(got.windows > 0, `${name}: the worker searched the windows`);
      assert.deepEqual(got.events.map(e => ({ e, f: got.fields.all(e) })), want.events.map(e => ({ e, f: want.fields.all(e) })), `${name} in chunks of ${size}`);
    }
  }
});

test('oom-lens analyze with the marker search in a worker thread from the first byte: the whole-text output in every format', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-worker-'));
  try {
    const gen = path.join(dir, 'generated.log');
    fs.writeFileSync(gen, generateLog({ bytes: 3 * 1048576, reports: 25, seed: 22 }));
    const pasted = path.join(root, 'test', 'fixtures', 'corpus', 'pasted');
    const files = [gen, ...fs.readdirSync(pasted).filter(f => !f.endsWith('.md')).slice(0, 3).map(f => path.join(pasted, f))];
    for (const fmt of [[], ['--json'], ['--format', 'markdown']]) {
      const out: string[] = [];
      const err: string[] = [];
      const io: AnalyzeIO = {
        stdout: s => out.push(s), stderr: s => err.push(s), stdin: () => { throw new Error('no stdin here'); },
        progress: false, stopped: () => false, wholeTextUnder: 0, markerWorkerAfter: 0,
      };
      const code = await analyzeStreamCommand([...fmt, ...files], io, 'usage');
      const want: string[] = [];
      analyzeCommand([...fmt, ...files], { stdout: s => want.push(s), stderr: () => undefined, readStdin: () => '' });
      assert.equal(code, 0, err.join(''));
      assert.equal(out.join(''), want.join(''), fmt.join(' '));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
