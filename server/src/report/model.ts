/**
 * The report view model: what the OOM report webview and `oom-lens analyze --format markdown`
 * show, built from an OomLogAnalysis. Pure and bounded: per event at most TOP_N processes and
 * one entry per zone, so a file with hundreds of events stays cheap to send and render.
 * All line numbers are 0-based (editor lines).
 */
import { type OomEvent, type OomKind, type OomLogAnalysis, type TaskRow, endLineOf, lineOf, problemMessage } from '../oomlog/model';
import { unitOfCgroupPath } from '../crossfile/cgroup';
import { gfpWords, orderInWords } from './gfpWords';
import type { FieldIndex } from '../oomlog/fieldstore';
import { GFP_ERAS } from '../oomlog/gfp';
import { formatKiB, freedKiB } from '../oomlog/sizes';
import { own } from '../common/lookup';
import { containerText, decodeCgroupPath } from '../oomlog/container';
import { userspaceHeadline } from '../oomlog/userspace/text';

export const TOP_N = 10;
/** Victims and problems listed per event; the rest are counted (`victimCount`, `problemCount`): a group kill can have 30,000 kill lines. */
export const MAX_LISTED = 50;
/** Memory cgroup "no limit": PAGE_COUNTER_MAX in kB (64-bit, 4K pages) and its 32-bit twin. */
const UNLIMITED_KIB = [9007199254740988, 8589934588];

export interface ProcessBar {
  pid: number;
  name: string;
  line: number;
  rssKiB: number;
  /** Split of rss when the task table prints it (6.8+). */
  anonKiB?: number;
  fileKiB?: number;
  shmemKiB?: number;
  oomScoreAdj?: number;
  victim: boolean;
}

export interface ZoneBar {
  name: string;
  line: number;
  freeKiB: number;
  minKiB?: number;
  lowKiB?: number;
  highKiB?: number;
  /** free below min: the zone could not serve normal allocations. */
  belowMin: boolean;
}

export interface VictimView {
  pid: number;
  comm: string;
  line: number;
  uid?: number;
  oomScoreAdj?: number;
  totalVmKiB?: number;
  anonKiB?: number;
  fileKiB?: number;
  shmemKiB?: number;
  /** anon + file + shmem at kill time: what the kill gave back (at most). */
  rssKiB?: number;
}

export interface MemcgView {
  limitPath?: string;
  taskPath?: string;
  /** systemd unit named by the cgroup path, e.g. `app.service`. */
  limitUnit?: string;
  /** The container, pod or VM the cgroup paths name (`containerd container 4f2c1a9b3e7d, Kubernetes pod …, QoS Burstable`). */
  container?: string;
  taskUnit?: string;
  usageKiB?: number;
  limitKiB?: number;
  unlimited: boolean;
  failcnt?: number;
  /** The counter usageKiB/limitKiB are of, when it is not `memory`: the one that hit its limit (`memory+swap`, `kmem`). */
  counter?: 'memory+swap' | 'kmem';
  swapUsageKiB?: number;
  swapLimitKiB?: number;
  line?: number;
}

