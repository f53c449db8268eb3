/**
 * Where an OOM log's fields live. While parsing, every field is written as a few numbers into the
 * parse's FieldArena (typed arrays, no objects), except a task-table row's, which the arena keeps
 * as the row with each field's place in the line (taskcells.ts). Each event's FieldStore remembers
 * which arena entries are its own; the analysis's FieldIndex maps each event to its store and
 * answers every question about fields: those on a line (as Field objects or, without objects,
 * through a FieldView), the first with a key, those whose key passes a test, all of them.
 *
 * Lines are kept relative to the event's start line, like every line of an event (model.ts): a
 * field's document line is that plus the event's startLine, so moving an event (incremental.ts)
 * moves its fields without touching them. Answers (Field objects, FieldView) are in document lines.
 *
 * The recognisers call FieldSink.add (with FieldOpts made by `valued`/`named`); the property test
 * (test/unit/oomlog/lazy-fields.test.ts) checks that the index answers what a parse building every
 * Field object at once (the oracle in test/helpers/eagerParse.ts) gives.
 */
import type { Field, OomEvent, Unit } from './model';
import type { Range } from '../common/types';
import { colOf, lineOf, type FieldOpts, type FieldsOut, type FieldTarget, type Line } from './lines';
import type { TaskColumn } from './state';
import { type RowScan, TaskCells } from './taskcells';

const UNITS: (Unit | undefined)[] = [undefined, 'pages', 'kB', 'bytes', 'count', 'none'];

/** Index of a unit in UNITS (0: none). A switch, not a lookup by computed key: it runs for every field added. */
function unitId(u: Unit | undefined): number {
  switch (u) {
    case 'pages': return 1;
    case 'kB': return 2;
    case 'bytes': return 3;
    case 'count': return 4;
    case 'none': return 5;
    default: return 0;
  }
}

/** Int32 slots per field. */
const W = 10;
const S_LINE = 0, S_COL = 1, E_LINE = 2, E_COL = 3, NS_LINE = 4, NS_COL = 5, NE_LINE = 6, NE_COL = 7, RAW_S = 8, RAW_E = 9;
/** NS_LINE of a field without a name (a relative line can be negative: a field above its event's start). */
const NO_NAME = -0x80000000;


const NONE: readonly number[] = [];

/** Field ids by line: those of line `first + k` are ids[starts[k] .. starts[k + 1]). */
interface LineTable { first: number; starts: Int32Array; ids: Int32Array }

/** Fields per block: the arena grows by whole blocks and never copies what it already holds. */
const BLOCK_BITS = 10;
const MASK = (1 << BLOCK_BITS) - 1;

/**
 * Indices from ROWS up are fields of task-table rows kept as rows (FieldArena.addRow, taskcells.ts):
 * index ROWS + k is field k of the arena's TaskCells. A run of indices never crosses ROWS.
 */
const ROWS = 1 << 30;

/**
 * Where field i's W int slots start in its block (its block: FieldArena.ints). The per-field reads
 * that requests make (eachLine, load, raw, field) write both lookups out instead: they run on the
 * first hover or token requests, usually before V8 optimises them, where every call costs.
 */
function slot(i: number): number {
  return (i & MASK) * W;
}

/**
 * The fields of all events of one parse, as numbers (one arena per parse: a few typed arrays per
 * 1,024 fields are much cheaper than one set per event). Grown block by block, so a huge task
 * table's millions of fields are never copied to a bigger array.
 */
export class FieldArena {
  n = 0;
  /** Per block: W ints per field, its value (NaN: none) and its unit's index in UNITS. */
  private intBlocks: Int32Array[] = [];
  private valueBlocks: Float64Array[] = [];
  private unitBlocks: Uint8Array[] = [];
  private keys: string[] = [];
  /**
   * One copy of each key: many are built per line (`zone.${name}`, `node.${name}` …), and a
   * string kept per field would cost its bytes and one more object for the collector to copy.
   */
  private readonly keyCopies = new Map<string, string>();
  /** Raw texts that are not a plain slice of the source (fields of glued lines). */
  private rawTexts: Map<number, string> | undefined;
  /** The parsed text: raw values are sliced from it on demand. */
  src = '';
  /** Task-table rows kept as rows (indices from ROWS up). */
  private readonly cells = new TaskCells();

