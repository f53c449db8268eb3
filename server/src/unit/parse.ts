/**
 * systemd unit file parser (model of systemd's conf-parser.c as of v252, see spec §1.1).
 *
 * Pure function from text to a typed model with exact ranges (0-based line, UTF-16 column).
 * Never throws: CRLF, NUL bytes, huge lines and truncated input give a partial model and
 * problems the rules turn into diagnostics. Linear in the input size; no regular expression
 * runs over a whole line with nested quantifiers.
 */
import type { Range } from '../common/types';
import type { Directive } from './catalog';
import type { ValueKind } from './docs';

export type UnitType =
  | 'service' | 'socket' | 'mount' | 'automount' | 'swap' | 'slice' | 'scope' | 'timer' | 'path' | 'target' | 'device';

export const UNIT_TYPES: readonly UnitType[] = [
  'service', 'socket', 'mount', 'automount', 'swap', 'slice', 'scope', 'timer', 'path', 'target', 'device',
];

/** One piece of a (possibly continued) value on one physical line. */
export interface ValueSegment { line: number; start: number; text: string }

export interface UnitEntry {
  key: string;
  /** Value as systemd sees it: continuation backslashes replaced by spaces, outer whitespace stripped. */
  value: string;
  keyRange: Range;
  /** From the first to the last value character (may span lines when continued). */
  valueRange: Range;
  /** Whole assignment, key through the end of the last continued line. */
  range: Range;
  /** Physical lines of the value, in order (one per continued line). */
  segments: ValueSegment[];
  /** The section the assignment belongs to, or null when it stands before any header. */
  section: UnitSection | null;
  /** Index in UnitFile.entries. */
  index: number;
}

export interface UnitSection {
  /** Name between the brackets, taken literally (systemd does not trim or fold case). */
  name: string;
  nameRange: Range;
  /** The whole `[Name]` header. */
  headerRange: Range;
  line: number;
  /** Last line that belongs to the section (before the next header or end of file). */
  endLine: number;
  readonly entries: UnitEntry[];
}

export type UnitProblemKind =
  | 'missing-equals'      // non-comment line without '='
  | 'missing-key'         // line starting with '='
  | 'bad-header'          // '[' without closing ']' at the end
  | 'continuation-eof'    // last line ends with a backslash
  | 'continuation-swallow' // a continued value swallowed a line that looks like a header or assignment
  | 'nul-byte'
  | 'not-utf8'            // the first line (not a comment) with a byte that is not UTF-8, decoded as U+FFFD
  | 'line-too-long';

export interface UnitProblem { kind: UnitProblemKind; range: Range; text: string }

export interface UnitComment { line: number; range: Range; text: string }

export interface UnitFile {
  path: string;
  /** Base name of the file. */
  fileName: string;
  /** Type from the file name (or the drop-in directory's name); null when the name tells nothing. */
  unitType: UnitType | null;
  /** Unit name the file belongs to (`foo.service`; for drop-ins the parent; `service` for `service.d/`). */
  unitName: string | null;
  isDropIn: boolean;
  /** Drop-in directory file not ending in `.conf` (systemd skips it). */
  dropInIgnored: boolean;
  sections: UnitSection[];
  /** Every assignment in file order, including those outside any section. */
  entries: UnitEntry[];
  /** Listed on first use (the rules do not read comments). */
  readonly comments: UnitComment[];
  problems: UnitProblem[];
  /**
   * Physical lines without line terminators (CR removed). Built on first use: the parser and the
   * rules read lines through lineAt() and lineCount(), which slice them from the text.
   */
  readonly lines: string[];
}

/** systemd refuses lines longer than this (LONG_LINE_MAX); we stop analysing them. */
export const MAX_LINE = 1024 * 1024;

const TYPE_SET = new Set<string>(UNIT_TYPES);

