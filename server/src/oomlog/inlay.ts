/** Inlay hints: task-table page counts in MiB/GiB, pgtables_bytes in KiB, for rows inside the range. */
import type { InlayHintEntry, Range } from '../common/types';
import type { OomLogAnalysis } from './model';
import { lineIndex } from './hover';
import { formatBytes, formatKiB } from './sizes';

const PAGE_COLUMNS = new Set(['task.total_vm', 'task.rss', 'task.rss_anon', 'task.rss_file', 'task.rss_shmem', 'task.swapents']);

export function oomInlayHints(analysis: OomLogAnalysis, range: Range): InlayHintEntry[] {
  const idx = lineIndex(analysis);
  const out: InlayHintEntry[] = [];
  const first = Math.max(0, range.start.line);
  const last = range.end.line;
  for (const ev of idx.events) {
    if (ev.endLine < first || ev.startLine > last || !ev.tasks) continue;
    const ps = ev.memInfo?.pageSizeKiB || 4;
    const known = ev.memInfo?.pageSizeKnown ?? false;
    const rows = ev.tasks.rows;
    // Rows are in line order: binary search the first one in range.
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].line < first) lo = mid + 1; else hi = mid;
    }
    for (let i = lo; i < rows.length && rows[i].line <= last; i++) {
      for (const { field } of idx.fields.get(rows[i].line) ?? []) {
        if (field.value === undefined || field.value <= 0 || field.range.end.line !== rows[i].line) continue;
        let label: string | undefined;
        let tooltip: string | undefined;
        if (PAGE_COLUMNS.has(field.key)) {
          label = `≈ ${formatKiB(field.value * ps)}`;
          tooltip = `${field.value} pages × ${ps} KiB${known ? '' : ' (page size assumed)'}`;
        } else if (field.key === 'task.pgtables_bytes') {
          label = `≈ ${formatBytes(field.value)}`;
          tooltip = `${field.value} bytes of page tables`;
        }
        if (label) out.push({ position: field.range.end, label, tooltip });
      }
    }
  }
  return out;
}
