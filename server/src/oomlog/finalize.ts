/**
 * After a report has been read: decode the GFP mask for the kernel era, decide the kind, fix the
 * 5.4 pgtables unit bug, and list what is missing and what does not add up.
 */
import type { Range } from '../common/types';
import { LINE_SLOT, type Memcg, type MemcgCounter, type OomEvent, type OomKind, relRange } from './model';
import { decodeGfp, eraFor, kernelMajorMinor } from './gfp';
import type { FieldTarget } from './lines';

/** "No limit" values printed by the memcg counters (PAGE_COUNTER_MAX for 4K/64K pages, 64/32-bit). */
function unlimited(c: MemcgCounter | undefined): boolean {
  return !c || c.limitKiB >= 2 ** 40 || c.limitKiB === 8589934588;
}

function atLeast(v: [number, number] | undefined, major: number, minor: number): boolean | undefined {
  if (!v) return undefined;
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

/** A counter at its limit (usage within a page of it), not an unlimited one. */
function atLimit(c: MemcgCounter | undefined): boolean {
  return !!c && !unlimited(c) && c.limitKiB > 0 && c.usageKiB + 4 >= c.limitKiB;
}

/**
 * Which counter hit its limit. A v1 cgroup killed at its memory+swap limit has memory usage far
 * below the memory limit: that report must be read against memory+swap, not memory.
 */
function limitHit(m: Memcg): Memcg['limitHit'] {
  // Memory and memory+swap both at their limits (swap not allowed: the two limits are equal): v1
  // charges memory+swap first, so the one whose charges failed (failcnt) is the one that stopped it.
  if (atLimit(m.memory) && atLimit(m.memsw) && m.memory!.failcnt === 0 && m.memsw!.failcnt > 0) return 'memory+swap';
  if (atLimit(m.memory)) return 'memory';
  if (atLimit(m.memsw)) return 'memory+swap';
  if (atLimit(m.kmem)) return 'kmem';
  if (atLimit(m.swap)) return 'swap';
  return undefined;
}

function memcgKind(ev: OomEvent): OomKind {
  const m = ev.memcg;
  const v = kernelMajorMinor(ev.kernel);
  if (m?.swap) return 'memcg-v2';
  // Only cgroup v1 charges the memory+swap and kmem counters (before 5.3 both hierarchies print
  // them, but on v2 they stay at 0): usage on either is v1.
  if (m && ((m.memsw?.usageKiB ?? 0) > 0 || (m.kmem?.usageKiB ?? 0) > 0)) return 'memcg-v1';
  if (m && (m.memsw || m.kmem) && atLeast(v, 5, 3)) return 'memcg-v1';
  if (v && !atLeast(v, 4, 5)) return 'memcg-v1'; // the v2 memory controller arrived in 4.5
  if (m?.memsw && !unlimited(m.memsw)) return 'memcg-v1'; // only v1 can set a memory+swap limit
  const byteStats = m?.stats.some(s => s.entries.some(e => e.unit === 'bytes'));
  if (m?.memsw && byteStats) return 'memcg-v1'; // 5.3–6.4 print v2-style stats, memsw only on v1
  if (byteStats && atLeast(v, 6, 5)) {
    const keys = new Set(m!.stats.flatMap(s => s.entries.map(e => e.key)));
    if (keys.has('cache') || keys.has('rss')) return 'memcg-v1';
    if (keys.has('anon') || keys.has('file')) return 'memcg-v2';
  }
  if (m) m.version = undefined;
  return 'memcg';
}

function decideKind(ev: OomEvent): OomKind {
  if (ev.trigger?.order === -1) return 'sysrq';
  switch (ev.summary?.constraint) {
    case 'CONSTRAINT_MEMCG': return memcgKind(ev);
    case 'CONSTRAINT_CPUSET': return 'cpuset';
    case 'CONSTRAINT_MEMORY_POLICY': return 'mempolicy';
    // only a memcg OOM prints `oom_memcg=`; kernels from 4.19 until "mm/oom_kill.c: fix
    // uninitialized oc->constraint" (5.2) printed CONSTRAINT_NONE for every OOM, memcg ones included
    case 'CONSTRAINT_NONE': if (!ev.summary?.oomMemcg) return 'global'; return memcgKind(ev);
  }
  // the kernel's words before `: Kill(ed) process`; matched at their end too, as an unknown prefix
  // left before them (`[Mon Jun 09 14:30:05] [1234567.890123] Out of memory`, `host kernel: Out of
  // Memory` before 2.6.25) does not change whose limit was hit
  const msg = ev.victims[0]?.message ?? ev.chosen?.message ?? '';
  const m = ev.memcg;
  if ((m && (m.memory || m.memsw || m.kmem || m.swap || m.taskPath || m.limitPath || m.stats.length)) ||
    /Memory cgroup out of memory$|^Memory cgroup/.test(msg) || ev.stack?.memcg) return memcgKind(ev);
  if (msg.includes('No available memory (MPOL_BIND)')) return 'mempolicy';
  if (msg.includes('No available memory in cpuset')) return 'cpuset';
  if (ev.memInfo || msg.startsWith('Out of memory') || /(?:^|[\s:\]])Out of [Mm]emory(?: \(oom_kill_allocating_task\))?$/.test(msg) || ev.stack?.pageAlloc) return 'global';
  return 'unknown';
}

