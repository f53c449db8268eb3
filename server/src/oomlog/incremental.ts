/**
 * Incremental re-analysis of an OOM log after an edit: re-parse only the reports the edit can
 * touch, keep the others, move the ones behind the edit (model.ts moveEvent), splice.
 *
 * Lines here are the parser's lines (split on \n; a \r before it is dropped). Callers must only
 * come here when that equals the editor's line model, i.e. the document has no lone \r.
 *
 * Where the parser carries state from one report into another, the re-parsed region must start and
 * end where that state is empty:
 * - the region starts at the first line of a report that begins with its trigger line (or with the
 *   `callbacks suppressed` line just before it): a trigger always closes the report before it;
 * - it ends right before such a report that starts at least SUPPRESS_WINDOW lines after the edit
 *   (a `callbacks suppressed` line inside the edit could otherwise move that report's start);
 * - `oom_reaper:` lines attach to earlier reports, even across other reports: when a reaper line
 *   inside the region has no owner inside it, or a kept report's reaper line lies in the region,
 *   or a replaced report's reaper line lies after it, we give up and the caller parses everything.
 * - formats read with state from outside the report (a quoted-printable body, structured records,
 *   a learned prefix: OomLogAnalysis.wholeText), before the edit or in the re-parsed region, are
 *   not handled here: the caller parses everything (ProgressiveParse then parses the whole text
 *   in one step).
 * The property test (test/unit/robustness/incremental.test.ts) checks incremental == full parse.
 */
import type { Range } from '../common/types';
import { type OomEvent, type OomLogAnalysis, endLineOf, lineOf, moveEvent } from './model';
import { parseOomLog } from './parse';
import { attachSource } from './sourceText';
import { type ChunkedText, MAX_STRING } from '../common/chunkedText';

/**
 * What reparseOomLog reads of the text after the edit: a string, or the server's ChunkedText
 * (which answers these without building the whole text). Needles never hold a line break.
 */
export interface EditedText {
  readonly length: number;
  slice(start: number, end: number): string;
  charCodeAt(index: number): number;
  indexOf(needle: string, from?: number): number;
}

/** A `callbacks suppressed` line this close before a trigger becomes part of its report. */
const SUPPRESS_WINDOW = 6;

/** One composed edit in parser lines: old lines start..oldEnd became new lines start..newEnd (inclusive). */
export interface LineEdit { start: number; oldEnd: number; newEnd: number }

export interface ContentChange { range?: Range; text: string }

/**
 * Composes LSP content changes (applied in order) into one dirty line span.
 * Returns null when a change replaces the whole document (no range).
 */
export function composeChanges(changes: readonly ContentChange[]): LineEdit | null {
  let span: LineEdit | null = null;
  for (const ch of changes) {
    if (!ch.range) return null;
    const s = ch.range.start.line;
    const e1 = Math.max(s, ch.range.end.line);
    const next = { start: s, oldEnd: e1, newEnd: s + countNewlines(ch.text) };
    span = span ? composeEdits(span, next) : next;
  }
  return span;
}

/** `a` then `b` (b in the lines after a) as one edit of the lines before a. */
export function composeEdits(a: LineEdit, b: LineEdit): LineEdit {
  // Lines after x were touched by neither edit, so x maps back by a's shift and forward by b's.
  const x = Math.max(a.newEnd, b.oldEnd);
  return { start: Math.min(a.start, b.start), oldEnd: a.oldEnd + (x - a.newEnd), newEnd: x + (b.newEnd - b.oldEnd) };
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Whether the parser's lines (\n, with \r\n) are the editor's lines (\n, \r\n and a lone \r):
 * true unless the text holds a \r that is not followed by \n.
 */
export function sameLineModel(text: string): boolean {
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return false;
  return true;
}

/** Offsets where each \n-line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

const REAPER = 'oom_reaper';
/** How many reports back the parser searches for the owner of an `oom_reaper:` line. */
const LOOKBACK = 64;

/** Victim pids of reports still waiting for their reaper line. */
function unreaped(evs: readonly OomEvent[]): Set<number> {
  const out = new Set<number>();
  for (const ev of evs) if (!ev.reaper) for (const v of ev.victims) out.add(v.pid);
  return out;
}

/**
 * Reaper-marker line numbers of each analysis produced here (sorted), so edits need not rescan the
 * text. A side table keyed by the analysis (weakly), not parse state: a miss (an analysis from a
 * full parse) costs one scan of the text, never a different result. Kept out of OomLogAnalysis so
 * an incremental result stays equal to a full parse's.
 */
const reaperIndex = new WeakMap<OomLogAnalysis, number[]>();

/** Line numbers of the lines of `text` containing the reaper marker (line of an offset found by binary search). */
function scanReaperLines(text: EditedText, from: number, to: number, lineCount: number, lineStart: (line: number) => number): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(REAPER, from); i >= 0 && i < to; i = text.indexOf(REAPER, i + REAPER.length)) {
    let lo = 0, hi = lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStart(mid) <= i) lo = mid; else hi = mid - 1;
    }
    if (out[out.length - 1] !== lo) out.push(lo);
  }
  return out;
}

