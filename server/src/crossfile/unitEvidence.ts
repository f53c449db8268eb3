/**
 * What the OOM logs of the workspace say about one systemd unit: how often its processes were
 * OOM-killed, the cgroup limits the kernel reported for it, the largest resident size seen, and
 * where the logged limit disagrees with the MemoryMax= written in the unit.
 */
import type { WorkspaceFile } from '../common/service';
import { type OomEvent, type OomLogAnalysis, lineOf } from '../oomlog/model';
import { unitOfCgroupPath } from './cgroup';
import { formatKiB } from '../common/size';
import { mdCode, mdText } from '../common/markdown';

/**
 * What one OOM report holds for the evidence, and nothing else: the workspace's logs are read in
 * the background and only these facts are kept (a few hundred bytes per report), not their text
 * or analysis.
 */
export interface FactEvent {
  line: number;
  index: number;
  /** Cgroup of the killed task and cgroup whose limit was hit. */
  task?: string;
  limit?: string;
  victims: { comm: string; rssKiB?: number }[];
  /** Largest task-table row (the table of a memcg OOM lists only that cgroup's tasks). */
  peakRow?: { name: string; rssKiB: number };
  memory?: { usageKiB: number; limitKiB: number; line: number };
  pageKiB: number;
  /** A kill made outside the kernel's OOM killer: who made it, and what it did (`killed`, `marked for killing` …). */
  userspace?: { killer: string; action?: string };
}

export interface LogFacts { events: FactEvent[] }

const factsOf = new WeakMap<OomLogAnalysis, LogFacts>();

/** The facts of an analysis (kept per analysis object: an open log's analysis changes with each edit). */
export function logFacts(analysis: OomLogAnalysis): LogFacts {
  const hit = factsOf.get(analysis);
  if (hit) return hit;
  const events: FactEvent[] = [];
  // fresh copies of the strings kept: a slice of the log's text would keep the whole text alive
  const copies = new Map<string, string>();
  const own = (x: string | undefined): string | undefined => {
    if (x === undefined) return undefined;
    let c = copies.get(x);
    if (c === undefined) { c = Buffer.from(x, 'utf8').toString('utf8'); copies.set(c, c); }
    return c;
  };
  for (const ev of analysis.events ?? []) {
    const r = eventOf(ev);
    const task = own(r.task);
    const limit = own(r.limit);
    const pageKiB = ev.memInfo?.pageSizeKiB || 4;
    let peakRow: FactEvent['peakRow'];
    for (const r of ev.tasks?.rows ?? []) {
      const kib = r.rssPages * pageKiB;
      if (Number.isFinite(kib) && (!peakRow || kib > peakRow.rssKiB)) peakRow = { name: r.name, rssKiB: kib };
    }
    if (peakRow) peakRow.name = own(peakRow.name)!;
    const mem = ev.memcg?.memory;
    events.push({
      line: ev.startLine, index: ev.index, task, limit, pageKiB, peakRow,
      victims: ev.victims.map(v => ({ comm: own(v.comm)!, rssKiB: v.anonRssKiB !== undefined ? (v.anonRssKiB ?? 0) + (v.fileRssKiB ?? 0) + (v.shmemRssKiB ?? 0) : undefined })),
      memory: mem ? { usageKiB: mem.usageKiB, limitKiB: mem.limitKiB, line: lineOf(ev, mem.line) } : undefined,
      userspace: ev.userspace ? { killer: own(ev.userspace.killer)!, action: own(ev.userspace.texts.action) } : undefined,
    });
  }
  const facts = { events };
  factsOf.set(analysis, facts);
  return facts;
}

/** Bytes the facts take, roughly (for a cache bounded by size). */
export function factsBytes(f: LogFacts): number {
  let n = 64;
  for (const e of f.events) {
    n += 160 + (e.task?.length ?? 0) * 2 + (e.limit?.length ?? 0) * 2 + (e.peakRow?.name.length ?? 0) * 2;
    for (const v of e.victims) n += 48 + v.comm.length * 2;
  }
  return n;
}

