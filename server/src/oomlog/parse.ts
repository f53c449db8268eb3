/**
 * parseOomLog: find every OOM-killer report in a log and read it into the typed model.
 *
 * One pass over the text. Lines outside a report are skipped without being sliced unless they
 * contain one of a few marker strings (found with indexOf, linear). Each physical line has its
 * wrapper prefix stripped (prefix.ts), rsyslog `#012` records are split into logical lines, and
 * each logical line is offered to the recognisers of the block the report is in.
 */
import { type LinePrefixes, type OomEvent, type OomLogAnalysis, type OomParse, endLineOf, relLine } from './model';
import { type FieldsOut, type Line, type Seg, FieldSink, NO_FIELDS, skipSpaces, valued } from './lines';
import { PrefixScan, hasClock, prefixTimestamp, scanPrefix } from './prefix';
import { SPLIT_MIN, continuation, gluable, lostBreaks, movedMessage } from './rewrap';
import { type OpenEvent, Phase, openEvent } from './state';
import { FieldIndex } from './fieldstore';
import { isTrigger, parseCpuLine, parseCpuset, parseStackLine, parseTrigger } from './header';
import { parseCounter, parseStatsHeader, parseStatsLine, parseTaskIn } from './memcg';
import { isMemInfoHeader, parseAllocLine, parseMemInfoHeader, parseMemInfoLine, parseSlabLine } from './meminfo';
import { inferTaskLayout, parseTaskHeader, parseTaskRow } from './tasks';
import {
  NO_KILLABLE, PANIC, REAPER_PID, isChosen, isKilled, isReaper, isSummary, parseChosen, parseGroup, parseKilled, parseReaper,
  parseSummary, suppressedCount,
} from './kill';
import { finalizeEvent } from './finalize';
import { RowScan } from './taskcells';
import { isRecordField, jsonMessage, jsonRecordTime, mayBeJson, messageLines, recordTimeBefore, segsFrom } from './records';
import type { Timestamp } from './model';
import { type QpText, decodeQp, looksQuotedPrintable, mapRun } from './qp';
import { type Shape, commLooksPrefixed, commStart, knownStart, learnShape, matchShape, prefixEnds } from './learn';
import { USERSPACE_MARKERS, UserspaceScan, hasUserspaceMarker, mergeEvents } from './userspace/scan';

/** Longest part of a line the recognisers look at (longer lines are junk, not kernel output). */
const MAX_LINE = 65536;
/** Unrelated lines tolerated inside a report before it is considered over. */
const FOREIGN_LIMIT = 64;
/** …and after its kill line (only oom.group kills and reaper lines can still follow). */
const FOREIGN_LIMIT_AFTER_KILL = 8;
/** Lines after a closed report's last line within which a later line may still join it (a `Kernel panic` line; other lines join within fewer). */
export const REJOIN_WINDOW = 64;

/**
 * How a parse left the end of its text (filled in when handed to parseOomLog or parseOomLogTo):
 * `closedAt` is the line on whose reading the parser closed its last report for the foreign lines
 * after it, or -1 when a report is still open at the end of the text (or none was closed that way).
 * The parser read at most 3 lines past it to decide (a line cut over the next ones: rewrap.ts).
 * `userReach` is the furthest line that a userspace killer's event asked to read (-1: none):
 * a text that ends before it gave that event fewer lines than a longer text would.
 */
export interface ParseEnd { closedAt: number; userReach: number }

/** Every line that can begin or continue a report outside an open report contains one of these. */
export const MARKERS = [
  // the kill lines name the task with a `K` or `k` (`Out of memory: Kill process`, 2.6's `kill process`)
  'oom-killer', 'Kill process', 'kill process', 'Killed process', 'killed process', 'oom-kill:', 'oom_reaper', 'Mem-Info', 'Mem-info', 'memory: usage', 'kmem: usage', 'swap: usage',
  // task table headers: `[ pid ]` until 4.18, `[  pid  ]` since
  'Memory cgroup', 'pid ]', 'pid  ]', 'Tasks ', 'Task in ', 'callbacks suppressed', 'killable processes', 'Kernel panic',
  'Memory limit reached',
  // a `Task in <path> killed as a result of limit of <path>` line whose `Task in ` was cut off
  ' killed as a result of limit of ',
  // kills made outside the kernel's OOM killer (systemd-oomd, earlyoom, Kubernetes, lmkd): userspace/scan.ts
  ...USERSPACE_MARKERS,
];
/**
 * Every marker contains one of these short needles (test/unit/oomlog/lazy-fields.test.ts checks
 * it), so the lines that may hold a marker are found by searching for each needle with indexOf;
 * each such line is then checked against the markers of the needles it holds (BY_NEEDLE).
 *
 * Why these needles: V8's indexOf finds a needle of up to 6 characters with memchr on its first
 * character, so a pass costs a fixed amount plus an amount per occurrence of that character in
 * the text; needles of 7 or more characters switch to Boyer–Moore–Horspool, which is slower on
 * log text. So there are as few needles as the markers allow (each is one pass over the whole
 * text), each at most 6 characters, each starting at the rarest character its markers offer:
 * upper case where they have one (`Kill`, `Kernel`, `Mem`, `Task`, `VmRSS`, `M enco` for the
 * kubelet's `OOM encountered`, `KILL t` for Talos' `SIGKILL to cgroup`), then `_` (`_reap`), then
 * a less common lower-case letter (`kill`, `ks sup` for `callbacks suppressed`, `vict`, `usage`,
 * `pid `). `pid ` finds both task-table headers (`[ pid ]`, `[  pid  ]`). No marker needs a
 * search for `process` (`p` is common in logs): the kernel's kill lines are marked with their `K`
 * or `k` (`Kill process`, `killed process`), earlyoom's by their `VmRSS`, the kubelet's by
 * `victim` or `OOM encountered`. A needle is also long enough to be rare where no marker is: each
 * place it occurs costs a line check.
 */
