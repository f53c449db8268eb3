/**
 * Streaming analysis of an OOM log: bytes in, in chunks of any size; events out as their reports
 * are complete. Only report regions are decoded and parsed (parseOomLog on each region, with the
 * document's line numbers); the lines between them are counted and dropped, so memory stays that
 * of the biggest region whatever the log's size.
 *
 * The result equals parseOomLog on the whole text (test/unit/stream/stream.test.ts) because a
 * region ends only where the parser carries no state into the lines after it:
 * - before a trigger line (`invoked oom-killer:`) that starts a report on its own: it has a clock
 *   (so no line before it can glue it as a cut continuation), is a plain line of the kernel
 *   (no foreign tag, no structured record, no `#012` pieces, no userspace killer's text, short
 *   enough not to be a report whose line breaks were lost), and no `callbacks suppressed` line
 *   comes within SUPPRESS_WINDOW lines before it. A trigger closes the report before it, and the
 *   userspace killers' lines never read across it (userspace/scan.ts);
 * - or QUIET lines after the last line holding a marker (parse.ts MARKERS), once the parse of the
 *   region says that no userspace killer's event asked to read a line at or past the region's
 *   end (ParseEnd.userReach), and that it closed the region's last kernel report for the foreign
 *   lines after it (ParseEnd.closedAt), LOOKAHEAD lines before the region's end
 *   (so that it read no line past the end to decide), and more than REJOIN_WINDOW lines lie
 *   between that report's last line and the region's end (no later line can join it). Lines
 *   without a marker after a closed report are skipped by the parser as they are by the stream.
 *   The next region starts CONTEXT lines before its first needle line (userspace killers look
 *   that far back).
 * - an `oom_reaper:` line attaches to the newest earlier report with that victim, up to 64
 *   reports back, across regions: regions whose reports still wait for their reaper line are
 *   held (as bytes), and a region whose reaper line names one of their victims is parsed again
 *   together with them (the dropped lines between them come back as empty lines: the parser
 *   skips those as it skipped the noise, and line numbers stay right).
 * - what the parser reads with state from outside a report (a quoted-printable body, JSON or
 *   journal records, a learned prefix: OomLogAnalysis.wholeText) is not read here: the stream
 *   stops with WholeTextNeeded and the caller reads that input as one text.
 * Lone `\r` line ends become `\n` as the bytes arrive (the parser's line model); a `\r\n` split
 * between chunks stays one line end. Regions start and end at line starts, so no UTF-8 sequence
 * is cut: each region decodes as it does inside the whole text.
 */
import { type OomEvent, endLineOf } from '../model';
import { type ParseEnd, parseOomLog, ANCHORS, BY_NEEDLE, MARKERS, REJOIN_WINDOW } from '../parse';
import { FieldIndex } from '../fieldstore';
import { PrefixScan, hasClock, scanPrefix } from '../prefix';
import { isTrigger } from '../header';
import { REAPER_PID } from '../kill';
import { mayBeJson } from '../records';
import { SPLIT_MIN } from '../rewrap';
import { skipSpaces } from '../lines';
import { MAX_BACK, USERSPACE_MARKERS, hasUserspaceMarker } from '../userspace/scan';

/** Lines after a region's last marker line before it may end there (the parser glues up to 3 cut lines to a line). */
export const QUIET = 8;
/** Lines past the one on which the parser closes a report that it may have read to decide (it glues up to 3 cut lines to a line). */
const LOOKAHEAD = 4;
/** Lines kept before a region's first needle line: userspace killers read up to MAX_BACK lines back, the parser glues up to 3 cut lines to a line. */
export const CONTEXT = MAX_BACK + LOOKAHEAD;
/** Lines without a marker that a report commonly ends with (its call trace). */
const TRACE = 64;
/**
 * How soon after its last report's last line a region can end: that report is out of reach of
 * later lines REJOIN_WINDOW + 1 lines after it, and the parser's last look ahead is then within
 * the region. A region is first looked at (parsed) that many lines, and TRACE more, after its
 * last marker line.
 */
