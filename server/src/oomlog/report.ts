/** Text and JSON renderings of OOM events for the CLI (`oom-lens analyze`). */
import { type MemcgCounter, type OomEvent, type TaskRow, endLineOf, lineOf, problemMessage } from './model';
import { formatKiB } from './sizes';
import { own } from '../common/lookup';
import { containerText, decodeCgroupPath } from './container';
import { userspaceJson, userspaceSummaryText } from './userspace/text';

const KIND_WORDS: Record<string, string> = {
  global: 'whole machine out of memory (global)',
  memcg: 'memory cgroup limit hit (cgroup version not visible in the report)',
  'memcg-v1': 'memory cgroup limit hit (cgroup v1)',
  'memcg-v2': 'memory cgroup limit hit (cgroup v2)',
  cpuset: 'cpuset ran out of memory (CONSTRAINT_CPUSET)',
  mempolicy: 'NUMA memory policy ran out of memory (CONSTRAINT_MEMORY_POLICY)',
  sysrq: 'manual OOM kill (SysRq-f)',
  unknown: 'unknown (the report is too incomplete to tell)',
};

/** Plain words for the common GFP names. */
const GFP_WORDS: Record<string, string> = {
  GFP_KERNEL: 'kernel allocation that may sleep and reclaim',
  GFP_KERNEL_ACCOUNT: 'kernel allocation charged to the cgroup',
  GFP_HIGHUSER_MOVABLE: 'user-space page (page fault, anonymous or page cache)',
  GFP_HIGHUSER: 'user-space page',
  GFP_USER: 'user-space page (kernel-addressable)',
  GFP_NOFS: 'filesystem-internal allocation',
  GFP_NOIO: 'block-I/O-internal allocation',
  GFP_ATOMIC: 'atomic allocation (cannot sleep)',
  GFP_NOWAIT: 'allocation that does not wait',
  GFP_TRANSHUGE: 'transparent huge page',
  GFP_TRANSHUGE_LIGHT: 'transparent huge page (light)',
};


function pageKiB(ev: OomEvent): number {
  return ev.memInfo?.pageSizeKnown ? ev.memInfo.pageSizeKiB : 4;
}

/**
 * The n rows with the most RSS, most first; rows of equal RSS in table order (what a stable sort
 * would give). One pass keeping the n best: a task table can hold a million rows.
 */
export function topByRss(ev: OomEvent, n: number): TaskRow[] {
  const top: TaskRow[] = [];
  for (const r of ev.tasks?.rows ?? []) {
    if (top.length === n && r.rssPages <= top[n - 1].rssPages) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].rssPages < r.rssPages) at--;
    top.splice(at, 0, r);
    if (top.length > n) top.pop();
  }
  return top;
}

function gfpText(ev: OomEvent): string {
  const tr = ev.trigger;
  if (!tr?.gfpMask) return 'gfp mask not shown';
  if (tr.gfpFlagsSource === 'none') {
    return `gfp_mask=${tr.gfpMask} (${ev.kernel ? 'could not decode' : 'kernel version unknown, so the hex mask cannot be decoded'})`;
  }
  if (!tr.gfpFlags.length) return `gfp_mask=${tr.gfpMask} (no flags: a page fault ran out of memory)`;
  const words = tr.gfpFlags.map(f => own(GFP_WORDS, f)).filter(Boolean);
  const how = tr.gfpFlagsSource === 'decoded' ? `decoded with the ${tr.gfpEra} table` : 'as printed';
  return `gfp_mask=${tr.gfpMask} ${tr.gfpFlags.join('|')} (${how})${words.length ? ` — ${words[0]}` : ''}`;
}

