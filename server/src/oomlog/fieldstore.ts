/**
 * Lazy fields: while parsing, every field is written as a few numbers into the parse's FieldArena
 * (typed arrays, no objects; each event's FieldStore remembers which arena entries are its own),
 * except a task-table row's, which the arena keeps as the row with each field's place in the line
 * (taskcells.ts); `ev.fields` turns them into Field objects the first time someone reads
 * it, and keeps the array.
 *
 * `fields` is an accessor that events inherit (not an own key), so code that walks an event's
 * own keys (incremental.ts shifting line numbers, deepEqual) does not force every field into existence.
 * It stays visible where it matters:
 *  - reading `ev.fields` works as before;
 *  - JSON.stringify(event) goes through a `toJSON` that puts `fields` back in its usual place
 *    (the `oomLens/report` request sends the whole analysis as JSON, fields included);
 *  - line shifts are followed: the store remembers the event's start line at parse time, and the
 *    fields are rebuilt when `ev.startLine` has moved since (incremental re-analysis moves events).
 *
 * The recognisers call FieldSink.add (with FieldOpts made by `valued`/`named`); makeField (lines.ts) is the eager twin,
 * and the property test (test/unit/oomlog/lazy-fields.test.ts) checks both give the same fields.
 */
import type { Field, OomEvent, Unit } from './model';
import type { FieldOpts, Line } from './lines';
import type { TaskColumn } from './state';
import { type RowScan, TaskCells } from './taskcells';

const UNITS: (Unit | undefined)[] = [undefined, 'pages', 'kB', 'bytes', 'count', 'none'];

/** Index of a unit in UNITS (0: none). A switch: a lookup by computed key was a visible part of adding a field. */
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

function lineOf(L: Line, o: number): number {
  if (!L.segs) return L.line;
  let line = L.segs[0].line;
  for (const seg of L.segs) { if (seg.off <= o) line = seg.line; else break; }
  return line;
}
function colOf(L: Line, o: number): number {
  if (!L.segs) return L.col + o;
  let s = L.segs[0];
  for (const seg of L.segs) { if (seg.off <= o) s = seg; else break; }
  return s.col + (o - s.off);
}

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
 * 1,024 fields are much cheaper than one set per event). Grown block by block: doubling one big
 * array meant copying it again and again (a 250,000-row task table holds 2.75 M fields, 110 MB).
 */
export class FieldArena {
  n = 0;
  /** Per block: W ints per field, its value (NaN: none) and its unit's index in UNITS. */
  private intBlocks: Int32Array[] = [];
  private valueBlocks: Float64Array[] = [];
  private unitBlocks: Uint8Array[] = [];
  private keys: string[] = [];
  /**
   * One copy of each key: many are built per line (`zone.${name}`, `node.${name}` …), and each
   * such string kept per field was ~60 bytes and one more object for the collector to copy.
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
   * slice of one source line (L.off set, no segs) of at most MAX_ROW_LINE characters.
   */
  addRow(L: Line, cols: readonly TaskColumn[], scan: RowScan): number {
    return ROWS + this.cells.add(L.line, L.col, L.off!, cols, scan);
  }

