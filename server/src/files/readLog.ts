/**
 * Reading a log file from disk for analysis (the CLI, and the server for logs VS Code keeps from
 * extensions): as one string when it is small enough, else piece by piece into a ChunkedText. A
 * string holds at most 2^29 - 24 characters (512 MB); kernel logs of a month can be bigger.
 */
import * as fs from 'fs';
import * as v8 from 'v8';
import { StringDecoder } from 'string_decoder';
import { ChunkedText } from '../common/chunkedText';

/**
 * Files up to this size are read as one string (one read, one decode: the fastest way). The
 * environment variable lowers it for the CLI tests, which run the piece path on small files.
 */
export const ONE_STRING_MAX = envBytes('OOM_LENS_ONE_STRING_MAX') ?? 256 * 1024 * 1024;

function envBytes(name: string): number | undefined {
  const v = process.env[name];
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
/** Biggest log analysed (its text and analysis must fit in memory); the CLI and the server check it before reading. */
export const MAX_LOG = 1024 * 1024 * 1024;
/** Bytes per read for bigger files. */
const PIECE = 16 * 1024 * 1024;

export interface ReadOptions { oneStringMax?: number; pieceBytes?: number }

/**
 * Turns each lone \r of a text arriving in pieces into \n, a \r\n split between two pieces kept
 * whole. The parser reads a lone \r as a line end just so (oomlog/parse.ts), and a ChunkedText
 * without one has the parser's lines, which reading in steps needs (incremental.ts).
 */
class LoneCrToLf {
  /** A \r at the end of the last piece: lone or not depends on the next one. */
  private heldCr = false;

  /** The next piece, fixed; `last` for the final one. */
  push(s: string, last = false): string {
    if (this.heldCr) s = '\r' + s;
    this.heldCr = !last && s.endsWith('\r');
    if (this.heldCr) s = s.slice(0, -1);
    return s.includes('\r') ? s.replace(/\r(?!\n)/g, '\n') : s;
  }
}

/** Decodes a file read in pieces: UTF-8 sequences split between pieces come out whole, lone \r as \n (LoneCrToLf). */
export class PieceDecoder {
  private readonly utf8 = new StringDecoder('utf8');
  private readonly cr = new LoneCrToLf();

  push(bytes: Buffer): string {
    return this.cr.push(this.utf8.write(bytes));
  }

  end(): string {
    return this.cr.push(this.utf8.end(), true);
  }
}

/** The text of the log at `path`: a string, or a ChunkedText when the file is bigger than `oneStringMax`. */
export function readLogFile(path: string, opts: ReadOptions = {}): string | ChunkedText {
  const size = fs.statSync(path).size;
  if (size <= (opts.oneStringMax ?? ONE_STRING_MAX)) return fs.readFileSync(path).toString('utf8');
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(opts.pieceBytes ?? PIECE);
    const dec = new PieceDecoder();
    const pieces: string[] = [];
    for (let n = fs.readSync(fd, buf, 0, buf.length, null); n > 0; n = fs.readSync(fd, buf, 0, buf.length, null)) pieces.push(dec.push(buf.subarray(0, n)));
    pieces.push(dec.end());
    return ChunkedText.fromPieces(pieces);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Standard input read to its end, as readLogFile reads a file: one string when it is at most
 * `oneStringMax` characters (as read, lone \r kept), else a ChunkedText. For `journalctl -k |
 * oom-lens analyze` and `zcat kern.log.*.gz | oom-lens analyze`, which can pass 512 MB.
 */
export function readLogStdin(opts: ReadOptions = {}): string | ChunkedText {
  const buf = Buffer.allocUnsafe(opts.pieceBytes ?? PIECE);
  const utf8 = new StringDecoder('utf8');
  const raw: string[] = [];
  let chars = 0;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { Atomics.wait(PAUSE, 0, 0, 5); continue; } // non-blocking stdin with nothing yet
      if (code === 'EOF') break;
      throw e;
    }
    if (n <= 0) break;
    const piece = utf8.write(buf.subarray(0, n));
    if (piece) raw.push(piece);
    chars += piece.length;
    if (chars > MAX_LOG) throw new Error(`more than ${MAX_LOG / 1048576} MB on standard input, more than oom-lens analyses at once; cut out the time around the incident first`);
  }
  raw.push(utf8.end());
  if (chars <= (opts.oneStringMax ?? ONE_STRING_MAX)) return raw.join('');
  // the same text as PieceDecoder makes of a file
  const cr = new LoneCrToLf();
  return ChunkedText.fromPieces(raw.map((p, i) => cr.push(p, i === raw.length - 1)));
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** readLogFile without blocking: the server keeps answering while a big file is read. */
export async function readLogFileAsync(path: string, opts: ReadOptions = {}): Promise<string | ChunkedText> {
  const size = (await fs.promises.stat(path)).size;
  if (size <= (opts.oneStringMax ?? ONE_STRING_MAX)) return (await fs.promises.readFile(path)).toString('utf8');
  const file = await fs.promises.open(path, 'r');
  try {
    const dec = new PieceDecoder();
    const pieces: string[] = [];
    const buf = Buffer.allocUnsafe(opts.pieceBytes ?? PIECE);
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead <= 0) break;
      pieces.push(dec.push(buf.subarray(0, bytesRead)));
    }
    pieces.push(dec.end());
    return ChunkedText.fromPieces(pieces);
  } finally {
    await file.close();
  }
}

/**
 * True when the heap is close to its limit: reading a huge log in steps stops then with a message,
 * rather than the process dying of V8's own out-of-memory error (a log of back-to-back reports
 * takes ~4.5× its size in memory once analysed).
 */
export function heapNearlyFull(): boolean {
  const h = v8.getHeapStatistics();
  // the limit counts the young generation too, which never holds the old objects that fill up
  return h.heap_size_limit - h.used_heap_size < Math.max(64 * 1024 * 1024, 0.2 * h.heap_size_limit);
}

/** What to tell the user when heapNearlyFull stopped the reading at `fraction` of the file. */
export function outOfMemoryMessage(fraction: number): string {
  return `stopped after ${Math.round(fraction * 100)} % of the file: its analysis would not fit in memory ` +
    `(a log of back-to-back reports takes several times its size). Cut out the time around the incident and analyse that.`;
}
