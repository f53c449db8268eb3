/**
 * "Who goes next": the processes of a machine ranked by the kernel's own /proc/PID/oom_score, each
 * with the badness recomputed from its memory the way log hovers recompute it for a task table
 * (oomlog/badness.ts `badnessOf`), and the cgroups with a memory limit, with their headroom.
 *
 * /proc/PID/oom_score (fs/proc/base.c `proc_oom_score`) divides by the machine's totalpages
 * (RAM the kernel manages, MemTotal, plus swap), whatever cgroup the task is in:
 *   5.9+       (1000 + badness × 1000 / totalpages) × 2 / 3   → 0..2000, 0 for unkillable tasks
 *   3.6–5.8    badness × 1000 / totalpages                   → 0..1000
 *   2.6.36–3.5 badness is already 0..1000
 * In a cgroup OOM only that cgroup's tasks compete and totalpages is its limit, so the order
 * inside a cgroup can differ from the machine-wide one; each limited cgroup gets its own top list.
 */
import { badnessOf, eraOf, type Era } from '../oomlog/badness';
import type { OomEvent, TaskRow } from '../oomlog/model';
import { formatKiB, formatBytes } from '../oomlog/sizes';
import { ancestors, detectLayout, hasLimit, parsePressure, readCgroupMemory, type CgroupMemory } from './cgroup';
import { parseMeminfo, readProcesses, type MemInfo, type ProcessInfo } from './proc';
import type { MachineSource } from './source';

/** Sizes in /proc are in kB; the badness counts pages. Every architecture Linux runs on with 4 KiB pages but arm64/ppc64 64K kernels. */
const PAGE_KIB = 4;

export interface RankedProcess extends ProcessInfo {
  /** Badness points as oom_badness() computes them from the sizes read (pages). */
  points?: number;
  /** The score those points give, to compare with the kernel's oomScore. */
  computedScore?: number;
  /** Why the kernel will not pick it, when it will not. */
  exempt?: 'oom_score_adj -1000' | 'kernel thread' | 'init';
  /** 1-based rank among processes the kernel may pick (by oomScore); 0 when exempt. */
  rank: number;
  /** Index into MachineSnapshot.cgroups of the nearest cgroup with a memory limit. */
  limitedBy?: number;
}

export interface LimitedCgroup extends CgroupMemory {
  owner?: string;
  /** Pids of the processes below it, best badness first (a cgroup OOM picks among them). */
  top: number[];
}

export interface MachineSnapshot {
  root: string;
  kernel?: string;
  era?: Era;
  meminfo: MemInfo;
  /** The kernel's totalpages for /proc/PID/oom_score: MemTotal + SwapTotal, in pages. */
  totalPages?: number;
  processes: RankedProcess[];
  cgroups: LimitedCgroup[];
  /** Machine-wide memory pressure, /proc/pressure/memory. */
  psi?: { someAvg10: number; fullAvg10?: number };
  vanished: number;
  /** Files every process lacked, e.g. `oom_score` on a saved tree that did not keep it. */
  notes: string[];
}

function rowOf(p: ProcessInfo): TaskRow {
  return {
    pid: p.pid, uid: p.uid ?? 0, tgid: p.tgid, totalVmPages: 0,
    rssPages: Math.floor((p.rssKiB ?? 0) / PAGE_KIB),
    swapentsPages: Math.floor((p.swapKiB ?? 0) / PAGE_KIB),
    pgtablesBytes: (p.pageTablesKiB ?? 0) * 1024,
    oomScoreAdj: p.oomScoreAdj, name: p.name, line: 0,
  };
}

/** The score /proc/PID/oom_score shows for these points (integer division as in C). */
export function scoreOf(points: number, totalPages: number, era: Era): number {
  if (era === '2.6.36') return points;
  const norm = Math.trunc((points * 1000) / totalPages);
  return era === '5.9' ? Math.max(0, Math.trunc(((1000 + norm) * 2) / 3)) : Math.max(0, norm);
}