export interface EventView {
  index: number;
  line: number;
  endLine: number;
  /** As printed: wall clock when the wrapper had one, else `[seconds]` since boot. */
  when?: string;
  /** Seconds (since boot, or since the epoch for wall-clock logs) for the timeline. */
  timeSec?: number;
  kernel?: string;
  kind: OomKind;
  kindText: string;
  /** One sentence: who died, why, how much it held. */
  headline: string;
  trigger?: {
    comm: string;
    pid?: number;
    line: number;
    gfpMask?: string;
    gfpFlags: { name: string; words?: string }[];
    gfpSource: 'printed' | 'decoded' | 'none';
    /** The kernel range whose gfp.h table decoded the mask, when gfpSource is 'decoded'. */
    gfpEra?: string;
    order?: number;
    orderText?: string;
    oomScoreAdj?: number;
  };
  constraint?: string;
  memcg?: MemcgView;
  /** The first MAX_LISTED victims; victimCount says how many there are. */
  victims: VictimView[];
  victimCount: number;
  chosen?: { pid: number; comm: string; score?: number; line: number };
  reaper: { state: 'finished' | 'failed' | 'not in log' | 'not applicable'; line?: number; remainingKiB?: number; text: string };
  topProcesses: ProcessBar[];
  /** True when topProcesses carry the anon/file/shmem split. */
  rssSplit: boolean;
  taskCount: number;
  zones: ZoneBar[];
  swap?: { freeKiB: number; totalKiB: number; line?: number };
  freedKiB?: number;
  groupPath?: string;
  noKillable: boolean;
  panic?: string;
  missing: string[];
  /** The first MAX_LISTED problems; problemCount says how many there are. */
  problems: { line: number; message: string }[];
  problemCount: number;
  /** Kills made outside the kernel's OOM killer: who killed, why, and the facts the log gives, in its order. */
  userspace?: { killer: string; reporter?: string; reason: string; facts: { label: string; text: string; line?: number }[] };
}

export interface TimelinePoint { index: number; line: number; timeSec?: number; freedKiB: number; victim?: string }

export interface ReportView {
  file: string;
  uri: string;
  events: EventView[];
  /** Present when the file has two or more events. */
  timeline?: { points: TimelinePoint[]; timed: boolean; totalFreedKiB: number };
}

const KIND_TEXT: Record<OomKind, string> = {
  global: 'whole machine out of memory',
  memcg: 'memory cgroup hit its limit',
  'memcg-v1': 'memory cgroup (v1) hit its limit',
  'memcg-v2': 'memory cgroup (v2) hit its limit',
  cpuset: 'out of memory within the nodes of a cpuset',
  mempolicy: 'out of memory within the nodes of a NUMA memory policy',
  sysrq: 'manual OOM kill (SysRq-f)',
  unknown: 'kind unknown (report incomplete)',
  'systemd-oomd': 'killed by systemd-oomd (user space, before the kernel OOM killer)',
  earlyoom: 'killed by earlyoom (user space, before the kernel OOM killer)',
  kubernetes: 'container OOM kill reported by Kubernetes / the container runtime',
  lmkd: 'killed by Android low-memory killer',
};

function sum(...xs: (number | undefined)[]): number | undefined {
  let s: number | undefined;
  for (const x of xs) if (typeof x === 'number' && Number.isFinite(x)) s = (s ?? 0) + x;
  return s;
}

/** The size format of every view (common/size.ts), re-exported for the report's renderers. */
export { formatKiB };

function timeOf(ev: OomEvent): { when?: string; timeSec?: number } {
  const t = ev.timestamp;
  if (!t) return {};
  if (t.iso) {
    const ms = Date.parse(t.iso);
    return { when: t.wall ?? t.iso, timeSec: Number.isFinite(ms) ? ms / 1000 : t.monotonicSec };
  }
  if (t.wall) {
    const ms = Date.parse(t.wall.replace(/^\[|\]$/g, ''));
    return { when: t.wall, timeSec: t.monotonicSec ?? (Number.isFinite(ms) ? ms / 1000 : undefined) };
  }
  if (t.monotonicSec !== undefined) return { when: `[${t.monotonicSec.toFixed(6)}] since boot`, timeSec: t.monotonicSec };
  return { when: t.raw || undefined };
}

function rowBar(ev: OomEvent, r: TaskRow, pageKiB: number, victims: Set<number>): ProcessBar {
  const bar: ProcessBar = {
    pid: r.tgid || r.pid, name: r.name, line: lineOf(ev, r.line), rssKiB: r.rssPages * pageKiB,
    victim: victims.has(r.pid) || victims.has(r.tgid), oomScoreAdj: r.oomScoreAdj,
  };
  if (r.rssAnonPages !== undefined) bar.anonKiB = r.rssAnonPages * pageKiB;
  if (r.rssFilePages !== undefined) bar.fileKiB = r.rssFilePages * pageKiB;
  if (r.rssShmemPages !== undefined) bar.shmemKiB = r.rssShmemPages * pageKiB;
  return bar;
}

