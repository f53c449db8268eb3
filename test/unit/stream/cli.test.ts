/**
 * `oom-lens analyze` streaming (server/src/cli/analyze.ts) against the whole-text command
 * (test/helpers/wholeTextAnalyze.ts): the same bytes out for text, --json and --format markdown; gzip input;
 * --format jsonl written as reports are found; SIGINT.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { spawn } from 'child_process';
import { analyzeCommand } from '../../helpers/wholeTextAnalyze';
import { analyzeStreamCommand, WHOLE_TEXT_UNDER, type AnalyzeIO } from '../../../server/src/cli/analyze';
import { foreignLine, generateLog, readCorpus, Rng } from '../../../bench/generate';

const root = path.resolve(__dirname, '..', '..', '..', '..');

function wholeText(args: string[], stdin = ''): { out: string; err: string; code: number } {
  const out: string[] = [];
  const err: string[] = [];
  const code = analyzeCommand(args, { stdout: s => out.push(s), stderr: s => err.push(s), readStdin: () => stdin });
  return { out: out.join(''), err: err.join(''), code };
}

async function streamed(args: string[], stdin: Buffer[] | AsyncIterable<Buffer> = [], extra: Partial<AnalyzeIO> = {}): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await analyzeStreamCommand(args, {
    stdout: s => out.push(s), stderr: s => err.push(s),
    stdin: () => ({ chunks: Array.isArray(stdin) ? (async function* () { yield* stdin; })() : stdin, close: () => undefined }),
    progress: false, stopped: () => false, wholeTextUnder: 0, ...extra,
  }, 'usage');
  return { out: out.join(''), err: err.join(''), code };
}

function tmpDir(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-stream-')); }

test('text, --json and --format markdown: byte for byte the whole-text output (files, stdin in small chunks, missing files)', async () => {
  const dir = tmpDir();
  try {
    const gen = path.join(dir, 'generated.log');
    fs.writeFileSync(gen, generateLog({ bytes: 2 * 1048576, reports: 20, seed: 4 }));
    const samples = fs.readdirSync(path.join(root, 'samples')).filter(f => f.endsWith('.log')).map(f => path.join(root, 'samples', f));
    const corpus = fs.readdirSync(path.join(root, 'test', 'fixtures', 'corpus', 'userspace')).filter(f => !f.endsWith('.md')).map(f => path.join(root, 'test', 'fixtures', 'corpus', 'userspace', f));
    const files = [...samples, ...corpus, gen, path.join(dir, 'missing.log')];
    for (const fmt of [[], ['--json'], ['--format', 'markdown'], ['--format=text']]) {
      const a = wholeText([...fmt, ...files]);
      const b = await streamed([...fmt, ...files]);
      assert.equal(b.out, a.out, fmt.join(' '));
      assert.equal(b.code, a.code);
      assert.equal(b.err, a.err);
    }
    const input = fs.readFileSync(gen);
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += 777) chunks.push(input.subarray(i, i + 777));
    for (const fmt of [[], ['--json'], ['--format', 'markdown']]) {
      assert.equal((await streamed(fmt, chunks)).out, wholeText(fmt, input.toString('utf8')).out, `stdin ${fmt.join(' ')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('small plain files are read whole, bigger ones and gzip streamed: the same bytes out in every format', async () => {
  const dir = tmpDir();
  try {
    const gen = path.join(dir, 'generated.log');
    const input = generateLog({ bytes: 1048576, reports: 12, seed: 9 });
    fs.writeFileSync(gen, input);
    fs.writeFileSync(gen + '.gz', zlib.gzipSync(input));
    const pasted = path.join(root, 'test', 'fixtures', 'corpus', 'pasted');
    const files = [gen, gen + '.gz', ...fs.readdirSync(pasted).filter(f => !f.endsWith('.md')).slice(0, 4).map(f => path.join(pasted, f))];
    for (const fmt of [[], ['--json'], ['--format', 'markdown'], ['--format', 'jsonl']]) {
      const streamedAll = await streamed([...fmt, ...files]);
      const wholeSmall = await streamed([...fmt, ...files], [], { wholeTextUnder: WHOLE_TEXT_UNDER });
      const wholeUpTo1M = await streamed([...fmt, ...files], [], { wholeTextUnder: 1048576 });
      assert.ok(streamedAll.out.length > 1000, fmt.join(' '));
      assert.equal(wholeSmall.out, streamedAll.out, `${fmt.join(' ')}: read whole`);
      assert.equal(wholeUpTo1M.out, streamedAll.out, `${fmt.join(' ')}: at the threshold`);
      assert.equal(wholeSmall.err, streamedAll.err.replace(/[^\n]*read again as one text[^\n]*\n/g, ''), fmt.join(' '));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a log that needs the whole text (quoted-printable, records, a learned prefix) gets the whole-text answer, from a file and from stdin', async () => {
  const pasted = path.join(root, 'test', 'fixtures', 'corpus', 'pasted');
  const files = fs.readdirSync(pasted).filter(f => !f.endsWith('.md')).map(f => path.join(pasted, f));
  assert.ok(files.length > 3);
  for (const fmt of [[], ['--json'], ['--format', 'markdown']]) {
    assert.equal((await streamed([...fmt, ...files])).out, wholeText([...fmt, ...files]).out, fmt.join(' '));
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      assert.equal((await streamed(fmt, [bytes.subarray(0, 5), bytes.subarray(5)])).out, wholeText(fmt, bytes.toString('utf8')).out, `${f} on stdin`);
    }
  }
});

test('.gz input, known by its magic bytes: a rotated set kern.log, kern.log.1, kern.log.2.gz, and a gzip file without the name', async () => {
  const dir = tmpDir();
  try {
    const logs = [1, 2, 3].map(seed => generateLog({ bytes: 400_000, reports: 4, seed }));
    fs.writeFileSync(path.join(dir, 'kern.log'), logs[0]);
    fs.writeFileSync(path.join(dir, 'kern.log.1'), logs[1]);
    fs.writeFileSync(path.join(dir, 'kern.log.2.gz'), zlib.gzipSync(logs[2]));
    // two gzip members, as `cat a.gz b.gz` makes, under a name that does not say gzip
    fs.writeFileSync(path.join(dir, 'kern.log.3'), Buffer.concat([zlib.gzipSync(logs[0]), zlib.gzipSync(logs[1])]));
    fs.writeFileSync(path.join(dir, 'plain-0'), logs[0]);
    fs.writeFileSync(path.join(dir, 'plain-2'), logs[2]);
    fs.writeFileSync(path.join(dir, 'plain-01'), logs[0] + logs[1]);
    const files = ['kern.log', 'kern.log.1', 'kern.log.2.gz', 'kern.log.3'].map(f => path.join(dir, f));
    const plain = ['plain-0', 'kern.log.1', 'plain-2', 'plain-01'].map(f => path.join(dir, f));
    const got = JSON.parse((await streamed(['--json', ...files])).out);
    const want = JSON.parse(wholeText(['--json', ...plain]).out);
    assert.deepEqual(got.files.map((f: any) => f.events), want.files.map((f: any) => f.events));
    assert.ok(got.files[2].events.length >= 4, 'the .gz file has its reports');
    // standard input: `cat kern.log.2.gz | oom-lens analyze`
    const gz = fs.readFileSync(path.join(dir, 'kern.log.2.gz'));
    assert.equal((await streamed([], [gz.subarray(0, 1), gz.subarray(1, 100), gz.subarray(100)])).out, wholeText([], logs[2]).out);
    // a broken gzip file: a message, exit 2, the other files still analysed
    fs.writeFileSync(path.join(dir, 'broken.gz'), gz.subarray(0, gz.length >> 1));
    const broken = await streamed([path.join(dir, 'broken.gz'), path.join(dir, 'kern.log')]);
    assert.equal(broken.code, 2);
    assert.match(broken.err, /broken\.gz: /);
    assert.match(broken.out, /kern\.log: \d+ OOM events/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A log with `n` reports and noise after each (enough to close it). */