function range(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** Unit type, unit name and drop-in status from a path (either separator). */
export function classifyPath(path: string): Pick<UnitFile, 'fileName' | 'unitType' | 'unitName' | 'isDropIn' | 'dropInIgnored'> {
  const parts = (path || '').split(/[\\/]/);
  const fileName = parts[parts.length - 1] ?? '';
  const dir = parts.length > 1 ? parts[parts.length - 2] : '';
  if (dir.endsWith('.d')) {
    const parent = dir.slice(0, -2);
    const dot = parent.lastIndexOf('.');
    const ext = dot >= 0 ? parent.slice(dot + 1) : parent;
    if (TYPE_SET.has(ext)) {
      return {
        fileName, unitType: ext as UnitType, unitName: parent, isDropIn: true, dropInIgnored: !fileName.endsWith('.conf'),
      };
    }
  }
  const dot = fileName.lastIndexOf('.');
  const ext = dot >= 0 ? fileName.slice(dot + 1) : '';
  if (TYPE_SET.has(ext)) return { fileName, unitType: ext as UnitType, unitName: fileName, isDropIn: false, dropInIgnored: false };
  return { fileName, unitType: null, unitName: null, isDropIn: fileName.endsWith('.conf'), dropInIgnored: false };
}

/**
 * Where each physical line starts and ends in a text (LF, CRLF or lone CR end a line): one or two
 * numbers per line instead of one string per line, which for a big file of short lines costs
 * more than the text itself.
 */
class LineTable {
  readonly count: number;
  /**
   * Line starts, then `extra` numbers per line for EntryColumns from `base` on. A text without CR
   * keeps one number per line (line n ends one before line n + 1 starts; after the last start
   * comes the text's length plus one); a text with CR keeps start and end of line n at [2n] and [2n + 1].
   */
  readonly data: Int32Array;
  readonly base: number;
  private readonly pairs: boolean;
  constructor(readonly text: string, extra: number) {
    // indexOf finds line ends much faster than a loop over every character; CR needs the loop
    const crlf = text.indexOf('\r') >= 0;
    let n = 1;
    if (!crlf) for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) {
          if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
          n++;
        }
      }
    }
    this.base = crlf ? 2 * n : n + 1;
    // one allocation for both tables: a small file is parsed on every keystroke
    const d = new Int32Array(this.base + extra * n);
    let k = 0;
    let start = 0;
    if (!crlf) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        d[k++] = start;
        start = i + 1;
      }
      d[k++] = start;
      d[k] = text.length + 1;
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) {
          d[k++] = start;
          d[k++] = i;
          if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
          start = i + 1;
        }
      }
      d[k++] = start;
      d[k] = text.length;
    }
    this.count = n;
    this.data = d;
    this.pairs = crlf;
  }
  /** Where line n (0 ≤ n < count) starts in the text. */
  start(n: number): number { return this.pairs ? this.data[2 * n] : this.data[n]; }
  line(n: number): string | undefined {
    if (n < 0 || n >= this.count) return undefined;
    const d = this.data;
    return this.pairs ? this.text.slice(d[2 * n], d[2 * n + 1]) : this.text.slice(d[n], d[n + 1] - 1);
  }
}

/**
 * What parseUnitFile returns: the UnitFile fields, and the tables they are read from (lines as
 * offsets into the text, entry positions, comment positions). A class with plain fields: every
 * rule reads `file.entries`, and an object literal with getters and a spread is a slower shape.
 */
class ParsedUnitFile implements UnitFile {
  readonly fileName: string;
  readonly unitType: UnitType | null;
  readonly unitName: string | null;
  readonly isDropIn: boolean;
  readonly dropInIgnored: boolean;
  readonly sections: UnitSection[] = [];
  /** Number of assignments. */
  count = 0;
  /** The shared parts of the entries, by id (EntryColumns keeps each entry's part id). */
  readonly parts: SharedPart[] = [];
  readonly problems: UnitProblem[] = [];
  readonly table: LineTable;
  readonly cols: EntryColumns;
  readonly commentCols = new CommentColumns();
  /** The shared parts of entries before any section header, per key. */
  readonly partsOutside = new Map<string, KeyParts>();
  private lineList: string[] | undefined;
  private commentList: UnitComment[] | undefined;
  private entryList: UnitEntry[] | undefined;
  constructor(readonly path: string, text: string) {
    const cls = classifyPath(path);
    this.fileName = cls.fileName;
    this.unitType = cls.unitType;
    this.unitName = cls.unitName;
    this.isDropIn = cls.isDropIn;
    this.dropInIgnored = cls.dropInIgnored;
    this.table = new LineTable(text, 5);
    this.cols = new EntryColumns(this.table);
  }
  /**
   * Every assignment as an object, made on first use (hover, completion, tokens, the cross-file
   * layer); the model and the rules read the columns (EntryTable) and make objects only for the
   * entries they report, so linting a file of a million assignments does not hold a million objects.
   */
  get entries(): UnitEntry[] {
    if (!this.entryList) {
      const list: UnitEntry[] = new Array(this.count);
      for (let k = 0; k < this.count; k++) list[k] = new Entry(this.parts[this.cols.part(k)], k);
      this.entryList = list;
    }
    return this.entryList;
  }
  partAt(k: number): EntryPart { return this.parts[this.cols.part(k)]; }
  valueAt(k: number): string {
    const p = this.parts[this.cols.part(k)];
    return p.value !== null ? p.value : this.cols.value(k);
  }
  /** Entry k: the listed object when the list was made, else a new one (equal in every field). */
  entryAt(k: number): UnitEntry { return this.entryList ? this.entryList[k] : new Entry(this.parts[this.cols.part(k)], k); }
  /** A new shared part. */
  part(key: string, value: string | null, section: Section | null): SharedPart {
    const p = new SharedPart(this.parts.length, key, value, section, this.cols);
    this.parts.push(p);
    return p;
  }
  get lines(): string[] { return this.lineList ??= splitLines(this.table.text); }
  get comments(): UnitComment[] { return this.commentList ??= this.commentCols.list(this); }
}