  /**
   * The fields of a task-table row, kept as the row (taskcells.ts): `scan` is the parser's
   * reading of L.text. Returns the first of its `scan.fieldCount` indices. L must be a plain
   * slice of one source line (L.off set, no segs) of at most MAX_ROW_LINE characters. Its line is
   * kept as L.line - base (base: its event's start line).
   */
  addRow(L: Line, cols: readonly TaskColumn[], scan: RowScan, base = 0): number {
    return ROWS + this.cells.add(L.line - base, L.col, L.off!, cols, scan);
  }

  /** A field of line L from `start` to `end`; its lines are kept as document line - base (base: its event's start line). */
  add(key: string, L: Line, start: number, end: number, opts: FieldOpts, base = 0): number {
    const i = this.n;
    if ((i & MASK) === 0) this.addBlock();
    const a = this.ints(i);
    const p = slot(i);
    if (L.segs) {
      a[p + S_LINE] = lineOf(L, start) - base; a[p + S_COL] = colOf(L, start);
      a[p + E_LINE] = lineOf(L, end) - base; a[p + E_COL] = colOf(L, end);
    } else {
      a[p + S_LINE] = L.line - base; a[p + S_COL] = L.col + start;
      a[p + E_LINE] = L.line - base; a[p + E_COL] = L.col + end;
    }
    const ns = opts.nameStart, ne = opts.nameEnd;
    if (ns !== undefined && ne !== undefined) {
      a[p + NS_LINE] = lineOf(L, ns) - base; a[p + NS_COL] = colOf(L, ns);
      a[p + NE_LINE] = lineOf(L, ne) - base; a[p + NE_COL] = colOf(L, ne);
    } else a[p + NS_LINE] = NO_NAME;
    const len = L.text.length;
    if (L.off !== undefined && start >= 0 && end >= 0 && start <= len && end <= len) {
      a[p + RAW_S] = L.off + start; a[p + RAW_E] = L.off + end;
    } else {
      a[p + RAW_S] = -1;
      (this.rawTexts ??= new Map()).set(i, L.text.slice(start, end));
    }
    const v = opts.value;
    this.valueBlocks[i >> BLOCK_BITS][i & MASK] = v !== undefined && Number.isFinite(v) ? v : NaN;
    this.unitBlocks[i >> BLOCK_BITS][i & MASK] = unitId(opts.unit);
    let k = this.keyCopies.get(key);
    if (k === undefined) { k = key; this.keyCopies.set(k, k); }
    this.keys.push(k);
    this.n = i + 1;
    return i;
  }

  /**
   * A field that exists as a Field object already (userspace killers' lines, userspace/scan.ts):
   * its numbers, with its raw text kept as is.
   */
  addField(f: Field, base = 0): number {
    const i = this.n;
    if ((i & MASK) === 0) this.addBlock();
    const a = this.ints(i);
    const p = slot(i);
    a[p + S_LINE] = f.range.start.line - base; a[p + S_COL] = f.range.start.character;
    a[p + E_LINE] = f.range.end.line - base; a[p + E_COL] = f.range.end.character;
    const n = f.nameRange;
    if (n) {
      a[p + NS_LINE] = n.start.line - base; a[p + NS_COL] = n.start.character;
      a[p + NE_LINE] = n.end.line - base; a[p + NE_COL] = n.end.character;
    } else a[p + NS_LINE] = NO_NAME;
    a[p + RAW_S] = -1;
    (this.rawTexts ??= new Map()).set(i, f.raw);
    const v = f.value;
    this.valueBlocks[i >> BLOCK_BITS][i & MASK] = v !== undefined && Number.isFinite(v) ? v : NaN;
    this.unitBlocks[i >> BLOCK_BITS][i & MASK] = unitId(f.unit);
    let k = this.keyCopies.get(f.key);
    if (k === undefined) { k = f.key; this.keyCopies.set(k, k); }
    this.keys.push(k);
    this.n = i + 1;
    return i;
  }

  private addBlock(): void {
    const size = 1 << BLOCK_BITS;
    this.intBlocks.push(new Int32Array(size * W));
    this.valueBlocks.push(new Float64Array(size));
    this.unitBlocks.push(new Uint8Array(size));
  }

  /** The block holding field i's ints (its slots start at slot(i)). */
  private ints(i: number): Int32Array {
    return this.intBlocks[i >> BLOCK_BITS];
  }

