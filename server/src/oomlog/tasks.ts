/**
 * The task table (`dump_tasks`): the header decides the columns (8 layouts from 2.6.25 to 6.8+),
 * rows are mapped by column NAME, never by position. Widths overflow for big PIDs/UIDs, so rows
 * are split on whitespace and `name` is the rest of the line (names may contain spaces).
 */
import type { TaskRow, TaskTable } from './model';
import { type Line, skipSpaces } from './lines';
import { type OpenEvent, Phase, type TaskColumn } from './state';

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
    const table: TaskTable = { headerLine: L.line, columns: cols, rows: [] };
    o.ev.tasks = table;
    o.taskColumns = cols.map(taskColumn);
    o.block = 'tasks';
    if (o.phase < Phase.Tasks) o.phase = Phase.Tasks;
    return true;
  }
}

const STATE_LETTERS = 'RSDTtZXIKWPN';

/** A column's field key (`task.rss` …) and unit. */
function taskColumn(name: string): TaskColumn {
  return { name, key: `task.${name}`, unit: UNITS[name] ?? 'count' };
}

/** Cells of the row being read, reused between rows (no object per cell). */
const cellS: number[] = [];
const cellE: number[] = [];
const cellV: number[] = [];
const cellC: TaskColumn[] = [];

function isSpace(c: number): boolean { return c === 32 || c === 9; }

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

/** One row `[ 1303]     0  1303      868       37   0       0             0 syslog-ng`. */
export function parseTaskRow(L: Line, t0: number, o: OpenEvent): boolean {
  const table = o.ev.tasks;
  if (!table) return false;
  const t = L.text;
  if (t.charCodeAt(t0) !== 91) return false;
  const close = t.indexOf(']', t0);
  if (close < 0 || close - t0 > 12) return false;
  // `[  pid]`: the trimmed text between the brackets is 1–10 digits
  let ps = t0 + 1;
  while (ps < close && t.charCodeAt(ps) === 32) ps++;
  let pe = ps;
  while (pe < close && t.charCodeAt(pe) >= 48 && t.charCodeAt(pe) <= 57) pe++;
  let q = pe;
  while (q < close && t.charCodeAt(q) === 32) q++;
  let pidStart: number, pidEnd: number;
  if (q === close && pe > ps && pe - ps <= 10) { pidStart = ps; pidEnd = pe; }
  else {
    // other white space around the pid (tabs, NBSP …): the general form
    const pidText = t.slice(t0 + 1, close).trim();
    if (!/^\d{1,10}$/.test(pidText)) return false;
    pidStart = t.indexOf(pidText, t0);
    pidEnd = pidStart + pidText.length;
  }
  const cols = (o.taskColumns ??= table.columns.map(taskColumn));
  let n = 0;
  cellC[0] = cols[0]; cellS[0] = pidStart; cellE[0] = pidEnd; cellV[0] = Number(t.slice(pidStart, pidEnd)); n = 1;
  let i = close + 1;
  let stateS = -1, stateE = -1;
  for (let c = 1; c < cols.length; c++) {
    const col = cols[c];
    if (col.name === 'name') break;
    i = skipSpaces(t, i);
    let j = i;
    while (j < t.length && !isSpace(t.charCodeAt(j))) j++;
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
  if (isSpace(t.charCodeAt(i))) i++;
  const nameEnd = t.trimEnd().length;
  const name = i < nameEnd ? t.slice(i, nameEnd) : '';
  const row: TaskRow = { pid: cellV[0], uid: 0, tgid: 0, totalVmPages: 0, rssPages: 0, name, line: L.line };
  const sink = o.sink;
  for (let k = 0; k < n; k++) {
    const col = cellC[k];
    sink.add(col.key, L, cellS[k], cellE[k], { unit: col.unit, value: cellV[k] });
    setColumn(row, col.name, cellV[k]);
  }
  if (stateS >= 0) { row.state = t.slice(stateS, stateE); sink.add('task.state', L, stateS, stateE); }
  if (name) sink.add('task.name', L, i, nameEnd);
  table.rows.push(row);
  return true;
}

/**
 * The row property of a column (columns without one, like nr_puds, only become fields). A switch
 * of plain property writes rather than `row[PROPS[col]] = v`: a store by computed name across
 * many names is V8's slowest kind, and this runs 10 times per row (the switch saved 7 % of the
 * instructions of reading a 250,000-row table).
 */
function setColumn(row: TaskRow, col: string, v: number): void {
  switch (col) {
    case 'pid': row.pid = v; break;
    case 'uid': row.uid = v; break;
    case 'tgid': row.tgid = v; break;
    case 'total_vm': row.totalVmPages = v; break;
    case 'rss': row.rssPages = v; break;
    case 'rss_anon': row.rssAnonPages = v; break;
    case 'rss_file': row.rssFilePages = v; break;
    case 'rss_shmem': row.rssShmemPages = v; break;
    case 'nr_ptes': row.nrPtes = v; break;
    case 'nr_pmds': row.nrPmds = v; break;
    case 'pgtables_bytes': row.pgtablesBytes = v; break;
    case 'swapents': row.swapentsPages = v; break;
    case 'oom_score_adj': row.oomScoreAdj = v; break;
    case 'oom_adj': row.oomAdj = v; break;
    case 'cpu': row.cpu = v; break;
  }
}

const UNITS: Record<string, 'pages' | 'bytes' | 'count' | 'none'> = {
  total_vm: 'pages', rss: 'pages', rss_anon: 'pages', rss_file: 'pages', rss_shmem: 'pages', swapents: 'pages',
  nr_ptes: 'count', nr_pmds: 'count', nr_puds: 'count', pgtables_bytes: 'bytes', pid: 'none', uid: 'none', tgid: 'none',
  oom_score_adj: 'count', oom_adj: 'count', cpu: 'none',
};
