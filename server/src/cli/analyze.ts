/**
 * `oom-lens analyze`, streaming: files and standard input are read in chunks (gzip ones, known by
 * their magic bytes, through node:zlib) into the StreamAnalyzer (oomlog/stream/regions.ts), so a
 * log of any size is analysed in the memory of its biggest report region; what the text and
 * Markdown formats print after a file's event count waits in memory up to SPILL_OVER bytes, and
 * past that in a temporary file (cli/spool.ts). Output is what the
 * whole-text analysis prints (the test oracle test/helpers/wholeTextAnalyze.ts); `--format jsonl`
 * adds one JSON event per line, written as each report is complete.
 *
 * An input whose reading needs the whole text (a quoted-printable mail body, JSON or journal
 * records, a prefix learned from a report line: WholeTextNeeded) is analysed as one text, as a
 * small plain file always is: a plain file is read again (up to MAX_LOG), a gzip file
 * decompressed again, and standard input from the copy kept of its first STDIN_KEEP bytes (a
 * bigger one is refused with a message). Events already written then (`--json`, `--format
 * jsonl`) are not written again, and stderr says so.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as Zlib from 'zlib';
import * as v8 from 'v8';
import * as os from 'os';
import { Readable } from 'stream';
import { pathToFileURL } from 'url';
import type { OomEvent, OomLogAnalysis } from '../oomlog/model';
import type { FieldIndex } from '../oomlog/fieldstore';
import { StreamAnalyzer, WHOLE_TEXT_WHY, WholeTextNeeded } from '../oomlog/stream/regions';
import { type FirstFields, parseFirstFields } from '../oomlog/stream/firstFields';
import { eventJson, eventSummaryText } from '../oomlog/report';
import { oomLogService } from '../oomlog';
import { defaultSettings, type DocumentContext, type WorkspaceView } from '../common/service';
import { ProgressiveParse } from '../oomlog/incremental';
import { ChunkedText } from '../common/chunkedText';
import { MAX_LOG, ONE_STRING_MAX, PieceDecoder, heapNearlyFull, outOfMemoryMessage } from '../files/readLog';
import { buildEventView, hasTimeline, timelinePoint } from '../report/model';
import { EVENT_SEPARATOR, eventMarkdownText, markdownHead, timelineRow, timelineTail } from '../report/markdown';
import { SpillDir, Spool } from './spool';
import { terminalSafeIO } from '../common/terminal';
import { MarkerWorker } from './markerWorker';

/** Bytes per read. */
const CHUNK = 1024 * 1024;
/** Bytes of standard input kept in case it needs the whole-text reading. */
export const STDIN_KEEP = 16 * 1024 * 1024;

export interface AnalyzeIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard input as a stream of bytes, and how to stop reading it. */
  stdin: () => { chunks: AsyncIterable<Buffer>; close: () => void };
  /** Show a progress line on stderr (it is a terminal). */
  progress: boolean;
  /** Set when the user asked to stop (SIGINT): reading stops, what is complete is written. */
  stopped: () => boolean;
  /** Resolves once the output has room again (a pipe read slower than we write). */
  drain?: () => Promise<void>;
  /** Called with a function that ends the current read at once (for SIGINT on a quiet pipe). */
  onAbort?: (abort: (() => void) | undefined) => void;
  /** Plain files up to this size are read whole instead of streamed (default WHOLE_TEXT_UNDER; tests set 0 to stream everything). */
  wholeTextUnder?: number;
  /** Bytes of a streamed input after which marker lines are searched in a worker thread (default MARKER_WORKER_AFTER; Infinity: never). */
  markerWorkerAfter?: number;
  /** Bytes of a file's output kept in memory until its end before the rest goes to a temporary file (default SPILL_OVER). */
  spillOver?: number;
  /** Where the temporary directory of those files is made (default os.tmpdir()). */
  spillBase?: string;
}

/**
 * Bytes of one file's output that wait in memory for the file's end (text: the summaries after the
 * count; Markdown: the timeline rows and the events after the count) before they go to a temporary
 * file (cli/spool.ts): a log of a few reports makes no file, one of any size holds no more than this.
 */
export const SPILL_OVER = 4 * 1048576;