  key(i: number): string { return i >= ROWS ? this.cells.key(i - ROWS) : this.keys[i]; }

  /** False when no field of the run starting at index i can have this key (task-table rows hold only `task.*` keys). */
  mayHold(i: number, key: string): boolean {
    return i < ROWS || key.startsWith('task.');
  }

  /** First and last line (as stored: relative to its event's start) field i touches. */
  firstLine(i: number): number {
    if (i >= ROWS) return this.cells.line(i - ROWS);
    const a = this.ints(i);
    const p = slot(i);
    const n = a[p + NS_LINE];
    return n !== NO_NAME && n < a[p + S_LINE] ? n : a[p + S_LINE];
  }
  lastLine(i: number): number {
    if (i >= ROWS) return this.cells.line(i - ROWS);
    const a = this.ints(i);
    const p = slot(i);
    return Math.max(a[p + E_LINE], a[p + NS_LINE]);
  }

  /** Calls `visit` once per distinct stored line each field of [from, to) touches (value start, value end, name). */
  eachLine(from: number, to: number, visit: (line: number, i: number) => void): void {
    if (from >= ROWS) {
      this.cells.eachLine(from - ROWS, to - ROWS, ROWS, visit);
      return;
    }
    for (let i = from; i < to; i++) {
      const a = this.intBlocks[i >> BLOCK_BITS];
      const p = (i & MASK) * W;
      const s = a[p + S_LINE], e = a[p + E_LINE], n = a[p + NS_LINE];
      visit(s, i);
      if (e !== s) visit(e, i);
      if (n !== NO_NAME && n !== s && n !== e) visit(n, i);
    }
  }

  /** Is any line of field i outside [from, to]? */
  outside(i: number, from: number, to: number): boolean {
    if (i >= ROWS) {
      const line = this.cells.line(i - ROWS);
      return line < from || line > to;
    }
    const a = this.ints(i);
    const p = slot(i);
    const ns = a[p + NS_LINE];
    return a[p + S_LINE] < from || a[p + E_LINE] > to || (ns !== NO_NAME && (ns < from || ns > to));
  }

  /** Field i's numbers into `v`, with every line moved by `delta` (no objects built). */
  load(i: number, delta: number, v: FieldView): FieldView {
    if (i >= ROWS) {
      this.cells.load(i - ROWS, delta, v);
      v.from(this, i);
      return v;
    }
    const a = this.intBlocks[i >> BLOCK_BITS];
    const p = (i & MASK) * W;
    v.key = this.keys[i];
    v.sLine = a[p + S_LINE] + delta; v.sCol = a[p + S_COL];
    v.eLine = a[p + E_LINE] + delta; v.eCol = a[p + E_COL];
    const ns = a[p + NS_LINE];
    v.nsLine = ns !== NO_NAME ? ns + delta : -1; v.nsCol = a[p + NS_COL];
    v.neLine = a[p + NE_LINE] + delta; v.neCol = a[p + NE_COL];
    v.value = this.valueBlocks[i >> BLOCK_BITS][i & MASK];
    v.from(this, i);
    return v;
  }

  /** Field i's raw text. */
  raw(i: number): string {
    if (i >= ROWS) return this.cells.raw(i - ROWS, this.src);
    const a = this.intBlocks[i >> BLOCK_BITS];
    const p = (i & MASK) * W;
    const rs = a[p + RAW_S];
    return rs >= 0 ? this.src.slice(rs, a[p + RAW_E]) : this.rawTexts?.get(i) ?? '';
  }

  /** Field i as a Field object, with every line moved by `delta`. */
  field(i: number, delta: number): Field {
    if (i >= ROWS) return this.cells.field(i - ROWS, this.src, delta);
    const a = this.intBlocks[i >> BLOCK_BITS];
    const p = (i & MASK) * W;
    const f: Field = {
      key: this.keys[i],
      range: {
        start: { line: a[p + S_LINE] + delta, character: a[p + S_COL] },
        end: { line: a[p + E_LINE] + delta, character: a[p + E_COL] },
      },
      raw: this.raw(i),
    };
    if (a[p + NS_LINE] !== NO_NAME) {
      f.nameRange = {
        start: { line: a[p + NS_LINE] + delta, character: a[p + NS_COL] },
        end: { line: a[p + NE_LINE] + delta, character: a[p + NE_COL] },
      };
    }
    const v = this.valueBlocks[i >> BLOCK_BITS][i & MASK];
    if (v === v) f.value = v; // not NaN
    const u = UNITS[this.unitBlocks[i >> BLOCK_BITS][i & MASK]];
    if (u) f.unit = u;
    return f;
  }
}

