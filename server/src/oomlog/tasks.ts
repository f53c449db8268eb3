/**
 * The task table (`dump_tasks`): the header decides the columns (8 layouts from 2.6.25 to 6.8+),
 * rows are mapped by column NAME, never by position. How a row splits into cells (scanTaskRow) and
 * the order of its fields are in taskcells.ts, where the field arena keeps a row's fields as the row.
 */
import { type TaskRow, type TaskTable, relLine } from './model';
import { type Line, skipSpaces } from './lines';
import { type RowScan, scanTaskRow } from './taskcells';
import { type OpenEvent, Phase, type TaskColumn } from './state';
import { kernelMajorMinor } from './gfp';

const KNOWN = new Set(['uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'nr_ptes', 'nr_pmds',
  'nr_puds', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'cpu', 'oom_adj', 'name', 'state']);

/** `[ pid ]   uid  tgid total_vm      rss … name` or `[  pid  ]` (4.19+). */
export function parseTaskHeader(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  if (t.charCodeAt(t0) !== 91 /* [ */) return false;
  const close = t.indexOf(']', t0);
  if (close < 0 || close - t0 > 9 || t.slice(t0 + 1, close).trim() !== 'pid') return false;
  const cols = ['pid'];
  const pidAt = t.indexOf('pid', t0);
  const spans: [string, number, number][] = [['pid', pidAt, pidAt + 3]];
  let i = close + 1;
  const end = t.trimEnd().length;
  while (i < end) {
    i = skipSpaces(t, i);
    if (i >= end) break;
    let j = i;
    while (j < end && t.charCodeAt(j) !== 32 && t.charCodeAt(j) !== 9) j++;
    const col = t.slice(i, j);
    if (!KNOWN.has(col)) return cols.length > 1 ? finish() : false;
    cols.push(col);
    spans.push([col, i, j]);
    i = j;
  }
  return finish();

  function finish(): boolean {
    for (const [col, s, e] of spans) o.sink.add(`task.header.${col}`, L, s, e);
    if (!cols.includes('name')) cols.push('name');
    const table: TaskTable = { headerLine: relLine(o.ev, L.line), columns: cols, rows: [] };
    o.ev.tasks = table;
    o.taskColumns = cols.map(taskColumn);
    o.block = 'tasks';
    if (o.phase < Phase.Tasks) o.phase = Phase.Tasks;
    return true;
  }
}