/**
 * Plain (not gzip) files up to this size are read as one text and analysed at once: the same output
 * as the stream (test/unit/stream/), in less CPU, because every line is scanned once instead of
 * being searched for markers and then parsed again in its region; the memory it takes (a few times
 * the file's size) stays well under the stream's bound. Bigger files, gzip and standard input stream.
 */
export const WHOLE_TEXT_UNDER = 64 * 1048576;

/**
 * A streamed input searches its marker lines in a worker thread (cli/markerWorker.ts) once it has
 * passed this many bytes, when the machine has a second core: below it, starting the thread costs
 * more than it saves.
 */
export const MARKER_WORKER_AFTER = 16 * 1048576;

/** Whether a plain file of `size` bytes is analysed as one text: small enough, and the heap has room for it. */
function readWhole(size: number, under: number): boolean {
  return size <= under && size * 6 <= v8.getHeapStatistics().heap_size_limit;
}

function isGzipFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(2);
  try { fs.readSync(fd, magic, 0, 2, 0); } finally { fs.closeSync(fd); }
  return magic[0] === 0x1f && magic[1] === 0x8b;
}

type Format = 'text' | 'json' | 'markdown' | 'jsonl';

export const ANALYZE_USAGE = `  oom-lens analyze [--json | --format text|json|markdown|jsonl] [FILE...]
                                               summarise every OOM report (reads stdin without FILE;
                                               .gz files are decompressed; jsonl: one event per line)`;

/** The same string the whole-text path gets from its file: a gzip file decompressed, the rest as is. */
function gunzipIfGzip(src: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  return (async function* () {
    const it = src[Symbol.asyncIterator]();
    let head: Buffer = Buffer.alloc(0);
    while (head.length < 2) {
      const n = await it.next();
      if (n.done) { if (head.length) yield head; return; }
      head = head.length ? Buffer.concat([head, n.value]) : n.value;
    }
    const rest = (async function* () {
      yield head;
      for (;;) { const n = await it.next(); if (n.done) return; yield n.value; }
    })();
    if (head[0] !== 0x1f || head[1] !== 0x8b) { yield* rest; return; }
    // loaded only for gzip input, like child_process in machine/exec.ts: not a cost of every analyze
    const { createGunzip } = require('zlib') as typeof Zlib;
    const gz = createGunzip({ chunkSize: CHUNK });
    const input = Readable.from(rest);
    input.on('error', e => gz.destroy(e));
    input.pipe(gz);
    yield* gz as AsyncIterable<Buffer>;
  })();
}

function fileChunks(file: string): { chunks: AsyncIterable<Buffer>; close: () => void } {
  const s = fs.createReadStream(file, { highWaterMark: CHUNK });
  return { chunks: gunzipIfGzip(s), close: () => s.destroy() };
}

const noWorkspace: WorkspaceView = { unitFiles: () => [], sysctlFiles: () => [], logFiles: () => [] };

function context(file: string): DocumentContext {
  const abs = file === '-' ? '/dev/stdin' : path.resolve(file);
  return { uri: pathToFileURL(abs).href, path: abs, settings: defaultSettings, workspace: noWorkspace };
}

/** Whole-text analysis of bytes (the copy of standard input, a decompressed gzip file), as a small plain file is read. */
function analyseBytes(parts: Buffer[], total: number): OomLogAnalysis {
  if (total <= ONE_STRING_MAX) return oomLogService.analyze(Buffer.concat(parts, total).toString('utf8'), context('-'));
  const dec = new PieceDecoder();
  const pieces = parts.map(p => dec.push(p));
  pieces.push(dec.end());
  return progressive(ChunkedText.fromPieces(pieces));
}

function progressive(text: ChunkedText): OomLogAnalysis {
  const parse = new ProgressiveParse(text);
  while (!parse.step()) if (heapNearlyFull()) throw new Error(outOfMemoryMessage(parse.fraction));
  return parse.result();
}