export function takeSnapshot(src: MachineSource): MachineSnapshot | { error: string } {
  const listing = readProcesses(src);
  if ('error' in listing) return listing;
  const meminfoText = src.read('/proc/meminfo');
  const meminfo = meminfoText !== undefined ? parseMeminfo(meminfoText) : {};
  const kernel = src.read('/proc/sys/kernel/osrelease')?.trim();
  const notes: string[] = [];
  if (meminfoText === undefined) notes.push('/proc/meminfo is not readable: scores cannot be recomputed.');
  const { era: kernelEra } = eraOf({ kernel } as Pick<OomEvent, 'kernel' | 'tasks'> as OomEvent);
  const era: Era = kernelEra && kernelEra !== 'legacy' ? kernelEra : '5.9';
  if (!kernel) notes.push('Kernel release unknown (/proc/sys/kernel/osrelease not readable): assuming the 5.9+ score formula.');
  const totalPages = meminfo.memTotalKiB !== undefined
    ? Math.floor(meminfo.memTotalKiB / PAGE_KIB) + Math.floor((meminfo.swapTotalKiB ?? 0) / PAGE_KIB)
    : undefined;

  const processes: RankedProcess[] = listing.processes.map(p => {
    const r: RankedProcess = { ...p, rank: 0 };
    if (p.kernelThread) r.exempt = 'kernel thread';
    // the machine's init is never picked; a container's PID 1 is another process, and its score says so
    else if (p.pid === 1 && !p.oomScore) r.exempt = 'init';
    else if (p.oomScoreAdj === -1000) r.exempt = 'oom_score_adj -1000';
    if (!r.exempt && p.rssKiB !== undefined) {
      const b = badnessOf(rowOf(p), era, totalPages, PAGE_KIB);
      r.points = b.points;
      if (totalPages) r.computedScore = scoreOf(b.points, totalPages, era);
    }
    return r;
  });
  const missingScore = processes.filter(p => p.oomScore === undefined).length;
  if (missingScore && missingScore === processes.length) notes.push('No oom_score could be read: ranked by the recomputed score.');
  const key = (p: RankedProcess) => (p.exempt ? -1 : p.oomScore ?? p.computedScore ?? -1);
  processes.sort((a, b) => key(b) - key(a) || (b.points ?? -1) - (a.points ?? -1) || a.pid - b.pid);
  let n = 0;
  let prev: RankedProcess | undefined;
  for (const p of processes) {
    if (p.exempt) continue;
    n++;
    p.rank = prev && key(prev) === key(p) ? prev.rank : n;
    prev = p;
  }

  // cgroups with a limit: each process's own cgroup and its ancestors, read once per path
  const layout = detectLayout(src);
  const cgroups: LimitedCgroup[] = [];
  const byPath = new Map<string, number | null>();
  for (const p of processes) {
    const v1 = p.cgroup.memoryV1 !== undefined && layout.memoryV1Dir !== undefined;
    const own = v1 ? p.cgroup.memoryV1 : p.cgroup.unified;
    if (own === undefined) continue;
    for (const path of ancestors(own)) {
      const k = `${v1 ? 1 : 2}:${path}`;
      let idx = byPath.get(k);
      if (idx === undefined) {
        const m = readCgroupMemory(src, layout, v1 ? { memoryV1: path, unified: path === own ? p.cgroup.unified : undefined } : { unified: path });
        idx = m && hasLimit(m) ? cgroups.push({ ...m, owner: undefined, top: [] }) - 1 : null;
        byPath.set(k, idx);
      }
      if (idx !== null) {
        if (p.limitedBy === undefined) { p.limitedBy = idx; cgroups[idx].owner ??= p.owner?.label; }
        if (!p.exempt) cgroups[idx].top.push(p.pid);
      }
    }
  }
  const pointsOf = new Map(processes.map(p => [p.pid, p.points ?? -1]));
  for (const c of cgroups) c.top.sort((a, b) => (pointsOf.get(b)! - pointsOf.get(a)!) || a - b);
  const psiText = src.read('/proc/pressure/memory');
  return {
    root: src.root, kernel, era, meminfo, totalPages, processes, cgroups,
    psi: psiText !== undefined ? parsePressure(psiText) : undefined,
    vanished: listing.vanished, notes,
  };
}