const FIRST_LOOK = REJOIN_WINDOW + 1 + LOOKAHEAD;
/** A `callbacks suppressed` line this close before a trigger joins its report (parse.ts: 5 lines). */
const SUPPRESS_WINDOW = 6;
/** How many kernel reports back an `oom_reaper:` line finds its report (parse.ts). */
const REAPER_LOOKBACK = 64;
/** Bytes of held regions kept for late reaper lines; beyond it the oldest are let go. */
const HOLD_MAX = 64 * 1024 * 1024;

const TRIGGER = ' invoked oom-killer: ';
const SUPPRESSED = 'callbacks suppressed';
const REAPER = 'oom_reaper';

/** Why an input needs the whole-text parser: the formats it reads with state from outside the reports. */
export const WHOLE_TEXT_WHY = 'this log needs to be read as one text (a quoted-printable mail body, JSON or journal records, or a prefix learned from a report line)';

/** The input needs the whole-text parser (a format read with state from outside the reports). */
export class WholeTextNeeded extends Error {
  constructor(readonly line: number) {
    super(`line ${line + 1}: ${WHOLE_TEXT_WHY}`);
  }
}

/**
 * The open region: its bytes so far (from earlier chunks), its first line, when to look for its
 * end; the CONTEXT lines before it, parsed with it only when it holds a userspace killer's line
 * (nothing else reads back into lines the marker scan skipped).
 */
interface Region {
  parts: Buffer[]; firstLine: number; nextCheck: number; pre: { parts: Buffer[]; lines: number } | undefined; user: boolean;
  /** Its last line that holds a marker. */
  lastMarker: number;
}

/** A parsed region whose events are not written yet (F: where the parse put their fields). */
interface Held<F> {
  bytes: Buffer;
  firstLine: number;
  /** Line after the region (its bytes end with a line break, or at the end of the input). */
  endLine: number;
  events: OomEvent[];
  /** The fields of `events` (the region's parse). */
  fields: F;
  kernel: number;
}

export interface StreamStats { bytes: number; lines: number; regionBytes: number; regions: number; joins: number; parses: number }

/** The parse of one region's text (parseOomLog, or parseOomLogTo into a cheaper field target), with the fields it wrote and how it left the text's end. */
export type RegionParse<F> = (text: string, firstLine: number, end: ParseEnd) => { events: OomEvent[]; wholeText?: boolean; fields: F };

export class StreamAnalyzer<F = FieldIndex> {
  /** Line number of the next line to be read. */
  private line = 0;
  /** Bytes of an unfinished line (no line break yet), or of a \r whose next byte is not known yet. */
  private tail: Buffer[] = [];
  private heldCr = false;
  /** The open region: its bytes so far (from earlier chunks) and where it starts; undefined between regions. */
  private region: Region | undefined;
  /**
   * Between regions: the last lines (up to CONTEXT) that a later userspace killer's event may read
   * back into: the last region's tail and the idle lines after it.
   */
  private context: Buffer[] = [];
  private lastSuppressed = -1e9;
  private held: Held<F>[] = [];
  private heldBytes = 0;
  /** Kernel events written or held, and all events written. */
  private written = 0;
  /** Victim pids of reports let go while still waiting for a reaper line (HOLD_MAX), for the warning. */
  readonly warnings: string[] = [];
  readonly stats: StreamStats = { bytes: 0, lines: 0, regionBytes: 0, regions: 0, joins: 0, parses: 0 };
  private readonly head = new PrefixScan();

  private readonly parseRegion: RegionParse<F>;
  /** How the last parse left its text's end. */
  private readonly parseEnd: ParseEnd = { closedAt: -1, userReach: -1 };

  /**
   * @param emit receives each event with its fields, in order, with its index in the whole log, once no later line can change it.
   * @param parse parses a region (default parseOomLog: the events' fields in a FieldIndex).
   */
  constructor(private readonly emit: (ev: OomEvent, fields: F) => void, parse?: RegionParse<F>) {
    this.parseRegion = parse ?? (((text, firstLine, end) => parseOomLog(text, firstLine, end)) as RegionParse<FieldIndex> as unknown as RegionParse<F>);
  }