/** A log file of the workspace, with what the caller already knows of it. */
export interface LogFile extends WorkspaceFile {
  /**
   * An OOM log open in the editor: the server's analysis of its current version, or null while a
   * huge one is still being read. Cross-file rules use it instead of parsing `text` again.
   */
  oomLog?: () => OomLogAnalysis | null;
  /** A log on disk read in the background: the facts the unit evidence needs, null until read (lsp/node/workspace.ts). */
  oomFacts?: () => LogFacts | null;
}

/** A log with its analysis (an open document), or with the facts read in the background. */
export type LogAnalysis = { uri: string; analysis: OomLogAnalysis } | { uri: string; facts: LogFacts };

export interface EvidenceEvent {
  uri: string;
  /** 0-based line of the event's first line. */
  line: number;
  index: number;
  victim?: string;
  /** This unit's own limit was hit (the cgroup whose limit was hit is the unit). */
  limitHere: boolean;
  limitKiB?: number;
  usageKiB?: number;
  /** Set when a user-space killer did it (`systemd-oomd`, `earlyoom` …): no memory limit was hit. */
  killer?: string;
}

export interface Mismatch {
  uri: string;
  line: number;
  loggedLimitKiB: number;
  /** MemoryMax= in kB, or 'infinity'. */
  configuredKiB: number | 'infinity';
  /** Plain text, for the diagnostic. */
  message: string;
  /** The same as Markdown, for the hover: the log's names escaped, the commands as code. */
  markdown: string;
}

/** What a log's limit that differs from the file's MemoryMax= says: plain text for the diagnostic, Markdown for the hover. */
export function mismatchText(unit: string, loggedKiB: number, said: string): { message: string; markdown: string } {
  return {
    message: `The log shows ${unit} killed at a limit of ${formatKiB(loggedKiB)}, but this file sets ${said}. `
      + 'Either the machine ran an older version of this unit, a drop-in or `systemctl set-property` overrides it, '
      + 'or the limit came from MemoryLimit= (cgroup v1). Check `systemctl show -p MemoryMax ' + unit + '` on the host.',
    markdown: `The log shows ${mdText(unit)} killed at a limit of ${formatKiB(loggedKiB)}, but this file sets ${mdText(said)}. `
      + `Either the machine ran an older version of this unit, a drop-in or ${mdCode('systemctl set-property')} overrides it, `
      + `or the limit came from MemoryLimit= (cgroup v1). Check ${mdCode(`systemctl show -p MemoryMax ${unit}`)} on the host.`,
  };
}

export interface UnitEvidence {
  unit: string;
  /** OOM kills of processes in this unit's cgroup (or below it). */
  kills: number;
  /** Distinct memcg limits (kB) the kernel printed when this unit's own limit was hit. */
  limitsKiB: number[];
  /** Largest resident size of one of its processes: kill lines and task tables of its own OOMs. */
  peakRssKiB?: number;
  peakRssProcess?: string;
  events: EvidenceEvent[];
  /** The first MAX_MISMATCHES mismatches; mismatchCount says how many reports disagree. */
  mismatches: Mismatch[];
  mismatchCount: number;
}

/** Mismatches spelled out (the hover shows 3, the hint links 5); the rest are counted. */
const MAX_MISMATCHES = 20;

const UNLIMITED_KIB = 8589934588; // anything at or above this is "no limit" (PAGE_COUNTER_MAX)

function sameUnit(path: string | undefined, unit: string): boolean {
  return unitOfCgroupPath(path) === unit;
}

function eventOf(ev: OomEvent): { task?: string; limit?: string } {
  return {
    task: ev.memcg?.taskPath ?? ev.summary?.taskMemcg ?? ev.userspace?.victim.cgroup,
    limit: ev.memcg?.limitPath ?? ev.summary?.oomMemcg,
  };
}