export const ANCHORS = ['kill', 'Kill', 'usage', 'pid ', 'ks sup', '_reap', 'Kernel', 'Mem', 'Task', 'vict', 'VmRSS', 'M enco', 'KILL t'];

/** Finds the lines that contain a marker, in one forward pass over the text per needle. */
export class MarkerScan {
  /** Start of the last line found to hold a marker, and where the search resumes after it. */
  private found = -1;
  private resume = 0;
  /** Per needle: offset of its next occurrence at or after where the scan is; -1 when there is none left. */
  private next: number[];
  constructor(private text: string) {
    this.next = ANCHORS.map(a => text.indexOf(a));
  }

  /** Offset of the first needle occurrence at or after `at`, or -1. */
  private firstNeedle(at: number): number {
    let first = -1;
    for (let i = 0; i < ANCHORS.length; i++) {
      let k = this.next[i];
      // the scan only moves forward, so an occurrence is searched again only once it is behind
      if (k >= 0 && k < at) k = this.next[i] = this.text.indexOf(ANCHORS[i], at);
      if (k >= 0 && (first < 0 || k < first)) first = k;
    }
    return first;
  }

  /** Start offset of the first line at or after `from` (a line start) that contains a marker; -1 when none. */
  nextLine(from: number): number {
    if (this.found >= from) return this.found;
    const t = this.text;
    let at = Math.max(from, this.resume);
    for (;;) {
      const hit = this.firstNeedle(at);
      if (hit < 0) { this.found = -1; this.resume = t.length; return -1; }
      const ls = t.lastIndexOf('\n', hit) + 1;
      const start = ls < from ? from : ls;
      let le = t.indexOf('\n', hit);
      if (le < 0) le = t.length;
      if (hasMarker(t.slice(start, le))) { this.found = start; this.resume = le; return start; }
      at = le + 1;
      if (at > t.length) { this.found = -1; this.resume = t.length; return -1; }
    }
  }
}

/** Markers by the needles they contain: a line is checked only against the markers of the needles it holds (here and in stream/regions.ts). */
export const BY_NEEDLE: readonly (readonly [string, readonly string[]])[] = ANCHORS.map(a => [a, MARKERS.filter(m => m.includes(a))] as const);

function hasMarker(line: string): boolean {
  for (const [needle, markers] of BY_NEEDLE) {
    if (!line.includes(needle)) continue;
    for (const m of markers) if (line.includes(m)) return true;
  }
  return false;
}

interface Ctx {
  events: OomEvent[];
  prefixes: LinePrefixes;
  cur?: OpenEvent;
  /** End column of each event's last line, for problem ranges. */
  lastCol: Map<OomEvent, number>;
  pendingSuppressed?: { count: number; line: number; L: Line; s: number; e: number };
  lastPrefixLine: number;
  /** A prefix learned from a known report line after text no wrapper explains (learn.ts). */
  learned: Shape | undefined;
  /** The physical line being read, its offset in the text (-1: none), and the column its message starts at. */
  raw: string;
  rawAt: number;
  rawCol: number;
  /** The physical line's wrapper carries a clock. */
  rawClock: boolean;
  /** A line is being read again after a prefix was learned from it (no second learning). */
  relearning: boolean;
  /** Kernel lines came as fields of structured records (JSON, journal export): their other fields are neither. */
  records: boolean;
  /** The time of the record the current line came from, for a report that starts on it. */
  recordTs: Timestamp | undefined;
  /** The text being read is this decoded quoted-printable body (qp.ts), whose first line is document line qpBase. */
  qp: QpText | undefined;
  qpBase: number;
  /** A line read holds `=3D`: the text may be a quoted-printable body. */
  qpSeen: boolean;
  /** Lines of systemd-oomd, earlyoom, Kubernetes and lmkd (userspace/scan.ts). */
  user: UserspaceScan;
  /** Where the events' fields go. */
  fields: FieldsOut;
  /** Objects reused from line to line (a scan fills one in place instead of making one per line). */
  scratch: Scratch;
  /** The line on whose reading the last report was closed for foreign lines, -1 when a report is open at the end (ParseEnd). */
  closedAt: number;
}

interface Scratch {
  /** The current line's prefix, and the next line's (read to glue a terminal-wrapped line). */
  head: PrefixScan;
  nextHead: PrefixScan;
  /** The prefix of one piece of a line whose line breaks were lost. */
  pieceHead: PrefixScan;
  /** The prefix of a line read again after a prefix was learned from it. */
  learnHead: PrefixScan;
  /** The task-table row being read. */
  row: RowScan;
}

/** A `\r` that is not part of `\r\n`: editors and LSP count it as a line break of its own. */
const LONE_CR = /\r(?!\n)/g;

/**
 * @param firstLine line number of the text's first line: incremental.ts parses a region of a
 *   document this way, so the region's reports come out with the document's line numbers.
 *   `lineCount` is still the number of lines in `input`.
 */
export function parseOomLog(input: string, firstLine = 0, end?: ParseEnd): OomLogAnalysis {
  const fields = new FieldIndex();
  const a = parseOomLogTo(input, firstLine, fields, end);
  // raw values are sliced from `input`: the lone-CR replacement changes no offset inside a line
  fields.seal(input);
  return { ...a, fields };
}