/** The text of physical line `n` (no terminator), or undefined past the end. */
export function lineAt(file: UnitFile, n: number): string | undefined {
  return file instanceof ParsedUnitFile ? file.table.line(n) : file.lines[n];
}

/** Number of physical lines (an empty text has one, empty). */
export function lineCount(file: UnitFile): number {
  return file instanceof ParsedUnitFile ? file.table.count : file.lines.length;
}

/** Splits text into lines on LF, CRLF or lone CR (UTF-16 columns stay exact). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push(text.slice(start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** True when the line ends in an unescaped backslash (systemd's continuation test). */
function endsWithContinuation(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s.charCodeAt(i) === 92; i--) n++;
  return n % 2 === 1;
}

function firstNonWs(s: string): number {
  let i = 0;
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

function lastNonWs(s: string, from = 0): number {
  let j = s.length;
  while (j > from && isWs(s.charCodeAt(j - 1))) j--;
  return j;
}

/**
 * Parses a unit file or drop-in. `path` decides the unit type (may be empty).
 */
export function parseUnitFile(text: string, path: string): UnitFile {
  const file = new ParsedUnitFile(path ?? '', typeof text === 'string' ? text : '');
  const table = file.table;
  const commentCols = file.commentCols;
  let section: Section | null = null;
  let badUtf8 = false;

  for (let ln = 0; ln < table.count; ln++) {
    let raw = table.line(ln)!;
    if (ln === 0 && raw.charCodeAt(0) === 0xfeff) raw = ' ' + raw.slice(1); // BOM: keep columns
    if (raw.length > MAX_LINE) {
      file.problems.push({ kind: 'line-too-long', range: range(ln, 0, ln, 0), text: '' });
      continue;
    }
    const nul = raw.indexOf('\0');
    if (nul >= 0) file.problems.push({ kind: 'nul-byte', range: range(ln, nul, ln, nul + 1), text: '' });
    const s = firstNonWs(raw);
    if (s >= raw.length) continue;
    const c0 = raw.charCodeAt(s);
    if (c0 === 35 /* # */ || c0 === 59 /* ; */) {
      commentCols.add(ln, s, lastNonWs(raw, s));
      continue;
    }

    if (!badUtf8) {
      const bad = raw.indexOf('\ufffd');
      if (bad >= 0) { badUtf8 = true; file.problems.push({ kind: 'not-utf8', range: range(ln, bad, ln, bad + 1), text: '' }); }
    }
    if (c0 !== 91 /* [ */ && !endsWithContinuation(raw) && oneLineAssignment(file, section, ln, raw, s)) continue;
    const segments = gatherSegments(file, ln, raw, s);
    ln = segments[segments.length - 1].line;
    if (segments.length === 1 && raw.charCodeAt(s) === 91 /* [ */) {
      section = parseHeader(file, section, ln, raw, s);
      continue;
    }
    parseAssignment(file, section, segments);
  }
  if (section) section.endLine = table.count - 1;
  return file;
}

/** One physical line's part of a logical line: columns [start, end) of `line`. */
interface Segment { line: number; start: number; end: number }

/**
 * The physical lines of the logical line starting at `ln` (text from column `s`): a line ending
 * in a backslash continues on the next one (the backslash-newline reads as a space); comment
 * lines in between are recorded and skipped.
 */
function gatherSegments(file: ParsedUnitFile, ln: number, raw: string, s: number): Segment[] {
  const count = lineCount(file);
  const segments: Segment[] = [];
  let cur = ln;
  let curText = raw;
  let segStart = s;
  let quote = 0; // the quote character open at the end of the segments so far (0: none)
  for (;;) {
    quote = quoteAfter(curText, segStart, curText.length, quote);
    if (!endsWithContinuation(curText)) {
      segments.push({ line: cur, start: segStart, end: curText.length });
      return segments;
    }
    segments.push({ line: cur, start: segStart, end: curText.length - 1 });
    let next = cur + 1;
    while (next < count) {
      const t = lineAt(file, next)!;
      const f = firstNonWs(t);
      if (f < t.length && (t.charCodeAt(f) === 35 || t.charCodeAt(f) === 59)) {
        file.commentCols.add(next, f, lastNonWs(t, f));
        next++;
        continue;
      }
      break;
    }
    if (next >= count || lineAt(file, next)!.length > MAX_LINE) {
      file.problems.push({ kind: 'continuation-eof', range: range(cur, curText.length - 1, cur, curText.length), text: '' });
      // Nothing continued: the comment lines just skipped are read again as ordinary lines.
      file.commentCols.drop(next - cur - 1);
      return segments;
    }
    cur = next;
    curText = lineAt(file, cur)!;
    segStart = 0;
    const f = firstNonWs(curText);
    const t = curText.slice(f);
    // inside a quoted string (`sh -c "… \` on the line before) the next line is meant to continue it
    if (!quote && (t.startsWith('[') || /^[A-Za-z][A-Za-z0-9_-]*\s*=/.test(t.slice(0, 200)))) {
      file.problems.push({ kind: 'continuation-swallow', range: range(cur, f, cur, lastNonWs(curText, f)), text: t });
    }
  }
}

/**
 * The quote left open after text[from, to) when `open` was open before it: "…" and '…' as the
 * command-line splitter reads them, a backslash escaping the next character.
 */
function quoteAfter(text: string, from: number, to: number, open: number): number {
  let q = open;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) { i++; continue; }
    if (q === 0) { if (c === 34 || c === 39) q = c; } else if (c === q) q = 0;
  }
  return q;
}