/**
 * One event's fields: runs of arena indices, in the order they were added. Their lines are kept
 * relative to the event's start line at the time each is added (the parser sets the start before
 * it stores anything relative to it); every answer adds the start line back (`delta`).
 */
export class FieldStore implements FieldTarget {
  readonly keepsRows = true;
  /** [start, end) pairs of arena indices. */
  private runs: number[] = [];
  /** First and last relative line any field touches (tells at once whether any lies outside the event). */
  minLine = Infinity;
  maxLine = -Infinity;
  constructor(readonly arena: FieldArena, private readonly ev: OomEvent) {}

  add(key: string, L: Line, start: number, end: number, opts: FieldOpts): void {
    const i = this.arena.add(key, L, start, end, opts, this.ev.startLine);
    this.take(i, i + 1, this.arena.firstLine(i), this.arena.lastLine(i));
  }

  /** The fields of a task-table row, kept as the row (FieldArena.addRow). */
  addRow(L: Line, cols: readonly TaskColumn[], scan: RowScan): void {
    const rel = L.line - this.ev.startLine;
    const i = this.arena.addRow(L, cols, scan, this.ev.startLine);
    this.take(i, i + scan.fieldCount, rel, rel);
  }

  addField(f: Field): void {
    const i = this.arena.addField(f, this.ev.startLine);
    this.take(i, i + 1, this.arena.firstLine(i), this.arena.lastLine(i));
  }

  /** While parsing: the range, in document lines, of the first field with `key`. */
  first(key: string): Range | undefined {
    return this.find(key, this.ev.startLine)?.range;
  }

  /** Arena indices [from, to), just added, touching relative lines first..last, become this event's. */
  private take(from: number, to: number, first: number, last: number): void {
    if (first < this.minLine) this.minLine = first;
    if (last > this.maxLine) this.maxLine = last;
    const r = this.runs;
    if (r.length && r[r.length - 1] === from) r[r.length - 1] = to;
    else r.push(from, to);
  }

  get size(): number {
    let n = 0;
    for (let k = 0; k < this.runs.length; k += 2) n += this.runs[k + 1] - this.runs[k];
    return n;
  }

  all(delta: number): Field[] {
    const out: Field[] = [];
    const r = this.runs;
    for (let k = 0; k < r.length; k += 2) for (let i = r[k]; i < r[k + 1]; i++) out.push(this.arena.field(i, delta));
    return out;
  }

  /** Arena indices for which `test` holds, in field order. */
  ids(test: (i: number) => boolean): number[] {
    const out: number[] = [];
    const r = this.runs;
    for (let k = 0; k < r.length; k += 2) for (let i = r[k]; i < r[k + 1]; i++) if (test(i)) out.push(i);
    return out;
  }

  /** Fields for which `test(arenaIndex)` holds, moved by `delta` (scans numbers; builds only the matches). */
  where(test: (i: number) => boolean, delta: number): Field[] {
    return this.ids(test).map(i => this.arena.field(i, delta));
  }

  /**
   * Stores with more fields than this (a task table of ~9,000 rows and up) index their lines in
   * two typed arrays instead of a Map of arrays: a few bytes per field rather than ~40.
   */
  static readonly MAP_LIMIT = 100_000;
  /** Arena indices by the relative line they touch, in field order; built on first use. */
  private byLine: Map<number, number[]> | undefined;
  private table: LineTable | undefined;

  /** Arena indices of the fields touching `line` (relative to the event's start), in field order. */
  idsTouching(line: number): ArrayLike<number> {
    if (this.size > FieldStore.MAP_LIMIT) {
      const t = (this.table ??= this.lineTable());
      const k = line - t.first;
      return k < 0 || k >= t.starts.length - 1 ? NONE : t.ids.subarray(t.starts[k], t.starts[k + 1]);
    }
    return (this.byLine ??= this.lineMap()).get(line) ?? NONE;
  }

