/**
 * `oom-lens analyze` in bounded memory (server/src/cli/spool.ts): what a file's output holds until
 * the file's end (the text summaries, the Markdown timeline rows and events) goes to a temporary
 * file past a bound. Forced here with tiny bounds: the same bytes out as the in-memory path and the
 * whole-text oracle, the file there while the log is read, and the directory gone afterwards, after
 * an error and after a stop.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { analyzeCommand } from '../../helpers/wholeTextAnalyze';
import { analyzeStreamCommand, SPILL_OVER, type AnalyzeIO } from '../../../server/src/cli/analyze';
import { SpillDir, Spool } from '../../../server/src/cli/spool';
import { generateLog } from '../../../bench/generate';

const root = path.resolve(__dirname, '..', '..', '..', '..');

function tmpDir(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-spill-test-')); }

/** Bytes of every file under `dir` (the spill directories made there). */
function spilledBytes(dir: string): number {
  let n = 0;
  for (const d of fs.readdirSync(dir)) for (const f of fs.readdirSync(path.join(dir, d))) n += fs.statSync(path.join(dir, d, f)).size;
  return n;
}

async function streamed(args: string[], extra: Partial<AnalyzeIO> = {}, stdin: Buffer[] = []): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await analyzeStreamCommand(args, {
    stdout: s => out.push(s), stderr: s => err.push(s),
    stdin: () => ({ chunks: (async function* () { yield* stdin; })(), close: () => undefined }),
    progress: false, stopped: () => false, wholeTextUnder: 0, ...extra,
  }, 'usage');
  return { out: out.join(''), err: err.join(''), code };
}

function wholeText(args: string[]): string {
  const out: string[] = [];
  analyzeCommand(args, { stdout: s => out.push(s), stderr: () => undefined, readStdin: () => '' });
  return out.join('');
}

/** The generated log's reports with a process name of multi-byte characters, so that pieces of the spill file end inside characters. */
function generated(dir: string, name: string, reports: number, seed: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, generateLog({ bytes: reports * 20_000, reports, seed }).replace(/\(postgres\)/g, '(pöstgrés€😀)'));
  return file;
}