/** A `[Name]` line: the new current section, or null (and a problem) when the header is broken. */
function parseHeader(file: ParsedUnitFile, current: Section | null, ln: number, raw: string, s: number): Section | null {
  const end = lastNonWs(raw, s);
  // a header line ends the section before it, broken or not
  if (current) current.endLine = ln - 1;
  if (raw.charCodeAt(end - 1) !== 93 /* ] */ || end - s < 2) {
    file.problems.push({ kind: 'bad-header', range: range(ln, s, ln, end), text: raw.slice(s, end) });
    return null;
  }
  const section = new Section(file, raw.slice(s + 1, end - 1), range(ln, s + 1, ln, end - 1), range(ln, s, ln, end), ln);
  file.sections.push(section);
  return section;
}

/**
 * A section: its entries are the file's entries from its header to the next one, listed when
 * asked for (the rules never ask; a list per section would hold every entry a second time).
 */
class Section implements UnitSection {
  endLine: number;
  /** The shared parts of the section's entries, per key. */
  readonly parts = new Map<string, KeyParts>();
  private readonly from: number;
  private list: UnitEntry[] | undefined;
  constructor(
    private readonly file: ParsedUnitFile, readonly name: string, readonly nameRange: Range, readonly headerRange: Range, readonly line: number,
  ) {
    this.endLine = line;
    this.from = file.count;
  }
  get entries(): UnitEntry[] {
    if (!this.list) {
      const all = this.file.entries;
      let to = this.from;
      while (to < all.length && all[to].section === this) to++;
      this.list = all.slice(this.from, to);
    }
    return this.list;
  }
}

/** The segments' text as systemd joins it (continuations become spaces). */
function joinSegments(file: ParsedUnitFile, segments: Segment[]): string {
  if (segments.length === 1) return lineAt(file, segments[0].line)!.slice(segments[0].start, segments[0].end);
  return segments.map(g => lineAt(file, g.line)!.slice(g.start, g.end)).join(' ');
}