  private parse(text: string, firstLine: number): { events: OomEvent[]; wholeText?: boolean; fields: F } {
    this.stats.parses++;
    return this.parseRegion(text, firstLine, this.parseEnd);
  }

  /** Lines read so far (after end(): the log's line count, as parseOomLog counts). */
  get lineCount(): number { return this.line + 1; }

  push(chunk: Buffer): void {
    for (const win of this.cut(chunk)) this.lines(win);
  }

  /** The input is over: the last line, then every region and held event. */
  end(): void {
    const last = this.cutEnd();
    if (last) this.lines(last);
    this.finish();
  }

  /**
   * Cuts the next chunk of input into windows of complete lines, to be read with lines() in order
   * (push() does both; a caller that searches the windows for marker lines elsewhere, in a
   * worker thread, cuts and reads them itself). A window may be a view of the chunk.
   */
  cut(chunk: Buffer): Buffer[] {
    if (!chunk.length) return [];
    this.stats.bytes += chunk.length;
    let buf = chunk;
    if (this.heldCr) { buf = Buffer.concat([Buffer.from([13]), buf]); this.heldCr = false; }
    if (buf[buf.length - 1] === 13) { this.heldCr = true; buf = buf.subarray(0, buf.length - 1); }
    buf = loneCrToLf(buf);
    const lastNl = buf.lastIndexOf(10);
    // copies: the chunk may be reused by its reader
    if (lastNl < 0) { this.tail.push(Buffer.from(buf)); return []; }
    const out: Buffer[] = [];
    let from = 0;
    if (this.tail.length) {
      // the line begun in earlier chunks, on its own: the rest of the chunk is read without a copy
      const nl = buf.indexOf(10);
      out.push(Buffer.concat([...this.tail, buf.subarray(0, nl + 1)]));
      this.tail = [];
      from = nl + 1;
    }
    if (from <= lastNl) out.push(buf.subarray(from, lastNl + 1));
    if (lastNl + 1 < buf.length) this.tail = [Buffer.from(buf.subarray(lastNl + 1))];
    return out;
  }

  /** The input is over: its last window, if any (it may end without a line break). */
  cutEnd(): Buffer | undefined {
    let last = Buffer.concat(this.tail);
    // a final lone \r is a line end: its line is then complete, and an empty one follows
    if (this.heldCr) { last = Buffer.concat([last, Buffer.from([10])]); this.heldCr = false; }
    this.tail = [];
    return last.length ? last : undefined;
  }

  /** After the last window: every region and held event. */
  finish(): void {
    if (this.region) this.closeRegion(undefined, 0, true);
    this.release(true);
    this.stats.lines = this.line + 1;
  }

  /**
   * Reads a window from cut() or cutEnd(), with its marker lines (findMarkerLines) when they were
   * found elsewhere. Only the input's last window may end without a line break.
   */
  lines(win: Buffer, marks?: Int32Array): void {
    const end = win.length;
    const found = marks ?? findMarkerLines(win, NEEDLE_BYTES, BY_NEEDLE);
    let k = 0;
    /** Where the open region's bytes start in this window. */
    let regionAt = 0;
    /** Where lines between regions start in this window (context is taken from there). */
    let idleAt = 0;
    let pos = 0;
    while (pos < end) {
      const more = k < found.length;
      const ls = more ? found[k] : end;
      // marker-free lines [pos, ls)
      if (ls > pos) {
        let at = pos;
        while (at < ls) {
          if (!this.region) { this.line += countLines(win, at, ls); break; }
          const need = this.region.nextCheck - this.line;
          if (need > 0) {
            const r = skipLines(win, at, ls, need);
            this.line += r.lines;
            at = r.at;
            if (r.lines < need) break;
          }
          // the region may end before line `this.line` (unless that is the needle line: checked with the next stretch)
          if (at >= ls) break;
          if (this.tryQuietEnd(win, regionAt, at)) idleAt = at;
        }
      }
      if (!more) break;
      const le = found[k + 1];
      k += 2;
      // latin1: one character per byte; the markers are ASCII
      this.markerLine(win, win.toString('latin1', ls, Math.min(le, ls + 65536)), ls, le, () => regionAt, a => { regionAt = a; }, idleAt);
      if (le >= end) break;
      pos = le + 1;
      this.line++;
    }
    // keep what the next window needs: the open region's bytes, or the context between regions
    if (this.region) {
      if (regionAt < end) this.region.parts.push(Buffer.from(win.subarray(regionAt, end)));
    } else this.keepContext(win, idleAt, end);
  }

