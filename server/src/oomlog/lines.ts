/**
 * Shared plumbing for the line recognisers: logical lines that remember where each character
 * came from in the original text, the sink recognisers write fields to, and a linear `name:value` scanner.
 */
import type { Position, Range } from '../common/types';
import type { Field, OomEvent, Unit } from './model';
import type { TaskColumn } from './state';
import { MAX_ROW_LINE, type RowFieldOut, type RowScan, cellNumber, rowField } from './taskcells';

/** A run of `text` starting at text offset `off` that sits at (line, col) in the source. */
export interface Seg { off: number; line: number; col: number }

/**
 * One kernel message line after wrapper stripping. Usually one piece of one physical line;
 * a `#012`-split record is several Lines on the same physical line; a terminal-wrapped line
 * glued back together has several segs.
 */
export interface Line {
  text: string;
  /** Physical line of text[0]. */
  line: number;
  /** Column of text[0] in that physical line. */
  col: number;
  segs?: Seg[];
  /** Offset of text[0] in the parsed source, when `text` is a plain slice of it (not glued from several lines). */
  off?: number;
}

export function posAt(L: Line, o: number): Position {
  if (!L.segs) return { line: L.line, character: L.col + o };
  let s = L.segs[0];
  for (const seg of L.segs) { if (seg.off <= o) s = seg; else break; }
  return { line: s.line, character: s.col + (o - s.off) };
}

/**
 * What a field has besides its place: its unit and value, and where its name is printed. Made only
 * by `valued` and `named` (or NO_OPTS), so every one has the same hidden class: FieldArena.add
 * reads all four for every field, and object literals of many shapes would make those reads
 * megamorphic, missing V8's inline caches.
 */
export interface FieldOpts {
  readonly unit: Unit | undefined;
  readonly value: number | undefined;
  readonly nameStart: number | undefined;
  readonly nameEnd: number | undefined;
}

/** A field with a unit (and a value). */
export function valued(unit: Unit | undefined, value?: number): FieldOpts {
  return { unit, value, nameStart: undefined, nameEnd: undefined };
}

/** A field printed after its name (`free:7960kB`: the name is text[nameStart, nameEnd)), with a unit and value when it has them. */
export function named(nameStart: number, nameEnd: number, unit?: Unit, value?: number): FieldOpts {
  return { unit, value, nameStart, nameEnd };
}

/** A field with nothing but its place and key. */
export const NO_OPTS: FieldOpts = valued(undefined);

/**
 * Where a parse writes one event's fields: its FieldStore (fieldstore.ts), or in the tests'
 * eager oracle (test/helpers/eagerParse.ts) a list of Field objects built at once.
 */
export interface FieldTarget {
  /** Whether a task-table row can be kept as the row (addRow); otherwise its fields come one by one. */
  readonly keepsRows: boolean;
  add(key: string, L: Line, start: number, end: number, opts: FieldOpts): void;
  addRow(L: Line, cols: readonly TaskColumn[], scan: RowScan): void;
  /** A field that exists as a Field object already (userspace events). */
  addField(f: Field): void;
  /** The range of the first field with `key` so far (finalize.ts points problems at it). */
  first(key: string): Range | undefined;
}

/** Where a parse writes its events' fields: the analysis's FieldIndex, or the tests' eager oracle. */
export interface FieldsOut {
  /** The target of `ev`'s fields (an empty one the first time). */
  of(ev: OomEvent): FieldTarget;
  /** `ev` is not part of the analysis after all (a quoted-printable text is read again, decoded). */
  drop(ev: OomEvent): void;
}

/** Collects the fields of one event into its FieldTarget. */
export class FieldSink {
  constructor(readonly target: FieldTarget) {}
  add(key: string, L: Line, start: number, end: number, opts: FieldOpts = NO_OPTS): void {
    this.target.add(key, L, start, end, opts);
  }

  /**
   * The fields of a task-table row (`scan`: its reading of L.text). Kept as the row when the
   * target can and the row is a plain slice of one source line; otherwise (a row glued from
   * wrapped lines, a line too long for 16-bit offsets) added one by one.
   */
  addRow(L: Line, cols: readonly TaskColumn[], scan: RowScan): void {
    if (this.target.keepsRows && !L.segs && L.off !== undefined && L.text.length <= MAX_ROW_LINE) { this.target.addRow(L, cols, scan); return; }
    for (let k = 0; k < scan.fieldCount; k++) {
      const f = rowField(scan, k, ROW_FIELD);
      this.add(f.key, L, f.start, f.end, f.unit ? valued(f.unit, f.value) : NO_OPTS);
    }
  }
}

/** Takes fields and keeps none (a line read only to see whether it is well-formed). */
const DISCARD: FieldTarget = {
  keepsRows: false,
  add() { /* kept nowhere */ },
  addRow() { /* kept nowhere */ },
  addField() { /* kept nowhere */ },
  first: () => undefined,
};
export const NO_FIELDS: FieldsOut = { of: () => DISCARD, drop() { /* nothing kept */ } };