function reportsWithNoise(n: number, seed: number): string {
  const rng = new Rng(seed);
  const clock = { sec: 100 };
  const report = readCorpus().find(c => c.name.startsWith('15-'))!.text.replace(/\n+$/, '');
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(report);
    for (let k = 0; k < 400; k++) parts.push(foreignLine(rng, clock).replace(/kill|proces|usage|backs|_reap|Kernel|Mem|Task|Kill|vict|pid \]/g, 'x'));
  }
  return parts.join('\n') + '\n';
}

test('--format jsonl: one event per line, the first one out before the input ends, the same events as --json', async () => {
  const log = Buffer.from(reportsWithNoise(3, 5));
  const half = log.length >> 1;
  let outSoFar = '';
  let firstBeforeEnd = false;
  const input = (async function* () {
    yield log.subarray(0, half);
    // give the analyser the time it takes; the first report is complete in the first half
    for (let i = 0; i < 200 && !outSoFar.includes('\n'); i++) await new Promise(r => setTimeout(r, 10));
    firstBeforeEnd = outSoFar.includes('\n');
    yield log.subarray(half);
  })();
  const r = await streamed(['--format', 'jsonl'], input, { stdout: s => { outSoFar += s; } });
  assert.equal(r.code, 0);
  assert.ok(firstBeforeEnd, 'an event was written before the input ended');
  const lines = outSoFar.trimEnd().split('\n').map(l => JSON.parse(l));
  const json = JSON.parse(wholeText(['--json'], log.toString('utf8')).out).files[0].events;
  assert.equal(lines.length, 3);
  assert.deepEqual(lines.map(({ file, event, ...ev }) => { assert.equal(file, '<stdin>'); return { event, ev }; }), json.map((ev: unknown, i: number) => ({ event: i + 1, ev })));
});

test('SIGINT: reading stops, the reports read are written, exit 130', async () => {
  const cli = path.join(root, 'out', 'server', 'src', 'cli', 'main.js');
  const child = spawn(process.execPath, [cli, 'analyze', '--format', 'jsonl'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', d => { out += d; });
  child.stderr.on('data', d => { err += d; });
  // two reports with noise after them, and the pipe left open
  child.stdin.write(reportsWithNoise(2, 6));
  for (let i = 0; i < 1000 && out.split('\n').length < 2; i++) await new Promise(r => setTimeout(r, 10));
  child.kill('SIGINT');
  const code = await new Promise<number | null>(resolve => child.on('close', c => resolve(c)));
  assert.equal(code, 130, err);
  const lines = out.trimEnd().split('\n').map(l => JSON.parse(l));
  assert.equal(lines.length, 2, 'both reports written');
  assert.match(err, /stopped \(interrupted\)/);
});