  /** A line holding a marker (`latin`: its text, up to 64 KB): may start a region, or end the open one before it. */
  private markerLine(win: Buffer, latin: string, ls: number, le: number, regionAt: () => number, setRegionAt: (a: number) => void, idleAt: number): void {
    const line = this.line;
    if (!this.region) {
      // the CONTEXT lines before its first marker line (or since the lines between regions began)
      const back = backLines(win, ls, idleAt, CONTEXT);
      const pre: Buffer[] = [];
      let lines = back.lines;
      if (back.lines < CONTEXT && back.at === idleAt && this.context.length) {
        const ctx = trimToLines(this.context, CONTEXT - back.lines);
        pre.push(...ctx.parts);
        lines += ctx.lines;
      }
      if (back.at < ls) pre.push(Buffer.from(win.subarray(back.at, ls)));
      this.context = [];
      this.region = { parts: [], firstLine: line, nextCheck: 0, pre: { parts: pre, lines }, user: false, lastMarker: line };
      setRegionAt(ls);
    } else if (latin.includes(TRIGGER) && line - this.lastSuppressed > SUPPRESS_WINDOW && this.startsAlone(win, ls, le)) {
      this.closeRegion(win.subarray(regionAt(), ls), line);
      this.region = { parts: [], firstLine: line, nextCheck: 0, pre: undefined, user: false, lastMarker: line };
      setRegionAt(ls);
    }
    if (latin.includes(SUPPRESSED)) this.lastSuppressed = line;
    const r = this.region!;
    r.lastMarker = line;
    const user = hasUserspaceMarker(latin);
    if (user) r.user = true;
    // first look when a kernel report that ended here could be closed and out of reach of later
    // lines; after a userspace killer's line, once its event has read the lines next to it
    // (tryQuietEnd waits for the ones it asked for)
    r.nextCheck = Math.max(r.nextCheck, !user || hasKernelMarker(latin) ? line + FIRST_LOOK + TRACE : line + QUIET);
  }

  /** Does the trigger line in win[ls, le) start a report whatever came before it? (see the file comment) */
  private startsAlone(win: Buffer, ls: number, le: number): boolean {
    let e = le;
    if (e > ls && win[e - 1] === 13) e--;
    if (e - ls > 4 * SPLIT_MIN) return false;
    const raw = win.toString('utf8', ls, e);
    if (raw.length >= SPLIT_MIN || mayBeJson(raw) || raw.includes('#012') || raw.includes('\\x0a') || raw.includes('=3D') || hasUserspaceMarker(raw)) return false;
    const p = scanPrefix(raw, this.head);
    if (p.foreign || p.record || !hasClock(p)) return false;
    const msg = raw.slice(p.offset, raw.length - p.closer);
    const t0 = skipSpaces(msg);
    return t0 < msg.length && isTrigger(msg) && !msg.endsWith('=');
  }

