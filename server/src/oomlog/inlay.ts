/**
 * Inlay hints for the task table: one per row, at the end of the row, after the process name —
 * `rss ≈1.74G`, with `swap ≈12M` when the row has swapped-out pages. At the row's end the hint
 * moves no column: the name and oom_score_adj stay where the kernel printed them, and rows with
 * nothing to show (rss 0) look like the others. The tooltip converts every page and byte column.
 */
import type { InlayHintEntry, Range } from '../common/types';
import { type OomLogAnalysis, endLineOf, lineOf, relLine } from './model';
import { lineIndex } from './hover';
import { formatBytes, formatCount, formatKiB, formatKiBCompact } from './sizes';
import { firstIndex } from '../common/search';

const PAGE_COLUMNS = new Set(['task.total_vm', 'task.rss', 'task.rss_anon', 'task.rss_file', 'task.rss_shmem', 'task.swapents']);

export function oomInlayHints(analysis: OomLogAnalysis, range: Range): InlayHintEntry[] {
  const idx = lineIndex(analysis);
  const out: InlayHintEntry[] = [];
  const first = Math.max(0, range.start.line);
  const last = range.end.line;
  for (const ev of idx.events) {
    if (endLineOf(ev) < first || ev.startLine > last || !ev.tasks) continue;
    const ps = ev.memInfo?.pageSizeKiB || 4;
    const known = ev.memInfo?.pageSizeKnown ?? false;
    const rows = ev.tasks.rows;
    // Rows are in line order: binary search the first one in range (row lines count from the event's start).
    const from = relLine(ev, first), to = relLine(ev, last);
    for (let i = firstIndex(0, rows.length, k => rows[k].line >= from); i < rows.length && rows[i].line <= to; i++) {
      const line = lineOf(ev, rows[i].line);
      let end: Range['end'] | undefined;
      let rss: number | undefined;
      let swap: number | undefined;
      const tip: string[] = [];
      for (const { field } of idx.fields.get(line) ?? []) {
        if (field.range.end.line !== line) continue;
        if (!end || field.range.end.character > end.character) end = field.range.end;
        if (field.value === undefined) continue;
        const column = field.key.slice('task.'.length);
        if (PAGE_COLUMNS.has(field.key)) {
          if (field.key === 'task.rss') rss = field.value;
          if (field.key === 'task.swapents') swap = field.value;
          tip.push(`${column}: ${formatCount(field.value)} pages = ${formatKiB(field.value * ps)}`);
        } else if (field.key === 'task.pgtables_bytes') {
          tip.push(`${column}: ${formatCount(field.value)} bytes = ${formatBytes(field.value)}`);
        }
      }
      if (!end || rss === undefined || (rss <= 0 && !(swap && swap > 0))) continue;
      const label = `rss ≈${formatKiBCompact(rss * ps)}${swap && swap > 0 ? ` · swap ≈${formatKiBCompact(swap * ps)}` : ''}`;
      tip.push(`(${ps} KiB pages${known ? '' : ', page size assumed'})`);
      out.push({ position: end, label, tooltip: tip.join('\n') });
    }
  }
  return out;
}