/** Adds a `Key=value` logical line as an entry, or a problem when it has no '=' or no key. */
function parseAssignment(file: ParsedUnitFile, section: Section | null, segments: Segment[]): void {
  const texts = segments.map(g => lineAt(file, g.line)!);
  // Find '=' across segments.
  let eqSeg = -1;
  let eqCol = -1;
  for (let k = 0; k < segments.length && eqSeg < 0; k++) {
    const g = segments[k];
    const idx = texts[k].indexOf('=', g.start);
    if (idx >= 0 && idx < g.end) { eqSeg = k; eqCol = idx; }
  }
  const first = segments[0];
  if (eqSeg !== 0 || eqCol === first.start) {
    const last = segments[segments.length - 1];
    // a lone backslash at the end of the file leaves an empty segment: the range must not end before it starts
    const wholeRange = range(first.line, first.start, last.line, lastNonWs(texts[texts.length - 1].slice(0, last.end), last === first ? first.start : 0));
    file.problems.push({ kind: eqSeg < 0 ? 'missing-equals' : 'missing-key', range: wholeRange, text: joinSegments(file, segments).trim() });
    return;
  }
  const eqLine = segments[eqSeg].line;
  const keyLineText = texts[0];
  const keyEnd = lastNonWs(keyLineText.slice(0, eqCol), first.start);
  const key = keyLineText.slice(first.start, keyEnd);

  // Value segments: the rest of the '=' line, then the continued lines.
  const valueSegs: ValueSegment[] = [];
  for (let k = eqSeg; k < segments.length; k++) {
    const g = segments[k];
    const from = k === eqSeg ? eqCol + 1 : g.start;
    valueSegs.push({ line: g.line, start: from, text: texts[k].slice(from, g.end) });
  }
  // Strip outer whitespace of the joined value while tracking positions.
  while (valueSegs.length > 1 && valueSegs[0].text.trim() === '') valueSegs.shift();
  while (valueSegs.length > 1 && valueSegs[valueSegs.length - 1].text.trim() === '') valueSegs.pop();
  const v0 = valueSegs[0];
  const lead = firstNonWs(v0.text);
  v0.start += lead;
  v0.text = v0.text.slice(lead);
  const vl = valueSegs[valueSegs.length - 1];
  vl.text = vl.text.slice(0, lastNonWs(vl.text));
  const value = (valueSegs.length === 1 ? v0.text : valueSegs.map(v => v.text).join(' ')).trim();
  const endLine = Math.max(vl.line, eqLine);
  const valueEnd = vl.start + vl.text.length;
  const end = endLine === vl.line ? valueEnd : eqCol + 1;
  const simple = v0.line === first.line && vl.line === first.line && endLine === first.line && end === valueEnd && valueSegs.length === 1 && v0.text === value;
  const cols = file.cols;
  const index = cols.add(first.line, first.start, v0.start, valueEnd, sharedPart(file, section, key, value).id);
  if (!simple) cols.spread.set(index, { valueLine: v0.line, valueEndLine: vl.line, endLine, end, pieces: valueSegs, value });
  file.count = index + 1;
}

/** The comment lines of a file, three numbers each (line, first and end column), in file order. */
class CommentColumns {
  private readonly data: number[] = [];
  private n = 0;
  add(line: number, start: number, end: number): void {
    const at = 3 * this.n++;
    this.data[at] = line; this.data[at + 1] = start; this.data[at + 2] = end;
  }
  /** Forgets the last `k` comments. */
  drop(k: number): void { this.n -= k; this.data.length = 3 * this.n; }
  list(file: UnitFile): UnitComment[] {
    const out: UnitComment[] = new Array(this.n);
    const d = this.data;
    for (let k = 0; k < this.n; k++) out[k] = new Comment(file, d[3 * k], d[3 * k + 1], d[3 * k + 2]);
    return out;
  }
}

/** A comment line, as its line and columns (range and text built when asked for, as for Entry). */
class Comment implements UnitComment {
  constructor(private readonly file: UnitFile, readonly line: number, private readonly start: number, private readonly end: number) {}
  get range(): Range { return range(this.line, this.start, this.line, this.end); }
  get text(): string { return lineAt(this.file, this.line)!.slice(this.start); }
}