  /**
   * The open region has had enough lines without a marker: ends it before the line at `at` (the
   * current line) if its last report is closed by then and out of reach of later lines (see the
   * file comment). False (and a later check) otherwise.
   */
  private tryQuietEnd(win: Buffer, regionAt: number, at: number): boolean {
    const r = this.region!;
    const { bytes, firstLine } = regionBytes(r, win.subarray(regionAt, at));
    const a = this.parse(bytes.toString('utf8'), firstLine);
    if (a.wholeText) throw new WholeTextNeeded(firstLine);
    const userReach = this.parseEnd.userReach;
    if (userReach + LOOKAHEAD >= this.line) {
      // a userspace killer's event asked for lines the region does not hold yet
      r.nextCheck = userReach + LOOKAHEAD + 1;
      return false;
    }
    let lastKernel: OomEvent | undefined;
    for (let k = a.events.length - 1; k >= 0; k--) if (!a.events[k].userspace) { lastKernel = a.events[k]; break; }
    if (lastKernel) {
      const closedAt = this.parseEnd.closedAt;
      const reach = endLineOf(lastKernel) + REJOIN_WINDOW + 1;
      if (closedAt >= 0 && (closedAt + LOOKAHEAD > this.line || reach > this.line)) {
        // closed, but too near the region's end: it ends at the first line where it may
        r.nextCheck = Math.max(closedAt + LOOKAHEAD, reach);
        return false;
      }
      if (closedAt < 0) {
        // still open: look again once it can be closed, and not before the region has grown by
        // half: each look parses the whole region again, so a report that keeps going (a task
        // table of a million rows) is parsed about three times in all, not once per look
        r.nextCheck = Math.max(endLineOf(lastKernel) + FIRST_LOOK, this.line + ((this.line - r.firstLine) >> 1));
        return false;
      }
    }
    this.region = undefined;
    this.take({ bytes, firstLine, endLine: this.line, events: a.events, fields: a.fields, kernel: 0 });
    // a later userspace killer's event reads back into the region's last lines as the whole text
    // would let it: those after its last marker line and after every line its events read
    const from = Math.max(r.lastMarker + 1, userReach + 1, this.line - CONTEXT);
    this.context = from < this.line ? trimToLines([bytes], this.line - from).parts : [];
    return true;
  }

  /** Ends the open region with the bytes `last` (after its earlier parts), before line `endLine`. */
  private closeRegion(last: Buffer | undefined, endLine: number, atEnd = false): void {
    const r = this.region!;
    this.region = undefined;
    const { bytes, firstLine } = regionBytes(r, last);
    const a = this.parse(bytes.toString('utf8'), firstLine);
    if (a.wholeText) throw new WholeTextNeeded(firstLine);
    this.take({ bytes, firstLine, endLine: atEnd ? this.line + 1 : endLine, events: a.events, fields: a.fields, kernel: 0 });
  }

  /** A parsed region: joined with held ones when one of its reaper lines names their victim, then held. */
  private take(h: Held<F>): void {
    this.stats.regions++;
    this.stats.regionBytes += h.bytes.length;
    const from = this.joinFrom(h);
    if (from >= 0) {
      this.stats.joins++;
      const parts: string[] = [];
      for (let k = from; k < this.held.length; k++) {
        const x = this.held[k];
        parts.push(x.bytes.toString('utf8'));
        parts.push('\n'.repeat((k + 1 < this.held.length ? this.held[k + 1].firstLine : h.firstLine) - x.endLine));
      }
      parts.push(h.bytes.toString('utf8'));
      const firstLine = this.held[from].firstLine;
      const a = this.parse(parts.join(''), firstLine);
      if (a.wholeText) throw new WholeTextNeeded(firstLine);
      for (const x of this.held.splice(from)) this.heldBytes -= x.bytes.length;
      h = { bytes: joinedBytes(parts), firstLine, endLine: h.endLine, events: a.events, fields: a.fields, kernel: 0 };
    }
    h.kernel = h.events.filter(e => !e.userspace).length;
    this.held.push(h);
    this.heldBytes += h.bytes.length;
    this.release(false);
  }

  /** Index of the oldest held region that a reaper line of `h` may belong to, or -1. */
  private joinFrom(h: Held<F>): number {
    if (!this.held.length) return -1;
    const mentioned = reaperNumbers(h.bytes);
    if (!mentioned.size) return -1;
    for (let k = 0; k < this.held.length; k++) {
      for (const ev of this.held[k].events) if (!ev.userspace && !ev.reaper && ev.victims.some(v => mentioned.has(v.pid))) return k;
    }
    return -1;
  }

