/**
 * ChunkedText: an immutable document text kept as a list of chunks of whole lines, so an edit
 * copies one chunk (tens of KB) instead of the whole document.
 *
 * Why: a JavaScript string cannot be changed in place. Applying an edit to a 50 MB log as one
 * string builds a new 50 MB string, and the first read of it copies all 50 MB again (V8 flattens
 * the concatenation): the whole document's time and memory on every keystroke. Here an edit replaces
 * only the chunks it touches; the other chunks are shared with the previous version.
 *
 * Line model is LSP's: `\n`, `\r\n` and a lone `\r` each end a line. Every chunk but the last
 * ends right after a line break (a `\r\n` is never split), so a line never spans two chunks.
 * The whole text as one string is built only when asked for (`getText`), once per version.
 */
import type { Position } from './types';
import { firstIndex } from './search';

/** The longest string V8 makes (2^29 - 24 UTF-16 units, 512 MB): a longer text exists only as a ChunkedText. */
export const MAX_STRING = (1 << 29) - 24;

/** Default chunk size in UTF-16 units; a chunk holding one longer line is that line's size. */
const CHUNK = 64 * 1024;

interface Chunk {
  readonly text: string;
  /** Line breaks in `text`. */
  readonly breaks: number;
  /** Offsets (within the chunk) where each of its lines starts; built on first use. */
  starts?: Int32Array;
}

/**
 * Line breaks in `s`: every \n, plus every \r not followed by \n. Searched with indexOf (which
 * the engine runs as a fast memchr-like scan) rather than a loop over every character.
 */
function countBreaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  for (let i = s.indexOf('\r'); i >= 0; i = s.indexOf('\r', i + 1)) if (s.charCodeAt(i + 1) !== 10) n++;
  return n;
}

/** Offset just past the first line break at or after `from`, or -1 when there is none. */
function breakAfter(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return s.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return -1;
}

/** Cuts `s` into chunks of whole lines of about `size` units (the last one may end mid-line). */
function split(s: string, size: number, out: Chunk[]): void {
  let at = 0;
  while (s.length - at > 2 * size) {
    const cut = breakAfter(s, at + size - 1);
    if (cut < 0 || cut >= s.length) break;
    // a \r at the cut with \n after it belongs together: breakAfter already skipped both
    out.push({ text: s.slice(at, cut), breaks: countBreaks(s.slice(at, cut)) });
    at = cut;
  }
  if (at < s.length || out.length === 0) {
    const rest = at ? s.slice(at) : s;
    out.push({ text: rest, breaks: countBreaks(rest) });
  }
}

/** Index of the last element of `xs` (ascending, xs[0] ≤ x) that is ≤ `x`. */
function lastAtOrBefore(xs: ArrayLike<number>, x: number): number {
  return Math.max(0, firstIndex(0, xs.length, i => xs[i] > x) - 1);
}

function startsOf(c: Chunk): Int32Array {
  if (c.starts) return c.starts;
  const starts = new Int32Array(c.breaks + 1);
  const s = c.text;
  let k = 1;
  // walk the \n and \r positions in order, both found with indexOf
  let n = s.indexOf('\n');
  let r = s.indexOf('\r');
  while (k <= c.breaks && (n >= 0 || r >= 0)) {
    if (r >= 0 && (n < 0 || r < n)) {
      if (r + 1 === n) { starts[k++] = n + 1; n = s.indexOf('\n', n + 1); } // \r\n
      else starts[k++] = r + 1;
      r = s.indexOf('\r', r + 1);
    } else {
      starts[k++] = n + 1;
      n = s.indexOf('\n', n + 1);
    }
  }
  c.starts = starts;
  return starts;
}

export interface TextChange {
  range?: { start: Position; end: Position };
  text: string;
}

export class ChunkedText {
  readonly length: number;
  readonly lineCount: number;
  /** Offset of each chunk's first character, and the number of lines before it. */
  private readonly offsets: Float64Array;
  private readonly lineBase: Float64Array;
  private joined: string | undefined;

