/**
 * Memory state of cgroups: usage, limits, OOM and throttling counters, and pressure (PSI).
 *
 * cgroup v2 (`/sys/fs/cgroup/<path>`, or `/sys/fs/cgroup/unified/<path>` on hybrid machines):
 *   memory.current, memory.max, memory.high, memory.swap.max, memory.events (low/high/max/oom/
 *   oom_kill, counted since the cgroup was created), memory.pressure (`some`/`full` avg10 = % of
 *   the last 10 s that some/all tasks waited for memory).
 * cgroup v1 (`/sys/fs/cgroup/memory/<path>`): memory.usage_in_bytes, memory.limit_in_bytes
 *   (a huge number means none), memory.failcnt (times the limit was hit), memory.oom_control
 *   (`oom_kill N` from 4.13, `under_oom`). v1 has no memory.high; its PSI lives in the unified
 *   hierarchy when one is mounted beside it.
 */
import type { MachineSource } from './source';
import type { CgroupPaths } from './proc';

export interface CgroupMemory {
  /** The cgroup's path inside its hierarchy, as /proc/PID/cgroup prints it. */
  path: string;
  version: 1 | 2;
  currentBytes?: number;
  /** undefined: no limit (`max`, or v1's huge number). */
  maxBytes?: number;
  highBytes?: number;
  swapMaxBytes?: number;
  events: { low?: number; high?: number; max?: number; oom?: number; oom_kill?: number; failcnt?: number };
  psi?: { someAvg10: number; fullAvg10?: number };
  /** Files that could not be read. */
  absent: string[];
}

/** v1 reports "no limit" as PAGE_COUNTER_MAX pages (9223372036854771712 with 4 KiB pages). */
const V1_UNLIMITED = 2 ** 60;

function bytes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

function limit(text: string | undefined): number | undefined {
  const v = bytes(text);
  return v !== undefined && v < V1_UNLIMITED ? v : undefined;
}

/** `key value` lines (memory.events, memory.oom_control). */
export function parseFlatKeyed(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s*$/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** memory.pressure / /proc/pressure/memory → avg10 of `some` and `full`. */
export function parsePressure(text: string): { someAvg10: number; fullAvg10?: number } | undefined {
  let some: number | undefined;
  let full: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^(some|full)\s.*\bavg10=(\d+(?:\.\d+)?)/.exec(line);
    if (!m) continue;
    if (m[1] === 'some') some = Number(m[2]); else full = Number(m[2]);
  }
  return some === undefined ? undefined : { someAvg10: some, fullAvg10: full };
}

/** How the machine mounts cgroups: where the unified tree is and whether memory is on v1. */
export interface CgroupLayout {
  /** Directory of the unified hierarchy, or undefined when none is mounted. */
  unifiedDir?: string;
  /** Directory of the v1 memory hierarchy, or undefined. */
  memoryV1Dir?: string;
}

export function detectLayout(src: MachineSource): CgroupLayout {
  const out: CgroupLayout = {};
  if (src.read('/sys/fs/cgroup/cgroup.controllers') !== undefined) out.unifiedDir = '/sys/fs/cgroup';
  else if (src.read('/sys/fs/cgroup/unified/cgroup.controllers') !== undefined) out.unifiedDir = '/sys/fs/cgroup/unified';
  if (src.list('/sys/fs/cgroup/memory') !== undefined) out.memoryV1Dir = '/sys/fs/cgroup/memory';
  return out;
}

function join(dir: string, p: string): string {
  return p === '/' ? dir : `${dir}${p.startsWith('/') ? '' : '/'}${p}`;
}

/** Memory state of one cgroup; the process's paths pick v1 or v2 by where the memory controller is. */
export function readCgroupMemory(src: MachineSource, layout: CgroupLayout, paths: CgroupPaths): CgroupMemory | undefined {
  if (paths.memoryV1 !== undefined && layout.memoryV1Dir) {
    const dir = join(layout.memoryV1Dir, paths.memoryV1);
    const absent: string[] = [];
    const get = (f: string) => { const t = src.read(`${dir}/${f}`); if (t === undefined) absent.push(f); return t; };
    const usage = get('memory.usage_in_bytes');
    const max = get('memory.limit_in_bytes');
    const fail = get('memory.failcnt');
    const oomCtl = get('memory.oom_control');
    if (usage === undefined && max === undefined) return undefined;
    const ctl = oomCtl !== undefined ? parseFlatKeyed(oomCtl) : {};
    // PSI of the same processes, from the unified tree mounted beside v1 (hybrid machines)
    const pressure = layout.unifiedDir && paths.unified !== undefined ? src.read(`${join(layout.unifiedDir, paths.unified)}/memory.pressure`) : undefined;
    return {
      path: paths.memoryV1, version: 1,
      currentBytes: bytes(usage), maxBytes: limit(max),
      events: { failcnt: bytes(fail), oom_kill: ctl.oom_kill },
      psi: pressure !== undefined ? parsePressure(pressure) : undefined,
      absent,
    };
  }
  if (paths.unified === undefined || !layout.unifiedDir) return undefined;
  const dir = join(layout.unifiedDir, paths.unified);
  const absent: string[] = [];
  const get = (f: string) => { const t = src.read(`${dir}/${f}`); if (t === undefined) absent.push(f); return t; };
  const current = get('memory.current');
  if (current === undefined) return undefined; // the root cgroup, or no memory controller here
  const ev = get('memory.events');
  const events = ev !== undefined ? parseFlatKeyed(ev) : {};
  const pressure = get('memory.pressure');
  return {
    path: paths.unified, version: 2,
    currentBytes: bytes(current),
    maxBytes: limit(get('memory.max')),
    highBytes: limit(get('memory.high')),
    swapMaxBytes: limit(get('memory.swap.max')),
    events: { low: events.low, high: events.high, max: events.max, oom: events.oom, oom_kill: events.oom_kill },
    psi: pressure !== undefined ? parsePressure(pressure) : undefined,
    absent,
  };
}

/** The path and its ancestors, nearest first: `/a/b` → `/a/b`, `/a`. The root is left out (no limits there). */
export function ancestors(p: string): string[] {
  const out: string[] = [];
  let cur = p;
  while (cur.endsWith('/')) cur = cur.slice(0, -1);
  while (cur && cur !== '/') {
    out.push(cur);
    cur = cur.slice(0, cur.lastIndexOf('/'));
  }
  return out;
}

export function hasLimit(m: CgroupMemory): boolean {
  return m.maxBytes !== undefined || m.highBytes !== undefined;
}