  /** Writes the held regions that no later line can change (all of them at the end). */
  private release(all: boolean): void {
    while (this.held.length) {
      const x = this.held[0];
      let later = 0;
      for (let k = 1; k < this.held.length; k++) later += this.held[k].kernel;
      const waiting = x.events.some(ev => !ev.userspace && !ev.reaper && ev.victims.length);
      if (!all && waiting && later < REAPER_LOOKBACK && this.heldBytes <= HOLD_MAX) break;
      if (!all && waiting && later < REAPER_LOOKBACK) {
        this.warnings.push(`the reports of lines ${x.firstLine + 1}-${x.endLine} were written without waiting for the oom_reaper lines that may follow them (more than ${HOLD_MAX / 1048576} MB of reports held); such a line, if any, is not tied to its kill`);
      }
      this.held.shift();
      this.heldBytes -= x.bytes.length;
      for (const ev of x.events) { ev.index = this.written++; this.emit(ev, x.fields); }
    }
  }

  /** Between regions: keeps the last CONTEXT lines of win[idleAt, end) (with those kept before). */
  private keepContext(win: Buffer, idleAt: number, end: number): void {
    if (idleAt === 0 && end === 0) return;
    if (idleAt >= end) return;
    const back = backLines(win, end, idleAt, CONTEXT);
    const own = Buffer.from(win.subarray(back.at, end));
    if (back.lines >= CONTEXT) { this.context = [own]; return; }
    this.context = [...trimToLines(this.context, CONTEXT - back.lines).parts, own];
  }
}

/** The bytes of region `r` up to `last` (its context before it when it holds a userspace line), and its first line. */
function regionBytes(r: Region, last: Buffer | undefined): { bytes: Buffer; firstLine: number } {
  const pre = r.user && r.pre ? r.pre : undefined;
  const parts = pre ? [...pre.parts, ...r.parts] : r.parts.slice();
  if (last) parts.push(last);
  return { bytes: Buffer.concat(parts), firstLine: r.firstLine - (pre?.lines ?? 0) };
}

/** The bytes of a joined region's text (its empty lines included: a later join reads them again). */
function joinedBytes(parts: string[]): Buffer {
  return Buffer.from(parts.join(''), 'utf8');
}

/** Replaces each \r not followed by \n with \n (the chunk's last byte is never a \r here). */
function loneCrToLf(buf: Buffer): Buffer {
  let i = buf.indexOf(13);
  if (i < 0) return buf;
  let out: Buffer | undefined;
  for (; i >= 0; i = buf.indexOf(13, i + 1)) {
    if (buf[i + 1] === 10) continue;
    if (!out) out = Buffer.from(buf);
    out[i] = 10;
  }
  return out ?? buf;
}

/** Line breaks in b[from, to). */
function countLines(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let k = b.indexOf(10, from); k >= 0 && k < to; k = b.indexOf(10, k + 1)) n++;
  return n;
}

/** Passes up to `n` line breaks from `from` (a line start) before `to`: how many, and the line start reached. */
function skipLines(b: Buffer, from: number, to: number, n: number): { lines: number; at: number } {
  let lines = 0;
  let at = from;
  while (lines < n) {
    const k = b.indexOf(10, at);
    if (k < 0 || k >= to) break;
    at = k + 1;
    lines++;
  }
  return { lines, at };
}

/** Goes back up to `n` lines from the line start `at`, not before `floor`: the line start reached and how many lines. */
function backLines(b: Buffer, at: number, floor: number, n: number): { lines: number; at: number } {
  let lines = 0;
  let p = at;
  while (lines < n && p > floor) {
    const k = p >= 2 ? b.lastIndexOf(10, p - 2) : -1;
    const start = Math.max(k + 1, floor);
    p = start;
    lines++;
  }
  return { lines, at: p };
}

/** The last `n` lines of the bytes `parts` (each complete). */
function trimToLines(parts: Buffer[], n: number): { parts: Buffer[]; lines: number } {
  if (n <= 0 || !parts.length) return { parts: [], lines: 0 };
  const all = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  const back = backLines(all, all.length, 0, n);
  return { parts: [all.subarray(back.at)], lines: back.lines };
}