/**
 * The parse, writing each event's fields to `out` (parseOomLog: the analysis's FieldIndex; the
 * tests' eager oracle builds Field objects). The result's `fields` is an empty index.
 */
export function parseOomLogTo(input: string, firstLine: number, out: FieldsOut, end?: ParseEnd): OomParse {
  if (typeof input !== 'string') return { events: [], lineCount: 0, prefixes: { lines: [], lengths: [] } };
  let text = input;
  // Same line model as the editor: a lone \r ends a line. Replacing it by \n keeps every offset
  // and column, so ranges stay exact.
  LONE_CR.lastIndex = 0;
  if (text.includes('\r') && LONE_CR.test(text)) text = text.replace(LONE_CR, '\n');
  let c = newCtx(text, undefined, firstLine, out);
  let lineCount = readLines(c, text, firstLine);
  // A quoted-printable mail body (qp.ts): read it again decoded, every position mapped back
  if (c.qpSeen && looksQuotedPrintable(text)) {
    const q = decodeQp(text, firstLine);
    for (const ev of c.events) out.drop(ev);
    c = newCtx(q.text, q, firstLine, out);
    readLines(c, q.text, firstLine);
    lineCount = q.sourceLines;
  }
  for (const ev of c.events) finalizeEvent(ev, c.lastCol.get(ev) ?? 0, out.of(ev));
  for (const [ev, fields] of c.user.fieldLists) {
    const t = out.of(ev);
    for (const f of fields) t.addField(f);
  }
  const a: OomParse = { events: mergeEvents(c.events, c.user.events()), lineCount, prefixes: c.prefixes };
  if (c.qp || c.qpSeen || c.records || c.learned) a.wholeText = true;
  if (end) { end.closedAt = c.closedAt; end.userReach = c.user.reach; }
  return a;
}

function newCtx(text: string, qp: QpText | undefined, firstLine: number, fields: FieldsOut): Ctx {
  // Every field set from the start: a property added later changes the object's hidden class and
  // throws away the optimised code of every function that has seen the old one.
  return {
    events: [], prefixes: { lines: [], lengths: [] }, cur: undefined, lastCol: new Map(), pendingSuppressed: undefined, lastPrefixLine: -1,
    learned: undefined, raw: '', rawAt: -1, rawCol: 0, rawClock: false, relearning: false, records: false, recordTs: undefined, qp, qpBase: firstLine, qpSeen: false,
    user: new UserspaceScan(text), fields,
    scratch: { head: new PrefixScan(), nextHead: new PrefixScan(), pieceHead: new PrefixScan(), learnHead: new PrefixScan(), row: new RowScan() },
    closedAt: -1,
  };
}

/** Read every line of `text` into c's events; returns the number of lines. */
function readLines(c: Ctx, text: string, firstLine: number): number {
  const markers = new MarkerScan(text);
  const n = text.length;
  let pos = 0;
  let lineNo = firstLine;
  let skip = 0;
  for (;;) {
    if (!c.cur && !skip) {
      // Outside a report only marker lines matter: jump to the next one, counting the lines passed.
      let to = markers.nextLine(pos);
      if (to < 0) to = n;
      for (let k = text.indexOf('\n', pos); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) lineNo++;
      if (to >= n) break;
      pos = to;
    }
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    if (skip) skip--;
    else {
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      const raw = text.slice(pos, Math.min(end, pos + MAX_LINE));
      // outside a report every line here holds a marker: it may be a userspace killer's
      // (userspace/scan.ts); inside a report, the lines the report rejects are offered (foreignLine)
      const open = c.cur !== undefined;
      if (open || !c.user.take(raw, lineNo, pos)) skip = physical(c, raw, pos, lineNo, text, nl);
      if (open && !c.cur) c.closedAt = lineNo;
    }
    if (nl >= n) break;
    pos = nl + 1;
    lineNo++;
  }
  if (c.cur) c.closedAt = -1;
  closeCur(c);
  return lineNo - firstLine + 1;
}

/** Document line of line `d` of the text being read (they differ only in a decoded quoted-printable body). */
function srcLine(c: Ctx, d: number): number {
  return c.qp ? (c.qp.map[d - c.qpBase]?.[0]?.line ?? d) : d;
}

/** L, read from a decoded quoted-printable body, with every piece placed where it was in the document. */
function mapLine(c: Ctx, L: Line): Line {
  const q = c.qp!;
  const segs: Seg[] = [];
  const ins = L.segs ?? [{ off: 0, line: L.line, col: L.col }];
  for (let k = 0; k < ins.length; k++) {
    const s = ins[k];
    const end = k + 1 < ins.length ? ins[k + 1].off : L.text.length;
    mapRun(q, s.line - c.qpBase, s.col, end - s.off, s.off, segs);
  }
  if (!segs.length) segs.push({ off: 0, line: srcLine(c, L.line), col: 0 });
  return { text: L.text, line: segs[0].line, col: segs[0].col, segs };
}

function nextLine(text: string, from: number): string {
  let e = text.indexOf('\n', from);
  if (e < 0) e = text.length;
  if (e > from && text.charCodeAt(e - 1) === 13) e--;
  return text.slice(from, Math.min(e, from + MAX_LINE));
}

/** scanPrefix, after stripping the learned prefix when the line starts with it. */
function scanLine(c: Ctx, raw: string, out: PrefixScan): PrefixScan {
  const e = c.learned ? matchShape(c.learned, raw) : -1;
  if (e <= 0) return scanPrefix(raw, out);
  scanPrefix(raw.slice(e), out);
  if (out.foreign) return out;
  out.offset += e; out.wrapped = true;
  return out;
}