/** The n largest rows by rss in one pass (n is small): O(rows × n). */
function topRows(rows: TaskRow[], n: number): TaskRow[] {
  const top: TaskRow[] = [];
  for (const r of rows) {
    if (top.length < n) { top.push(r); top.sort((a, b) => b.rssPages - a.rssPages); continue; }
    if (r.rssPages > top[top.length - 1].rssPages) {
      top[top.length - 1] = r;
      top.sort((a, b) => b.rssPages - a.rssPages);
    }
  }
  return top;
}

function memcgView(ev: OomEvent): MemcgView | undefined {
  const m = ev.memcg;
  // v1 prints `Memory cgroup stats for <path>` first for the cgroup whose limit was hit.
  const limitPath = m?.limitPath ?? ev.summary?.oomMemcg ?? (m?.memory ? m.stats[0]?.path : undefined);
  const taskPath = m?.taskPath ?? ev.summary?.taskMemcg;
  if (!m && !limitPath && !taskPath) return undefined;
  const v: MemcgView = { limitPath, taskPath, unlimited: false };
  const lu = unitOfCgroupPath(limitPath);
  const tu = unitOfCgroupPath(taskPath);
  if (lu) v.limitUnit = lu;
  if (tu) v.taskUnit = tu;
  const c = decodeCgroupPath(taskPath) ?? decodeCgroupPath(limitPath);
  if (c) v.container = containerText(c);
  // "used of limit" is read on the counter that hit its limit (a v1 memory+swap or kmem limit)
  const hit = m?.limitHit === 'memory+swap' ? m.memsw : m?.limitHit === 'kmem' ? m.kmem : undefined;
  const counter = hit ?? m?.memory;
  if (counter) {
    v.usageKiB = counter.usageKiB;
    v.limitKiB = counter.limitKiB;
    v.failcnt = counter.failcnt;
    v.line = lineOf(ev, counter.line);
    v.unlimited = UNLIMITED_KIB.includes(counter.limitKiB);
    if (hit) v.counter = m!.limitHit as 'memory+swap' | 'kmem';
  }
  if (m?.swap) { v.swapUsageKiB = m.swap.usageKiB; v.swapLimitKiB = m.swap.limitKiB; }
  return v;
}

/**
 * What the reaper line says was still mapped after reaping, in words: nothing, or the non-zero
 * parts. File pages stay in the page cache, so they are named as such when they are what is left.
 */
function reaperLeft(r: { anonRssKiB?: number; fileRssKiB?: number; shmemRssKiB?: number }): string {
  const parts: [string, number | undefined][] = [['anon', r.anonRssKiB], ['file', r.fileRssKiB], ['shmem', r.shmemRssKiB]];
  const left = parts.filter(([, kib]) => kib !== undefined && kib > 0) as [string, number][];
  if (!parts.some(([, kib]) => kib !== undefined)) return '';
  if (!left.length) return ' (nothing left mapped)';
  const total = left.reduce((s, [, kib]) => s + kib, 0);
  const fileOnly = left.length === 1 && left[0][0] === 'file';
  return ` (${formatKiB(total)} still mapped: ${left.map(([name, kib]) => `${name} ${formatKiB(kib)}`).join(', ')}${fileOnly ? '; file pages stay in the page cache' : ''})`;
}