/**
 * Adds a `Key=value` line that is not continued, read without the segment lists of parseAssignment
 * (most lines of every file; a big file would make millions of short-lived objects). False when
 * the line needs the general path (no key, no '=', whitespace that trim() and systemd see apart).
 */
function oneLineAssignment(file: ParsedUnitFile, section: Section | null, ln: number, raw: string, s: number): boolean {
  const eq = raw.indexOf('=', s);
  if (eq <= s) return false;
  let keyEnd = eq;
  while (keyEnd > s && isWs(raw.charCodeAt(keyEnd - 1))) keyEnd--;
  let vs = eq + 1;
  while (vs < raw.length && isWs(raw.charCodeAt(vs))) vs++;
  const ve = lastNonWs(raw, vs);
  const text = raw.slice(vs, ve);
  const value = text.trim();
  if (value !== text) return false;
  file.count = file.cols.add(ln, s, vs, ve, sharedPart(file, section, raw.slice(s, keyEnd), value).id) + 1;
  return true;
}

/**
 * What the entries of one section with the same key (and the same short value) have in common: the
 * key, the value (null: read from the text, see EntryColumns.value), the section, the file's
 * positions and the model's meta. A big file repeats a few such parts a million times, and each
 * entry is then a part and an index.
 */
class SharedPart implements EntryPart {
  /** Set by the model (model.ts buildModel); the same for every model of the file, whatever the settings. */
  meta: EntryMeta | undefined = undefined;
  constructor(readonly id: number, readonly key: string, readonly value: string | null, readonly section: Section | null, readonly cols: EntryColumns) {}
}

/** The shared parts of one key in one section: one per short value, up to a limit, and one for every other value. */
class KeyParts {
  private readonly byValue = new Map<string, SharedPart>();
  private other: SharedPart | undefined;
  constructor(private readonly file: ParsedUnitFile, private readonly key: string, private readonly section: Section | null) {}
  of(value: string): SharedPart {
    if (value.length > 16 || this.byValue.size >= 256) return this.other ??= this.file.part(this.key, null, this.section);
    let p = this.byValue.get(value);
    if (!p) this.byValue.set(value, p = this.file.part(this.key, value, this.section));
    return p;
  }
}

/**
 * The shared part for an entry. Past a limit of distinct keys in a section (made-up keys) each
 * entry gets its own part rather than a table that only grows.
 */
function sharedPart(file: ParsedUnitFile, section: Section | null, key: string, value: string): SharedPart {
  const byKey = section ? section.parts : file.partsOutside;
  let k = byKey.get(key);
  if (!k) {
    if (byKey.size >= 10000) return file.part(key, value.length > 16 ? null : value, section);
    byKey.set(key, k = new KeyParts(file, key, section));
  }
  return k.of(value);
}

/** Where the value or the assignment leaves the key's line (continued lines, an empty value). */
interface Spread { valueLine: number; valueEndLine: number; endLine: number; end: number; pieces: ValueSegment[]; value: string }

/**
 * The line and columns of every assignment of a file, five numbers per entry in one typed array
 * (index = entry index: line, key start, value start, value end, shared part id; the key ends its
 * length after its start), and the few entries that leave their key's line. Entry objects read their positions from
 * here: a unit file of a million lines would otherwise hold these numbers in every object, and
 * nine position and range objects per line if ranges were built up front.
 */
class EntryColumns {
  private readonly data: Int32Array;
  private readonly base: number;
  private n = 0;
  readonly spread = new Map<number, Spread>();
  /** Uses the 5 numbers per line that `lines` keeps after its own: no file has more assignments than lines. */
  constructor(private readonly lines: LineTable) {
    this.data = lines.data;
    this.base = lines.base;
  }
  /** The value of entry `index` (see UnitEntry.value), from the text: the joined pieces of a continued value. */
  value(index: number): string {
    const x = this.spread.size ? this.spread.get(index) : undefined;
    if (x) return x.value;
    const d = this.data, at = this.base + 5 * index;
    const start = this.lines.start(d[at]);
    return this.lines.text.slice(start + d[at + 2], start + d[at + 3]);
  }
  add(line: number, keyStart: number, valueStart: number, valueEnd: number, part: number): number {
    const d = this.data;
    const at = this.base + 5 * this.n;
    d[at] = line; d[at + 1] = keyStart; d[at + 2] = valueStart; d[at + 3] = valueEnd; d[at + 4] = part;
    return this.n++;
  }
  /** Field 0 line, 1 key start, 2 value start, 3 value end. */
  at(index: number, field: number): number { return this.data[this.base + 5 * index + field]; }
  /** The shared part id of entry `index`. */
  part(index: number): number { return this.data[this.base + 5 * index + 4]; }
}