  add(key: string, L: Line, start: number, end: number, opts: FieldOpts): number {
    const i = this.n;
    if ((i & MASK) === 0) this.addBlock();
    const a = this.ints(i);
    const p = slot(i);
    if (L.segs) {
      a[p + S_LINE] = lineOf(L, start); a[p + S_COL] = colOf(L, start);
      a[p + E_LINE] = lineOf(L, end); a[p + E_COL] = colOf(L, end);
    } else {
      a[p + S_LINE] = L.line; a[p + S_COL] = L.col + start;
      a[p + E_LINE] = L.line; a[p + E_COL] = L.col + end;
    }
    const ns = opts.nameStart, ne = opts.nameEnd;
    if (ns !== undefined && ne !== undefined) {
      a[p + NS_LINE] = lineOf(L, ns); a[p + NS_COL] = colOf(L, ns);
      a[p + NE_LINE] = lineOf(L, ne); a[p + NE_COL] = colOf(L, ne);
    } else a[p + NS_LINE] = -1;
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

  /** First and last parse-time line field i touches. */
  firstLine(i: number): number {
    if (i >= ROWS) return this.cells.line(i - ROWS);
    const a = this.ints(i);
    const p = slot(i);
    const n = a[p + NS_LINE];
    return n >= 0 && n < a[p + S_LINE] ? n : a[p + S_LINE];
  }
  lastLine(i: number): number {
    if (i >= ROWS) return this.cells.line(i - ROWS);
    const a = this.ints(i);
    const p = slot(i);
    return Math.max(a[p + E_LINE], a[p + NS_LINE]);
  }

  /** Calls `visit` once per distinct parse-time line each field of [from, to) touches (value start, value end, name). */
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
      if (n >= 0 && n !== s && n !== e) visit(n, i);
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
    return a[p + S_LINE] < from || a[p + E_LINE] > to || (ns >= 0 && (ns < from || ns > to));
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
    v.nsLine = ns >= 0 ? ns + delta : -1; v.nsCol = a[p + NS_COL];
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
    if (a[p + NS_LINE] >= 0) {
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

/** One event's fields: runs of arena indices, in the order they were added. */
export class FieldStore {
  /** [start, end) pairs of arena indices. */
  private runs: number[] = [];
  /** The event's start line when it was parsed (fields are moved by how far it moved since). */
  base = 0;
  /** First and last parse-time line any field touches (tells at once whether any lies outside the event). */
  minLine = Infinity;
  maxLine = -Infinity;
  constructor(readonly arena: FieldArena) {}

  add(key: string, L: Line, start: number, end: number, opts: FieldOpts): void {
    const i = this.arena.add(key, L, start, end, opts);
    this.take(i, i + 1, this.arena.firstLine(i), this.arena.lastLine(i));
  }

  /** The fields of a task-table row, kept as the row (FieldArena.addRow). */
  addRow(L: Line, cols: readonly TaskColumn[], scan: RowScan): void {
    const i = this.arena.addRow(L, cols, scan);
    this.take(i, i + scan.fieldCount, L.line, L.line);
  }

  /** Arena indices [from, to), just added, touching parse-time lines first..last, become this event's. */
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
  /** Arena indices by the parse-time line they touch, in field order; built on first use. */
  private byLine: Map<number, number[]> | undefined;
  private table: LineTable | undefined;

  /** Arena indices of the fields touching `line` (a parse-time line), in field order. */
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
   * Loads each field touching `line` (a parse-time line), moved by `delta`, into `view` and calls
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
   * The fields touching `line` (a parse-time line), moved by `delta`, in field order. Builds
   * only those Field objects: hover and tokens after an edit do not build a whole event's fields.
   */
  touching(line: number, delta: number): Field[] {
    const ids = this.idsTouching(line);
    const out: Field[] = new Array(ids.length);
    for (let k = 0; k < ids.length; k++) out[k] = this.arena.field(ids[k], delta);
    return out;
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

interface Lazy {
  store: FieldStore; cache?: Field[]; cacheDelta: number; fixed?: Field[];
  /** Arena indices of the fields outside the event's span (the event and its fields move together, so this never changes). */
  outside?: number[];
}

const lazy = new WeakMap<OomEvent, Lazy>();

/** The store behind a lazy event (undefined for events built with plain `fields` arrays). */
export function storeOf(ev: OomEvent): FieldStore | undefined {
  return lazy.get(ev)?.store;
}

function getFields(this: OomEvent): Field[] {
  const z = lazy.get(this);
  if (!z) return [];
  if (z.fixed) return z.fixed;
  const delta = this.startLine - z.store.base;
  if (!z.cache || z.cacheDelta !== delta) { z.cache = z.store.all(delta); z.cacheDelta = delta; }
  return z.cache;
}

function setFields(this: OomEvent, v: Field[]): void {
  const z = lazy.get(this);
  if (z) z.fixed = v;
}

/** JSON of a lazy event: its own keys with `fields` where an eager event has it (after `victims`). */
function eventToJSON(this: OomEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const k of Object.keys(this)) {
    out[k] = (this as unknown as Record<string, unknown>)[k];
    if (k === 'victims') { out.fields = this.fields; placed = true; }
  }
  if (!placed) out.fields = this.fields;
  return out;
}

const FIELDS_DESCRIPTOR: PropertyDescriptor = { get: getFields, set: setFields, enumerable: false, configurable: true };
const TOJSON_DESCRIPTOR: PropertyDescriptor = { value: eventToJSON, enumerable: false, configurable: true, writable: true };

/**
 * What lazy events inherit: `fields` and `toJSON`, defined once here rather than on each event
 * (two Object.defineProperty calls cost ~16,000 instructions per event). Neither is an own key,
 * so walking an event's keys or spreading it never builds its fields.
 */
const LAZY_EVENT: object = Object.create(Object.prototype, { fields: FIELDS_DESCRIPTOR, toJSON: TOJSON_DESCRIPTOR });

/** A new, empty event inheriting the lazy `fields`, with its field store in `arena`, its parse's (the caller fills in its keys). */
export function newLazyEvent(arena: FieldArena): OomEvent {
  const ev = Object.create(LAZY_EVENT) as OomEvent;
  lazy.set(ev, { store: new FieldStore(arena), cacheDelta: 0 });
  return ev;
}

/** After parsing: the text raw values come from, and the event's start line the fields are relative to. */
export function sealFields(ev: OomEvent, src: string): void {
  const z = lazy.get(ev);
  if (!z) return;
  z.store.arena.src = src;
  z.store.base = ev.startLine;
  z.cache = undefined;
}

/** Range of the first field with `key`, without building the others. */
export function firstFieldRange(ev: OomEvent, key: string): Field['range'] | undefined {
  const z = lazy.get(ev);
  if (!z || z.fixed) return ev.fields.find(f => f.key === key)?.range;
  return z.store.find(key, ev.startLine - z.store.base)?.range;
}

/** Number of fields of an event, without building them. */
export function fieldCount(ev: OomEvent): number {
  const z = lazy.get(ev);
  if (!z || z.fixed || z.cache) return ev.fields.length;
  return z.store.size;
}

/**
 * The fields of one event that touch `line`, building only those: hover and semantic tokens
 * ask line by line, so an event's fields are never all built for them.
 */
export function fieldsTouchingLine(ev: OomEvent, line: number): Field[] {
  const z = lazy.get(ev);
  if (!z || z.fixed) return ev.fields.filter(f => f.range.start.line === line || f.range.end.line === line || f.nameRange?.start.line === line);
  const delta = ev.startLine - z.store.base;
  return z.store.touching(line - delta, delta);
}

/** The fields of one event that lie outside its own line span (a late `oom_reaper:` line, say). */
export function fieldsOutsideSpan(ev: OomEvent): Field[] {
  const z = lazy.get(ev);
  if (!z || z.fixed) {
    return ev.fields.filter(f => f.range.start.line < ev.startLine || f.range.end.line > ev.endLine
      || (f.nameRange !== undefined && (f.nameRange.start.line < ev.startLine || f.nameRange.start.line > ev.endLine)));
  }
  const delta = ev.startLine - z.store.base;
  const arena = z.store.arena;
  const from = ev.startLine - delta, to = ev.endLine - delta;
  if (!z.outside) {
    const st = z.store;
    z.outside = st.minLine >= from && st.maxLine <= to ? [] : st.ids(i => arena.outside(i, from, to));
  }
  return z.outside.map(i => arena.field(i, delta));
}

/** The fields of an event whose key passes `test`, building only those. */
export function fieldsWithKey(ev: OomEvent, test: (key: string) => boolean): Field[] {
  const z = lazy.get(ev);
  if (!z || z.fixed) return ev.fields.filter(f => test(f.key));
  const arena = z.store.arena;
  return z.store.where(i => test(arena.key(i)), ev.startLine - z.store.base);
}

/**
 * One field's numbers, filled in place for one field after another: semantic tokens look at
 * every field of every line they colour, and a Field object for each (five objects with its
 * range) was most of what a token request allocated. Lines are document lines, like a Field's.
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

  /** Fill in from a Field object (events with plain field arrays, fields straying from another event). */
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

/**
 * fieldsTouchingLine without the Field objects: `visit` sees `view` filled with each field in
 * turn, and `extra` (what the caller would otherwise capture in a closure made per line).
 */
export function visitFieldsTouchingLine<X>(ev: OomEvent, line: number, view: FieldView, visit: (f: FieldView, extra: X) => void, extra: X): void {
  const z = lazy.get(ev);
  if (!z || z.fixed) {
    for (const f of fieldsTouchingLine(ev, line)) visit(view.set(f), extra);
    return;
  }
  const delta = ev.startLine - z.store.base;
  z.store.visitTouching(line - delta, delta, view, visit, extra);
}