/** The whole-text analysis of `file` (WholeTextNeeded), or why it cannot be made. */
async function wholeText(file: string, kept: Buffer[] | undefined, keptBytes: number): Promise<OomLogAnalysis> {
  if (file === '-') {
    if (!kept) throw new Error(`${WHOLE_TEXT_WHY}, and more than ${STDIN_KEEP / 1048576} MB came on standard input: save it to a file and name the file`);
    return analyseBytes(kept, keptBytes);
  }
  const gz = isGzipFile(file);
  const size = fs.statSync(file).size;
  if (!gz) {
    if (size > MAX_LOG) throw new Error(`${WHOLE_TEXT_WHY}, and ${Math.round(size / 1048576)} MB is more than oom-lens reads as one text (${MAX_LOG / 1048576} MB); cut out the time around the incident first`);
    const text = size <= ONE_STRING_MAX ? fs.readFileSync(file).toString('utf8') : undefined;
    if (text !== undefined) return oomLogService.analyze(text, context(file));
  }
  const parts: Buffer[] = [];
  let total = 0;
  for await (const c of fileChunks(file).chunks) {
    parts.push(c); total += c.length;
    if (total > MAX_LOG) throw new Error(`${WHOLE_TEXT_WHY}, and it holds more than ${MAX_LOG / 1048576} MB; cut out the time around the incident first`);
  }
  return analyseBytes(parts, total);
}

/** Writes the analysis of one input as it comes. */
class Output {
  private jsonFiles = 0;
  private mdFiles = 0;
  private events = 0;
  /** The text format's summaries, or the Markdown report's event texts: they follow the count, written at the file's end. */
  private readonly body: Spool;
  /** The Markdown report's timeline rows, and the memory their kills freed. */
  private readonly rows: Spool;
  private freedKiB = 0;
  constructor(private readonly io: AnalyzeIO, readonly format: Format, private readonly spill: SpillDir, spillOver: number) {
    this.body = new Spool(spill, spillOver);
    this.rows = new Spool(spill, spillOver);
  }

  begin(): void { if (this.format === 'json') this.io.stdout('{\n  "files": ['); }

  startFile(name: string): void {
    this.events = 0;
    this.freedKiB = 0;
    this.body.dispose();
    this.rows.dispose();
    if (this.format === 'json') this.io.stdout(`${this.jsonFiles++ === 0 ? '' : ','}\n    {\n      "file": ${JSON.stringify(name)},\n      "events": [`);
  }

  event(name: string, ev: OomEvent, fields: FieldIndex | FirstFields): void {
    const i = this.events++;
    switch (this.format) {
      case 'json':
        // nested 8 spaces deep; a JSON text has line breaks only between its tokens, never in a string
        this.io.stdout(`${i ? ',' : ''}\n        ${JSON.stringify(eventJson(ev), null, 2).replace(/\n/g, '\n        ')}`);
        break;
      case 'jsonl': this.io.stdout(JSON.stringify({ file: name, event: ev.index + 1, ...eventJson(ev) }) + '\n'); break;
      case 'markdown': {
        // the event's Markdown and timeline row now: a log of thousands of reports is not held as views
        const v = buildEventView(ev, fields);
        const p = timelinePoint(v);
        this.freedKiB += p.freedKiB;
        this.rows.add(timelineRow(p, v.when));
        this.body.add(i ? EVENT_SEPARATOR + eventMarkdownText(v) : eventMarkdownText(v));
        break;
      }
      default: this.body.add('\n' + eventSummaryText(ev) + '\n');
    }
  }

  get count(): number { return this.events; }

  /** Events of the current file written so far (json, jsonl: they cannot be taken back). */
  get written(): number { return this.format === 'json' || this.format === 'jsonl' ? this.events : 0; }

  async endFile(name: string): Promise<void> {
    const n = this.events;
    const write = this.io.stdout, drain = this.io.drain;
    if (this.format === 'json') this.io.stdout(n ? '\n      ]\n    }' : ']\n    }');
    else if (this.format === 'markdown') {
      // the reports of several files are separated by a rule
      const timeline = hasTimeline(n);
      write((this.mdFiles++ ? '\n---\n\n' : '') + markdownHead(name, n, timeline));
      if (timeline) {
        await this.rows.writeTo(write, drain);
        write(timelineTail(this.freedKiB));
      }
      await this.body.writeTo(write, drain);
    } else if (this.format === 'text') {
      if (!n) write(`${name}: no OOM report found\n`);
      else {
        write(`${name}: ${n} OOM event${n === 1 ? '' : 's'}\n`);
        await this.body.writeTo(write, drain);
      }
    }
    this.body.dispose();
    this.rows.dispose();
  }