/**
 * The kernel text of L (read from the physical line c.raw) starts at L.text[k], after text that
 * no wrapper explains: learn that text's shape, strip it from the lines that follow, and read L
 * again from k. False when it does not look like a prefix (then L is read as it is).
 */
function relearn(c: Ctx, L: Line, k: number): boolean {
  if (c.relearning || L.segs || L.off === undefined || L.col !== c.rawCol || k <= 0) return false;
  const raw = c.raw;
  const col = L.col + k;
  // the unknown part ends where a known wrapper (a time, a syslog header) takes over, if one does
  let j = col;
  const head = c.scratch.learnHead;
  for (const i of prefixEnds(raw, col)) {
    const q = scanPrefix(raw.slice(i), head);
    if (q.wrapped && !q.foreign && i + q.offset === col) { j = i; break; }
  }
  const shape = learnShape(raw.slice(0, j));
  if (!shape) return false;
  c.learned = shape;
  scanPrefix(raw.slice(j), head);
  head.offset = col; head.wrapped = true;
  c.relearning = true;
  try {
    logical(c, { text: L.text.slice(k), line: L.line, col, off: L.off + k }, head);
  } finally {
    c.relearning = false;
  }
  return true;
}

/**
 * A line that matched nothing: when it holds a known report line after an unknown prefix, learn the
 * prefix. A line whose wrapper carries a clock (a syslog, journal or dmesg line) has no unknown
 * prefix before its message: those are not searched.
 */
function learnFrom(c: Ctx, L: Line, t0: number): boolean {
  if (c.relearning || c.rawClock) return false;
  const k = knownStart(L.text, t0);
  return k > 0 && relearn(c, L, k);
}

/**
 * Handle one physical line (`raw`, starting at `at` in `text`, ending at `nl`). Returns how many of
 * the physical lines after it it also consumed (the rest of a cut line).
 */
function physical(c: Ctx, raw: string, at: number, lineNo: number, text: string, nl: number): number {
  c.recordTs = undefined;
  // a quoted-printable body shows soft line breaks (`=` at the end) inside reports, `=3D` on the
  // lines that start them (`gfp_mask=3D…`); looksQuotedPrintable then checks the whole text
  if (!c.qpSeen && (raw.charCodeAt(raw.length - 1) === 61 /* = */ || (!c.cur && raw.includes('=3D')))) c.qpSeen = true;
  if (mayBeJson(raw)) {
    // a record field a userspace event already read (the kernel's kill line as an Event object's `"message"`)
    if (c.user.isConsumed(lineNo)) return 0;
    if (jsonRecord(c, raw, at, lineNo, text)) return 0;
  }
  const p = scanLine(c, raw, c.scratch.head);
  // another program's line: offered to the userspace scan only when it holds one of its markers
  if (p.foreign) {
    if (c.cur && hasUserspaceMarker(raw) && c.user.takeAt(lineNo, at)) return 0;
    foreign(c);
    return 0;
  }
  if (p.record) {
    c.records = true;
    if (!c.cur) c.recordTs = recordTimeBefore(text, at);
  } else if (c.records && p.offset === 0 && isRecordField(raw)) return 0;
  c.raw = raw; c.rawAt = at; c.rawCol = p.offset; c.rawClock = hasClock(p);
  const msg = p.offset || p.closer ? raw.slice(p.offset, raw.length - p.closer) : raw;
  // rsyslog escapes embedded newlines as #012, /dev/kmsg as \x0a: one physical line, several records.
  const sep = msg.includes('#012') ? '#012' : (msg.includes('\\x0a') ? '\\x0a' : '');
  if (sep) {
    let s = 0;
    for (;;) {
      const k = msg.indexOf(sep, s);
      const piece = msg.slice(s, k < 0 ? msg.length : k);
      logical(c, { text: piece, line: lineNo, col: p.offset + s, off: at + p.offset + s }, p);
      if (k < 0) break;
      s = k + sep.length;
    }
    return 0;
  }
  // A whole report on one line (its line breaks lost): read it as the lines it was.
  if (msg.length >= SPLIT_MIN) {
    const starts = lostBreaks(msg);
    if (starts.length) { splitLost(c, msg, starts, at + p.offset, lineNo, p); return 0; }
  }
  // A long line cut over the next 1–3 physical lines by a terminal or a mailer: glued back (rewrap.ts).
  // (a next line that starts like this one, with a wrapper character, is the next record, not a cut)
  const g = nl < text.length && (p.wrapped || msg.length > 40) && !sameStart(raw, text.charCodeAt(nl + 1)) ? gluable(msg) : undefined;
  if (g) {
    let glued = msg;
    const segs: Seg[] = [{ off: 0, line: lineNo, col: p.offset }];
    const frames: number[] = [];
    let from = nl + 1;
    while (frames.length < 3 && from < text.length) {
      const next = nextLine(text, from);
      const q = scanLine(c, next, c.scratch.nextHead);
      if (q.foreign || hasClock(q)) break;
      const how = continuation(g, glued, next.slice(q.offset, next.length - q.closer));
      if (!how) break;
      if (how === 2) glued += ' ';
      segs.push({ off: glued.length, line: lineNo + 1 + frames.length, col: q.offset });
      glued += next.slice(q.offset, next.length - q.closer);
      frames.push(q.offset);
      const e = text.indexOf('\n', from);
      if (e < 0) break;
      from = e + 1;
    }
    if (frames.length) {
      logical(c, { text: glued, line: lineNo, col: p.offset, segs }, p);
      const last = srcLine(c, lineNo + frames.length);
      if (c.cur && c.cur.lastLine === last) frames.forEach((f, k) => notePrefix(c, srcLine(c, lineNo + 1 + k), f));
      return frames.length;
    }
  }
  // A wrapper alone on its line, its kernel message on the next (a mailer broke before a long token)
  if (nl < text.length && isBlank(msg) && hasClock(p)) {
    const next = nextLine(text, nl + 1);
    const q = scanLine(c, next, c.scratch.nextHead);
    const cont = next.slice(q.offset, next.length - q.closer);
    if (!q.foreign && !hasClock(q) && movedMessage(msg, cont)) {
      logical(c, { text: cont, line: lineNo, col: p.offset, segs: [{ off: 0, line: lineNo + 1, col: q.offset }] }, p);
      return 1;
    }
  }
  logical(c, { text: msg, line: lineNo, col: p.offset, off: at + p.offset }, p);
  return 0;
}