  /** The line index of a small store. */
  private lineMap(): Map<number, number[]> {
    const map = new Map<number, number[]>();
    const r = this.runs;
    // fields come mostly in line order: the list of the line before is usually the one
    let lastLine = -1;
    let last: number[] = [];
    for (let k = 0; k < r.length; k += 2) {
      this.arena.eachLine(r[k], r[k + 1], (line, i) => {
        if (line !== lastLine) {
          lastLine = line;
          const list = map.get(line);
          if (list) last = list; else map.set(line, (last = []));
        }
        last.push(i);
      });
    }
    return map;
  }

  /** The line index of a big store: counted per line, then filled in field order (a counting sort). */
  private lineTable(): LineTable {
    const first = this.minLine;
    const starts = new Int32Array(this.maxLine - first + 2);
    const r = this.runs;
    const arena = this.arena;
    for (let k = 0; k < r.length; k += 2) arena.eachLine(r[k], r[k + 1], line => { starts[line - first + 1]++; });
    for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
    const ids = new Int32Array(starts[starts.length - 1]);
    const next = starts.slice(0, -1);
    for (let k = 0; k < r.length; k += 2) arena.eachLine(r[k], r[k + 1], (line, i) => { ids[next[line - first]++] = i; });
    return { first, starts, ids };
  }

  /**
   * Loads each field touching `line` (relative to the event's start), moved by `delta`, into `view` and calls
   * `visit(view, extra)`, in field order. Allocates nothing (a subarray per line did, for big
   * stores: a few kilobytes per tokens request).
   */
  visitTouching<X>(line: number, delta: number, view: FieldView, visit: (f: FieldView, extra: X) => void, extra: X): void {
    if (this.size > FieldStore.MAP_LIMIT) {
      const t = (this.table ??= this.lineTable());
      const k = line - t.first;
      if (k < 0 || k >= t.starts.length - 1) return;
      for (let j = t.starts[k]; j < t.starts[k + 1]; j++) visit(this.arena.load(t.ids[j], delta, view), extra);
      return;
    }
    const ids = this.idsTouching(line);
    for (let k = 0; k < ids.length; k++) visit(this.arena.load(ids[k], delta, view), extra);
  }

  /**
   * The fields touching `line` (relative to the event's start), moved by `delta`, in field order. Builds
   * only those Field objects: hover and tokens after an edit do not build a whole event's fields.
   */
  touching(line: number, delta: number): Field[] {
    const ids = this.idsTouching(line);
    const out: Field[] = new Array(ids.length);
    for (let k = 0; k < ids.length; k++) out[k] = this.arena.field(ids[k], delta);
    return out;
  }

  /**
   * Arena indices of the fields lying outside relative lines [from, to] (the event's span; the
   * event and its fields move together, so the answer never changes once found).
   */
  private outsideIds: number[] | undefined;
  outside(from: number, to: number): number[] {
    const arena = this.arena;
    return (this.outsideIds ??= this.minLine >= from && this.maxLine <= to ? [] : this.ids(i => arena.outside(i, from, to)));
  }

  /** The first field with this key, or undefined. */
  find(key: string, delta: number): Field | undefined {
    const r = this.runs;
    for (let k = 0; k < r.length; k += 2) {
      if (!this.arena.mayHold(r[k], key)) continue;
      for (let i = r[k]; i < r[k + 1]; i++) if (this.arena.key(i) === key) return this.arena.field(i, delta);
    }
    return undefined;
  }
}

/**
 * The fields of every event of an analysis, by event. Events the index does not know (made by
 * hand, say) have no fields.
 */
export class FieldIndex implements FieldsOut {
  private readonly stores = new Map<OomEvent, FieldStore>();
  /** Where the stores made here keep their fields (one arena per parse). */
  private readonly arena = new FieldArena();

  /** The store holding `ev`'s fields (a new, empty one the first time). */
  of(ev: OomEvent): FieldStore {
    let st = this.stores.get(ev);
    if (!st) this.stores.set(ev, (st = new FieldStore(this.arena, ev)));
    return st;
  }

  /** `fields` become `ev`'s (events built by hand). */
  add(ev: OomEvent, fields: readonly Field[]): void {
    const st = this.of(ev);
    for (const f of fields) st.addField(f);
  }

  store(ev: OomEvent): FieldStore | undefined {
    return this.stores.get(ev);
  }

