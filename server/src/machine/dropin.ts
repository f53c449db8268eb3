/**
 * "Fix it from the log": a systemd drop-in for the unit behind an OOM event, sized from what the
 * report shows, with the equivalent `systemctl` command to copy. Pure: the editor writes the file
 * (in the workspace only) and runs nothing.
 *
 * Sizing: the memory the unit's processes held when the kernel stepped in. For a cgroup OOM the
 * task table lists exactly the cgroup's tasks, so their resident memory + swap add up to the
 * unit's working set; for a machine-wide OOM only the victim is known to be the unit's, so its
 * RSS from the kill line is used. MemoryHigh= sits a little above that peak (the kernel starts
 * reclaiming and throttling there, before any kill) and MemoryMax= adds the stated headroom.
 */
import type { OomEvent } from '../oomlog/model';
import { unitOfCgroupPath } from '../crossfile/cgroup';
import { formatKiB } from '../oomlog/sizes';

export type DropInChoice = 'limits' | 'protect' | 'oomd';

export interface DropInTarget {
  unit: string;
  /** The cgroup whose limit was hit is the unit's (true) or the victim merely lived in it. */
  limitHere: boolean;
  /** What the unit's processes held, in KiB, and where that figure comes from. */
  peakKiB?: number;
  peakBasis?: string;
  /** The limit the kernel printed for the unit's cgroup. */
  loggedLimitKiB?: number;
}

export interface DropInDraft {
  unit: string;
  choice: DropInChoice;
  /** `app.service.d/50-oom-lens.conf`, relative to the directory that holds the unit (or the workspace root). */
  relativePath: string;
  text: string;
  /** What each line does, for the confirmation and the file's comments. */
  explanation: string[];
  /** The same change without the file, to copy into a shell on the machine. */
  commands: string[];
}

export const DROP_IN_NAME = '50-oom-lens.conf';
const UNLIMITED_KIB = 8589934588;
/** The section a drop-in's settings go in, by unit type (resource control is in each of these). */
const SECTIONS: Record<string, string> = { service: 'Service', slice: 'Slice', socket: 'Socket', mount: 'Mount', swap: 'Swap' };

/** The unit an event points at, or null when its cgroups name none. */
export function dropInTarget(ev: OomEvent): DropInTarget | null {
  const limitPath = ev.memcg?.limitPath ?? ev.summary?.oomMemcg;
  const taskPath = ev.memcg?.taskPath ?? ev.summary?.taskMemcg;
  const limitUnit = unitOfCgroupPath(limitPath);
  const unit = limitUnit ?? unitOfCgroupPath(taskPath);
  // a scope (session, container) is made at run time, not from a unit file: no drop-in to write
  if (!unit || unit.endsWith('.scope')) return null;
  const out: DropInTarget = { unit, limitHere: !!limitUnit };
  const mem = ev.memcg?.memory;
  if (out.limitHere && mem && mem.limitKiB < UNLIMITED_KIB) out.loggedLimitKiB = mem.limitKiB;
  const pageKiB = ev.memInfo?.pageSizeKiB || 4;
  const rows = ev.tasks?.rows ?? [];
  if (out.limitHere && rows.length) {
    let pages = 0;
    for (const r of rows) pages += r.rssPages + (r.swapentsPages ?? 0);
    out.peakKiB = pages * pageKiB;
    out.peakBasis = `resident memory + swap of the ${rows.length} task${rows.length === 1 ? '' : 's'} in the report's task table`;
    if (mem && mem.usageKiB > out.peakKiB) {
      out.peakKiB = mem.usageKiB;
      out.peakBasis = `the cgroup's memory usage when it hit the limit (it counts page cache and kernel memory too, which the task table leaves out)`;
    }
  } else {
    const v = ev.victims[0];
    const rss = v ? (v.anonRssKiB ?? 0) + (v.fileRssKiB ?? 0) + (v.shmemRssKiB ?? 0) : 0;
    if (rss > 0) {
      out.peakKiB = rss;
      out.peakBasis = `the resident memory of ${v!.comm} (${v!.pid}) when it was killed`;
    }
  }
  return out;
}

/** Rounded up to whole MiB (or GiB from 8 GiB), in systemd's size syntax. */
export function systemdSize(kib: number): string {
  const mib = Math.ceil(kib / 1024);
  if (mib >= 8192 && mib % 1024 === 0) return `${mib / 1024}G`;
  if (mib >= 8192) return `${Math.ceil(mib / 1024)}G`;
  return `${mib}M`;
}

