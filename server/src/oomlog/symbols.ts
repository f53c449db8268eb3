/**
 * Outline of an OOM log: one symbol per event (`OOM 1: java → java (2243) killed, 455 MiB freed —
 * memcg /kubepods/…`) with its blocks (Trigger, Stack, Memory cgroup / Mem-Info, Tasks (N), Kill,
 * Reaper) and the victim as a process child.
 */
import type { Range, SymbolEntry } from '../common/types';
import { type OomEvent, type OomLogAnalysis, lineOf } from './model';
import { formatKiB, freedKiB } from './sizes';
import { lineText } from './sourceText';
import { capSymbols } from '../common/symbolCap';
import { userspaceTitle } from './userspace/text';
import { containerText, decodeCgroupPath } from './container';

const MAX_PATH = 48;

function shortPath(p: string): string {
  return p.length > MAX_PATH ? `${p.slice(0, MAX_PATH - 1)}…` : p;
}

function endChar(analysis: OomLogAnalysis, line: number): number {
  return lineText(analysis, line)?.length ?? 0;
}

function lines(analysis: OomLogAnalysis, a: number, b: number): Range {
  return { start: { line: a, character: 0 }, end: { line: b, character: endChar(analysis, b) } };
}

function isMemcg(ev: OomEvent): boolean {
  return ev.kind === 'memcg' || ev.kind === 'memcg-v1' || ev.kind === 'memcg-v2';
}

export function eventTitle(ev: OomEvent): string {
  if (ev.userspace) return userspaceTitle(ev);
  const v = ev.victims[0];
  const trigger = ev.trigger?.comm;
  let name = `OOM ${ev.index + 1}: `;
  if (v) {
    name += trigger && trigger !== v.comm ? `${trigger} → ${v.comm} (${v.pid}) killed` : `${v.comm} (${v.pid}) killed`;
    if (ev.victims.length > 1) name += ` +${ev.victims.length - 1} more`;
    if (ev.groupPath) name += ' (memory.oom.group: whole cgroup killed)';
    const freed = freedKiB(v);
    if (freed !== undefined) name += `, ${formatKiB(freed)} freed`;
  } else if (ev.noKillable) {
    name += `${trigger ?? '?'}: nothing killable`;
  } else if (ev.unreadKillLine !== undefined) {
    name += `${trigger ?? '?'}: kill line ${lineOf(ev, ev.unreadKillLine) + 1} not readable`;
  } else if (ev.chosen) {
    name += `${ev.chosen.comm} (${ev.chosen.pid}) selected, kill line missing`;
  } else {
    name += `${trigger ?? '?'} (no kill line)`;
  }
  if (isMemcg(ev)) {
    const path = ev.summary?.oomMemcg ?? ev.memcg?.limitPath ?? ev.memcg?.taskPath;
    name += ` — memcg${path ? ` ${shortPath(path)}` : ''}`;
    const c = decodeCgroupPath(ev.memcg?.taskPath ?? ev.summary?.taskMemcg) ?? decodeCgroupPath(path);
    if (c) name += ` (${containerText(c)})`;
  } else if (ev.kind === 'global') {
    name += ' — global';
    const c = decodeCgroupPath(ev.memcg?.taskPath ?? ev.summary?.taskMemcg);
    if (c) name += ` (victim in ${containerText(c)})`;
  }
  else if (ev.kind !== 'unknown') name += ` — ${ev.kind}`;
  return name;
}

function eventDetail(ev: OomEvent): string {
  const t = ev.timestamp;
  const when = t ? (t.iso ?? t.wall ?? (t.monotonicSec !== undefined ? `${t.monotonicSec}s after boot` : t.raw)) : undefined;
  return [when, ev.kernel ? `kernel ${ev.kernel}` : undefined].filter(Boolean).join(' · ');
}

/** A child of an event's symbol; its lines count from the event's start, like the event's own. */
interface Block { name: string; start: number; end?: number; detail?: string }

/** Smallest / largest of a list that may hold a million entries (spreading it into Math.min would overflow the stack). */
function minOf(xs: number[]): number { let m = Infinity; for (const x of xs) if (x < m) m = x; return m; }
function maxOf(xs: number[]): number { let m = -Infinity; for (const x of xs) if (x > m) m = x; return m; }