/** The pieces of a line whose line breaks were lost (`starts`: where each report line in `msg` begins). */
function splitLost(c: Ctx, msg: string, starts: number[], off: number, lineNo: number, p: PrefixScan): void {
  const col0 = p.offset;
  c.raw = ''; c.rawAt = -1; c.rawCol = -1;
  // the first piece's wrapper was read with the line (p); each later piece has its own
  logical(c, { text: msg.slice(0, starts[0] - 1), line: lineNo, col: col0, off }, p);
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k];
    const piece = msg.slice(s, k + 1 < starts.length ? starts[k + 1] - 1 : msg.length);
    const q = scanPrefix(piece, c.scratch.pieceHead);
    if (q.foreign) { foreign(c); continue; }
    const at = q.offset;
    q.offset = col0 + s + at;
    logical(c, { text: piece.slice(at, piece.length - q.closer), line: lineNo, col: q.offset, off: off + s + at }, q);
  }
}

/**
 * A JSON record line or json-pretty field line (records.ts): its message is decoded and read as
 * kernel lines; a record's other fields are skipped. False when `raw` is not such a line.
 */
function jsonRecord(c: Ctx, raw: string, at: number, lineNo: number, text: string): boolean {
  const m = jsonMessage(raw, lineNo);
  if (!m) return c.records && isRecordField(raw);
  c.records = true;
  if (!c.cur) c.recordTs = jsonRecordTime(raw) ?? recordTimeBefore(text, at);
  const pieces = messageLines(m.text);
  for (let k = 0; k < pieces.length; k += 2) {
    const piece = m.text.slice(pieces[k], pieces[k + 1]);
    const p = scanPrefix(piece, c.scratch.head);
    if (p.foreign) { foreign(c); continue; }
    const segs = segsFrom(m, pieces[k] + p.offset);
    const L: Line = { text: piece.slice(p.offset, piece.length - p.closer), line: lineNo, col: segs[0].col, segs };
    p.offset = segs[0].col;
    c.raw = raw; c.rawAt = -1; c.rawCol = p.offset; c.rawClock = true;
    logical(c, L, p);
  }
  return true;
}

/** Does the line after `raw`, whose first character is `c`, start like `raw` does with a collector's or dmesg's wrapper? */
function sameStart(raw: string, c: number): boolean {
  // `>`, blanks, backticks and digits start pasted frames, which a cut continuation line repeats
  return c === raw.charCodeAt(0) && (c === 91 /* [ */ || (c >= 65 && c <= 90) || c === 123 /* { */ || c === 60 /* < */);
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== 9) return false;
  return true;
}

/**
 * A line the open report does not take (starting at offset `at`, when known): a userspace
 * killer's line (userspace/scan.ts), or a foreign line that may close the report.
 */
function foreignLine(c: Ctx, line: number, at: number | undefined): void {
  // takeAt reads the line again from the text; when that is the physical line in hand (c.raw,
  // which holds all of what takeAt would read), a line without a userspace marker stops here
  if (c.cur && at !== undefined && (at !== c.rawAt || hasUserspaceMarker(c.raw)) && c.user.takeAt(line, at)) return;
  foreign(c);
}

function foreign(c: Ctx): void {
  const o = c.cur;
  if (!o) return;
  o.foreignRun++;
  const limit = o.phase >= Phase.Killed ? FOREIGN_LIMIT_AFTER_KILL : FOREIGN_LIMIT;
  if (o.foreignRun > limit) closeCur(c);
}

/** The open report takes the (logical) line L, whose wrapper prefix is `prefixLen` long. */
function mine(c: Ctx, L: Line, prefixLen: number): void {
  attribute(c, L.segs ? L.segs[L.segs.length - 1].line : L.line, prefixLen, endColumn(L));
}

/** Column where L ends on its last physical line. */
function endColumn(L: Line): number {
  if (!L.segs) return L.col + L.text.length;
  const s = L.segs[L.segs.length - 1];
  return s.col + L.text.length - s.off;
}

function attribute(c: Ctx, line: number, prefixLen: number, endCol: number): void {
  const o = c.cur;
  if (!o) return;
  o.lastLine = line;
  const rel = relLine(o.ev, line);
  if (rel > o.ev.span) o.ev.span = rel;
  o.foreignRun = 0;
  c.lastCol.set(o.ev, endCol);
  notePrefix(c, line, prefixLen);
}