/**
 * An assignment: its shared part (key, short value, section, the model's meta) and its index; the
 * ranges, value segments and a longer value are read from the file's EntryColumns when asked for.
 */
class Entry implements UnitEntry {
  constructor(private readonly part: SharedPart, readonly index: number) {}

  get key(): string { return this.part.key; }
  get value(): string { const v = this.part.value; return v !== null ? v : this.part.cols.value(this.index); }
  get section(): UnitSection | null { return this.part.section; }
  private get cols(): EntryColumns { return this.part.cols; }

  // the model's view of the entry (model.ts EntryInfo), read from the part's meta
  get entry(): UnitEntry { return this; }
  get sectionName(): string | null { return this.part.meta!.section; }
  get parsed(): boolean { return this.part.meta!.parsed; }
  get known(): boolean { return this.part.meta!.known; }
  get directive(): Directive | undefined { return this.part.meta!.directive; }
  get kind(): ValueKind { return this.part.meta!.kind; }

  get keyRange(): Range {
    const c = this.cols, i = this.index;
    const line = c.at(i, 0), start = c.at(i, 1);
    return range(line, start, line, start + this.part.key.length);
  }
  get valueRange(): Range {
    const c = this.cols, i = this.index;
    const x = c.spread.size ? c.spread.get(i) : undefined;
    return x ? range(x.valueLine, c.at(i, 2), x.valueEndLine, c.at(i, 3)) : range(c.at(i, 0), c.at(i, 2), c.at(i, 0), c.at(i, 3));
  }
  get range(): Range {
    const c = this.cols, i = this.index;
    const x = c.spread.size ? c.spread.get(i) : undefined;
    return x ? range(c.at(i, 0), c.at(i, 1), x.endLine, x.end) : range(c.at(i, 0), c.at(i, 1), c.at(i, 0), c.at(i, 3));
  }
  get segments(): ValueSegment[] {
    const c = this.cols, i = this.index;
    const x = c.spread.size ? c.spread.get(i) : undefined;
    return x ? x.pieces : [{ line: c.at(i, 0), start: c.at(i, 2), text: this.value }];
  }
}

/** What an entry's key and its (read) section decide (model.ts entryMeta): shared by every entry of the same key and section. */
export interface EntryMeta { section: string | null; parsed: boolean; known: boolean; directive?: Directive; kind: ValueKind }

/** What the entries of one shared part have in common (see EntryTable). */
export interface EntryPart {
  readonly key: string;
  readonly section: UnitSection | null;
  /** Set by the model for every part of the file (entries read their EntryInfo fields from it). */
  meta: EntryMeta | undefined;
}

/**
 * A parsed file's assignments as columns: entry k's shared part (key, section, the model's meta),
 * its value, and the entry as an object made when asked for (which is also its model info:
 * model.ts EntryInfo, read from the part's meta).
 */
export interface EntryTable {
  readonly count: number;
  readonly parts: readonly EntryPart[];
  partAt(k: number): EntryPart;
  valueAt(k: number): string;
  entryAt(k: number): UnitEntry & { readonly entry: UnitEntry; readonly sectionName: string | null; readonly parsed: boolean; readonly known: boolean; readonly directive?: Directive; readonly kind: ValueKind };
}

/** The columns of a file made by parseUnitFile, or null for another UnitFile. */
export function entryTable(file: UnitFile): EntryTable | null {
  return file instanceof ParsedUnitFile ? file as unknown as EntryTable : null;
}

/** The innermost section containing a line (by header order), or null before the first header. */
export function sectionAtLine(file: UnitFile, line: number): UnitSection | null {
  let found: UnitSection | null = null;
  for (const s of file.sections) {
    if (s.line <= line) found = s; else break;
  }
  return found;
}

/** Entry whose range covers a line, if any. */
export function entryAtLine(file: UnitFile, line: number): UnitEntry | null {
  for (const e of file.entries) {
    if (e.range.start.line <= line && e.range.end.line >= line) return e;
    if (e.range.start.line > line) break;
  }
  return null;
}
