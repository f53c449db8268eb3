/**
 * Task-table rows: how one row splits into cells (scanTaskRow), the fields a row gives in their
 * order (rowField), and TaskCells, where the field arena keeps a row's fields as the row itself.
 *
 * A task table is most of a big report: a 250,000-row table is 2.75 M fields. Stored like other
 * fields they cost ~57 bytes each and a quarter of the parse; kept per row they cost 20 bytes a
 * row and 12 a field (where it starts and ends in the line, its value): keys, units and the
 * order of a row's fields come from its table.
 */
import type { TaskColumn } from './state';
import type { Field, Unit } from './model';
import type { FieldView } from './fieldstore';

const STATE_LETTERS = 'RSDTtZXIKWPN';

function isSpace(c: number): boolean { return c === 32 || c === 9; }

/** What String.prototype.trimEnd removes: JavaScript's white space and line terminators. */
function isTrailingSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Value of t[i, j) when it is an optional `-` and 1–20 digits (what `/^-?\d{1,20}$/` accepts),
 * else NaN. Same number as Number(text) (long runs go through Number to round the same way).
 */
export function cellNumber(t: string, i: number, j: number): number {
  let k = i;
  const neg = t.charCodeAt(k) === 45;
  if (neg) k++;
  const digits = j - k;
  if (digits < 1 || digits > 20) return NaN;
  let v = 0;
  for (let m = k; m < j; m++) {
    const c = t.charCodeAt(m) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  if (digits > 15) return Number(t.slice(i, j));
  return neg ? -v : v;
}

/** One row's cells, as offsets into the scanned string (reused from row to row: no object per cell). */
export class RowScan {
  /** Numeric cells (pid first), in column order. */
  n = 0;
  readonly cellS: number[] = [];
  readonly cellE: number[] = [];
  readonly cellV: number[] = [];
  readonly cellC: TaskColumn[] = [];
  /** The task state letter, -1 when the row has none. */
  stateS = -1;
  stateE = -1;
  /** The name (rest of the line); nameS === nameE when empty. */
  nameS = 0;
  nameE = 0;

  /** Fields the row gives: its cells, its state, its name (rowField). */
  get fieldCount(): number {
    return this.n + (this.stateS >= 0 ? 1 : 0) + (this.nameS < this.nameE ? 1 : 0);
  }
}

/**
 * Splits the line `t` from the row's start `from` (`[ 1303]     0  1303      868       37   0
 * 0             0 syslog-ng`) into `out` by the table's columns. False when the text is not a
 * row of this table. Widths overflow for big PIDs/UIDs, so the row is split on white space and
 * the name is the rest of the line (names may contain spaces).
 */
export function scanTaskRow(t: string, from: number, cols: readonly TaskColumn[], out: RowScan): boolean {
  if (t.charCodeAt(from) !== 91) return false;
  const close = t.indexOf(']', from);
  if (close < 0 || close - from > 12) return false;
  // `[  pid]`: the trimmed text between the brackets is 1–10 digits
  let ps = from + 1;
  while (ps < close && t.charCodeAt(ps) === 32) ps++;
  let pe = ps;
  while (pe < close && t.charCodeAt(pe) >= 48 && t.charCodeAt(pe) <= 57) pe++;
  let q = pe;
  while (q < close && t.charCodeAt(q) === 32) q++;
  let pidStart: number, pidEnd: number;
  if (q === close && pe > ps && pe - ps <= 10) { pidStart = ps; pidEnd = pe; }
  else {
    // other white space around the pid (tabs, NBSP …): the general form
    const pidText = t.slice(from + 1, close).trim();
    if (!/^\d{1,10}$/.test(pidText)) return false;
    pidStart = t.indexOf(pidText, from);
    pidEnd = pidStart + pidText.length;
  }
  const { cellS, cellE, cellV, cellC } = out;
  cellC[0] = cols[0]; cellS[0] = pidStart; cellE[0] = pidEnd; cellV[0] = cellNumber(t, pidStart, pidEnd);
  let n = 1;
  let i = close + 1;
  let stateS = -1, stateE = -1;
  const len = t.length;
  for (let c = 1; c < cols.length; c++) {
    const col = cols[c];
    if (col.name === 'name') break;
    while (i < len && isSpace(t.charCodeAt(i))) i++;
    // the cell runs to the next white space; read it as a number on the way (cellNumber's rules)
    let j = i;
    if (t.charCodeAt(j) === 45 /* - */) j++;
    const ds = j;
    let num = 0, digitsOnly = true;
    for (; j < len; j++) {
      const ch = t.charCodeAt(j);
      if (ch === 32 || ch === 9) break;
      const d = ch - 48;
      if (d >= 0 && d <= 9) num = num * 10 + d; else digitsOnly = false;
    }
    if (col.name === 'state') { stateS = i; stateE = j; i = j; continue; }
    const digits = j - ds;
    const v = !digitsOnly || digits < 1 || digits > 20 ? NaN : digits > 15 ? Number(t.slice(i, j)) : ds > i ? -num : num;
    if (v !== v) {
      // vendor kernels print a one-letter task state in the middle of the numbers
      if (stateS < 0 && j - i === 1 && STATE_LETTERS.includes(t[i])) { stateS = i; stateE = j; i = j; c--; continue; }
      return false;
    }
    cellC[n] = col; cellS[n] = i; cellE[n] = j; cellV[n] = v; n++;
    i = j;
  }
  // name = rest of the line after one separator
  if (isSpace(t.charCodeAt(i))) i++;
  let nameEnd = t.length;
  while (nameEnd > i && isTrailingSpace(t.charCodeAt(nameEnd - 1))) nameEnd--;
  out.n = n;
  out.stateS = stateS; out.stateE = stateE;
  out.nameS = i; out.nameE = Math.max(i, nameEnd);
  return true;
}

/** One field of a row, as offsets into the scanned string. */
export interface RowFieldOut { key: string; start: number; end: number; unit: Unit | undefined; value: number | undefined }

/** Field k of a scanned row (0 ≤ k < scan.fieldCount): its cells in column order, then `task.state`, then `task.name`. */
export function rowField(scan: RowScan, k: number, out: RowFieldOut): RowFieldOut {
  if (k < scan.n) {
    const col = scan.cellC[k];
    out.key = col.key; out.start = scan.cellS[k]; out.end = scan.cellE[k]; out.unit = col.unit; out.value = scan.cellV[k];
  } else if (k === scan.n && scan.stateS >= 0) {
    out.key = 'task.state'; out.start = scan.stateS; out.end = scan.stateE; out.unit = undefined; out.value = undefined;
  } else {
    out.key = 'task.name'; out.start = scan.nameS; out.end = scan.nameE; out.unit = undefined; out.value = undefined;
  }
  return out;
}

/** Int32 slots per row in TaskCells. */
const R = 5;
const FIRST = 0, LINE = 1, COL = 2, OFF = 3, TABLE = 4;

/** Longest line whose rows TaskCells keeps (field offsets are stored in 16 bits). */
export const MAX_ROW_LINE = 0xffff;

/** A typed array at least `need` long, keeping `a`'s contents (doubling). */
function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let size = Math.max(a.length * 2, R * 256);
  while (size < need) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * Fields per block of spans and values. Blocks, not one array grown by doubling: doubling the
 * arrays of a huge table leaves up to half of them unused and briefly holds the old and the new
 * copy at once. A block of 2,048 fields keeps a small table small.
 */
const FIELD_BITS = 11;
const FIELD_MASK = (1 << FIELD_BITS) - 1;

/**
 * The rows a parse keeps as rows (FieldArena.addRow): row r holds the field indices
 * [first(r), first(r + 1)) of this store's own index space, its line and column, where its line
 * is in the parsed source, its table and whether it has a state letter; each field only its
 * start and end in the line (16 bits each) and its value. Keys, units and the order of a row's
 * fields come from its table (rowField's order).
 * Lines are kept as the arena keeps them: relative to the row's event's start line.
 */
export class TaskCells {
  /** Fields held (the next row's first index). */
  private n = 0;
  private rows = 0;
  /** Allocated by the first row: most parses (a region without a task table) have none. */
  private data = new Int32Array(0);
  /** Per field k, in block k >> FIELD_BITS: start and end in its line's text, and its value (NaN: none). */
  private readonly spanBlocks: Uint16Array[] = [];
  private readonly valueBlocks: Float64Array[] = [];
  /** Each table's columns' keys and units for its numeric cells (the same for every row: pid, then each column but state up to name). */
  private tables: { cols: readonly TaskColumn[]; cellKeys: string[]; cellUnits: Unit[] }[] = [];
  /** Last row looked up (-1: none yet), and its field indices [lastFirst, lastEnd). */
  private lastRow = -1;
  private lastFirst = 0;
  private lastEnd = 0;

  /**
   * A row of `scan.fieldCount` fields (`scan`: the parser's reading of the line's text) on source
   * line `line` at column `col`, the line's text at offset `off` of the source. Returns its first index.
   */
  add(line: number, col: number, off: number, cols: readonly TaskColumn[], scan: RowScan): number {
    const first = this.n;
    const count = scan.fieldCount;
    if ((this.rows + 1) * R > this.data.length) this.data = grown(this.data, (this.rows + 1) * R);
    while ((first + count) > this.valueBlocks.length << FIELD_BITS) {
      this.spanBlocks.push(new Uint16Array(2 << FIELD_BITS));
      this.valueBlocks.push(new Float64Array(1 << FIELD_BITS));
    }
    let table = this.tables.length - 1;
    if (table < 0 || this.tables[table].cols !== cols) {
      const cells = scan.cellC.slice(0, scan.n);
      this.tables.push({ cols, cellKeys: cells.map(c => c.key), cellUnits: cells.map(c => c.unit) });
      table++;
    }
    const d = this.data, p = this.rows * R;
    d[p + FIRST] = first; d[p + LINE] = line; d[p + COL] = col; d[p + OFF] = off;
    d[p + TABLE] = (table << 1) | (scan.stateS >= 0 ? 1 : 0);
    // rowField's order, written straight from the scan: its cells, its state, its name
    let k = first;
    for (let c = 0; c < scan.n; c++) this.put(k++, scan.cellS[c], scan.cellE[c], scan.cellV[c]);
    if (scan.stateS >= 0) this.put(k++, scan.stateS, scan.stateE, NaN);
    if (scan.nameS < scan.nameE) this.put(k++, scan.nameS, scan.nameE, NaN);
    this.rows++;
    this.n = first + count;
    return first;
  }

  /** Field k's start and end in its line's text, and its value (NaN: none). */
  private put(k: number, start: number, end: number, value: number): void {
    const sp = this.spanBlocks[k >> FIELD_BITS], j = k & FIELD_MASK;
    sp[2 * j] = start; sp[2 * j + 1] = end;
    this.valueBlocks[k >> FIELD_BITS][j] = value;
  }

  /** Start of field k in its line's text. */
  private startOf(k: number): number { return this.spanBlocks[k >> FIELD_BITS][2 * (k & FIELD_MASK)]; }
  /** End of field k in its line's text. */
  private endOf(k: number): number { return this.spanBlocks[k >> FIELD_BITS][2 * (k & FIELD_MASK) + 1]; }
  private valueOf(k: number): number { return this.valueBlocks[k >> FIELD_BITS][k & FIELD_MASK]; }

  private firstOf(r: number): number {
    return r < this.rows ? this.data[r * R + FIRST] : this.n;
  }

  /** The row holding field index k. */
  private rowOf(k: number): number {
    if (k >= this.lastFirst && k < this.lastEnd) return this.lastRow;
    let lo = 0, hi = this.rows - 1;
    // callers mostly walk rows in order: try the next row before searching
    const next = this.lastRow + 1;
    if (next < this.rows && k >= this.lastEnd && k < this.firstOf(next + 1)) lo = hi = next;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firstOf(mid) <= k) lo = mid; else hi = mid - 1;
    }
    this.lastRow = lo; this.lastFirst = this.firstOf(lo); this.lastEnd = this.firstOf(lo + 1);
    return lo;
  }

  /** Calls `visit(line, base + k)` for each field index k in [from, to), row by row. */
  eachLine(from: number, to: number, base: number, visit: (line: number, i: number) => void): void {
    if (from >= to) return;
    let r = this.rowOf(from);
    let end = this.firstOf(r + 1);
    let line = this.data[r * R + LINE];
    for (let k = from; k < to; k++) {
      if (k >= end) { r++; end = this.firstOf(r + 1); line = this.data[r * R + LINE]; }
      visit(line, base + k);
    }
  }

  /** The line of field k, as kept (relative to its event's start). */
  line(k: number): number {
    return this.data[this.rowOf(k) * R + LINE];
  }

  /** The key of field k (the order of rowField: cells, state, name). */
  key(k: number): string {
    return this.keyIn(this.rowOf(k) * R, k);
  }

  /** The key of field k of the row whose slots start at p. */
  private keyIn(p: number, k: number): string {
    const t = this.data[p + TABLE];
    const keys = this.tables[t >> 1].cellKeys;
    const j = k - this.data[p + FIRST];
    if (j < keys.length) return keys[j];
    return j === keys.length && (t & 1) ? 'task.state' : 'task.name';
  }

  /** Field k's numbers into `v` (see FieldArena.load), its lines moved by `delta`. */
  load(k: number, delta: number, v: FieldView): void {
    const p = this.rowOf(k) * R;
    const d = this.data;
    const s = this.startOf(k), e = this.endOf(k);
    const col = d[p + COL];
    v.key = this.keyIn(p, k);
    v.sLine = v.eLine = d[p + LINE] + delta;
    v.sCol = col + s; v.eCol = col + e;
    v.nsLine = -1; v.nsCol = 0; v.neLine = 0; v.neCol = 0;
    v.value = this.valueOf(k);
  }

  /** Field k's raw text, from `src` (the parsed source). */
  raw(k: number, src: string): string {
    const off = this.data[this.rowOf(k) * R + OFF];
    return src.slice(off + this.startOf(k), off + this.endOf(k));
  }

  /** Field k as a Field object, its lines moved by `delta`. */
  field(k: number, src: string, delta: number): Field {
    const p = this.rowOf(k) * R;
    const d = this.data;
    const s = this.startOf(k), e = this.endOf(k);
    const line = d[p + LINE] + delta, col = d[p + COL], off = d[p + OFF];
    const f: Field = {
      key: this.keyIn(p, k),
      range: { start: { line, character: col + s }, end: { line, character: col + e } },
      raw: src.slice(off + s, off + e),
    };
    const j = k - d[p + FIRST];
    const table = this.tables[d[p + TABLE] >> 1];
    if (j < table.cellKeys.length) {
      const value = this.valueOf(k);
      if (Number.isFinite(value)) f.value = value;
      f.unit = table.cellUnits[j];
    }
    return f;
  }
}
