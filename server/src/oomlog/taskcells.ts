/**
 * Task-table rows: how one row splits into cells (scanTaskRow), the fields a row gives in their
 * order (rowField), and TaskCells, where the field arena keeps a row's fields as the row itself.
 *
 * A task table is most of a big report: a 250,000-row table is 2.75 M fields. Stored one by one
 * they cost ~57 bytes each and a quarter of the parse; kept per row (28 bytes) they are worked out
 * again from the row's text when someone asks for them (hover, tokens, JSON), a few rows at a time.
 * The parser and that re-reading share scanTaskRow, so both see the same cells.
 */
import type { TaskColumn } from './state';
import type { Unit } from './model';

const STATE_LETTERS = 'RSDTtZXIKWPN';

function isSpace(c: number): boolean { return c === 32 || c === 9; }

/** Characters String.prototype.trimEnd removes (white space and line terminators, as `\s`). */
function isTrimmed(c: number): boolean {
  if (c > 32 && c < 127) return false;
  return c === 32 || (c >= 9 && c <= 13) || /\s/.test(String.fromCharCode(c));
}

/**
 * Value of t[i, j) when it is an optional `-` and 1–20 digits (what `/^-?\d{1,20}$/` accepts),
 * else NaN. Same number as Number(text) (long runs go through Number to round the same way).
 */