/** Records that `line` of a report has a wrapper prefix `prefixLen` long (once per physical line). */
function notePrefix(c: Ctx, line: number, prefixLen: number): void {
  if (prefixLen > 0 && c.lastPrefixLine !== line) {
    c.prefixes.lines.push(line);
    c.prefixes.lengths.push(prefixLen);
    c.lastPrefixLine = line;
  }
}

function closeCur(c: Ctx): void {
  const o = c.cur;
  c.cur = undefined;
  // A task table with nothing else of a report (no trigger, memory state, kill or pick) is an
  // excerpt that says neither that nor why anything was killed: no event, whichever width its
  // header has. Rows without a header are only read inside a report, so the two agree.
  if (o && o.ev.tasks && o.ev === c.events[c.events.length - 1] && tableOnly(o.ev)) {
    c.events.pop();
    c.lastCol.delete(o.ev);
    c.fields.drop(o.ev);
  }
}

function tableOnly(ev: OomEvent): boolean {
  return !ev.trigger && !ev.memInfo && !ev.memcg && !ev.summary && !ev.chosen && !ev.victims.length && !ev.groupPath &&
    ev.unreadKillLine === undefined && !ev.noKillable && ev.panic === undefined && ev.suppressedCallbacks === undefined;
}

/** Open a report at `line`, whose prefix `head` read (its timestamp becomes the report's). */
function start(c: Ctx, line: number, head: PrefixScan): OpenEvent {
  closeCur(c);
  const o = openEvent(c.events.length, line, c.fields);
  o.wrapped = head.wrapped;
  let ts = prefixTimestamp(head);
  const rt = c.recordTs;
  // a record's own time (JSON, journal) is a full date: it wins over a year-less syslog time
  if (rt && !ts?.iso) ts = ts ? { ...ts, raw: `${rt.raw} ${ts.raw}`, wall: ts.wall ?? rt.wall, iso: rt.iso } : rt;
  if (ts) o.ev.timestamp = ts;
  c.events.push(o.ev);
  c.cur = o;
  return o;
}

/** The most recent event (open or closed) within `maxGap` lines of `line`. */
function recent(c: Ctx, line: number, maxGap: number): OomEvent | undefined {
  const ev = c.events[c.events.length - 1];
  return ev && line - endLineOf(ev) <= maxGap ? ev : undefined;
}

/** `<path> killed as a result of limit of /…`: a `Task in` line whose first words were cut off. */
const KILLED_AS = ' killed as a result of limit of ';
function cutTaskIn(t: string, t0: number): boolean {
  if (t.charCodeAt(t0) !== 47 /* / */) return false;
  const k = t.indexOf(KILLED_AS, t0);
  if (k < 0 || t.charCodeAt(k + KILLED_AS.length) !== 47) return false;
  for (let i = t0; i < k; i++) if (t.charCodeAt(i) <= 32) return false;
  return true;
}

/** Texts that make a line start (or join) a report wherever they appear in it. */
const START_ANYWHERE = /oom-killer|callbacks suppressed|ill process|illed process/;

/**
 * Could the branches at the top of `logical` take this line? False means none of them can, so a
 * line inside a report (a task row, a stack frame) goes straight to the block recognisers. Each
 * branch needs one of the texts in START_ANYWHERE, or a message starting with one of these
 * characters (`oom_reaper:`, `Tasks …`, `Out of memory and no killable`, `Kernel panic`, `Mem-Info:`,
 * `Memory …`, `memory: usage`, `kmem:`, `swap:`, `[ pid ]`, a cut `/… killed as a result of limit of /…`).
 */
function mayStart(t: string, t0: number): boolean {
  switch (t.charCodeAt(t0)) {
    case 111: /* o */ case 84: /* T */ case 79: /* O */ case 75: /* K */ case 77: /* M */
    case 109: /* m */ case 107: /* k */ case 115: /* s */
      return true;
    case 47: /* / */
      return cutTaskIn(t, t0);
    case 91: { /* [ */
      let i = t0 + 1;
      while (i < t0 + 4 && t.charCodeAt(i) === 32) i++;
      if (t.startsWith('pid', i)) return true;
      break;
    }
  }
  return START_ANYWHERE.test(t);
}