/** The markers of the kernel's reports (not of the userspace killers'). */
const KERNEL_MARKERS = MARKERS.filter(m => !USERSPACE_MARKERS.includes(m));

function hasKernelMarker(line: string): boolean {
  for (const m of KERNEL_MARKERS) if (line.includes(m)) return true;
  return false;
}

/** The needles (parse.ts ANCHORS) as bytes: the marker search reads bytes, not a text decoded from them. */
export const NEEDLE_BYTES: readonly Buffer[] = ANCHORS.map(a => Buffer.from(a, 'latin1'));

/**
 * The lines of `b` that hold a marker, as the parser's marker scan finds them: pairs of byte
 * offsets (line start, line end: its \n or the end of `b`). One indexOf pass per needle; a line
 * holding a needle is checked against that needle's markers (`byNeedle`, up to 64 KB of the line).
 * It names nothing from outside itself: cli/markerWorker.ts runs its source in a worker thread.
 */
export function findMarkerLines(b: Buffer, needles: readonly Buffer[], byNeedle: readonly (readonly [string, readonly string[]])[]): Int32Array {
  const out: number[] = [];
  const end = b.length;
  const next = needles.map(n => b.indexOf(n));
  let at = 0;
  for (;;) {
    let hit = -1;
    for (let i = 0; i < next.length; i++) {
      let k = next[i];
      if (k >= 0 && k < at) k = next[i] = b.indexOf(needles[i], at);
      if (k >= 0 && (hit < 0 || k < hit)) hit = k;
    }
    if (hit < 0) break;
    const ls = Math.max(at, b.lastIndexOf(10, hit) + 1);
    let le = b.indexOf(10, hit);
    if (le < 0) le = end;
    const line = b.toString('latin1', ls, Math.min(le, ls + 65536));
    // as the parser's marker scan: a line with a needle but no marker is one of the lines between
    let marked = false;
    for (let i = 0; i < byNeedle.length && !marked; i++) {
      if (!line.includes(byNeedle[i][0])) continue;
      for (const m of byNeedle[i][1]) if (line.includes(m)) { marked = true; break; }
    }
    if (marked) out.push(ls, le);
    if (le >= end) break;
    at = le + 1;
  }
  return Int32Array.from(out);
}

/**
 * The pids that the `oom_reaper` lines of `bytes` may name, read as the parser reads them
 * (REAPER_PID after `oom_reaper`). A line whose number runs to its end may be cut and continued
 * on the next line: every number on it and on that line counts.
 */
function reaperNumbers(bytes: Buffer): Set<number> {
  const out = new Set<number>();
  for (let i = bytes.indexOf(REAPER); i >= 0; i = bytes.indexOf(REAPER, i + REAPER.length)) {
    let le = bytes.indexOf(10, i);
    if (le < 0) le = bytes.length;
    const line = bytes.toString('latin1', i, Math.min(le, i + 4096));
    const m = REAPER_PID.exec(line);
    if (m && m.index + m[0].length < line.length) { out.add(Number(m[1])); continue; }
    let next = le < bytes.length ? bytes.indexOf(10, le + 1) : -1;
    if (next < 0) next = bytes.length;
    const cut = bytes.toString('latin1', i, Math.min(next, i + 8192));
    const re = /\d{1,10}/g;
    for (let n = re.exec(cut); n; n = re.exec(cut)) out.add(Number(n[0]));
  }
  return out;
}

/** The events of a log given as chunks of bytes (tests, small inputs); throws WholeTextNeeded as the stream does. */
export function analyzeChunks(chunks: Iterable<Buffer>): { events: OomEvent[]; fields: FieldIndex; lineCount: number; stats: StreamStats; warnings: string[] } {
  const events: OomEvent[] = [];
  const fields = new FieldIndex();
  const a = new StreamAnalyzer((ev, f) => { events.push(ev); fields.take(f, [ev]); });
  for (const c of chunks) a.push(c);
  a.end();
  return { events, fields, lineCount: a.lineCount, stats: a.stats, warnings: a.warnings };
}
