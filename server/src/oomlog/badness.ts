/**
 * "Why this victim?": recompute the kernel's badness (mm/oom_kill.c `oom_badness()`) for every
 * task-table row, rank the rows the way `select_bad_process()` does, and say whether the process
 * the kernel chose was the top one — and if not, the most likely reason.
 *
 * Formula by era (read from the kernel sources of each release):
 *   ≤2.6.35   old heuristic (VM size, CPU time, nice, children): cannot be reproduced from a report.
 *   2.6.36–3.5  points = (rss + nr_ptes + swap) × 1000 / totalpages, −30 with CAP_SYS_ADMIN,
 *             + oom_score_adj, clamped to 1..1000; printed score = points.
 *   3.6–3.13  points = rss + nr_ptes + swap; adj −30 with CAP_SYS_ADMIN; points += adj × (totalpages/1000);
 *             at least 1. Printed score = points × 1000 / totalpages.
 *   3.14–4.16 as above, but the admin bonus is points −= points × 3 / 100.
 *             4.1–4.14 add nr_pmds; 4.15+ use pgtables_bytes / PAGE_SIZE.
 *   4.17–5.8  no admin bonus; at least 1.
 *   5.9+      result may be negative; −1000 returns LONG_MIN (never chosen).
 * Ties: a task replaces the current choice only with strictly more points, so the first row wins.
 * totalpages: global = managed RAM + swap pages; cpuset/mempolicy = allowed nodes' present pages +
 * swap; memcg = the memcg limit plus the swap it may use (v1: capped by memory+swap).
 */
import type { OomEvent, OomLogAnalysis, TaskRow } from './model';
import { formatKiB, isUnlimitedKiB } from './sizes';
import { mdText } from '../common/markdown';
import { firstIndex } from '../common/search';

export type Era = 'legacy' | '2.6.36' | '3.6' | '3.14' | '4.17' | '5.9';

export interface RankedTask {
  row: TaskRow;
  /** Badness in pages (2.6.36–3.5: already 0..1000). */
  points: number;
  /** rss + swap + page tables, in pages (before oom_score_adj). */
  memoryPages: number;
  /** points × 1000 / totalpages (what ≤5.0 printed), when totalpages is known. */
  normalized?: number;
  eligible: boolean;
  /** 1-based rank among eligible tasks; 0 when not eligible. */
  rank: number;
}

export interface VictimExplanation {
  reproducible: boolean;
  era?: Era;
  eraLabel: string;
  totalPages?: number;
  totalPagesNote: string;
  /** Eligible first (best first), then ineligible ones. */
  ranked: RankedTask[];
  eligibleCount: number;
  /** The task the kernel selected (chosen line) or, without one, the first killed process. */
  target?: { pid: number; comm: string; via: 'chosen' | 'killed' };
  targetRow?: RankedTask;
  victimIsTop?: boolean;
  printedScore?: number;
  computedScore?: number;
  /** One line: code lens title. */
  summary: string;
  /** Explanations and caveats, plain sentences. */
  reasons: string[];
}

const cache = new WeakMap<OomEvent, VictimExplanation>();
/** Per explanation, its ranked entries in table order (rows are in line order). */
const inTableOrder = new WeakMap<VictimExplanation, RankedTask[]>();

/** The ranking of one task-table row (a hover on a row asks): binary search by line, not a walk of the table. */
export function rankOf(ex: VictimExplanation, row: TaskRow): RankedTask | undefined {
  const list = inTableOrder.get(ex);
  if (!list) return undefined;
  // (rows of a #012-split record share a line)
  for (let k = firstIndex(0, list.length, i => list[i].row.line >= row.line); k < list.length && list[k].row.line === row.line; k++) if (list[k].row === row) return list[k];
  return undefined;
}