  finish(): void {
    if (this.format === 'json') this.io.stdout(this.jsonFiles ? '\n  ]\n}\n' : ']\n}\n');
  }

  /** Forgets what waits for a file's end and removes the spill files (on every way out of the command). */
  dispose(): void {
    this.body.dispose();
    this.rows.dispose();
    this.spill.remove();
  }
}

function mb(n: number): string { return `${(n / 1048576).toFixed(0)} MB`; }

/** Exit code: 0 ran, 2 unreadable input or bad usage, 130 stopped by SIGINT. */
export async function analyzeStreamCommand(args: string[], rawIO: AnalyzeIO, usage: string): Promise<number> {
  const io = terminalSafeIO(rawIO); // file text reaches the terminal: no control characters
  let format: Format = 'text';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json' || a === '--format=json') format = 'json';
    else if (a === '--markdown' || a.startsWith('--format=')) {
      const f = a === '--markdown' ? 'markdown' : a.slice('--format='.length);
      if (f !== 'text' && f !== 'json' && f !== 'markdown' && f !== 'jsonl') { io.stderr(`oom-lens analyze: unknown format ${f}\n`); return 2; }
      format = f;
    }
    else if (a === '--format') {
      const f = args[++i];
      if (f !== 'text' && f !== 'json' && f !== 'markdown' && f !== 'jsonl') { io.stderr(`oom-lens analyze: unknown format ${f ?? ''}\n`); return 2; }
      format = f;
    }
    else if (a === '-h' || a === '--help') { io.stdout(usage + '\n'); return 0; }
    else if (a.startsWith('-') && a !== '-') { io.stderr(`oom-lens analyze: unknown option ${a}\n${usage}\n`); return 2; }
    else files.push(a);
  }
  if (!files.length) files.push('-');
  const out = new Output(io, format, new SpillDir(rawIO.spillBase), rawIO.spillOver ?? SPILL_OVER);
  try {
    return await analyzeFiles(files, format, out, io, rawIO);
  } finally {
    out.dispose();
  }
}