/** Plain sentences: why this process has its score (tooltips, `ps` explanations). */
export function explainProcess(p: RankedProcess, snap: MachineSnapshot): string[] {
  if (p.exempt === 'kernel thread') return ['Kernel thread: it has no memory of its own, so the OOM killer never picks it (oom_score 0).'];
  if (p.exempt === 'init') return ['PID 1 (init) is never picked by the OOM killer.'];
  if (p.exempt) return ['oom_score_adj is -1000: the OOM killer never picks this process, however much memory it holds.'];
  const out: string[] = [];
  const rss = p.rssKiB ?? 0;
  const swap = p.swapKiB ?? 0;
  const pt = p.pageTablesKiB ?? 0;
  out.push(`Badness counts resident memory ${formatKiB(rss)} + swap ${formatKiB(swap)} + page tables ${formatKiB(pt)} = ${formatKiB(rss + swap + pt)}.`);
  const adj = p.oomScoreAdj ?? 0;
  if (snap.totalPages) {
    const tp = snap.totalPages;
    if (adj) {
      const pct = Math.abs(adj) / 10;
      out.push(`oom_score_adj ${adj > 0 ? '+' : ''}${adj} ${adj > 0 ? 'adds' : 'subtracts'} ${pct} % of RAM + swap (${formatKiB(Math.abs(adj) * Math.floor(tp / 1000) * PAGE_KIB)}).`);
    }
    out.push(`Out of RAM + swap = ${formatKiB(tp * PAGE_KIB)} (the kernel's totalpages for this score)` +
      (snap.era === '5.9' ? ', scaled as (1000 + points × 1000 / totalpages) × 2/3: 0 means never, 666 is an idle process without adjustment, 2000 the most likely.' : '.'));
    if (p.oomScore !== undefined && p.computedScore !== undefined) {
      const d = Math.abs(p.oomScore - p.computedScore);
      out.push(d === 0 ? `The kernel's oom_score ${p.oomScore} matches the recomputed ${p.computedScore}.`
        : d === 1 ? `The kernel's oom_score ${p.oomScore} is within 1 of the recomputed ${p.computedScore} (the kernel's resident-page counters are per CPU and read without summing them).`
          : `The kernel says ${p.oomScore}, the sizes read say ${p.computedScore}: its memory changed between the reads.`);
    }
  }
  out.push(`Rank #${p.rank} machine-wide: in a global OOM the highest score goes first.`);
  if (p.limitedBy !== undefined) {
    const c = snap.cgroups[p.limitedBy];
    const pos = c.top.indexOf(p.pid) + 1;
    out.push(`Its cgroup ${c.path} has a limit (${limitText(c)}): if that limit is hit, only its ${c.top.length} process${c.top.length === 1 ? ' competes' : 'es compete'}, and this one ranks #${pos} there.`);
  }
  return out;
}

/** `max 512 MiB, high 400 MiB`. */
export function limitText(c: CgroupMemory): string {
  const parts: string[] = [];
  if (c.maxBytes !== undefined) parts.push(`max ${formatBytes(c.maxBytes)}`);
  if (c.highBytes !== undefined) parts.push(`high ${formatBytes(c.highBytes)}`);
  return parts.join(', ') || 'none';
}

/** `412 MiB of max 512 MiB (80 %), high 400 MiB`. */
export function headroomText(c: CgroupMemory): string {
  const cur = c.currentBytes;
  const parts: string[] = [];
  const lim = c.maxBytes ?? c.highBytes;
  if (cur !== undefined) parts.push(`${formatBytes(cur)} used`);
  if (c.maxBytes !== undefined) parts.push(`max ${formatBytes(c.maxBytes)}`);
  if (c.highBytes !== undefined) parts.push(`high ${formatBytes(c.highBytes)}`);
  if (cur !== undefined && lim) parts.push(`${Math.round((cur / lim) * 100)} % of ${c.maxBytes !== undefined ? 'max' : 'high'}`);
  return parts.join(', ');
}

/** `oom 2, oom_kill 1, high 40, max 3` — the counters that are present and not zero, or `none`. */
export function eventsText(c: CgroupMemory): string {
  const e = c.events;
  const parts = (['oom', 'oom_kill', 'high', 'max', 'failcnt'] as const)
    .filter(k => e[k] !== undefined && e[k] !== 0).map(k => `${k} ${e[k]}`);
  return parts.length ? parts.join(', ') : 'none';
}