  /** After parsing: where raw values are sliced from. */
  seal(src: string): void {
    this.arena.src = src;
  }

  /** Take over the events of `other` (a re-parsed region, incremental.ts). */
  take(other: FieldIndex, events: readonly OomEvent[]): void {
    for (const ev of events) {
      const st = other.stores.get(ev);
      if (st) this.stores.set(ev, st);
    }
  }

  /** Forget `ev` (replaced by a re-parse). */
  drop(ev: OomEvent): void {
    this.stores.delete(ev);
  }

  /** Every field of `ev`, in the order the parser met them. */
  all(ev: OomEvent): Field[] {
    const st = this.stores.get(ev);
    return st ? st.all(ev.startLine) : [];
  }

  count(ev: OomEvent): number {
    return this.stores.get(ev)?.size ?? 0;
  }

  /** The first field of `ev` with `key`. */
  find(ev: OomEvent, key: string): Field | undefined {
    const st = this.stores.get(ev);
    return st?.find(key, ev.startLine);
  }

  /** The fields of `ev` whose key passes `test`, building only those. */
  withKey(ev: OomEvent, test: (key: string) => boolean): Field[] {
    const st = this.stores.get(ev);
    if (!st) return [];
    const arena = st.arena;
    return st.where(i => test(arena.key(i)), ev.startLine);
  }

  /**
   * The fields of `ev` that touch `line` (value start or end, or name), building only those: hover
   * and semantic tokens ask line by line, so an event's fields are never all built for them.
   */
  onLine(ev: OomEvent, line: number): Field[] {
    const st = this.stores.get(ev);
    if (!st) return [];
    const delta = ev.startLine;
    return st.touching(line - delta, delta);
  }

  /**
   * onLine without the Field objects: `visit` sees `view` filled with each field in turn, and
   * `extra` (what the caller would otherwise capture in a closure made per line).
   */
  visitLine<X>(ev: OomEvent, line: number, view: FieldView, visit: (f: FieldView, extra: X) => void, extra: X): void {
    const st = this.stores.get(ev);
    if (!st) return;
    const delta = ev.startLine;
    st.visitTouching(line - delta, delta, view, visit, extra);
  }

  /** The fields of `ev` that lie outside its own line span (a late `oom_reaper:` line). */
  outside(ev: OomEvent): Field[] {
    const st = this.stores.get(ev);
    if (!st) return [];
    const arena = st.arena;
    return st.outside(0, ev.span).map(i => arena.field(i, ev.startLine));
  }

  /** In an analysis's JSON (the `oomLens/report` request): each event's fields, in event order. */
  toJSON(): Field[][] {
    return [...this.stores.keys()].sort((a, b) => a.index - b.index).map(ev => this.all(ev));
  }
}

/**
 * One field's numbers, filled in place for one field after another: semantic tokens look at
 * every field of every line they colour, and a Field object for each (five objects with its
 * range) would be most of what a token request allocates. Lines are document lines, like a Field's.
 */
export class FieldView {
  key = '';
  sLine = 0; sCol = 0; eLine = 0; eCol = 0;
  /** The name's range; nsLine is -1 when the field has none. */
  nsLine = -1; nsCol = 0; neLine = 0; neCol = 0;
  /** NaN when the field has no value. */
  value = NaN;
  private arena: FieldArena | undefined;
  private index = 0;
  private field: Field | undefined;

  /** Where raw() reads from (FieldArena.load sets it). */
  from(arena: FieldArena, index: number): void {
    this.arena = arena; this.index = index; this.field = undefined;
  }

  /** Fill in from a Field object (a field straying onto the line from another event). */
  set(f: Field): FieldView {
    this.key = f.key;
    this.sLine = f.range.start.line; this.sCol = f.range.start.character;
    this.eLine = f.range.end.line; this.eCol = f.range.end.character;
    const n = f.nameRange;
    this.nsLine = n ? n.start.line : -1; this.nsCol = n ? n.start.character : 0;
    this.neLine = n ? n.end.line : 0; this.neCol = n ? n.end.character : 0;
    this.value = f.value ?? NaN;
    this.field = f; this.arena = undefined;
    return this;
  }

  /** The raw text, sliced only when asked for. */
  raw(): string {
    return this.field ? this.field.raw : this.arena!.raw(this.index);
  }
}