test('spilled to a file past a tiny bound: byte for byte the in-memory output and the whole-text output, in every format', async () => {
  const dir = tmpDir();
  const base = tmpDir();
  try {
    const files = [generated(dir, 'a.log', 60, 31), path.join(root, 'samples', fs.readdirSync(path.join(root, 'samples')).find(f => f.endsWith('.log'))!), generated(dir, 'b.log', 3, 32)];
    fs.writeFileSync(path.join(dir, 'c.log.gz'), zlib.gzipSync(fs.readFileSync(files[0])));
    files.push(path.join(dir, 'c.log.gz'), path.join(dir, 'missing.log'));
    // the oracle (no jsonl) reads a gzip file as it is: without it
    const plain = files.filter(f => !f.endsWith('.gz'));
    for (const fmt of [[], ['--format', 'markdown'], ['--json']]) {
      assert.equal((await streamed([...fmt, ...plain], { spillBase: base, spillOver: 0 })).out, wholeText([...fmt, ...plain]), `${fmt.join(' ')}: the oracle`);
    }
    for (const fmt of [[], ['--format', 'markdown'], ['--json'], ['--format', 'jsonl']]) {
      const inMemory = await streamed([...fmt, ...files], { spillBase: base });
      assert.equal(fs.readdirSync(base).length, 0, `${fmt.join(' ')}: no temporary file under the default bound`);
      assert.ok(inMemory.out.length > 50_000, fmt.join(' '));
      for (const spillOver of [0, 1, 700, 20_000]) {
        const spilled = await streamed([...fmt, ...files], { spillBase: base, spillOver });
        assert.equal(spilled.out, inMemory.out, `${fmt.join(' ')} spilled past ${spillOver} bytes`);
        assert.equal(spilled.err, inMemory.err);
        assert.equal(spilled.code, inMemory.code);
        assert.deepEqual(fs.readdirSync(base), [], 'the temporary directory is removed');
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('text and Markdown: the summaries are in the spill file while the log is read, not in memory', async () => {
  const dir = tmpDir();
  const base = tmpDir();
  try {
    const input = fs.readFileSync(generated(dir, 'a.log', 80, 33));
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += 65536) chunks.push(input.subarray(i, i + 65536));
    for (const fmt of [[], ['--format', 'markdown']]) {
      const bound = 2000;
      let seen = 0;
      let modes = new Set<number>();
      const r = await streamed(fmt, {
        spillBase: base, spillOver: bound,
        drain: async () => {
          seen = Math.max(seen, spilledBytes(base));
          for (const d of fs.readdirSync(base)) {
            modes.add(fs.statSync(path.join(base, d)).mode & 0o777);
            for (const f of fs.readdirSync(path.join(base, d))) modes.add(fs.statSync(path.join(base, d, f)).mode & 0o777);
          }
        },
      }, chunks);
      assert.equal(r.code, 0);
      // the head (count, timeline header) and what the last chunks completed are not in the file yet
      const headAndLast = fmt.length ? 40_000 : 10_000;
      assert.ok(seen > r.out.length - headAndLast, `${fmt.join(' ')}: ${seen} bytes spilled while reading, of ${r.out.length} written`);
      assert.deepEqual([...modes].sort(), [0o600, 0o700], 'private to the user');
      assert.deepEqual(fs.readdirSync(base), []);
      modes = new Set();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the temporary directory is removed after a stop, after a file that fails and after a write that throws', async () => {
  const dir = tmpDir();
  const base = tmpDir();
  try {
    const file = generated(dir, 'a.log', 40, 34);
    const input = fs.readFileSync(file);
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += 65536) chunks.push(input.subarray(i, i + 65536));
    const exitListeners = process.listenerCount('exit');
    for (const fmt of [[], ['--format', 'markdown']]) {
      // stopped half way (SIGINT): what was read is written, from the file, as without one
      const stopAt = (stop: number) => { let n = 0; return { drain: async () => { n++; }, stopped: () => n >= stop }; };
      const stopped = await streamed(fmt, { spillBase: base, spillOver: 100, ...stopAt(chunks.length >> 1) }, chunks);
      const inMemory = await streamed(fmt, { ...stopAt(chunks.length >> 1) }, chunks);
      assert.equal(stopped.code, 130);
      assert.match(stopped.out, /[1-9]\d* OOM events/);
      assert.equal(stopped.out, inMemory.out);
      assert.deepEqual(fs.readdirSync(base), []);
      // a gzip file cut short after some reports: its message, the reports before the cut, no file left
      const gz = zlib.gzipSync(input);
      fs.writeFileSync(path.join(dir, 'cut.gz'), gz.subarray(0, gz.length >> 1));
      const cut = await streamed([...fmt, path.join(dir, 'cut.gz'), file], { spillBase: base, spillOver: 100 });
      assert.equal(cut.code, 2);
      assert.match(cut.err, /cut\.gz: /);
      assert.equal(cut.out, (await streamed([...fmt, path.join(dir, 'cut.gz'), file])).out);
      assert.deepEqual(fs.readdirSync(base), []);
      // the output fails (a closed pipe) while the spilled text is written back
      let writes = 0;
      await assert.rejects(streamed([...fmt, file], { spillBase: base, spillOver: 100, stdout: () => { if (++writes > 1) throw new Error('EPIPE'); } }), /EPIPE/);
      assert.deepEqual(fs.readdirSync(base), []);
    }
    assert.equal(process.listenerCount('exit'), exitListeners, 'no exit handler left behind');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('Spool: text past the bound is read back whole in pieces of about 1 MB, characters cut between pieces joined again', async () => {
  const base = tmpDir();
  try {
    const dir = new SpillDir(base);
    const spool = new Spool(dir, 1000);
    const parts: string[] = [];
    // 3 MB of lines whose multi-byte characters fall across every byte offset of a piece's end
    for (let i = 0; parts.length < 60_000; i++) parts.push(`${'x'.repeat(i % 7)}é€😀 line ${i}\n`);
    for (const p of parts) {
      spool.add(p);
      assert.ok(spool.heldBytes <= 1000, 'in memory: at most the bound');
    }
    assert.ok(spool.spilled);
    const pieces: string[] = [];
    await spool.writeTo(s => pieces.push(s));
    assert.equal(pieces.join(''), parts.join(''));
    assert.ok(pieces.length >= 2 && pieces.every(s => s.length <= 1048576), `${pieces.length} pieces`);
    assert.deepEqual(fs.readdirSync(dir.path), [], 'the spool file is removed once written');
    dir.remove();
    assert.deepEqual(fs.readdirSync(base), []);
    // under the bound: no file, no directory
    const small = new Spool(new SpillDir(base), SPILL_OVER);
    small.add('a summary\n');
    assert.equal(small.spilled, false);
    const got: string[] = [];
    await small.writeTo(s => got.push(s));
    assert.deepEqual(got, ['a summary\n']);
    assert.deepEqual(fs.readdirSync(base), []);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