const byUnit = new WeakMap<LogFacts, Map<string, FactEvent[]>>();

/** The events of `facts` that concern `unit` (kept per facts object: a hover asks again and again over 100,000 reports). */
function eventsOfUnit(facts: LogFacts, unit: string): FactEvent[] {
  let m = byUnit.get(facts);
  if (!m) byUnit.set(facts, (m = new Map()));
  let list = m.get(unit);
  if (!list) {
    list = facts.events.filter(ev => sameUnit(ev.task, unit) || sameUnit(ev.limit, unit));
    if (m.size > 256) m.clear();
    m.set(unit, list);
  }
  return list;
}

/**
 * @param configuredMemoryMaxBytes MemoryMax= of the unit as the linter resolved it (bytes);
 *   undefined when not set or not resolvable (percentages), `Infinity` for `infinity`.
 */
export function unitEvidence(unit: string, logs: LogAnalysis[], configuredMemoryMaxBytes?: number): UnitEvidence {
  const out: UnitEvidence = { unit, kills: 0, limitsKiB: [], events: [], mismatches: [], mismatchCount: 0 };
  const limits = new Set<number>();
  const consider = (kib: number | undefined, name: string) => {
    if (kib === undefined || !Number.isFinite(kib)) return;
    if (out.peakRssKiB === undefined || kib > out.peakRssKiB) { out.peakRssKiB = kib; out.peakRssProcess = name; }
  };
  for (const log of logs) {
    const facts = 'facts' in log ? log.facts : log.analysis ? logFacts(log.analysis) : undefined;
    if (!facts) continue;
    for (const ev of eventsOfUnit(facts, unit)) {
      const killedHere = sameUnit(ev.task, unit);
      const limitHere = sameUnit(ev.limit, unit);
      const e: EvidenceEvent = { uri: log.uri, line: ev.line, index: ev.index, limitHere, victim: ev.victims[0]?.comm };
      if (ev.userspace && killedHere) {
        // systemd-oomd kills the whole cgroup: one kill of the unit, however many processes it held
        if (ev.userspace.action === 'killed' || ev.userspace.action === 'marked for killing') out.kills++;
        e.killer = ev.userspace.killer;
        out.events.push(e);
        continue;
      }
      if (killedHere) {
        out.kills += ev.victims.length;
        for (const v of ev.victims) consider(v.rssKiB, v.comm);
      }
      if (limitHere) {
        // The task table of a memcg OOM lists only that cgroup's tasks: all of them are ours.
        if (ev.peakRow) consider(ev.peakRow.rssKiB, ev.peakRow.name);
        const mem = ev.memory;
        if (mem) {
          e.usageKiB = mem.usageKiB;
          if (mem.limitKiB < UNLIMITED_KIB) {
            e.limitKiB = mem.limitKiB;
            limits.add(mem.limitKiB);
            if (configuredMemoryMaxBytes !== undefined) {
              const configuredKiB = configuredMemoryMaxBytes === Infinity ? Infinity : Math.floor(configuredMemoryMaxBytes / 1024);
              // The kernel rounds the limit down to whole pages: allow one page of difference.
              if ((configuredKiB === Infinity || Math.abs(configuredKiB - mem.limitKiB) > ev.pageKiB) && out.mismatchCount++ < MAX_MISMATCHES) {
                const said = configuredKiB === Infinity ? 'MemoryMax=infinity' : `MemoryMax= of ${formatKiB(configuredKiB)}`;
                out.mismatches.push({
                  uri: log.uri, line: mem.line, loggedLimitKiB: mem.limitKiB,
                  configuredKiB: configuredKiB === Infinity ? 'infinity' : configuredKiB,
                  ...mismatchText(unit, mem.limitKiB, said),
                });
              }
            }
          }
        }
      }
      out.events.push(e);
    }
  }
  out.limitsKiB = [...limits].sort((a, b) => a - b);
  return out;
}