function reaperView(ev: OomEvent): EventView['reaper'] {
  if (ev.userspace) return { state: 'not applicable', text: `${ev.userspace.killer === 'kernel' ? 'see the kernel\'s own report for the reaper' : 'a kill from user space: the kernel OOM reaper is not involved'}` };
  const r = ev.reaper;
  if (r) {
    const remaining = sum(r.anonRssKiB, r.fileRssKiB, r.shmemRssKiB);
    return r.ok
      ? { state: 'finished', line: lineOf(ev, r.line), remainingKiB: remaining, text: `the OOM reaper freed the victim's memory${reaperLeft(r)}` }
      : { state: 'failed', line: lineOf(ev, r.line), text: 'the OOM reaper could not reap the victim: its memory may stay in use until it exits' };
  }
  if (!ev.victims.length) return { state: 'not applicable', text: 'nobody was killed' };
  const version = /^(\d+)\.(\d+)/.exec(ev.kernel ?? '');
  if (version && (Number(version[1]) < 4 || (Number(version[1]) === 4 && Number(version[2]) < 6))) {
    return { state: 'not applicable', text: 'this kernel has no OOM reaper (added in 4.6)' };
  }
  return { state: 'not in log', text: 'no oom_reaper line: the victim probably exited on its own, or the line is in another part of the log' };
}

function headline(ev: OomEvent, v: EventView): string {
  if (ev.userspace) return userspaceHeadline(ev);
  const kind = v.kindText;
  if (v.victims.length) {
    const first = v.victims[0];
    const more = v.victimCount > 1 ? ` and ${v.victimCount - 1} more` : '';
    const held = first.rssKiB !== undefined ? `, holding ${formatKiB(first.rssKiB)}` : '';
    const where = v.memcg?.limitUnit ? ` in ${v.memcg.limitUnit}` : '';
    return `${first.comm} (pid ${first.pid})${more} killed${held}: ${kind}${where}`;
  }
  if (ev.noKillable) return `no process could be killed: ${kind}`;
  if (ev.chosen) return `${ev.chosen.comm} (pid ${ev.chosen.pid}) selected, kill line not in log: ${kind}`;
  return `OOM report without a kill line: ${kind}`;
}