/** analyzeStreamCommand's work once its arguments are read: the exit code. */
async function analyzeFiles(files: string[], format: Format, out: Output, io: AnalyzeIO, rawIO: AnalyzeIO): Promise<number> {
  out.begin();
  let failed = false;
  let stopped = false;
  for (const f of files) {
    if (rawIO.stopped()) { stopped = true; break; }
    const name = f === '-' ? '<stdin>' : f;
    let source: { chunks: AsyncIterable<Buffer>; close: () => void };
    let whole = false;
    if (f === '-') { const input = rawIO.stdin(); source = { chunks: gunzipIfGzip(input.chunks), close: input.close }; }
    else {
      try {
        const st = fs.statSync(f);
        if (st.isDirectory()) throw Object.assign(new Error(`${f}: is a directory`), { plain: true });
        fs.accessSync(f, fs.constants.R_OK);
        whole = st.isFile() && readWhole(st.size, rawIO.wholeTextUnder ?? WHOLE_TEXT_UNDER) && !isGzipFile(f);
      } catch (e: any) {
        io.stderr(`oom-lens analyze: ${e?.plain ? e.message : `${f}: ${e?.code === 'ENOENT' ? 'no such file' : e?.message ?? String(e)}`}\n`);
        failed = true; continue;
      }
      if (whole) {
        out.startFile(name);
        try {
          // the outputs read no field store: the parse keeps only the fields they read, as the stream's regions do
          const a = parseFirstFields(fs.readFileSync(f).toString('utf8'), 0);
          for (const ev of a.events) out.event(name, ev, a.fields);
        } catch (e) {
          io.stderr(`oom-lens analyze: ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
          failed = true;
        }
        await out.endFile(name);
        continue;
      }
      source = fileChunks(f);
    }
    out.startFile(name);
    // the outputs read no field store: each region's parse keeps only the fields they read
    const sa = new StreamAnalyzer((ev, fields) => out.event(name, ev, fields), parseFirstFields);
    const kept: Buffer[] | undefined = f === '-' ? [] : undefined;
    let keptBytes = 0;
    let keep = kept;
    let needWhole: WholeTextNeeded | undefined;
    let lastShown = 0;
    const workerAfter = os.availableParallelism() > 1 ? rawIO.markerWorkerAfter ?? MARKER_WORKER_AFTER : Infinity;
    let worker: MarkerWorker | undefined;
    rawIO.onAbort?.(source.close);
    try {
      for await (const chunk of source.chunks) {
        if (rawIO.stopped()) { stopped = true; break; }
        if (keep) {
          keptBytes += chunk.length;
          if (keptBytes <= STDIN_KEEP) keep.push(Buffer.from(chunk)); else keep = undefined;
        }
        if (!worker && sa.stats.bytes >= workerAfter) worker = new MarkerWorker(sa);
        if (worker) await worker.push(chunk); else sa.push(chunk);
        if (rawIO.drain) await rawIO.drain();
        if (rawIO.progress) {
          const now = Date.now();
          if (now - lastShown > 250) { lastShown = now; rawIO.stderr(`\r\x1b[K${name}: ${mb(sa.stats.bytes)} read, ${out.count} event${out.count === 1 ? '' : 's'}`); }
        }
      }
      if (rawIO.stopped()) stopped = true;
      if (worker) await worker.end(); else sa.end();
    } catch (e) {
      if (e instanceof WholeTextNeeded) needWhole = e;
      else if (!stopped && !rawIO.stopped()) {
        if (rawIO.progress) rawIO.stderr('\r\x1b[K');
        io.stderr(`oom-lens analyze: ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
        failed = true;
      } else {
        stopped = true;
        try { if (worker) await worker.end(); else sa.end(); } catch (e2) { if (e2 instanceof WholeTextNeeded) needWhole = e2; else throw e2; }
      }
    } finally {
      worker?.close();
      rawIO.onAbort?.(undefined);
      source.close();
    }
    if (rawIO.progress) rawIO.stderr('\r\x1b[K');
    if (needWhole && !stopped) {
      const done = out.written;
      try {
        const a = await wholeText(f, kept === undefined ? undefined : keep, keptBytes);
        if (format !== 'json' && format !== 'jsonl') out.startFile(name);
        if (done) io.stderr(`oom-lens analyze: ${name}: ${needWhole.message}; read again as one text from its report ${done + 1} on (the ${done} before it were written already)\n`);
        for (const ev of a.events.slice(done)) out.event(name, ev, a.fields);
      } catch (e) {
        io.stderr(`oom-lens analyze: ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
        failed = true;
      }
    }
    for (const w of sa.warnings) io.stderr(`oom-lens analyze: ${name}: ${w}\n`);
    await out.endFile(name);
    if (stopped) {
      io.stderr(`oom-lens analyze: stopped (interrupted) after ${mb(sa.stats.bytes)} of ${name}; the reports read up to there are written\n`);
      break;
    }
  }
  out.finish();
  if (stopped) return 130;
  return failed ? 2 : 0;
}

/**
 * Runs `oom-lens analyze` in this process (cli/analyzeMain.ts and cli/main.ts): SIGINT stops the reading,
 * what is complete is written, and the exit code is 130.
 */
export function runAnalyzeCli(args: string[], usage: string): void {
  let interrupted = false;
  let abort: (() => void) | undefined;
  const onSigint = () => { interrupted = true; abort?.(); };
  process.on('SIGINT', onSigint);
  analyzeStreamCommand(args, {
    stdout: s => { process.stdout.write(s); },
    drain: () => (process.stdout.writableNeedDrain ? new Promise<void>(resolve => {
      const done = () => { process.stdout.off('drain', done); process.stdout.off('close', done); resolve(); };
      process.stdout.on('drain', done); process.stdout.on('close', done);
    }) : Promise.resolve()),
    stderr: s => { process.stderr.write(s); },
    stdin: () => ({ chunks: process.stdin as AsyncIterable<Buffer>, close: () => process.stdin.destroy() }),
    progress: !!process.stderr.isTTY,
    stopped: () => interrupted,
    onAbort: a => { abort = a; },
  }, usage).then(code => {
    process.removeListener('SIGINT', onSigint);
    process.exitCode = code;
  }, e => {
    process.stderr.write(`oom-lens analyze: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
}