/** Conservative: does any number in the line equal one of the pids? */
function mentionsAny(line: string, pids: Set<number>): boolean {
  if (!pids.size) return false;
  const re = /\d{1,10}/g;
  for (let m = re.exec(line); m; m = re.exec(line)) if (pids.has(Number(m[0]))) return true;
  return false;
}

function triggerStarted(ev: OomEvent): boolean {
  return !!ev.trigger && (ev.trigger.line === 0 || ev.suppressedCallbacks !== undefined);
}

/** Index of the first element with key(el) >= x in an array sorted by key. */
function lowerBound<T>(xs: readonly T[], x: number, key: (t: T) => number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid]) < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Most items splice takes as arguments here (each is one argument: a huge region would overflow the stack). */
const SPLICE_MAX = 8192;

/**
 * Replaces xs[from, to) by `items`, in place: an edit replaces a few prefix entries of a log that
 * has one per line, and building the arrays anew copied them all (~15 MB per edit of a 33 MB log).
 */
function replaceRange(xs: number[], from: number, to: number, items: readonly number[]): void {
  if (items.length <= SPLICE_MAX) { xs.splice(from, to - from, ...items); return; }
  const tail = xs.slice(to);
  xs.length = from;
  for (let i = 0; i < items.length; i++) xs.push(items[i]);
  for (let i = 0; i < tail.length; i++) xs.push(tail[i]);
}

export interface IncrementalStats {
  regionStart: number;
  regionEnd: number;
  reparsedLines: number;
  /** Why the edit was not handled locally (when the result is null). */
  fallback?: string;
}

/**
 * The analysis of `text` (the document after the edit), computed from `prev` (the analysis before
 * it) by re-parsing one region. `lineStart(l)` gives the offset of \n-line `l` of `text`.
 * `prev` is consumed: its events are moved and shifted, not copied. Returns null when the edit
 * cannot be handled locally; the caller then parses the whole text.
 */