export function buildEventView(ev: OomEvent, fields: Pick<FieldIndex, 'find'> | { find(ev: OomEvent, key: string): { range: { start: { line: number } } } | undefined }): EventView {
  const pageKiB = ev.memInfo?.pageSizeKiB || 4;
  const { when, timeSec } = timeOf(ev);
  const victims: VictimView[] = ev.victims.slice(0, MAX_LISTED).map(x => ({
    pid: x.pid, comm: x.comm, line: lineOf(ev, x.line), uid: x.uid, oomScoreAdj: x.oomScoreAdj, totalVmKiB: x.totalVmKiB,
    anonKiB: x.anonRssKiB, fileKiB: x.fileRssKiB, shmemKiB: x.shmemRssKiB,
    rssKiB: sum(x.anonRssKiB, x.fileRssKiB, x.shmemRssKiB),
  }));
  const victimPids = new Set(ev.victims.map(x => x.pid));
  const rows = ev.tasks?.rows ?? [];
  const top = topRows(rows, TOP_N).map(r => rowBar(ev, r, pageKiB, victimPids));
  if (victimPids.size && !top.some(b => b.victim)) {
    // Keep the victim in the chart even when it was not among the largest.
    const row = rows.find(r => victimPids.has(r.pid) || victimPids.has(r.tgid));
    if (row) top.push(rowBar(ev, row, pageKiB, victimPids));
  }
  const zones: ZoneBar[] = [];
  for (const z of ev.memInfo?.zones ?? []) {
    const free = z.kB.free;
    if (free === undefined) continue;
    zones.push({
      name: `${z.node !== undefined ? `Node ${z.node} ` : ''}${z.zone}`, line: lineOf(ev, z.line), freeKiB: free,
      minKiB: z.kB.min, lowKiB: z.kB.low, highKiB: z.kB.high, belowMin: z.kB.min !== undefined && free < z.kB.min,
    });
  }
  const mi = ev.memInfo;
  const swap = mi && mi.swapTotalKiB !== undefined
    ? { freeKiB: mi.swapFreeKiB ?? 0, totalKiB: mi.swapTotalKiB, line: fields.find(ev, 'swap.total')?.range.start.line }
    : undefined;
  const t = ev.trigger;
  const v: EventView = {
    index: ev.index, line: ev.startLine, endLine: endLineOf(ev), when, timeSec, kernel: ev.kernel,
    kind: ev.kind, kindText: KIND_TEXT[ev.kind] ?? ev.kind, headline: '',
    trigger: t ? {
      comm: t.comm, pid: t.pid, line: lineOf(ev, t.line), gfpMask: t.gfpMask,
      gfpFlags: t.gfpFlags.map(name => ({ name, words: own(gfpWords, name) })), gfpSource: t.gfpFlagsSource,
      gfpEra: t.gfpFlagsSource === 'decoded' ? GFP_ERAS.find(e => e.id === t.gfpEra)?.label : undefined,
      order: t.order, orderText: orderInWords(t.order, pageKiB), oomScoreAdj: t.oomScoreAdj,
    } : undefined,
    constraint: ev.summary?.constraint,
    memcg: memcgView(ev),
    victims,
    victimCount: ev.victims.length,
    chosen: ev.chosen ? { pid: ev.chosen.pid, comm: ev.chosen.comm, score: ev.chosen.score, line: lineOf(ev, ev.chosen.line) } : undefined,
    reaper: reaperView(ev),
    topProcesses: top,
    rssSplit: top.some(b => b.anonKiB !== undefined),
    taskCount: rows.length,
    zones,
    swap,
    freedKiB: ev.victims.some(v => freedKiB(v) !== undefined) ? ev.victims.reduce((s, v) => s + (freedKiB(v) ?? 0), 0) : undefined,
    groupPath: ev.groupPath,
    noKillable: !!ev.noKillable,
    panic: ev.panic,
    missing: [...ev.missing],
    problems: ev.problems.slice(0, MAX_LISTED).map(p => ({ line: lineOf(ev, p.range.start.line), message: problemMessage(ev, p) })),
    problemCount: ev.problems.length,
  };
  const u = ev.userspace;
  if (u) {
    v.userspace = { killer: u.killer, reason: u.reason, facts: u.facts.map(f => (f.line === undefined ? { ...f } : { ...f, line: lineOf(ev, f.line) })) };
    if (u.reporter) v.userspace.reporter = u.reporter;
    const c = decodeCgroupPath(u.victim.cgroup);
    if (c) v.userspace.facts.push({ label: 'Container', text: containerText(c), line: lineOf(ev, u.victim.line) });
    if (victims[0] && u.victim.rssKiB !== undefined) victims[0].rssKiB = u.victim.rssKiB;
  }
  v.headline = headline(ev, v);
  return v;
}

export function buildReportView(analysis: OomLogAnalysis, file: string, uri: string): ReportView {
  return reportViewOf(analysis.events.map(ev => buildEventView(ev, analysis.fields)), file, uri);
}

/** Whether a report of `count` events has a timeline: two events or more. */
export function hasTimeline(count: number): boolean { return count >= 2; }

/** An event's point on its report's timeline. */
export function timelinePoint(e: EventView): TimelinePoint {
  return { index: e.index, line: e.line, timeSec: e.timeSec, freedKiB: e.freedKiB ?? 0, victim: e.victims[0]?.comm };
}

/** The report of a log from the views of its events. */
export function reportViewOf(events: EventView[], file: string, uri: string): ReportView {
  const view: ReportView = { file, uri, events };
  if (hasTimeline(events.length)) {
    const timed = events.every(e => e.timeSec !== undefined);
    const points = events.map(timelinePoint);
    view.timeline = { points, timed, totalFreedKiB: points.reduce((s, p) => s + p.freedKiB, 0) };
  }
  return view;
}

/** What the status bar shows of an OOM log: the number of events and the first one's headline. */
export interface ReportSummary { events: number; headline?: string }

export function reportSummary(analysis: OomLogAnalysis): ReportSummary {
  const first = analysis.events[0];
  return { events: analysis.events.length, headline: first ? buildEventView(first, analysis.fields).headline : undefined };
}