/** `fields`: where the parse wrote the event's fields (problems point at them). */
export function finalizeEvent(ev: OomEvent, lastCol: number, fields: FieldTarget): void {
  // GFP flags: decode the hex mask when the kernel did not print names
  const tr = ev.trigger;
  if (tr?.gfpMask && tr.gfpFlagsSource === 'none') {
    const era = eraFor(ev.kernel);
    const d = era && decodeGfp(tr.gfpMask, era);
    if (d) { tr.gfpFlags = d.flags; tr.gfpFlagsSource = 'decoded'; tr.gfpEra = era!.id; }
  }

  ev.kind = decideKind(ev);
  if (ev.memcg) {
    const hit = limitHit(ev.memcg);
    if (hit) ev.memcg.limitHit = hit;
  }
  if (ev.memcg && ev.memcg.version === undefined) {
    if (ev.kind === 'memcg-v1') ev.memcg.version = 1;
    else if (ev.kind === 'memcg-v2') ev.memcg.version = 2;
  }

  // 5.4.0–5.4.5 printed page-table bytes with a kB label
  const v0 = ev.victims[0];
  if (v0?.pgtablesKiB !== undefined) {
    const row = ev.tasks?.rows.find(r => r.pid === v0.pid);
    const raw = v0.pgtablesKiB;
    const bytesInTable = row?.pgtablesBytes !== undefined && raw === row.pgtablesBytes && raw >= 1024;
    const absurd = v0.totalVmKiB !== undefined && raw > 1024 && raw > v0.totalVmKiB;
    if (bytesInTable || absurd) { v0.pgtablesKiB = Math.round(raw / 1024); v0.pgtablesInBytes = true; }
  }

  // missing blocks: recorded, never guessed
  const missing: string[] = [];
  if (!tr) missing.push('trigger line');
  else if (ev.trigger?.pid === undefined) missing.push('CPU/PID line');
  const memcgKindNow = ev.kind.startsWith('memcg');
  if (memcgKindNow && !ev.memcg?.memory) missing.push('memcg counters');
  if (!memcgKindNow && ev.kind !== 'unknown' && !ev.memInfo) missing.push('Mem-Info');
  if (ev.kind === 'unknown' && !ev.memInfo && !ev.memcg) missing.push('memory state (Mem-Info or memcg counters)');
  if (!ev.tasks) missing.push('task table');
  else if (ev.tasks.inferred) missing.push('task table header (columns inferred from the rows)');
  if (!ev.victims.length && !ev.noKillable) missing.push(ev.unreadKillLine === undefined ? 'kill line' : 'kill line (present, not readable)');
  ev.missing = missing;

  // problems (their ranges relative to the report's start, like its other lines)
  const problems = ev.problems;
  const lastLineRange: Range = { start: { line: ev.span, character: 0 }, end: { line: ev.span, character: lastCol } };
  const startRange: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const hasBody = !!(ev.memcg || ev.memInfo || ev.tasks || ev.summary || ev.chosen || ev.stack);
  if (!ev.victims.length && !ev.noKillable && !ev.panic && ev.unreadKillLine !== undefined) {
    const line = ev.unreadKillLine;
    problems.push({
      code: 'OOM001', range: { start: { line, character: 0 }, end: { line, character: 0 } },
      message: `Line ${LINE_SLOT} names a kill, but in a form OOM Lens could not read, so the victim is not shown here. The kernel did log a kill: read that line for the process it killed.`,
    });
  } else if (!ev.victims.length && !ev.noKillable && !ev.panic) {
    problems.push({
      code: 'OOM001', range: lastLineRange,
      message: ev.chosen
        ? `The report stops after the kernel picked pid ${ev.chosen.pid} (${ev.chosen.comm}), before the "Killed process" line. The log was cut off, or the kill line (logged at error level) went to a different file — check that log before assuming nothing was killed.`
        : ev.summary?.pid !== undefined
        // the oom-kill: line names the task the kernel chose; the Killed line with its memory follows it
        ? `The report stops after the oom-kill: line, which names the task the kernel chose (pid ${ev.summary.pid}${ev.summary.task !== undefined ? `, ${ev.summary.task}` : ''}), before the "Killed process" line with its memory. The log was cut off, or the kill line went to a different file — look there, or in \`journalctl -k\`.`
        : 'The report stops before the "Killed process" line, so it does not say which process died. The log was cut off here, or the kill line (logged at error level) went to a different file — look there, or in `journalctl -k`, for the victim.',
    });
  }
  if (!tr && hasBody && ev.suppressedCallbacks === undefined) {
    problems.push({
      code: 'OOM004', range: startRange,
      message: 'The beginning of this report is missing (no "invoked oom-killer" line), so the allocating task, GFP mask and kernel version are unknown. Paste the lines above this one to get the full picture.',
    });
  }
  if (v0 && ev.tasks && ev.tasks.rows.length) {
    const inTable = ev.tasks.rows.some(r => r.pid === v0.pid || r.tgid === v0.pid);
    const sacrificedChild = !!ev.chosen && ev.chosen.pid !== v0.pid;
    if (!inTable && !sacrificedChild) {
      problems.push({
        code: 'OOM002', range: firstRange(ev, fields, 'killed.pid') ?? lastLineRange,
        message: `Killed pid ${v0.pid} (${v0.comm}) is not in the task table of this report. Either lines of the table were lost, or the kill line belongs to another report that got interleaved — do not trust the ranking of this table for this kill.`,
      });
    }
  }
  if (v0 && ev.summary?.pid !== undefined && ev.summary.pid !== v0.pid) {
    problems.push({
      code: 'OOM003', range: firstRange(ev, fields, 'summary.pid') ?? lastLineRange,
      message: `The oom-kill summary names pid ${ev.summary.pid} (${ev.summary.task ?? '?'}) but the kill line killed pid ${v0.pid} (${v0.comm}). These lines probably come from two different reports that got mixed together.`,
    });
  }
}

/** The range of `ev`'s first field with `key`, relative to the report's start. */
function firstRange(ev: OomEvent, fields: FieldTarget, key: string): Range | undefined {
  const r = fields.first(key);
  return r && relRange(ev, r);
}