export function reparseOomLog(
  prev: OomLogAnalysis, text: EditedText, edit: LineEdit, lineStart: (line: number) => number, stats?: IncrementalStats,
): OomLogAnalysis | null {
  const no = (why: string): null => { if (stats) stats.fallback = why; return null; };
  const delta = edit.newEnd - edit.oldEnd;
  const newLineCount = prev.lineCount + delta;
  if (edit.start < 0 || edit.oldEnd >= prev.lineCount || edit.newEnd >= newLineCount || newLineCount < 1) return no('edit outside the document');
  if (prev.wholeText) return no('the log holds a format read with context from outside its reports (quoted-printable, structured records, a learned prefix)');
  const evs = prev.events;

  // Region start: the last trigger-started report that begins before the edit.
  let first = lowerBound(evs, edit.start, e => e.startLine) - 1;
  while (first >= 0 && !triggerStarted(evs[first])) first--;
  const r0 = first >= 0 ? evs[first].startLine : 0;
  if (first < 0) first = 0;

  // Region end: right before the first trigger-started report far enough after the edit.
  let last = lowerBound(evs, edit.oldEnd + SUPPRESS_WINDOW, e => e.startLine);
  while (last < evs.length && !triggerStarted(evs[last])) last++;
  const r1Old = last < evs.length ? evs[last].startLine - 1 : prev.lineCount - 1;
  const r1New = r1Old + delta;
  if (r1New < r0) return no('empty region');

  // Kept reports must not reach into the region, nor replaced ones out of it (reaper lines).
  for (let k = Math.max(0, first - 64); k < first; k++) {
    const ev = evs[k];
    if (endLineOf(ev) >= r0 || (ev.reaper && lineOf(ev, ev.reaper.line) >= r0)) return no('a kept report reaches into the region');
  }
  for (let k = first; k < last; k++) {
    const ev = evs[k];
    if (endLineOf(ev) > r1Old || (ev.reaper && lineOf(ev, ev.reaper.line) > r1Old)) return no('a replaced report reaches past the region');
  }

  const from = lineStart(r0);
  let to = r1New + 1 < newLineCount ? lineStart(r1New + 1) - 1 : text.length;
  if (to < text.length && to > 0 && text.charCodeAt(to - 1) === 13) to--; // keep a CRLF's \r out too: alone at the end it would be a line break
  if (!(from >= 0 && to >= from && to <= text.length)) return no('line offsets out of range');
  if (stats) { stats.regionStart = r0; stats.regionEnd = r1New; stats.reparsedLines = r1New - r0 + 1; }
  const slice = text.slice(from, to);
  // parsed with the document's line numbers: the new reports need no shift
  const part = parseOomLog(slice, r0);
  if (part.lineCount !== r1New - r0 + 1) return no('line count mismatch (lone CR?)');
  if (part.wholeText) return no('the edit brings in a format read with context from outside its reports');

  // Reaper lines of the new text: outside the region they are the old ones, shifted.
  const oldReapers = reaperIndex.get(prev) ?? scanReaperLines(text, 0, text.length, newLineCount, lineStart).map(l => (l > r1New ? l - delta : l));
  const sliceReapers = slice.includes(REAPER) ? scanReaperLines(slice, 0, slice.length, part.lineCount, l => (l === 0 ? 0 : lineStart(r0 + l) - from)) : [];
  const q0 = lowerBound(oldReapers, r0, x => x);
  const q1 = lowerBound(oldReapers, r1Old + 1, x => x);
  const reapers = oldReapers.slice(0, q0);
  for (const l of sliceReapers) reapers.push(l + r0);
  const afterAt = reapers.length;
  for (let i = q1; i < oldReapers.length; i++) reapers.push(oldReapers[i] + delta);
  const lineAt = (l: number) => text.slice(lineStart(l), l + 1 < newLineCount ? lineStart(l + 1) - 1 : text.length);

  // A reaper line in the region that found no owner in it may belong to a kept report before it.
  if (sliceReapers.length) {
    const owned = new Set(part.events.filter(e => e.reaper).map(e => lineOf(e, e.reaper!.line) - r0));
    const waiting = unreaped(evs.slice(Math.max(0, first - LOOKBACK), first));
    for (const l of sliceReapers) {
      if (!owned.has(l) && mentionsAny(lineAt(l + r0), waiting)) return no('reaper line in the region may belong to a kept report');
    }
  }
  // A reaper line after the region may now belong to a re-parsed report (the parser looks back LOOKBACK reports).
  const waitingHere = unreaped(part.events);
  if (waitingHere.size) {
    const horizon = last + LOOKBACK < evs.length ? evs[last + LOOKBACK].startLine + delta : newLineCount;
    const ownedAfter = new Set<number>();
    for (let k = last; k < Math.min(evs.length, last + LOOKBACK); k++) { const r = evs[k].reaper; if (r) ownedAfter.add(lineOf(evs[k], r.line) + delta); }
    for (let i = afterAt; i < reapers.length && reapers[i] < horizon; i++) {
      if (!ownedAfter.has(reapers[i]) && mentionsAny(lineAt(reapers[i]), waitingHere)) return no('a reaper line after the region may belong to a re-parsed report');
    }
  }

  const tail = evs.slice(last);
  if (delta) for (const ev of tail) moveEvent(ev, delta);
  // the replaced reports' fields go, the re-parsed ones' come (prev is consumed)
  const fields = prev.fields;
  for (let k = first; k < last; k++) fields.drop(evs[k]);
  fields.take(part.fields, part.events);
  const events = evs.slice(0, first).concat(part.events, tail);
  for (let i = first; i < events.length; i++) events[i].index = i;

  // prefixes: replace the region's, shift the ones after it in place (prev is consumed)
  const pre = prev.prefixes.lines;
  const p0 = lowerBound(pre, r0, x => x);
  const p1 = lowerBound(pre, r1Old + 1, x => x);
  if (delta) for (let i = p1; i < pre.length; i++) pre[i] += delta;
  const prefixes = prev.prefixes;
  replaceRange(prefixes.lines, p0, p1, part.prefixes.lines);
  replaceRange(prefixes.lengths, p0, p1, part.prefixes.lengths);

  if (stats) { stats.regionStart = r0; stats.regionEnd = r1New; stats.reparsedLines = r1New - r0 + 1; }
  const result = { ...prev, events, lineCount: newLineCount, prefixes, fields };
  reaperIndex.set(result, reapers);
  return result;
}

/** The first `end` characters of a ChunkedText, as reparseOomLog reads a text. */
class PrefixOf implements EditedText {
  constructor(private readonly text: ChunkedText, readonly length: number) {}
  slice(start: number, end: number): string { return this.text.slice(start, Math.min(end, this.length)); }
  charCodeAt(i: number): number { return i < this.length ? this.text.charCodeAt(i) : NaN; }
  indexOf(needle: string, from?: number): number {
    const i = this.text.indexOf(needle, from);
    return i >= 0 && i + needle.length <= this.length ? i : -1;
  }
}

