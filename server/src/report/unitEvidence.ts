/**
 * What the OOM logs of the workspace say about one systemd unit: how often its processes were
 * OOM-killed, the cgroup limits the kernel reported for it, the largest resident size seen, and
 * where the logged limit disagrees with the MemoryMax= written in the unit.
 */
import type { OomEvent, OomLogAnalysis } from '../oomlog/model';
import { unitOfCgroupPath } from './cgroup';
import { formatKiB } from './model';

export interface LogAnalysis { uri: string; analysis: OomLogAnalysis }

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
  message: string;
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
  mismatches: Mismatch[];
}

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

/**
 * @param configuredMemoryMaxBytes MemoryMax= of the unit as the linter resolved it (bytes);
 *   undefined when not set or not resolvable (percentages), `Infinity` for `infinity`.
 */
export function unitEvidence(unit: string, logs: LogAnalysis[], configuredMemoryMaxBytes?: number): UnitEvidence {
  const out: UnitEvidence = { unit, kills: 0, limitsKiB: [], events: [], mismatches: [] };
  const limits = new Set<number>();
  const consider = (kib: number | undefined, name: string) => {
    if (kib === undefined || !Number.isFinite(kib)) return;
    if (out.peakRssKiB === undefined || kib > out.peakRssKiB) { out.peakRssKiB = kib; out.peakRssProcess = name; }
  };
  for (const log of logs) {
    for (const ev of log.analysis?.events ?? []) {
      const { task, limit } = eventOf(ev);
      const killedHere = sameUnit(task, unit);
      const limitHere = sameUnit(limit, unit);
      if (!killedHere && !limitHere) continue;
      const e: EvidenceEvent = { uri: log.uri, line: ev.startLine, index: ev.index, limitHere, victim: ev.victims[0]?.comm };
      const u = ev.userspace;
      if (u && killedHere) {
        // systemd-oomd kills the whole cgroup: one kill of the unit, however many processes it held
        if (u.texts.action === 'killed' || u.texts.action === 'marked for killing') out.kills++;
        e.killer = u.killer;
        out.events.push(e);
        continue;
      }
      if (killedHere) {
        out.kills += ev.victims.length;
        for (const v of ev.victims) {
          const rss = (v.anonRssKiB ?? 0) + (v.fileRssKiB ?? 0) + (v.shmemRssKiB ?? 0);
          if (v.anonRssKiB !== undefined) consider(rss, v.comm);
        }
      }
      if (limitHere) {
        // The task table of a memcg OOM lists only that cgroup's tasks: all of them are ours.
        const pageKiB = ev.memInfo?.pageSizeKiB || 4;
        for (const r of ev.tasks?.rows ?? []) consider(r.rssPages * pageKiB, r.name);
        const mem = ev.memcg?.memory;
        if (mem) {
          e.usageKiB = mem.usageKiB;
          if (mem.limitKiB < UNLIMITED_KIB) {
            e.limitKiB = mem.limitKiB;
            limits.add(mem.limitKiB);
            if (configuredMemoryMaxBytes !== undefined) {
              const configuredKiB = configuredMemoryMaxBytes === Infinity ? Infinity : Math.floor(configuredMemoryMaxBytes / 1024);
              // The kernel rounds the limit down to whole pages: allow one page of difference.
              if (configuredKiB === Infinity || Math.abs(configuredKiB - mem.limitKiB) > pageKiB) {
                const said = configuredKiB === Infinity ? 'MemoryMax=infinity' : `MemoryMax= of ${formatKiB(configuredKiB)}`;
                out.mismatches.push({
                  uri: log.uri, line: mem.line, loggedLimitKiB: mem.limitKiB,
                  configuredKiB: configuredKiB === Infinity ? 'infinity' : configuredKiB,
                  message: `The log shows ${unit} killed at a limit of ${formatKiB(mem.limitKiB)}, but this file sets ${said}. `
                    + 'Either the machine ran an older version of this unit, a drop-in or `systemctl set-property` overrides it, '
                    + 'or the limit came from MemoryLimit= (cgroup v1). Check `systemctl show -p MemoryMax ' + unit + '` on the host.',
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
