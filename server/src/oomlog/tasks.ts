/**
 * The task table (`dump_tasks`): the header decides the columns (8 layouts from 2.6.25 to 6.8+),
 * rows are mapped by column NAME, never by position. Widths overflow for big PIDs/UIDs, so rows
 * are split on whitespace and `name` is the rest of the line (names may contain spaces).
 */
import type { TaskRow, TaskTable } from './model';
import { type Line, skipSpaces } from './lines';
import { type OpenEvent, Phase } from './state';

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
    o.block = 'tasks';
    if (o.phase < Phase.Tasks) o.phase = Phase.Tasks;
    return true;
  }
}

const STATE_LETTERS = /^[RSDTtZXIKWPN]$/;

/** One row `[ 1303]     0  1303      868       37   0       0             0 syslog-ng`. */
export function parseTaskRow(L: Line, t0: number, o: OpenEvent): boolean {
  const table = o.ev.tasks;
  if (!table) return false;
  const t = L.text;
  if (t.charCodeAt(t0) !== 91) return false;
  const close = t.indexOf(']', t0);
  if (close < 0 || close - t0 > 12) return false;
  const pidText = t.slice(t0 + 1, close).trim();
  if (!/^\d{1,10}$/.test(pidText)) return false;
  const pidStart = t.indexOf(pidText, t0);
  const cells: { col: string; s: number; e: number; value: number }[] = [
    { col: 'pid', s: pidStart, e: pidStart + pidText.length, value: Number(pidText) },
  ];
  const cols = table.columns;
  let i = close + 1;
  let state: { s: number; e: number; text: string } | undefined;
  for (let c = 1; c < cols.length; c++) {
    const col = cols[c];
    if (col === 'name') break;
    i = skipSpaces(t, i);
    let j = i;
    while (j < t.length && t.charCodeAt(j) !== 32 && t.charCodeAt(j) !== 9) j++;
    const tok = t.slice(i, j);
    if (col === 'state') { state = { s: i, e: j, text: tok }; i = j; continue; }
    if (!/^-?\d{1,20}$/.test(tok)) {
      // vendor kernels print a one-letter task state in the middle of the numbers
      if (!state && STATE_LETTERS.test(tok)) { state = { s: i, e: j, text: tok }; i = j; c--; continue; }
      return false;
    }
    cells.push({ col, s: i, e: j, value: Number(tok) });
    i = j;
  }
  // name = rest of the line after one separator
  if (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9) i++;
  const nameEnd = t.length - (t.length - t.trimEnd().length);
  const name = i < nameEnd ? t.slice(i, nameEnd) : '';
  const row: TaskRow = { pid: cells[0].value, uid: 0, tgid: 0, totalVmPages: 0, rssPages: 0, name, line: L.line };
  for (const cell of cells) {
    const unit = UNITS[cell.col] ?? 'count';
    o.sink.add(`task.${cell.col}`, L, cell.s, cell.e, { unit, value: cell.value });
    const prop = PROPS[cell.col];
    if (prop) (row as unknown as Record<string, number>)[prop] = cell.value;
  }
  if (state) { row.state = state.text; o.sink.add('task.state', L, state.s, state.e); }
  if (name) o.sink.add('task.name', L, i, nameEnd);
  table.rows.push(row);
  return true;
}

const PROPS: Record<string, keyof TaskRow> = {
  pid: 'pid', uid: 'uid', tgid: 'tgid', total_vm: 'totalVmPages', rss: 'rssPages', rss_anon: 'rssAnonPages',
  rss_file: 'rssFilePages', rss_shmem: 'rssShmemPages', nr_ptes: 'nrPtes', nr_pmds: 'nrPmds',
  pgtables_bytes: 'pgtablesBytes', swapents: 'swapentsPages', oom_score_adj: 'oomScoreAdj', oom_adj: 'oomAdj', cpu: 'cpu',
};

const UNITS: Record<string, 'pages' | 'bytes' | 'count' | 'none'> = {
  total_vm: 'pages', rss: 'pages', rss_anon: 'pages', rss_file: 'pages', rss_shmem: 'pages', swapents: 'pages',
  nr_ptes: 'count', nr_pmds: 'count', nr_puds: 'count', pgtables_bytes: 'bytes', pid: 'none', uid: 'none', tgid: 'none',
  oom_score_adj: 'count', oom_adj: 'count', cpu: 'none',
};