/**
 * The first analysis of a huge log in steps, so the server can report progress, stay responsive
 * and stop when asked: each step appends the next chunk of lines to the text parsed so far and
 * re-parses from the last report start (reparseOomLog on an append). When the report at the end
 * is itself huge (a million-row task table), chunks grow to its size so the work stays linear.
 *
 * The text is a string, or a ChunkedText for a file too big to be one string (readLog.ts): then
 * it must have no lone \r (the reader turns each into \n, as the parser does), and only the
 * re-parsed regions are ever made into strings.
 */
export class ProgressiveParse {
  /** Offset where each line starts: an array for a string, the ChunkedText's own index otherwise. */
  private readonly lineStart: (line: number) => number;
  private readonly lineCount: number;
  private readonly length: number;
  private covered = 0;   // lines parsed so far
  private analysis: OomLogAnalysis | undefined;
  private chunk: number;
  /** Steps that could not append locally and parsed the whole prefix (rare; for tests and logs). */
  fullParses = 0;

  constructor(private readonly text: string | ChunkedText, private readonly chunkBytes = 1 << 20) {
    this.length = text.length;
    if (typeof text === 'string') {
      // with a lone \r our \n-lines are not the parser's: one step, the whole text
      const starts = sameLineModel(text) ? lineStarts(text) : [0];
      this.lineStart = l => starts[l];
      this.lineCount = starts.length;
    } else {
      this.lineStart = l => text.lineStart(l);
      this.lineCount = text.lineCount;
    }
    this.chunk = chunkBytes;
  }

  get done(): boolean { return this.covered >= this.lineCount; }
  /** Share of the text parsed, 0..1. */
  get fraction(): number { return this.done ? 1 : this.lineStart(this.covered) / Math.max(1, this.length); }

  /** First line that starts at or after `offset` (lineCount when none does). */
  private firstLineAtOrAfter(offset: number): number {
    let lo = 0, hi = this.lineCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lineStart(mid) < offset) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** The text's first `end` characters: a string, or a view of the ChunkedText. */
  private prefix(end: number): string | EditedText {
    const t = this.text;
    return typeof t === 'string' ? t.slice(0, end) : new PrefixOf(t, end);
  }

  /** Parses the next chunk. Returns true when the whole text is parsed. */
  step(): boolean {
    if (this.done) return true;
    const n = this.lineCount;
    const target = (this.covered ? this.lineStart(this.covered) : 0) + this.chunk;
    let k = this.firstLineAtOrAfter(target);
    if (k <= this.covered) k = this.covered + 1;
    if (k > n) k = n;
    // a format read with context from outside its reports cannot be appended to: the rest in one step
    if (this.analysis?.wholeText) k = n;
    let cut = k >= n ? this.length : this.lineStart(k) - 1;
    if (cut < this.length && cut > 0 && this.text.charCodeAt(cut - 1) === 13) cut--; // not a lone \r at the end
    const prefix = this.prefix(cut);
    let next: OomLogAnalysis | null = null;
    if (this.analysis && this.covered > 0) {
      const stats: IncrementalStats = { regionStart: 0, regionEnd: 0, reparsedLines: 0 };
      next = reparseOomLog(this.analysis, prefix, { start: this.covered - 1, oldEnd: this.covered - 1, newEnd: k - 1 }, this.lineStart, stats);
      if (next) {
        const regionBytes = (k >= n ? this.length : this.lineStart(k)) - this.lineStart(stats.regionStart);
        this.chunk = Math.max(this.chunkBytes, regionBytes);
      }
    }
    if (!next) {
      if (this.analysis) this.fullParses++;
      if (cut > MAX_STRING) throw new Error(`the log could not be read in steps (${this.fullParses} fallbacks), and ${Math.round(cut / 1048576)} MB is too much for one string`);
      next = parseOomLog(typeof prefix === 'string' ? prefix : prefix.slice(0, cut));
    }
    this.analysis = next;
    this.covered = k;
    return this.done;
  }

  /** The analysis of the whole text (runs the remaining steps if needed), with its source attached. */
  result(): OomLogAnalysis {
    while (!this.step()) { /* keep going */ }
    const a = this.analysis ?? parseOomLog(typeof this.text === 'string' ? this.text : this.text.slice(0, this.length));
    finishAnalysis(a, this.text);
    return a;
  }
}

/** What the OOM-log service does after parsing (index.ts analyze): keep the text for line lookups. */
export function finishAnalysis(analysis: OomLogAnalysis, text: string | ChunkedText): OomLogAnalysis {
  attachSource(analysis, text);
  return analysis;
}