function kernelVersion(kernel: string | undefined): [number, number, number] | undefined {
  if (!kernel) return undefined;
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(kernel);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function cmp(v: [number, number, number], major: number, minor: number, patch = 0): number {
  return v[0] - major || v[1] - minor || v[2] - patch;
}

/** Era from the kernel release, else guessed from the task-table columns. */
export function eraOf(ev: OomEvent): { era?: Era; label: string } {
  const v = kernelVersion(ev.kernel);
  if (v) {
    if (cmp(v, 2, 6, 36) < 0) return { era: 'legacy', label: `kernel ${ev.kernel} (before 2.6.36)` };
    if (cmp(v, 3, 6) < 0) return { era: '2.6.36', label: `kernel ${ev.kernel} (2.6.36–3.5 formula)` };
    if (cmp(v, 3, 14) < 0) return { era: '3.6', label: `kernel ${ev.kernel} (3.6–3.13 formula)` };
    if (cmp(v, 4, 17) < 0) return { era: '3.14', label: `kernel ${ev.kernel} (3.14–4.16 formula)` };
    if (cmp(v, 5, 9) < 0) return { era: '4.17', label: `kernel ${ev.kernel} (4.17–5.8 formula)` };
    return { era: '5.9', label: `kernel ${ev.kernel} (5.9+ formula)` };
  }
  const cols = ev.tasks?.columns ?? [];
  const has = (c: string) => cols.includes(c);
  if (has('cpu') && has('oom_adj') && !has('oom_score_adj')) return { era: 'legacy', label: 'kernel before 2.6.36 (guessed from the task table)' };
  if (has('cpu') && has('oom_score_adj')) return { era: '2.6.36', label: 'kernel 2.6.36–3.7 (guessed from the task table)' };
  if (has('nr_ptes')) return { era: '3.14', label: 'kernel 3.8–4.14 (guessed from the task table; assuming the 3.14+ formula)' };
  if (has('rss_anon')) return { era: '5.9', label: 'kernel 6.8+ (guessed from the task table)' };
  if (has('pgtables_bytes')) return { era: '4.17', label: 'kernel 4.15+ (guessed from the task table; assuming the 4.17–5.8 formula)' };
  return { label: 'unknown kernel' };
}

function pageSize(ev: OomEvent): number {
  return ev.memInfo?.pageSizeKiB || 4;
}

function isMemcg(ev: OomEvent): boolean {
  return ev.kind === 'memcg' || ev.kind === 'memcg-v1' || ev.kind === 'memcg-v2';
}

/** The kernel's totalpages for this OOM, with how it was obtained. */
export function totalPagesOf(ev: OomEvent): { pages?: number; note: string } {
  const ps = pageSize(ev);
  const mi = ev.memInfo;
  if (isMemcg(ev)) {
    const mem = ev.memcg?.memory;
    if (!mem) return { note: 'the memory cgroup limit is not in the report' };
    const memPages = Math.floor(mem.limitKiB / ps);
    const swapTotal = mi?.swapTotalKiB !== undefined ? Math.floor(mi.swapTotalKiB / ps) : undefined;
    const memsw = ev.memcg?.memsw;
    const swap = ev.memcg?.swap;
    if (memsw && !isUnlimitedKiB(memsw.limitKiB) && ev.memcg?.version !== 2) {
      const memswPages = Math.floor(memsw.limitKiB / ps);
      if (swapTotal !== undefined) {
        return { pages: Math.min(memPages + swapTotal, memswPages), note: 'memcg limit + host swap, capped by the memory+swap limit' };
      }
      return { pages: memswPages, note: `the memory+swap limit (${formatKiB(memsw.limitKiB)}), assuming the host has at least that much swap` };
    }
    if (swap && !isUnlimitedKiB(swap.limitKiB)) {
      const swapPages = Math.floor(swap.limitKiB / ps);
      return {
        pages: memPages + (swapTotal !== undefined ? Math.min(swapPages, swapTotal) : swapPages),
        note: `memory limit + swap limit${swapTotal === undefined ? ' (assuming the host has that much swap)' : ''}`,
      };
    }
    if (isUnlimitedKiB(mem.limitKiB)) return { note: 'the cgroup that hit the limit shows no memory limit' };
    return { pages: memPages + (swapTotal ?? 0), note: swapTotal === undefined ? 'the memory limit (host swap, which the kernel adds when swappiness > 0, is not in the report)' : 'memory limit + host swap' };
  }
  if (!mi) return { note: 'Mem-Info is not in the report' };
  const swapPages = mi.swapTotalKiB !== undefined ? Math.floor(mi.swapTotalKiB / ps) : 0;
  if (ev.kind === 'cpuset' || ev.kind === 'mempolicy') {
    let presentKiB = 0;
    for (const z of mi.zones) presentKiB += z.kB.present ?? 0;
    if (presentKiB > 0) return { pages: Math.floor(presentKiB / ps) + swapPages, note: 'present pages of the zones shown (the allowed nodes) + swap' };
  }
  if (mi.pagesRam === undefined) return { note: '"pages RAM" is not in the report' };
  const ram = mi.pagesRam - (mi.pagesReserved ?? 0);
  return {
    pages: ram + swapPages,
    note: `RAM managed by the kernel (pages RAM − reserved) + swap${mi.swapTotalKiB === undefined ? ' (swap size not printed, taken as 0)' : ''}`,
  };
}

/** Page-table pages of a row as the era's oom_badness() counts them. */
function pageTablePages(row: TaskRow, era: Era, ps: number): number {
  if (row.pgtablesBytes !== undefined) return Math.floor(row.pgtablesBytes / (ps * 1024));
  let n = row.nrPtes ?? 0;
  if (era !== '2.6.36') n += row.nrPmds ?? 0;
  return n;
}

export function badnessOf(row: TaskRow, era: Era, totalPages: number | undefined, ps: number): { points: number; eligible: boolean } {
  const adj = row.oomScoreAdj ?? 0;
  if (adj === -1000 || (row.oomScoreAdj === undefined && row.oomAdj === -17)) return { points: 0, eligible: false };
  const base = row.rssPages + (row.swapentsPages ?? 0) + pageTablePages(row, era, ps);
  if (era === '2.6.36') {
    const tp = totalPages && totalPages > 0 ? totalPages : 1;
    let p = Math.floor((base * 1000) / tp) + adj;
    if (p <= 0) p = 1;
    return { points: Math.min(p, 1000), eligible: true };
  }
  const tp = totalPages ?? 0;
  let p = base + adj * Math.floor(tp / 1000);
  if (era !== '5.9' && p <= 0) p = 1;
  return { points: p, eligible: true };
}

function sameProcess(row: TaskRow, pid: number): boolean {
  return row.pid === pid || row.tgid === pid;
}

function previousVictims(analysis: OomLogAnalysis | undefined, ev: OomEvent): Map<number, number> {
  const out = new Map<number, number>();
  if (!analysis) return out;
  for (const other of analysis.events) {
    if (other.index >= ev.index) break;
    for (const v of other.victims) out.set(v.pid, other.index);
  }
  return out;
}

function label(row: TaskRow): string {
  return `${row.name} (${row.tgid || row.pid})`;
}

export function explainVictim(ev: OomEvent, analysis?: OomLogAnalysis): VictimExplanation {
  const hit = cache.get(ev);
  if (hit) return hit;
  const result = compute(ev, analysis);
  cache.set(ev, result);
  return result;
}

function compute(ev: OomEvent, analysis?: OomLogAnalysis): VictimExplanation {
  const { era, label: eraLabel } = eraOf(ev);
  const victim = ev.victims[0];
  const target = ev.chosen
    ? { pid: ev.chosen.pid, comm: ev.chosen.comm, via: 'chosen' as const }
    : victim ? { pid: victim.pid, comm: victim.comm, via: 'killed' as const } : undefined;
  const tp = totalPagesOf(ev);
  const base: VictimExplanation = {
    reproducible: false, era, eraLabel, totalPages: tp.pages, totalPagesNote: tp.note,
    ranked: [], eligibleCount: 0, target, reasons: [], summary: '',
    printedScore: ev.chosen?.score,
  };
  const who = target ? `${target.comm} (${target.pid})` : undefined;
  const victimName = victim ? `${victim.comm} (${victim.pid})` : who;

  if (!target && !ev.noKillable) {
    base.summary = 'No kill line in this report';
    base.reasons.push('The report has no "Kill process" or "Killed process" line (cut off, rate-limited, or the kill line went to another log).');
    return base;
  }
  if (ev.noKillable) {
    base.summary = 'No process could be killed';
    base.reasons.push('Every candidate was protected (oom_score_adj -1000) or already exiting, so the kernel found nothing to kill.');
    return base;
  }
  if (victim?.message?.includes('oom_kill_allocating_task')) {
    base.summary = `Victim: ${victimName} — killed because it asked for memory (vm.oom_kill_allocating_task=1)`;
    base.reasons.push('With vm.oom_kill_allocating_task=1 the kernel kills the task that triggered the OOM and skips the badness ranking.');
    return base;
  }
  if (era === 'legacy') {
    base.summary = `Victim: ${victimName} — ranking not reproducible on kernels before 2.6.36`;
    base.reasons.push('Kernels before 2.6.36 used a different heuristic (virtual size, CPU time, nice level, children) that the report does not contain enough data to reproduce.');
    return base;
  }
  const rows = ev.tasks?.rows ?? [];
  if (!rows.length) {
    base.summary = `Victim: ${victimName} — no task table to rank`;
    base.reasons.push('The report has no task table (vm.oom_dump_tasks=0, or the lines were lost), so the ranking cannot be checked.');
    return base;
  }
  const useEra: Era = era ?? '4.17';
  if (!era) base.reasons.push('Kernel version unknown; using the 4.17–5.8 formula.');
  const ps = pageSize(ev);
  const ranked: RankedTask[] = rows.map(row => {
    const b = badnessOf(row, useEra, tp.pages, ps);
    const normalized = tp.pages && b.eligible
      ? (useEra === '2.6.36' ? b.points : Math.trunc((b.points * 1000) / tp.pages))
      : undefined;
    const memoryPages = row.rssPages + (row.swapentsPages ?? 0) + pageTablePages(row, useEra, ps);
    return { row, points: b.points, memoryPages, normalized, eligible: b.eligible, rank: 0 };
  });
  inTableOrder.set(base, ranked);
  // Array sort is stable: equal points keep their table order (the kernel keeps the first of equals).
  base.ranked = ranked.slice().sort((a, b) => (Number(b.eligible) - Number(a.eligible)) || (b.points - a.points));
  // Competition ranking: equal points share a rank (which of them the kernel takes depends on its scan order).
  let n = 0;
  let prev: RankedTask | undefined;
  for (const r of base.ranked) {
    if (!r.eligible) continue;
    n++;
    r.rank = prev && prev.points === r.points ? prev.rank : n;
    prev = r;
  }
  base.eligibleCount = n;
  base.reproducible = true;
  // the table also lists tasks that are never candidates: say so, or "#1 of 7" beside 9 rows reads wrong
  const excluded = rows.length - n;
  const of = `of ${n} by badness${excluded ? ` (${excluded} at oom_score_adj -1000 not ranked)` : ''}`;

  const adjMatters = rows.some(r => (r.oomScoreAdj ?? 0) !== 0 && r.oomScoreAdj !== -1000);
  if (tp.pages === undefined && adjMatters) {
    base.reasons.push(`totalpages is unknown (${tp.note}), so oom_score_adj could not be weighed; the ranking ignores it.`);
  }
  const swapMissing = !ev.tasks?.columns.includes('swapents');
  if (swapMissing) base.reasons.push('This task table has no swapents column; swapped-out memory, which the kernel counts, is missing from the ranking.');

  // Find the target's row: by pid/tgid, else (thread ids in ≤3.x) by name.
  const t = target!;
  let targetRow = base.ranked.find(r => sameProcess(r.row, t.pid));
  if (!targetRow) {
    const byName = base.ranked.filter(r => r.row.name === t.comm);
    if (byName.length) {
      targetRow = byName[0];
      base.reasons.push(`PID ${t.pid} is not in the task table; matched by name to ${label(targetRow.row)}. Older kernels scan every thread, so the selected PID can be a thread of a listed process.`);
    }
  }
  base.targetRow = targetRow;
  const top = base.ranked[0];
  if (!targetRow) {
    base.victimIsTop = undefined;
    base.summary = `Victim: ${who} — not in the task table`;
    base.reasons.push(`${who} is not in the task table, so it cannot be ranked. The table may be incomplete (lines lost or cut), or the process started after the table was printed.`);
    return finish(base, ev, victim);
  }
  base.computedScore = targetRow.normalized;
  const isTop = targetRow.eligible && targetRow.rank === 1;
  base.victimIsTop = isTop;
  const verb = victim ? 'Victim' : 'Selected';
  if (isTop) {
    const tied = base.ranked.filter(r => r.eligible && r.rank === 1 && r !== targetRow);
    base.summary = `${verb}: ${who} — ranked #1 ${of}${tied.length ? ` (tied with ${tied.length} other${tied.length > 1 ? 's' : ''})` : ''}`;
    if (tied.length) {
      base.reasons.push(`Tied at ${targetRow.points} point${targetRow.points === 1 ? '' : 's'} with ${tied.slice(0, 3).map(r => label(r.row)).join(', ')}${tied.length > 3 ? ' …' : ''}. The kernel keeps the first of equal tasks in its scan order; for cgroup OOMs that is the cgroup's task list, which can differ from the table order.`);
    }
  } else {
    base.summary = targetRow.eligible
      ? `${verb}: ${who} — ranked #${targetRow.rank} ${of}, not the top task`
      : `${verb}: ${who} — has oom_score_adj -1000 in the table, yet was killed`;
    explainNotTop(base, ev, analysis, targetRow, top);
  }
  return finish(base, ev, victim);
}

function explainNotTop(base: VictimExplanation, ev: OomEvent, analysis: OomLogAnalysis | undefined, targetRow: RankedTask, top: RankedTask): void {
  if (!targetRow.eligible) {
    base.reasons.push('A task with oom_score_adj -1000 is never selected; it was probably changed after the table was printed, or the kill was a group kill (memory.oom.group).');
    return;
  }
  const earlier = previousVictims(analysis, ev);
  const above = base.ranked.filter(r => r.eligible && r.rank < targetRow.rank);
  const killedBefore = above.filter(r => earlier.has(r.row.tgid) || earlier.has(r.row.pid));
  if (killedBefore.length && killedBefore.length === above.length) {
    const names = killedBefore.map(r => `${label(r.row)} (OOM ${(earlier.get(r.row.tgid) ?? earlier.get(r.row.pid)!) + 1})`).join(', ');
    base.reasons.push(`Every task ranked above it was already killed by an earlier OOM: ${names}. The kernel skips tasks that are exiting or already reaped.`);
    return;
  }
  if (top.points === targetRow.points) {
    base.reasons.push(`Tie with ${label(top.row)} at ${top.points} points; the kernel keeps whichever it scanned first, which may differ from the table order after a thread was selected.`);
    return;
  }
  const gap = (top.points - targetRow.points) / Math.max(1, top.points);
  if ((base.era === '3.6' || base.era === '3.14' || base.era === '2.6.36') && top.row.uid === 0 && gap <= 0.035) {
    base.reasons.push(`${label(top.row)} runs as root: on this kernel a task with CAP_SYS_ADMIN gets a 3 % discount, which closes the gap of ${(gap * 100).toFixed(1)} %.`);
    return;
  }
  if (base.totalPages === undefined && base.ranked.some(r => (r.row.oomScoreAdj ?? 0) !== 0)) {
    base.reasons.push('oom_score_adj values could not be weighed because totalpages is unknown; they probably explain the order.');
    return;
  }
  base.reasons.push(`${label(top.row)} had more points (${top.points} vs ${targetRow.points}). Likely reasons: it was already exiting or had been reaped (MMF_OOM_SKIP), it is in vfork, its memory changed between the table and the decision, or it belongs to a different cgroup than the one that hit the limit.`);
}

function finish(base: VictimExplanation, ev: OomEvent, victim: OomEvent['victims'][number] | undefined): VictimExplanation {
  const chosen = ev.chosen;
  if (chosen && victim && victim.pid !== chosen.pid) {
    const childRow = base.ranked.find(r => sameProcess(r.row, victim.pid));
    const childRank = childRow?.eligible ? ` (ranked #${childRow.rank} on its own)` : '';
    const sameName = victim.comm === chosen.comm
      ? ' Same name: it may also be the same process reached through another thread id, which kernels of that time printed.'
      : '';
    base.reasons.unshift(`The kernel selected ${chosen.comm} (${chosen.pid}) but killed ${victim.comm} (${victim.pid})${childRank}: up to 5.0 it sacrificed the child with its own memory and the highest badness, to spare the parent.${sameName}`);
    base.summary += `; killed ${victim.comm} (${victim.pid}) instead`;
  }
  if (base.printedScore !== undefined && base.computedScore !== undefined) {
    const diff = Math.abs(base.printedScore - base.computedScore);
    base.reasons.push(diff <= 1
      ? `Printed score ${base.printedScore} matches our ${base.computedScore}.`
      : `Printed score ${base.printedScore}, ours ${base.computedScore}: totalpages differs (${base.totalPagesNote}) or memory changed between the table and the decision.`);
  }
  if (ev.groupPath) base.reasons.push(`memory.oom.group is set on ${ev.groupPath}: all its processes were killed, not only the top one.`);
  return base;
}

/**
 * Markdown block for hovers: verdict, reasons and the top 5. The summary and reasons are plain
 * sentences that quote the log (process names, the kernel release, cgroup paths): escaped whole.
 */
export function victimMarkdown(ex: VictimExplanation, ev: OomEvent): string {
  const out: string[] = ['**Why this victim?**', '', mdText(ex.summary) + '.'];
  for (const r of ex.reasons) out.push('', `- ${mdText(r)}`);
  if (ex.reproducible && ex.ranked.length) {
    const ps = pageSize(ev);
    const printed = ex.printedScore !== undefined;
    out.push('', `Top ${Math.min(5, ex.eligibleCount)} by badness (${mdText(ex.eraLabel)}; totalpages ${ex.totalPages ?? 'unknown'}: ${mdText(ex.totalPagesNote)}):`, '');
    out.push(`| # | task | memory | adj | points | score/1000 |${printed ? ' printed |' : ''}`);
    out.push(`|---:|---|---:|---:|---:|---:|${printed ? '---:|' : ''}`);
    const line = (r: RankedTask) => {
      const isTarget = r === ex.targetRow;
      const name = `${isTarget ? '**' : ''}${mdText(r.row.name)} (${r.row.tgid || r.row.pid})${isTarget ? '**' : ''}`;
      const cells = [String(r.rank), name, formatKiB(r.memoryPages * ps), String(r.row.oomScoreAdj ?? 0), String(r.points), r.normalized !== undefined ? String(r.normalized) : '?'];
      if (printed) cells.push(isTarget ? String(ex.printedScore) : '');
      return `| ${cells.join(' | ')} |`;
    };
    // eligible tasks come first in `ranked`: no need to walk a table of a million rows
    const top = ex.ranked.slice(0, Math.min(5, ex.eligibleCount));
    for (const r of top) out.push(line(r));
    if (ex.targetRow && !top.includes(ex.targetRow)) out.push(line(ex.targetRow));
    if (ev.memInfo?.pageSizeKnown === false || !ev.memInfo) out.push('', '_Sizes assume 4 KiB pages._');
  }
  return out.join('\n');
}