/** Column layouts told apart by their number of numeric cells (after the `[ pid ]` cell). */
const BY_COUNT: Record<number, string[]> = {
  10: ['uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'pgtables_bytes', 'swapents', 'oom_score_adj'], // 6.8+
  8: ['uid', 'tgid', 'total_vm', 'rss', 'nr_ptes', 'nr_pmds', 'swapents', 'oom_score_adj'], // 4.1–4.14
};
/** The three layouts with 7 numeric cells, told apart by the kernel release or the values. */
const SEVEN = {
  pgtables: ['uid', 'tgid', 'total_vm', 'rss', 'pgtables_bytes', 'swapents', 'oom_score_adj'], // 4.15+
  ptes: ['uid', 'tgid', 'total_vm', 'rss', 'nr_ptes', 'swapents', 'oom_score_adj'], // 3.8–4.0
  cpu: ['uid', 'tgid', 'total_vm', 'rss', 'cpu', 'oom_adj', 'oom_score_adj'], // ≤3.6
};

/**
 * A task row seen where no header was (the header was cut from an excerpt): infer the columns
 * from the row's shape when only one layout fits its cell count, its values and the kernel
 * release, and open the table with `inferred` set. False when the layout is ambiguous.
 */
export function inferTaskLayout(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  const m = /^\[ {0,8}(\d{1,10})\]((?: +-?\d{1,20}){7,10}) +\S/.exec(t.slice(t0, t0 + 400));
  if (!m) return false;
  const v = m[2].trim().split(/ +/).map(Number);
  const adj = v[v.length - 1];
  if (adj < -1000 || adj > 1000) return false;
  let cols: string[] | undefined = BY_COUNT[v.length];
  if (v.length === 10 && v[3] !== v[4] + v[5] + v[6]) return false; // rss = rss_anon + rss_file + rss_shmem
  if (v.length === 7) {
    const k = kernelMajorMinor(o.ev.kernel);
    const at = (a: number, b: number) => !!k && (k[0] > a || (k[0] === a && k[1] >= b));
    // 3.7 printed either layout: no guess there
    if (k) cols = at(4, 15) ? SEVEN.pgtables : at(3, 8) ? SEVEN.ptes : at(3, 7) ? undefined : SEVEN.cpu;
    else if (v[4] > 0 && v[4] % 4096 === 0) cols = SEVEN.pgtables; // page tables come in whole pages
    if (cols === SEVEN.cpu && (v[5] < -17 || v[5] > 15)) return false;
  }
  if (!cols) return false;
  const all = ['pid', ...cols, 'name'];
  o.ev.tasks = { headerLine: relLine(o.ev, L.line), columns: all, rows: [], inferred: true };
  o.taskColumns = all.map(taskColumn);
  o.block = 'tasks';
  if (o.phase < Phase.Tasks) o.phase = Phase.Tasks;
  return true;
}

/** A column's field key (`task.rss` …) and unit. */
function taskColumn(name: string): TaskColumn {
  return { name, key: `task.${name}`, unit: UNITS[name] ?? 'count', prop: ROW_PROP.indexOf(name) };
}

/**
 * A parsed task row: the TaskRow properties every layout has, in this order (the order JSON shows
 * them in), then the layout's own columns set by setColumn. A class rather than an object literal
 * for V8's sake: an object made by a constructor gets spare in-object room for properties added
 * afterwards, where each literal put its extra columns in an array of their own (~45 bytes and one
 * more object per row). Only its table's `rows` holds a Row, and its one line number is `line`
 * (incremental.ts shifts rows by that).
 */
export class Row implements TaskRow {
  declare pid: number;
  declare uid: number;
  declare tgid: number;
  declare totalVmPages: number;
  declare rssPages: number;
  declare name: string;
  declare line: number;
  constructor(pid: number, name: string, line: number) {
    this.pid = pid; this.uid = 0; this.tgid = 0; this.totalVmPages = 0; this.rssPages = 0; this.name = name; this.line = line;
  }
}

/** One row `[ 1303]     0  1303      868       37   0       0             0 syslog-ng`, read into `scan` (the parse reuses one from row to row). */
export function parseTaskRow(L: Line, t0: number, o: OpenEvent, scan: RowScan): boolean {
  const table = o.ev.tasks;
  if (!table) return false;
  const t = L.text;
  const cols = (o.taskColumns ??= table.columns.map(taskColumn));
  if (!scanTaskRow(t, t0, cols, scan)) return false;
  const name = scan.nameS < scan.nameE ? t.slice(scan.nameS, scan.nameE) : '';
  const row: TaskRow = new Row(scan.cellV[0], name, relLine(o.ev, L.line));
  for (let k = 0; k < scan.n; k++) setColumn(row, scan.cellC[k].prop, scan.cellV[k]);
  if (scan.stateS >= 0) row.state = t.slice(scan.stateS, scan.stateE);
  o.sink.addRow(L, cols, scan);
  table.rows.push(row);
  return true;
}

/** The columns that set a TaskRow property, in the order of setColumn's cases (TaskColumn.prop). */
const ROW_PROP = ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'nr_ptes', 'nr_pmds',
  'pgtables_bytes', 'swapents', 'oom_score_adj', 'oom_adj', 'cpu'];

/**
 * Set the row property of column `prop` (ROW_PROP; columns without one, like nr_puds, only become
 * fields). A switch of plain property writes rather than `row[PROPS[col]] = v`: a store by
 * computed name across many names is V8's slowest kind, and this runs 10 times per row. The switch
 * is on the column's number: a switch on names compares strings case by case.
 */
function setColumn(row: TaskRow, prop: number, v: number): void {
  switch (prop) {
    case 0: row.pid = v; break;
    case 1: row.uid = v; break;
    case 2: row.tgid = v; break;
    case 3: row.totalVmPages = v; break;
    case 4: row.rssPages = v; break;
    case 5: row.rssAnonPages = v; break;
    case 6: row.rssFilePages = v; break;
    case 7: row.rssShmemPages = v; break;
    case 8: row.nrPtes = v; break;
    case 9: row.nrPmds = v; break;
    case 10: row.pgtablesBytes = v; break;
    case 11: row.swapentsPages = v; break;
    case 12: row.oomScoreAdj = v; break;
    case 13: row.oomAdj = v; break;
    case 14: row.cpu = v; break;
  }
}

const UNITS: Record<string, 'pages' | 'bytes' | 'count' | 'none'> = {
  total_vm: 'pages', rss: 'pages', rss_anon: 'pages', rss_file: 'pages', rss_shmem: 'pages', swapents: 'pages',
  nr_ptes: 'count', nr_pmds: 'count', nr_puds: 'count', pgtables_bytes: 'bytes', pid: 'none', uid: 'none', tgid: 'none',
  oom_score_adj: 'count', oom_adj: 'count', cpu: 'none',
};