export function eventSummaryText(ev: OomEvent): string {
  if (ev.userspace) return userspaceSummaryText(ev);
  const out: string[] = [];
  const when = ev.timestamp?.wall ?? ev.timestamp?.iso ??
    (ev.timestamp?.monotonicSec !== undefined ? `${ev.timestamp.monotonicSec.toFixed(3)} s after boot` : 'time not shown');
  out.push(`event ${ev.index + 1} (lines ${ev.startLine + 1}-${endLineOf(ev) + 1}) at ${when}`);
  out.push(`  kernel:    ${ev.kernel ?? 'unknown (no CPU:/Pid: line in the report)'}`);
  out.push(`  kind:      ${KIND_WORDS[ev.kind] ?? ev.kind}`);
  const tr = ev.trigger;
  if (tr) {
    const order = tr.order === undefined ? '' : tr.order === -1 ? ', order=-1 (SysRq)' : `, order=${tr.order} (${pageKiB(ev) * 2 ** tr.order} KiB)`;
    out.push(`  trigger:   ${tr.comm}${tr.pid !== undefined ? ` (pid ${tr.pid})` : ''} asked for memory: ${gfpText(ev)}${order}`);
  } else out.push('  trigger:   not in the log (the report starts later)');
  if (ev.summary?.constraint) out.push(`  constraint: ${ev.summary.constraint}`);
  const m = ev.memcg;
  if (m) {
    const path = m.limitPath ?? ev.summary?.oomMemcg ?? m.taskPath ?? ev.summary?.taskMemcg ?? m.stats[0]?.path;
    const mem = m.memory;
    const hit = hitCounter(m);
    const usage = hit
      ? `${formatKiB(hit.c.usageKiB)} used of ${formatKiB(hit.c.limitKiB)} ${hit.name} limit (${hit.name} hit its limit ${hit.c.failcnt} times)` +
        (mem ? `; memory ${formatKiB(mem.usageKiB)} of ${mem.limitKiB >= 2 ** 40 ? 'no limit' : formatKiB(mem.limitKiB)}` : '')
      : mem ? `${formatKiB(mem.usageKiB)} used of ${mem.limitKiB >= 2 ** 40 ? 'no limit' : formatKiB(mem.limitKiB) + ' limit'} (hit the limit ${mem.failcnt} times)` : 'usage/limit not in the log';
    out.push(`  memcg:     ${path ?? '(path not shown)'} — ${usage}`);
  } else if (ev.summary?.oomMemcg) out.push(`  memcg:     ${ev.summary.oomMemcg}`);
  const container = kernelContainer(ev);
  if (container) out.push(`  container: ${containerText(container)}`);
  const top = topByRss(ev, 5);
  if (top.length) {
    const pk = pageKiB(ev);
    out.push(`  top RSS:   ${top.map(r => `${r.name} (pid ${r.pid}) ${formatKiB(r.rssPages * pk)}`).join(', ')}`);
  }
  if (ev.victims.length) {
    for (const v of ev.victims) {
      const parts = [
        v.anonRssKiB !== undefined ? `anon ${formatKiB(v.anonRssKiB)}` : '',
        v.fileRssKiB !== undefined ? `file ${formatKiB(v.fileRssKiB)}` : '',
        v.shmemRssKiB !== undefined ? `shmem ${formatKiB(v.shmemRssKiB)}` : '',
      ].filter(Boolean).join(', ');
      out.push(`  killed:    ${v.comm} (pid ${v.pid})${parts ? ` holding ${parts}` : ''}`);
    }
    if (ev.groupPath) out.push(`  group:     memory.oom.group is set on ${ev.groupPath}: the whole cgroup was killed (${ev.victims.length} process${ev.victims.length === 1 ? '' : 'es'} listed)`);
    if (ev.chosen && ev.chosen.pid !== ev.victims[0].pid) {
      out.push(`  chosen:    ${ev.chosen.comm} (pid ${ev.chosen.pid}, score ${ev.chosen.score ?? '?'}); a child was killed in its place`);
    }
  } else if (ev.noKillable) out.push('  killed:    nothing — no process could be killed');
  else if (ev.unreadKillLine !== undefined) out.push(`  killed:    see line ${lineOf(ev, ev.unreadKillLine) + 1}: it names a kill in a form that could not be read`);
  else out.push(`  killed:    not in the log${ev.chosen ? ` (the kernel had picked ${ev.chosen.comm}, pid ${ev.chosen.pid})` : ''}`);
  if (ev.reaper) {
    out.push(`  reaper:    ${ev.reaper.ok ? `freed the victim's memory (left anon ${formatKiB(ev.reaper.anonRssKiB ?? 0)})` : 'could not reap the victim (it may be stuck in the kernel)'}`);
  } else if (ev.victims.length) {
    const m = /^(\d+)\.(\d+)/.exec(ev.kernel ?? '');
    const beforeReaper = m !== null && (Number(m[1]) < 4 || (Number(m[1]) === 4 && Number(m[2]) < 6));
    out.push(beforeReaper
      ? '  reaper:    none on this kernel (the oom_reaper thread exists since 4.6); memory came back when the victim exited'
      : '  reaper:    no oom_reaper line (the victim may have exited on its own, or the line is outside this log)');
  }
  if (ev.panic) out.push(`  panic:     ${ev.panic}`);
  if (ev.missing.length) out.push(`  missing:   ${ev.missing.join(', ')}`);
  for (const p of ev.problems) out.push(`  ${p.code}:    ${problemMessage(ev, p)}`);
  return out.join('\n');
}

/** The container, pod or VM named by the victim's (else the limit's) cgroup path. */
function kernelContainer(ev: OomEvent): ReturnType<typeof decodeCgroupPath> {
  const m = ev.memcg;
  return decodeCgroupPath(m?.taskPath ?? ev.summary?.taskMemcg) ?? decodeCgroupPath(m?.limitPath ?? ev.summary?.oomMemcg ?? m?.stats[0]?.path);
}

/**
 * The killed task's own cgroup (`task_memcg=` of the oom-kill: line, or v1's `Task in … killed`)
 * and the container it names: a global kill has no limit cgroup (memcg is null) but still says
 * whose container died.
 */
function victimCgroupJson(ev: OomEvent): { path: string; container: ReturnType<typeof decodeCgroupPath> | null } | null {
  const path = ev.summary?.taskMemcg ?? ev.memcg?.taskPath;
  return path ? { path, container: decodeCgroupPath(path) ?? null } : null;
}

/** The counter other than `memory` that reached its limit (memory+swap, kmem or v2 swap), if one did. */
function hitCounter(m: NonNullable<OomEvent['memcg']>): { name: string; c: MemcgCounter } | undefined {
  const c = m.limitHit === 'memory+swap' ? m.memsw : m.limitHit === 'kmem' ? m.kmem : m.limitHit === 'swap' ? m.swap : undefined;
  return c && m.limitHit ? { name: m.limitHit, c } : undefined;
}

function limitHitJson(m: NonNullable<OomEvent['memcg']>): { counter: string; usageKiB: number; limitKiB: number; failcnt: number } | null {
  const c = hitCounter(m)?.c ?? m.memory;
  return c ? { counter: m.limitHit!, usageKiB: c.usageKiB, limitKiB: c.limitKiB, failcnt: c.failcnt } : null;
}

export function eventJson(ev: OomEvent): Record<string, unknown> {
  if (ev.userspace) return userspaceJson(ev);
  const tr = ev.trigger;
  const v = ev.victims;
  const victim = (x: typeof v[number]) => ({
    pid: x.pid, comm: x.comm, totalVmKiB: x.totalVmKiB ?? null, anonRssKiB: x.anonRssKiB ?? null,
    fileRssKiB: x.fileRssKiB ?? null, shmemRssKiB: x.shmemRssKiB ?? null, uid: x.uid ?? null,
    pgtablesKiB: x.pgtablesKiB ?? null, oomScoreAdj: x.oomScoreAdj ?? null, line: lineOf(ev, x.line) + 1,
  });
  const m = ev.memcg;
  return {
    startLine: ev.startLine + 1,
    endLine: endLineOf(ev) + 1,
    kind: ev.kind,
    kernel: ev.kernel ?? null,
    timestamp: ev.timestamp ?? null,
    trigger: tr ? {
      comm: tr.comm, pid: tr.pid ?? null, gfpMask: tr.gfpMask ?? null, gfpFlags: tr.gfpFlags,
      gfpFlagsSource: tr.gfpFlagsSource, order: tr.order ?? null, oomScoreAdj: tr.oomScoreAdj ?? null,
    } : null,
    constraint: ev.summary?.constraint ?? null,
    memcg: m || ev.summary?.oomMemcg ? {
      path: m?.limitPath ?? ev.summary?.oomMemcg ?? m?.taskPath ?? m?.stats[0]?.path ?? null,
      usageKiB: m?.memory?.usageKiB ?? null,
      limitKiB: m?.memory?.limitKiB ?? null,
      version: m?.version ?? null,
      // which counter reached its limit, and its numbers: memory+swap or kmem can stop a v1 cgroup
      // whose memory is below its own limit
      limitHit: m?.limitHit ? limitHitJson(m) : null,
      container: kernelContainer(ev) ?? null,
    } : null,
    victimCgroup: victimCgroupJson(ev),
    pageSizeKiB: ev.memInfo?.pageSizeKnown ? ev.memInfo.pageSizeKiB : null,
    tasks: (ev.tasks?.rows ?? []).map(r => ({
      pid: r.pid, uid: r.uid, tgid: r.tgid, name: r.name, rssPages: r.rssPages, totalVmPages: r.totalVmPages,
      swapentsPages: r.swapentsPages ?? null, pgtablesBytes: r.pgtablesBytes ?? null, oomScoreAdj: r.oomScoreAdj ?? null,
    })),
    victim: v.length ? victim(v[0]) : null,
    victims: v.map(victim),
    chosen: ev.chosen ? { pid: ev.chosen.pid, comm: ev.chosen.comm, score: ev.chosen.score ?? null } : null,
    reaper: ev.reaper ? { pid: ev.reaper.pid, comm: ev.reaper.comm, ok: ev.reaper.ok, anonRssKiB: ev.reaper.anonRssKiB ?? null } : null,
    missing: ev.missing,
    problems: ev.problems.map(p => ({ code: p.code, line: lineOf(ev, p.range.start.line) + 1, message: problemMessage(ev, p) })),
  };
}