function blocks(ev: OomEvent): Block[] {
  const out: Block[] = [];
  if (ev.userspace) {
    // one child per fact line of a userspace kill (its decision, candidates, outcome)
    for (const f of ev.userspace.facts) if (f.line !== undefined) out.push({ name: f.label, start: f.line, end: f.line, detail: f.text });
    return out;
  }
  const t = ev.trigger;
  if (t) out.push({ name: 'Trigger', start: t.line, end: ev.cpuset && ev.cpuset.line === t.line + 1 ? ev.cpuset.line : t.line, detail: t.gfpFlags.join('|') || t.gfpMask });
  const memcgLines: number[] = [];
  const mc = ev.memcg;
  if (mc) {
    for (const c of [mc.memory, mc.memsw, mc.kmem, mc.swap]) if (c) memcgLines.push(c.line);
    for (const s of mc.stats) { memcgLines.push(s.line); for (const e of s.entries) memcgLines.push(e.line); }
  }
  let memcgStart: number | undefined;
  if (memcgLines.length) {
    memcgStart = minOf(memcgLines);
    // `Task in … killed as a result of limit of …` sits right above the counters (≤4.19).
    out.push({ name: 'Memory cgroup', start: memcgStart, end: maxOf(memcgLines), detail: mc?.limitPath ?? mc?.taskPath });
  }
  if (ev.memInfo) out.push({ name: 'Mem-Info', start: ev.memInfo.line });
  if (ev.tasks) {
    const rows = ev.tasks.rows;
    // rows are in line order (the parser appends them as it reads): the last one ends the table
    const last = rows.length ? rows[rows.length - 1].line : ev.tasks.headerLine;
    out.push({ name: `Tasks (${rows.length})`, start: ev.tasks.headerLine, end: last });
  }
  const killLines = [ev.summary?.line, ev.chosen?.line, ...ev.victims.map(v => v.line)].filter((x): x is number => x !== undefined);
  if (killLines.length) out.push({ name: 'Kill', start: minOf(killLines), end: maxOf(killLines) });
  if (ev.reaper) out.push({ name: 'Reaper', start: ev.reaper.line, end: ev.reaper.line, detail: ev.reaper.ok ? 'reaped' : 'unable to reap' });
  out.sort((a, b) => a.start - b.start);
  // Stack: between the trigger (and cpuset line) and the next block.
  if (t) {
    const after = out.find(b => b.start > (out[0]?.end ?? t.line));
    const from = Math.max(t.line, ev.cpuset?.line ?? t.line) + 1;
    const to = (after?.start ?? ev.span + 1) - 1;
    if (to >= from) out.push({ name: 'Stack', start: from, end: to });
    out.sort((a, b) => a.start - b.start);
  }
  // Open-ended blocks run to the next block.
  for (let i = 0; i < out.length; i++) {
    if (out[i].end === undefined) out[i].end = Math.max(out[i].start, (out[i + 1]?.start ?? ev.span + 1) - 1);
  }
  return out;
}

function eventSymbol(analysis: OomLogAnalysis, ev: OomEvent): SymbolEntry {
  // relative lines (blocks, victims) are clamped to the event's span, then made document lines
  const start = Math.min(0, ev.span);
  const end = Math.max(0, ev.span);
  const at = (rel: number) => lineOf(ev, rel);
  const range = lines(analysis, at(start), at(end));
  const children: SymbolEntry[] = [];
  for (const b of blocks(ev)) {
    const s = Math.max(start, Math.min(b.start, end));
    const e = Math.max(s, Math.min(b.end ?? b.start, end));
    const r = lines(analysis, at(s), at(e));
    children.push({ name: b.name, detail: b.detail, kind: 'block', range: r, selectionRange: lines(analysis, at(s), at(s)) });
  }
  for (const v of ev.victims) {
    const l = at(Math.max(start, Math.min(v.line, end)));
    const r = lines(analysis, l, l);
    const rss = (v.anonRssKiB ?? 0) + (v.fileRssKiB ?? 0) + (v.shmemRssKiB ?? 0);
    children.push({ name: `${v.comm} (${v.pid})`, detail: v.anonRssKiB !== undefined ? `victim, RSS ${formatKiB(rss)}` : 'victim', kind: 'process', range: r, selectionRange: r });
  }
  return { name: eventTitle(ev), detail: eventDetail(ev) || undefined, kind: 'event', range, selectionRange: lines(analysis, at(start), at(start)), children };
}

/** The outline, bounded (common/symbolCap.ts): a group kill of 30,000 processes lists the first ones and "… and N more". */
export function oomSymbols(analysis: OomLogAnalysis): SymbolEntry[] {
  return capSymbols(analysis.events.map(ev => eventSymbol(analysis, ev)));
}