function logical(c: Ctx, L: Line, head: PrefixScan): void {
  if (c.qp) L = mapLine(c, L);
  const prefixLen = head.offset;
  const t = L.text;
  const t0 = skipSpaces(t);
  if (t0 >= t.length) return; // blank: neither part of nor foreign to a report
  let o = c.cur;

  // --- lines that may start a report -----------------------------------------------------------
  if (o && !mayStart(t, t0)) { continueReport(c, o, L, t0, prefixLen); return; }
  if (isTrigger(t)) {
    const mark = t.indexOf(' invoked oom-killer: ', t0);
    if (mark > t0 && !c.relearning && commLooksPrefixed(t, t0, mark) && relearn(c, L, commStart(t, t0, mark))) return;
    o = start(c, L.line, head);
    // the report starts at its `callbacks suppressed` line, if any: set before the trigger's line is stored relative to it
    const ps = c.pendingSuppressed;
    const suppressed = ps && L.line - ps.line <= 5 ? ps : undefined;
    if (suppressed) { o.ev.startLine = suppressed.line; o.ev.span = L.line - suppressed.line; }
    parseTrigger(L, t0, o);
    if (suppressed) {
      o.ev.suppressedCallbacks = suppressed.count;
      o.sink.add('suppressed.count', suppressed.L, suppressed.s, suppressed.e, valued('count', suppressed.count));
    }
    c.pendingSuppressed = undefined;
    mine(c, L, prefixLen);
    return;
  }
  const sup = suppressedCount(t, t0);
  if (sup) {
    if (/oom|dump_header/.test(sup.func)) c.pendingSuppressed = { count: sup.count, line: L.line, L, s: sup.s, e: sup.e };
    else foreign(c);
    return;
  }
  if (isReaper(t, t0)) {
    // async: attach to the event that killed this pid, even if another report started since
    let target: OomEvent | undefined;
    for (let k = c.events.length - 1; k >= 0 && k >= c.events.length - 64; k--) {
      const ev = c.events[k];
      if (!ev.reaper && ev.victims.some(v => line0pid(t, t0) === v.pid)) { target = ev; break; }
    }
    if (!target) { foreign(c); return; }
    const r = parseReaper(L, t0, new FieldSink(c.fields.of(target)), target);
    if (r) target.reaper = r;
    if (target === c.events[c.events.length - 1]) {
      if (o && o.ev === target) mine(c, L, prefixLen);
      else { target.span = Math.max(target.span, relLine(target, L.line)); c.lastCol.set(target, endColumn(L)); }
    }
    notePrefix(c, L.line, prefixLen);
    return;
  }
  if (isKilled(t, t0)) {
    if (!knownKillMessage(t, t0) && learnFrom(c, L, t0)) return;
    let target = o && (o.phase < Phase.Killed || o.ev.groupPath) ? o : undefined;
    if (!target && !o) {
      const last = recent(c, L.line, FOREIGN_LIMIT_AFTER_KILL);
      if (last?.groupPath) { target = reopen(c, last); }
    }
    if (!target) target = start(c, L.line, head);
    const v = parseKilled(L, t0, target.sink, target.ev);
    if (v && !target.ev.victims.some(x => x.pid === v.pid)) target.ev.victims.push(v);
    if (!v) target.ev.unreadKillLine ??= relLine(target.ev, L.line);
    target.phase = Phase.Killed;
    target.block = 'none';
    mine(c, L, prefixLen);
    return;
  }
  if (isChosen(t, t0)) {
    if (!o || o.phase >= Phase.Chosen) o = start(c, L.line, head);
    parseChosen(L, t0, o);
    mine(c, L, prefixLen);
    return;
  }
  if (isSummary(t, t0)) {
    if (!o || o.phase >= Phase.Summary) o = start(c, L.line, head);
    parseSummary(L, t0, o);
    mine(c, L, prefixLen);
    return;
  }
  if (t.startsWith('Tasks in ', t0) && (o || recent(c, L.line, FOREIGN_LIMIT_AFTER_KILL))) {
    const target = o ?? reopen(c, c.events[c.events.length - 1]);
    if (parseGroup(L, t0, target)) { mine(c, L, prefixLen); return; }
  }
  if (t.startsWith(NO_KILLABLE, t0)) {
    const target = o ?? (recent(c, L.line, 16) ? reopen(c, c.events[c.events.length - 1]) : start(c, L.line, head));
    target.ev.noKillable = true;
    mine(c, L, prefixLen);
    return;
  }
  if (t.startsWith(PANIC, t0)) {
    const target = o ?? (recent(c, L.line, REJOIN_WINDOW) ? reopen(c, c.events[c.events.length - 1]) : undefined);
    if (target) {
      target.ev.panic = t.slice(t0 + PANIC.length).trimEnd();
      if (t.includes(NO_KILLABLE)) target.ev.noKillable = true;
      mine(c, L, prefixLen);
    }
    return;
  }
  if (isMemInfoHeader(t, t0)) {
    if (!o || o.phase > Phase.Memory) o = start(c, L.line, head);
    parseMemInfoHeader(L, t0, o);
    mine(c, L, prefixLen);
    return;
  }
  if (t.startsWith('Task in ', t0) || t.startsWith('Memory limit reached of cgroup ', t0)) {
    if (!o || o.phase > Phase.Memory) o = start(c, L.line, head);
    if (parseTaskIn(L, t0, o)) { mine(c, L, prefixLen); return; }
  }
  if (t.charCodeAt(t0) === 47 /* / */ && cutTaskIn(t, t0)) {
    // `Task in ` cut off the start of the line (parseTaskIn reads the two paths)
    if (!o || o.phase > Phase.Memory) o = start(c, L.line, head);
    if (parseTaskIn(L, t0, o)) { mine(c, L, prefixLen); return; }
  }
  if (/^(?:memory|memory\+swap|kmem|swap): usage /.test(t.slice(t0, t0 + 20))) {
    // only a well-formed counter line may start a report
    if ((!o || o.phase > Phase.Memory) && parseCounter(L, t0, openEvent(0, L.line, NO_FIELDS))) o = start(c, L.line, head);
    if (o && o.phase <= Phase.Memory && parseCounter(L, t0, o)) { mine(c, L, prefixLen); return; }
  }
  if (t.startsWith('Memory cgroup stats for ', t0)) {
    if (!o || o.phase > Phase.Memory) o = start(c, L.line, head);
    if (parseStatsHeader(L, t0, o)) { mine(c, L, prefixLen); return; }
  }
  if (t.charCodeAt(t0) === 91 /* [ */ && /^\[ {0,3}pid {0,3}\]/.test(t.slice(t0, t0 + 12))) {
    if (!o || ((o.phase > Phase.Tasks || o.ev.tasks) && !tableAfterKill(o, L, head))) o = start(c, L.line, head);
    if (parseTaskHeader(L, t0, o)) { mine(c, L, prefixLen); return; }
  }
  if (t.startsWith('Tasks state (memory values in pages):', t0)) {
    if (!o || o.phase >= Phase.Tasks) o = start(c, L.line, head);
    if (o.phase < Phase.Tasks) o.phase = Phase.Memory;
    mine(c, L, prefixLen);
    return;
  }

  // --- lines that only continue an open report ------------------------------------------------
  if (!o) {
    if (!learnFrom(c, L, t0)) unreadKill(c, L);
    return;
  }
  continueReport(c, o, L, t0, prefixLen);
}