const ROW_FIELD: RowFieldOut = { key: '', start: 0, end: 0, unit: undefined, value: undefined };

export interface Pair {
  name: string; nameStart: number; nameEnd: number;
  /** The value as printed, for a value that is not a number (`all_unreclaimable? yes`). */
  raw?: string;
  valStart: number; valEnd: number;
  value?: number;
  /** Unit suffix as printed (`kB`, `KB`), '' when none. */
  suffix: string;
  suffixEnd: number;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 /* _ */ ||
    c === 40 || c === 41 /* () */ || c === 45 /* - */ || c === 43 /* + */;
}
function isDigit(c: number): boolean { return c >= 48 && c <= 57; }

/**
 * Scan `name:value[unit]` tokens separated by spaces, e.g. `free:7960kB min:64kB`,
 * `isolated(anon):0kB`, `shmem_thp: 0kB` (space after the colon), `all_unreclaimable? no`.
 * Stops at the first token that does not fit. Linear in the scanned length.
 */
export function scanPairs(text: string, from = 0, to = text.length, commas = false): { pairs: Pair[]; end: number } {
  const pairs: Pair[] = [];
  let i = from;
  const isSep = (c: number) => c === 32 || (commas && c === 44);
  for (;;) {
    while (i < to && isSep(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const ns = i;
    while (i < to && isNameChar(text.charCodeAt(i))) i++;
    const ne = i;
    if (ne === ns) break;
    const sep = text.charCodeAt(i);
    if (sep === 63 /* ? */ && text.charCodeAt(i + 1) === 32) {
      // all_unreclaimable? yes
      const vs = i + 2;
      let j = vs;
      while (j < to && text.charCodeAt(j) !== 32) j++;
      pairs.push({ name: text.slice(ns, ne + 1), nameStart: ns, nameEnd: ne + 1, raw: text.slice(vs, j), valStart: vs, valEnd: j, suffix: '', suffixEnd: j });
      i = j;
      continue;
    }
    if (sep !== 58 /* : */) { i = ns; break; }
    let vs = i + 1;
    if (text.charCodeAt(vs) === 32 && isDigit(text.charCodeAt(vs + 1))) vs++;
    let j = vs;
    if (text.charCodeAt(j) === 45 /* - */) j++;
    const ds = j;
    while (j < to && isDigit(text.charCodeAt(j))) j++;
    if (j === ds) { i = ns; break; }
    const ve = j;
    while (j < to && ((text.charCodeAt(j) >= 65 && text.charCodeAt(j) <= 90) || (text.charCodeAt(j) >= 97 && text.charCodeAt(j) <= 122))) j++;
    const suffix = text.slice(ve, j);
    if (j < to && !isSep(text.charCodeAt(j)) && !(text.charCodeAt(j) === 46 && j === to - 1)) { i = ns; break; }
    pairs.push({ name: text.slice(ns, ne), nameStart: ns, nameEnd: ne, valStart: vs, valEnd: ve, value: decimal(text, vs, ve), suffix, suffixEnd: j });
    i = j;
  }
  return { pairs, end: i };
}

export function unitOf(suffix: string, fallback: Unit): Unit {
  if (suffix === 'kB' || suffix === 'KB') return 'kB';
  if (suffix === 'B') return 'bytes';
  return fallback;
}

/** Index of the first non-space character at or after `i`. */
export function skipSpaces(s: string, i = 0): number {
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}

/** Parse a decimal integer at `i` (optional minus). */
export function intAt(s: string, i: number): { value: number; end: number } | undefined {
  let j = i;
  if (s.charCodeAt(j) === 45) j++;
  const ds = j;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  if (j === ds) return undefined;
  return { value: decimal(s, i, j), end: j };
}

/**
 * Number(s.slice(i, j)) for an optional `-` and one or more digits: read in place by cellNumber
 * (the task-table reader) up to 20 digits, longer runs through Number.
 */
function decimal(s: string, i: number, j: number): number {
  const v = cellNumber(s, i, j);
  return v === v ? v : Number(s.slice(i, j));
}

/** The document line of offset `o` of L.text (a joined line spans several: its segs say where each part came from). */
export function lineOf(L: Line, o: number): number {
  if (!L.segs) return L.line;
  let line = L.segs[0].line;
  for (const seg of L.segs) { if (seg.off <= o) line = seg.line; else break; }
  return line;
}

/** The document column of offset `o` of L.text. */
export function colOf(L: Line, o: number): number {
  if (!L.segs) return L.col + o;
  let s = L.segs[0];
  for (const seg of L.segs) { if (seg.off <= o) s = seg; else break; }
  return s.col + (o - s.off);
}