  private constructor(private readonly chunks: readonly Chunk[], private readonly chunkSize: number, joined?: string) {
    const n = chunks.length;
    this.offsets = new Float64Array(n);
    this.lineBase = new Float64Array(n);
    let off = 0;
    let lines = 0;
    for (let i = 0; i < n; i++) {
      this.offsets[i] = off;
      this.lineBase[i] = lines;
      off += chunks[i].text.length;
      lines += chunks[i].breaks;
    }
    this.length = off;
    this.lineCount = lines + 1;
    this.joined = joined;
  }

  /** @param chunkSize smaller only in tests, to exercise chunk boundaries */
  static of(text: string, chunkSize = CHUNK): ChunkedText {
    const chunks: Chunk[] = [];
    split(text, chunkSize, chunks);
    return new ChunkedText(chunks, chunkSize, text);
  }

  /**
   * The text made of `pieces`, one after another (a file read piece by piece, maybe bigger than the
   * longest string there can be). Pieces may end anywhere; the whole text is never one string.
   */
  static fromPieces(pieces: Iterable<string>, chunkSize = CHUNK): ChunkedText {
    const chunks: Chunk[] = [];
    // what follows the last \n seen, not yet in a chunk (a line longer than a piece spans several)
    let carry: string[] = [];
    for (const piece of pieces) {
      const nl = piece.lastIndexOf('\n');
      if (nl < 0) { if (piece) carry.push(piece); continue; }
      carry.push(piece.slice(0, nl + 1));
      split(carry.join(''), chunkSize, chunks);
      // split leaves its last chunk short; the next piece's chunks follow it (a chunk ends after a break)
      carry = nl + 1 < piece.length ? [piece.slice(nl + 1)] : [];
    }
    const rest = carry.join('');
    if (rest || !chunks.length) split(rest, chunkSize, chunks);
    return new ChunkedText(chunks, chunkSize);
  }

  /** The whole text as one string (built once per version, only when asked for). */
  getText(): string {
    if (this.joined === undefined) this.joined = this.chunks.map(c => c.text).join('');
    return this.joined;
  }

  /** Index of the chunk holding offset `off` (the last chunk for the end of the text). */
  private chunkAtOffset(off: number): number {
    return lastAtOrBefore(this.offsets, off);
  }

  /**
   * Where line `line` (0 ≤ line < lineCount) starts: its chunk and its index among the lines
   * starting in that chunk. Every chunk begins a line (the one before ends with a break), so it
   * is the last chunk whose first line is at or before `line`.
   */
  private locate(line: number): { c: number; k: number } {
    const c = lastAtOrBefore(this.lineBase, line);
    return { c, k: line - this.lineBase[c] };
  }

  /** Offset where line `line` starts (clamped to the text). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.lineCount) return this.length;
    const { c, k } = this.locate(line);
    return this.offsets[c] + startsOf(this.chunks[c])[k];
  }

  /** Offset where line `line` ends, before its line break. */
  lineEnd(line: number): number {
    if (line < 0) return 0;
    if (line >= this.lineCount - 1) return this.length;
    const { c, k } = this.locate(line);
    const chunk = this.chunks[c];
    // not the text's last line, so its break is inside this chunk: \n, \r or \r\n
    let end = startsOf(chunk)[k + 1] - 1;
    if (chunk.text.charCodeAt(end) === 10 && end > 0 && chunk.text.charCodeAt(end - 1) === 13) end--;
    return this.offsets[c] + end;
  }

  /** The text of line `line` without its line break ('' outside the text). */
  lineText(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    return this.slice(this.lineStart(line), this.lineEnd(line));
  }

  charCodeAt(off: number): number {
    if (off < 0 || off >= this.length) return NaN;
    const c = this.chunkAtOffset(off);
    return this.chunks[c].text.charCodeAt(off - this.offsets[c]);
  }