/**
 * A task table header on the line after a report that is only its kill line: the same report
 * pasted in the wrong order (the kernel prints the table before the kill line, and no report
 * begins with a table header), so the table is the report's. A clock on the header later than
 * the kill line's says it is another report's.
 */
function tableAfterKill(o: OpenEvent, L: Line, head: PrefixScan): boolean {
  const ev = o.ev;
  if (o.phase !== Phase.Killed || ev.tasks || !ev.victims.length || ev.trigger || ev.memInfo || ev.memcg || ev.groupPath ||
    ev.startLine !== o.lastLine || L.line !== o.lastLine + 1) return false;
  const kill = ev.timestamp;
  const table = kill && prefixTimestamp(head);
  if (!kill || !table) return true;
  if (kill.monotonicSec !== undefined && table.monotonicSec !== undefined) return table.monotonicSec <= kill.monotonicSec;
  const a = kill.iso ?? kill.wall, b = table.iso ?? table.wall;
  // wall clocks of one format (the same length, the same date part) compare as text
  if (a && b && a.length === b.length && a.slice(0, 6) === b.slice(0, 6)) return b <= a;
  return true;
}

/** A line that starts nothing: it belongs to the open report's current block, or is foreign to it. */
function continueReport(c: Ctx, o: OpenEvent, L: Line, t0: number, prefixLen: number): void {
  // after the kill line only the rows of a table pasted below it (tableAfterKill) still belong
  if (o.phase >= Phase.Killed && o.block !== 'tasks') { foreignLine(c, L.line, L.off !== undefined && !L.segs ? L.off - L.col : undefined); return; }
  let ok = false;
  switch (o.block) {
    case 'tasks':
      ok = parseTaskRow(L, t0, o, c.scratch.row);
      if (!ok && o.phase >= Phase.Killed) { foreignLine(c, L.line, L.off !== undefined && !L.segs ? L.off - L.col : undefined); return; }
      break;
    case 'memcg-stats':
      ok = parseStatsLine(L, t0, o);
      if (!ok) o.block = 'none';
      break;
    case 'slab': ok = parseSlabLine(L, t0); break;
    case 'allocs': ok = parseAllocLine(L, t0); break;
    default: break;
  }
  // a task row with no header before it (cut from an excerpt): columns inferred from its shape
  if (!ok && !o.ev.tasks && o.phase <= Phase.Tasks && L.text.charCodeAt(t0) === 91 && L.text.charCodeAt(t0 + 1) !== 60 /* [< */ &&
    inferTaskLayout(L, t0, o)) ok = parseTaskRow(L, t0, o, c.scratch.row);
  if (!ok && o.phase <= Phase.Stack) {
    ok = (!o.ev.cpuset && !!o.ev.trigger && parseCpuset(L, t0, o)) || parseCpuLine(L, t0, o) || parseStackLine(L, t0, o);
    if (ok && o.phase < Phase.Stack && !o.ev.cpuset) o.phase = Phase.Stack;
  }
  if (!ok && o.ev.memInfo && o.phase <= Phase.Memory) ok = parseMemInfoLine(L, t0, o);
  if (ok) mine(c, L, prefixLen);
  else if (!learnFrom(c, L, t0)) { unreadKill(c, L); foreignLine(c, L.line, L.off !== undefined && !L.segs ? L.off - L.col : undefined); }
}

/**
 * A line that names a kill but was not read as one (an unknown form, a prefix not learned): the
 * report it belongs to must not claim that its kill line is missing.
 */
function unreadKill(c: Ctx, L: Line): void {
  const ev = c.cur?.ev ?? recent(c, L.line, FOREIGN_LIMIT_AFTER_KILL);
  if (!ev || ev.victims.length || ev.unreadKillLine !== undefined) return;
  const t = L.text;
  // `(comm) total-vm:` is only on kill lines, whatever words come before it (a translated paste)
  if (t.includes('ill process ') || t.includes('illed process') || t.includes(') total-vm:')) ev.unreadKillLine = relLine(ev, L.line);
}

/** Kill-line messages the kernel prints before `Killed process` (anything else there may be a prefix). */
const KILL_MESSAGES = ['Killed process ', 'Out of memory', 'Memory cgroup out of memory', 'No available memory', 'Out of Memory: Kill'];
function knownKillMessage(t: string, t0: number): boolean {
  for (const m of KILL_MESSAGES) if (t.startsWith(m, t0)) return true;
  return false;
}

/** PID on an oom_reaper line (for matching before parsing fields). */
function line0pid(t: string, t0: number): number {
  const m = REAPER_PID.exec(t.slice(t0, t0 + 64));
  return m ? Number(m[1]) : -1;
}

function reopen(c: Ctx, ev: OomEvent): OpenEvent {
  const o: OpenEvent = { ev, sink: new FieldSink(c.fields.of(ev)), phase: Phase.Killed, block: 'none', lastLine: endLineOf(ev), foreignRun: 0, stats: undefined, wrapped: false, taskColumns: undefined };
  if (!ev.victims.length) o.phase = Phase.Chosen;
  c.cur = o;
  return o;
}
