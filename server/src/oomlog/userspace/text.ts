/**
 * Words for kills made outside the kernel's OOM killer: the outline title, the report headline,
 * `oom-lens analyze`'s text summary and its JSON.
 */
import { type OomEvent, type UserspaceKill, endLineOf, lineOf, problemMessage } from '../model';
import { containerText, decodeCgroupPath, type ContainerInfo } from '../container';
import { formatKiB } from '../../common/size';

const MAX_PATH = 60;

function short(p: string): string {
  return p.length > MAX_PATH ? `…${p.slice(p.length - MAX_PATH + 1)}` : p;
}

/** Who the victim was, in a few words: `firefox (pid 4242)`, `/user.slice/…/app.scope`, `container app`. */
export function victimWords(u: UserspaceKill): string | undefined {
  const v = u.victim;
  if (v.comm !== undefined && v.pid !== undefined) return `${v.comm} (pid ${v.pid})`;
  if (v.cgroup) return short(v.cgroup);
  if (v.container) return `container ${v.container}`;
  if (v.containerId) return `container ${v.containerId.slice(0, 12)}`;
  if (u.texts.pod) return `pod ${u.texts.pod}`;
  if (u.texts.unit) return u.texts.unit;
  return undefined;
}

function killerWords(u: UserspaceKill): string {
  return u.killer === 'kernel' ? `kernel OOM killer (reported by ${u.reporter ?? 'the runtime'})` : u.killer;
}

function verb(u: UserspaceKill): string {
  switch (u.texts.action) {
    case 'marked for killing': return 'marked for killing';
    case 'dry run': return 'would have been killed (dry run)';
    case 'considered': return 'candidates listed, no kill in this log';
    case 'settings': return 'settings (oomctl)';
    case 'kernel asked': return 'kernel OOM killer invoked (sysrq f)';
    default: return u.texts.signal && u.texts.signal !== 'SIGKILL' ? `got ${u.texts.signal}` : 'killed';
  }
}

/** Events that name no victim by design: oomd's candidate list and settings, earlyoom -k handing over to the kernel. */
function noVictimAction(u: UserspaceKill): boolean {
  return u.texts.action === 'settings' || u.texts.action === 'considered' || u.texts.action === 'kernel asked';
}

/** Outline title: `earlyoom 2: firefox (pid 4242) got SIGTERM — mem 4.2 % avail, swap 3 % free`. */
export function userspaceTitle(ev: OomEvent): string {
  const u = ev.userspace!;
  const who = victimWords(u);
  const what = noVictimAction(u) ? verb(u) : `${who ?? (ev.kind === 'kubernetes' ? 'a container' : '?')} ${verb(u)}`;
  let tail = '';
  const n = u.numbers;
  if (n.pressurePercent !== undefined) tail = `pressure ${n.pressurePercent} % > ${n.pressureLimitPercent} %`;
  else if (n.swapUsedBytes !== undefined && n.swapTotalBytes) tail = `swap ${((n.swapUsedBytes / n.swapTotalBytes) * 100).toFixed(1)} % used > ${n.swapUsedLimitPercent} %`;
  else if (n.memAvailPercent !== undefined) tail = `mem ${n.memAvailPercent} % avail, swap ${n.swapFreePercent} % free`;
  else if (u.texts.memoryLimit) tail = `limit ${u.texts.memoryLimit}`;
  else if (u.victim.oomScoreAdj !== undefined && ev.kind === 'lmkd') tail = `adj ${u.victim.oomScoreAdj}`;
  return `${ev.kind} ${ev.index + 1}: ${what}${tail ? ` — ${tail}` : ''}`;
}

/** Report headline: one sentence, who died and why. */
export function userspaceHeadline(ev: OomEvent): string {
  const u = ev.userspace!;
  const who = victimWords(u);
  if (noVictimAction(u)) return `${u.reporter ?? u.killer}: ${u.reason}`;
  // the runtimes' reasons already say who killed whom
  if (u.killer === 'kernel') return `${who ?? (ev.kind === 'kubernetes' ? 'a container' : 'a process')}: ${u.reason}`;
  const v = verb(u);
  return `${who ?? 'a process'} ${v} ${v.startsWith('got ') ? 'from' : 'by'} ${killerWords(u)}: ${u.reason}`;
}

/** The container behind the victim's cgroup, when its path names one. */
export function victimContainer(u: UserspaceKill): ContainerInfo | undefined {
  return decodeCgroupPath(u.victim.cgroup);
}

/** `oom-lens analyze` text for one userspace event (same layout as the kernel events'). */
export function userspaceSummaryText(ev: OomEvent): string {
  const u = ev.userspace!;
  const out: string[] = [];
  const when = ev.timestamp?.wall ?? ev.timestamp?.iso ??
    (ev.timestamp?.monotonicSec !== undefined ? `${ev.timestamp.monotonicSec.toFixed(3)} s after boot` : 'time not shown');
  out.push(`event ${ev.index + 1} (lines ${ev.startLine + 1}-${endLineOf(ev) + 1}) at ${when}`);
  out.push(`  kind:      ${ev.kind} — a kill made outside the kernel's OOM killer${u.killer === 'kernel' ? ` (the kernel killed; this is ${u.reporter ?? 'the runtime'}'s record of it)` : ''}`);
  out.push(`  killer:    ${killerWords(u)}`);
  const who = victimWords(u);
  if (who) out.push(`  victim:    ${who}${u.victim.rssKiB !== undefined ? `, ${formatKiB(u.victim.rssKiB)} resident` : ''}`);
  out.push(`  reason:    ${u.reason}`);
  const c = victimContainer(u);
  if (c) out.push(`  container: ${containerText(c)}`);
  for (const f of u.facts) out.push(`  ${`${f.label}:`.padEnd(10)} ${f.text}`);
  return out.join('\n');
}

/** JSON of a userspace event for `analyze --json`: the kernel events' keys where they mean the same. */
export function userspaceJson(ev: OomEvent): Record<string, unknown> {
  const u = ev.userspace!;
  const v = u.victim;
  const c = victimContainer(u);
  const victim = {
    pid: v.pid ?? null, comm: v.comm ?? null, cgroup: v.cgroup ?? null, uid: v.uid ?? null,
    rssKiB: v.rssKiB ?? null, swapKiB: v.swapKiB ?? null, oomScoreAdj: v.oomScoreAdj ?? null,
    container: v.container ?? null, containerId: v.containerId ?? null, line: lineOf(ev, v.line) + 1,
  };
  return {
    startLine: ev.startLine + 1,
    endLine: endLineOf(ev) + 1,
    kind: ev.kind,
    killer: u.killer,
    reporter: u.reporter ?? null,
    reason: u.reason,
    timestamp: ev.timestamp ?? null,
    victim,
    victims: v.pid !== undefined || v.cgroup !== undefined || v.container !== undefined || v.containerId !== undefined ? [victim] : [],
    memcg: v.cgroup ? { path: v.cgroup, container: c ?? null } : null,
    shape: u.shape,
    numbers: u.numbers,
    details: u.texts,
    facts: u.facts.map(f => ({ label: f.label, text: f.text, line: f.line !== undefined ? lineOf(ev, f.line) + 1 : null })),
    missing: ev.missing,
    problems: ev.problems.map(p => ({ code: p.code, line: lineOf(ev, p.range.start.line) + 1, message: problemMessage(ev, p) })),
  };
}