export function draftDropIn(t: DropInTarget, choice: DropInChoice, headroomPct = 25): DropInDraft | { error: string } {
  const section = SECTIONS[t.unit.slice(t.unit.lastIndexOf('.') + 1)];
  if (!section) return { error: `${t.unit}: OOM Lens drafts drop-ins for services, slices, sockets, mounts and swaps only.` };
  if (choice === 'protect' && section === 'Slice') return { error: `OOMScoreAdjust= belongs to the processes a unit starts; a slice starts none. Set it on the services in ${t.unit}.` };
  const lines: string[] = [];
  const explanation: string[] = [];
  const commands: string[] = [];
  const edit = `sudo systemctl edit ${t.unit}   # paste the [${section}] section, save, then: sudo systemctl restart ${t.unit}`;
  if (choice === 'limits') {
    if (t.peakKiB === undefined) return { error: `The report does not show how much memory ${t.unit} held, so there is nothing to size the limits from.` };
    const high = systemdSize(t.peakKiB * 1.1);
    // stopped at its limit: it needed at least that much, and the log cannot say how much more
    const atLimit = t.loggedLimitKiB !== undefined && t.peakKiB >= t.loggedLimitKiB * 0.95;
    const base = atLimit ? Math.max(t.peakKiB, t.loggedLimitKiB!) : t.peakKiB;
    const max = systemdSize(base * (1 + headroomPct / 100));
    lines.push(`MemoryHigh=${high}`, `MemoryMax=${max}`);
    explanation.push(
      `Peak from the log: ${formatKiB(t.peakKiB)} (${t.peakBasis}).`,
      `MemoryHigh=${high} (peak + 10 %): above it the kernel reclaims the unit's memory and slows it down instead of killing — the early warning.`,
      `MemoryMax=${max} (${atLimit ? `the limit it hit, ${formatKiB(base)},` : 'peak'} + ${headroomPct} % headroom): the hard limit; reaching it starts the OOM killer inside this unit only.`,
    );
    if (atLimit) explanation.push(`It was stopped at its limit of ${formatKiB(t.loggedLimitKiB!)}, so it needed at least that much; if it still hits the new limit, the cause is likely growth (a leak or more load), not a limit set too tight.`);
    else if (t.loggedLimitKiB) explanation.push(`The limit in force at the OOM was ${formatKiB(t.loggedLimitKiB)}.`);
    commands.push(`sudo systemctl set-property ${t.unit} MemoryHigh=${high} MemoryMax=${max}   # applies at once and persists`);
  } else if (choice === 'protect') {
    lines.push('OOMScoreAdjust=-500');
    explanation.push(
      'OOMScoreAdjust=-500: in a machine-wide OOM the kernel takes half of RAM + swap off this unit\'s badness, so other processes go first.',
      'It does not help when the unit hits its own MemoryMax=: all its processes share the adjustment there. -1000 would exempt it entirely and risk a panic when nothing else is left to kill.',
    );
    commands.push(edit);
  } else {
    lines.push('ManagedOOMMemoryPressure=kill', 'ManagedOOMMemoryPressureLimit=60%');
    explanation.push(
      'ManagedOOMMemoryPressure=kill: systemd-oomd kills this unit\'s cgroup when its memory pressure stays above the limit (for 30 s by default), before the kernel OOM killer has to act.',
      'ManagedOOMMemoryPressureLimit=60%: share of time its tasks may stall on memory before that happens. Needs systemd-oomd running (systemctl is-active systemd-oomd).',
    );
    commands.push(edit);
  }
  const header = [`# Drafted by OOM Lens from an OOM report${t.limitHere ? ` in which ${t.unit} hit its memory limit` : ` that killed a process of ${t.unit}`}.`];
  for (const e of explanation) header.push(`# ${e}`);
  header.push(`# Install: copy to /etc/systemd/system/${t.unit}.d/${DROP_IN_NAME}, then sudo systemctl daemon-reload and sudo systemctl restart ${t.unit}.`);
  return {
    unit: t.unit, choice,
    relativePath: `${t.unit}.d/${DROP_IN_NAME}`,
    text: `${header.join('\n')}\n[${section}]\n${lines.join('\n')}\n`,
    explanation, commands,
  };
}