function cellNumber(t: string, i: number, j: number): number {
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
 * Splits `[ 1303]     0  1303      868       37   0       0             0 syslog-ng` (the row
 * starts at t[from], the line ends at t[end]) into `out` by the table's columns. False when the
 * text is not a row of this table. Widths overflow for big PIDs/UIDs, so the row is split on
 * white space and the name is the rest of the line (names may contain spaces).
 */
export function scanTaskRow(t: string, from: number, end: number, cols: readonly TaskColumn[], out: RowScan): boolean {
  if (t.charCodeAt(from) !== 91) return false;
  const close = t.indexOf(']', from);
  if (close < 0 || close >= end || close - from > 12) return false;
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
  cellC[0] = cols[0]; cellS[0] = pidStart; cellE[0] = pidEnd; cellV[0] = Number(t.slice(pidStart, pidEnd));
  let n = 1;
  let i = close + 1;
  let stateS = -1, stateE = -1;
  for (let c = 1; c < cols.length; c++) {
    const col = cols[c];
    if (col.name === 'name') break;
    while (i < end && isSpace(t.charCodeAt(i))) i++;
    let j = i;
    while (j < end && !isSpace(t.charCodeAt(j))) j++;
    if (col.name === 'state') { stateS = i; stateE = j; i = j; continue; }
    const v = cellNumber(t, i, j);
    if (v !== v) {
      // vendor kernels print a one-letter task state in the middle of the numbers
      if (stateS < 0 && j - i === 1 && STATE_LETTERS.includes(t[i])) { stateS = i; stateE = j; i = j; c--; continue; }
      return false;
    }
    cellC[n] = col; cellS[n] = i; cellE[n] = j; cellV[n] = v; n++;
    i = j;
  }
  // name = rest of the line after one separator
  if (i < end && isSpace(t.charCodeAt(i))) i++;
  let nameEnd = end;
  while (nameEnd > i && isTrimmed(t.charCodeAt(nameEnd - 1))) nameEnd--;
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

/** A field of a kept row: one line, its columns, where its raw text is in the source, unit and value. */
export interface CellField { key: string; line: number; sCol: number; eCol: number; rawS: number; rawE: number; unit: Unit | undefined; value: number | undefined }

/** Int32 slots per row in TaskCells. */
const R = 7;
const FIRST = 0, LINE = 1, COL = 2, OFF = 3, LEN = 4, FROM = 5, TABLE = 6;

/**
 * The rows a parse keeps as rows (FieldArena.addRow): row r holds the field indices
 * [first(r), first(r + 1)) of this store's own index space, and enough to find its text again
 * (the line's offset and length in the parsed source, where the row starts, its table's columns,
 * whether it has a state letter).
 * Lines are parse-time lines, like the arena's.
 */
export class TaskCells {
  /** Fields held (the next row's first index). */
  n = 0;
  private rows = 0;
  private data = new Int32Array(R * 256);
  /** Each table's columns, and the keys of its numeric cells (the same for every row: pid, then each column but state up to name). */
  private tables: { cols: readonly TaskColumn[]; cellKeys: string[] }[] = [];
  /** Last row looked up (callers walk rows in order). */
  private lastRow = 0;
  /** The row whose cells `scan` holds (-1: none). */
  private scanned = -1;
  private readonly scan = new RowScan();
  private readonly out: RowFieldOut = { key: '', start: 0, end: 0, unit: undefined, value: undefined };
  private readonly cell: CellField = { key: '', line: 0, sCol: 0, eCol: 0, rawS: 0, rawE: 0, unit: undefined, value: undefined };

  /**
   * A row of `scan.fieldCount` fields on source line `line` at column `col`, its line's text at
   * [off, off + len) of the source, the row from `from` in it. Returns its first index.
   */
  add(line: number, col: number, off: number, len: number, from: number, cols: readonly TaskColumn[], scan: RowScan): number {
    if ((this.rows + 1) * R > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    let table = this.tables.length - 1;
    if (table < 0 || this.tables[table].cols !== cols) {
      this.tables.push({ cols, cellKeys: scan.cellC.slice(0, scan.n).map(c => c.key) });
      table++;
    }
    const d = this.data, p = this.rows * R;
    const first = this.n;
    d[p + FIRST] = first; d[p + LINE] = line; d[p + COL] = col; d[p + OFF] = off; d[p + LEN] = len; d[p + FROM] = from;
    d[p + TABLE] = (table << 1) | (scan.stateS >= 0 ? 1 : 0);
    this.rows++;
    this.n = first + scan.fieldCount;
    return first;
  }

  private firstOf(r: number): number {
    return r < this.rows ? this.data[r * R + FIRST] : this.n;
  }

  /** The row holding field index k. */
  private rowOf(k: number): number {
    let r = this.lastRow;
    if (r < this.rows && this.firstOf(r) <= k) {
      if (k < this.firstOf(r + 1)) return r;
      if (k < this.firstOf(r + 2)) return (this.lastRow = r + 1);
    }
    let lo = 0, hi = this.rows - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firstOf(mid) <= k) lo = mid; else hi = mid - 1;
    }
    return (this.lastRow = lo);
  }

  /** The parse-time line of field k. */
  line(k: number): number {
    return this.data[this.rowOf(k) * R + LINE];
  }

  /** The key of field k, without reading its row (the order of rowField). */
  key(k: number): string {
    const p = this.rowOf(k) * R;
    const t = this.data[p + TABLE];
    const keys = this.tables[t >> 1].cellKeys;
    const j = k - this.data[p + FIRST];
    if (j < keys.length) return keys[j];
    return j === keys.length && (t & 1) ? 'task.state' : 'task.name';
  }

  /** Field k, read again from its row's text in `src` (the parsed source). The result is reused by the next call. */
  field(k: number, src: string): CellField {
    const r = this.rowOf(k);
    const p = r * R;
    const d = this.data;
    const off = d[p + OFF];
    if (this.scanned !== r) {
      // the parser accepted this row, so its text scans the same again
      scanTaskRow(src, off + d[p + FROM], off + d[p + LEN], this.tables[d[p + TABLE] >> 1].cols, this.scan);
      this.scanned = r;
    }
    const f = rowField(this.scan, k - d[p + FIRST], this.out);
    const c = this.cell;
    c.key = f.key; c.unit = f.unit; c.value = f.value;
    c.line = d[p + LINE];
    c.sCol = d[p + COL] + f.start - off; c.eCol = d[p + COL] + f.end - off;
    c.rawS = f.start; c.rawE = f.end;
    return c;
  }
}