  /** Text from `start` to `end` (String.prototype.slice semantics for in-range, non-negative offsets). */
  slice(start = 0, end = this.length): string {
    start = Math.max(0, Math.min(start, this.length));
    end = Math.max(start, Math.min(end, this.length));
    if (this.joined !== undefined) return this.joined.slice(start, end);
    const a = this.chunkAtOffset(start);
    const b = this.chunkAtOffset(Math.max(start, end - 1));
    if (a === b) return this.chunks[a].text.slice(start - this.offsets[a], end - this.offsets[a]);
    const parts = [this.chunks[a].text.slice(start - this.offsets[a])];
    for (let i = a + 1; i < b; i++) parts.push(this.chunks[i].text);
    parts.push(this.chunks[b].text.slice(0, end - this.offsets[b]));
    return parts.join('');
  }

  /** First offset ≥ `from` where `needle` starts. The needle must not contain a line break (it cannot span chunks). */
  indexOf(needle: string, from = 0): number {
    if (this.joined !== undefined) return this.joined.indexOf(needle, from);
    for (let c = this.chunkAtOffset(Math.max(0, from)); c < this.chunks.length; c++) {
      const base = this.offsets[c];
      const i = this.chunks[c].text.indexOf(needle, Math.max(0, from - base));
      if (i >= 0) return base + i;
    }
    return -1;
  }

  positionAt(offset: number): Position {
    const off = Math.max(0, Math.min(offset, this.length));
    const c = this.chunkAtOffset(off);
    const starts = startsOf(this.chunks[c]);
    const local = off - this.offsets[c];
    const lo = lastAtOrBefore(starts, local);
    // an offset between the \r and \n of a break counts as the end of the line (as LSP does)
    const line = this.lineBase[c] + lo;
    return { line, character: Math.min(local - starts[lo], this.lineEnd(line) - this.lineStart(line)) };
  }

  offsetAt(p: Position): number {
    if (p.line >= this.lineCount) return this.length;
    if (p.line < 0) return 0;
    const start = this.lineStart(p.line);
    const end = this.lineEnd(p.line);
    return Math.max(start, Math.min(start + p.character, end));
  }

  /** The text after `changes` (LSP content changes, applied in order); this one is unchanged. */
  edit(changes: readonly TextChange[]): ChunkedText {
    let cur: ChunkedText = this;
    for (const ch of changes) cur = ch.range ? cur.replace(cur.offsetAt(ch.range.start), cur.offsetAt(ch.range.end), ch.text) : ChunkedText.of(ch.text, this.chunkSize);
    return cur;
  }

  /** Replaces [start, end) by `text`, rebuilding only the chunks that hold it. */
  private replace(start: number, end: number, text: string): ChunkedText {
    if (end < start) [start, end] = [end, start];
    let a = this.chunkAtOffset(start);
    let b = this.chunkAtOffset(end);
    // a \n arriving right after a chunk that ends in \r would make one \r\n across two chunks: join them
    const head = this.chunks[a].text.slice(0, start - this.offsets[a]);
    const tail = this.chunks[b].text.slice(end - this.offsets[b]);
    let merged = head + text + tail;
    if (a > 0 && merged.charCodeAt(0) === 10 && this.chunks[a - 1].text.endsWith('\r')) {
      a--;
      merged = this.chunks[a].text + merged;
    }
    // the same at the other end: merged ending in \r before a chunk starting with \n
    if (b + 1 < this.chunks.length && merged.endsWith('\r') && this.chunks[b + 1].text.charCodeAt(0) === 10) {
      b++;
      merged += this.chunks[b].text;
    }
    const fresh: Chunk[] = [];
    if (merged.length) split(merged, this.chunkSize, fresh);
    const chunks = this.chunks.slice(0, a).concat(fresh, this.chunks.slice(b + 1));
    if (!chunks.length) chunks.push({ text: '', breaks: 0 });
    return new ChunkedText(chunks, this.chunkSize);
  }
}
