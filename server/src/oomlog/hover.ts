/**
 * Hover on an OOM report: every field name and value, task-table cells, GFP flags, constraint
 * values and the fixed phrases. A hover finds the events holding its line by binary search, then
 * that line's fields in the analysis's FieldIndex (fieldstore.ts), whatever the log size.
 */
import type { HoverResult, Position, Range } from '../common/types';
import { type Field, type OomEvent, type OomLogAnalysis, type TaskRow, type Unit, endLineOf, relLine } from './model';
import { CONSTRAINT_DOCS, docFor, GFP_DOCS, PHRASES, type FieldDoc } from './knowledge';
import { GFP_ERAS } from './gfp';
import { explainVictim, rankOf, victimMarkdown } from './badness';
import { formatBytes, formatCount, formatKiB, formatPercent, isUnlimitedKiB } from './sizes';
import { lineText } from './sourceText';
import { mdCode, mdText } from '../common/markdown';
import { own } from '../common/lookup';
import type { FieldView } from './fieldstore';
import { containerText, decodeCgroupPath } from './container';
import { userspaceFieldMarkdown } from './userspace/docs';
import { firstIndex } from '../common/search';

// ---- index -------------------------------------------------------------------------------------

export interface LineIndex {
  /** Fields touching a line (their value, its end, or their name). */
  fields: { get(line: number): { ev: OomEvent; field: Field }[] | undefined };
  /** The task-table row printed on a line. */
  rows: { get(line: number): { ev: OomEvent; row: TaskRow } | undefined };
  /**
   * Both of the above for one line without Field objects (tokens asks for every line): `visit` sees
   * `view` filled with each field in turn, in the order of `fields.get`, and the line's task row.
   */
  visitAt(line: number, view: FieldView, visit: (f: FieldView, row: { ev: OomEvent; row: TaskRow } | undefined) => void): void;
  /** Events sorted by start line. */
  events: OomEvent[];
}

const indexes = new WeakMap<OomLogAnalysis, LineIndex>();

type FieldEntry = { ev: OomEvent; field: Field };

function pushEntry(map: Map<number, FieldEntry[]>, line: number, e: FieldEntry): void {
  const list = map.get(line);
  if (list) { if (list[list.length - 1] !== e) list.push(e); } else map.set(line, [e]);
}

function indexFields(map: Map<number, FieldEntry[]>, ev: OomEvent, fields: readonly Field[]): void {
  for (const field of fields) {
    const e = { ev, field };
    if (field.nameRange) pushEntry(map, field.nameRange.start.line, e);
    pushEntry(map, field.range.start.line, e);
    if (field.range.end.line !== field.range.start.line) pushEntry(map, field.range.end.line, e);
  }
}

/** The task-table row of `ev` printed on document line `line` (rows are in line order). */
function rowAt(ev: OomEvent, line: number): TaskRow | undefined {
  const list = ev.tasks?.rows;
  if (!list?.length) return undefined;
  const rel = relLine(ev, line);
  const row = list[firstIndex(0, list.length, i => list[i].line >= rel)];
  return row?.line === rel ? row : undefined;
}

const NO_EVENTS: readonly OomEvent[] = [];

/**
 * Per analysis: the events sorted by start line and the few fields that lie outside their
 * event's span (a late `oom_reaper:` line); everything else is looked up in the events whose span
 * holds the line.
 */
export function lineIndex(analysis: OomLogAnalysis): LineIndex {
  const hit = indexes.get(analysis);
  if (hit) return hit;
  const events = analysis.events.slice().sort((a, b) => a.startLine - b.startLine);
  const order = new Map<OomEvent, number>();
  analysis.events.forEach((ev, i) => order.set(ev, i));
  const stray = new Map<number, FieldEntry[]>();
  const fx = analysis.fields;
  for (const ev of analysis.events) indexFields(stray, ev, fx.outside(ev));
  /** `[ev]` for each event met alone on a line (most lines): one list per event, not per request line. */
  const alone = new Map<OomEvent, readonly OomEvent[]>();
  /** Events whose span holds `line`, in analysis order. */
  const holding = (line: number): readonly OomEvent[] => {
    const last = lastStartingAtOrBefore(events, line);
    let one: OomEvent | undefined;
    let several: OomEvent[] | undefined;
    // spans overlap only a little (a report cut short, then the next one): look a few back
    for (let i = last; i >= 0 && i >= last - 7; i--) {
      if (endLineOf(events[i]) < line) continue;
      if (!one) one = events[i]; else (several ??= [one]).push(events[i]);
    }
    if (several) return several.sort((a, b) => order.get(a)! - order.get(b)!);
    if (!one) return NO_EVENTS;
    let list = alone.get(one);
    if (!list) alone.set(one, (list = [one]));
    return list;
  };
  const fieldsIn = (inSpan: readonly OomEvent[], line: number): FieldEntry[] => {
    const out: FieldEntry[] = [];
    for (let k = 0; k < inSpan.length; k++) {
      const ev = inSpan[k];
      const fs = fx.onLine(ev, line);
      for (let j = 0; j < fs.length; j++) out.push({ ev, field: fs[j] });
    }
    // fields of other events that stray onto this line (the events above already gave their own)
    const strays = stray.get(line);
    if (!strays) return out;
    for (const e of strays) if (!inSpan.includes(e.ev)) out.push(e);
    if (out.length > 1) out.sort((a, b) => order.get(a.ev)! - order.get(b.ev)!);
    return out;
  };
  const rowIn = (inSpan: readonly OomEvent[], line: number): { ev: OomEvent; row: TaskRow } | undefined => {
    // the latest event that holds the line wins
    for (let i = inSpan.length - 1; i >= 0; i--) {
      const row = rowAt(inSpan[i], line);
      if (row) return { ev: inSpan[i], row };
    }
    return undefined;
  };
  const fields = {
    get(line: number): FieldEntry[] | undefined {
      const out = fieldsIn(holding(line), line);
      return out.length ? out : undefined;
    },
  };
  const rows = { get: (line: number) => rowIn(holding(line), line) };
  const visitAt: LineIndex['visitAt'] = (line, view, visit) => {
    const inSpan = holding(line);
    const row = rowIn(inSpan, line);
    if (!stray.has(line)) {
      for (let k = 0; k < inSpan.length; k++) fx.visitLine(inSpan[k], line, view, visit, row);
      return;
    }
    // another event's field strays onto this line (rare): the sorted list, as fields.get gives it
    for (const e of fieldsIn(inSpan, line)) visit(view.set(e.field), row);
  };
  const idx = { fields, rows, visitAt, events };
  indexes.set(analysis, idx);
  return idx;
}

/** The event whose line span holds `line` (binary search; overlapping spans prefer the later event). */
export function eventAtLine(analysis: OomLogAnalysis, line: number): OomEvent | undefined {
  const evs = lineIndex(analysis).events;
  const last = lastStartingAtOrBefore(evs, line);
  for (let i = last; i >= 0 && i >= last - 3; i--) if (endLineOf(evs[i]) >= line) return evs[i];
  return undefined;
}

/** Index of the last event of `events` (sorted by start line) that starts at or before `line`; -1 when none does. */
export function lastStartingAtOrBefore(events: readonly OomEvent[], line: number): number {
  return firstIndex(0, events.length, i => events[i].startLine > line) - 1;
}

function contains(r: Range, pos: Position): boolean {
  if (pos.line < r.start.line || pos.line > r.end.line) return false;
  if (pos.line === r.start.line && pos.character < r.start.character) return false;
  if (pos.line === r.end.line && pos.character > r.end.character) return false;
  return true;
}

// ---- value formatting ----------------------------------------------------------------------------

function pageSizeOf(ev: OomEvent): { kib: number; known: boolean } {
  const mi = ev.memInfo;
  return mi ? { kib: mi.pageSizeKiB || 4, known: mi.pageSizeKnown } : { kib: 4, known: false };
}

function pageNote(ev: OomEvent): string {
  const ps = pageSizeOf(ev);
  return ps.known ? `${ps.kib} KiB pages` : 'assuming 4 KiB pages (this report does not show the page size)';
}

/** `N pages ≈ 412 MiB (4 KiB pages)`. */
export function convertValue(ev: OomEvent, value: number, unit: Unit | undefined): string | undefined {
  switch (unit) {
    case 'pages': {
      const ps = pageSizeOf(ev);
      return `${formatCount(value)} pages ≈ **${formatKiB(value * ps.kib)}** (${pageNote(ev)})`;
    }
    case 'kB':
      if (isUnlimitedKiB(value)) return `${formatCount(value)} kB = **unlimited** (the kernel's "no limit" value)`;
      return Math.abs(value) >= 1024 ? `${formatCount(value)} kB ≈ **${formatKiB(value)}**` : `${formatCount(value)} kB`;
    case 'bytes':
      return Math.abs(value) >= 1024 ? `${formatCount(value)} bytes ≈ **${formatBytes(value)}**` : `${formatCount(value)} bytes`;
    case 'count':
      return formatCount(value);
    default:
      return undefined;
  }
}

function kib(ev: OomEvent, value: number, unit: Unit | undefined): number | undefined {
  if (unit === 'pages') return value * pageSizeOf(ev).kib;
  if (unit === 'kB') return value;
  if (unit === 'bytes') return value / 1024;
  return undefined;
}

export function adjMeaning(adj: number): string {
  if (adj <= -1000) return '-1000: this task is never chosen by the OOM killer.';
  if (adj >= 1000) return '1000: this task is always chosen first.';
  if (adj === 0) return '0: default, no preference.';
  const pct = Math.abs(adj) / 10;
  return adj < 0
    ? `${adj}: protected — its badness is lowered by ${pct} % of the allowed memory.`
    : `+${adj}: penalised — its badness is raised by ${pct} % of the allowed memory.`;
}

function isMemcgOom(ev: OomEvent): boolean {
  return ev.kind === 'memcg' || ev.kind === 'memcg-v1' || ev.kind === 'memcg-v2';
}

/** What the victim's memory is measured against: the memcg limit or RAM. */
function allowanceKiB(ev: OomEvent): { kib: number; what: string } | undefined {
  if (isMemcgOom(ev)) {
    const m = ev.memcg;
    if (m?.limitHit === 'memory+swap' && m.memsw) return { kib: m.memsw.limitKiB, what: 'the cgroup memory+swap limit' };
    const lim = m?.memory?.limitKiB;
    if (lim && !isUnlimitedKiB(lim)) return { kib: lim, what: 'the cgroup memory limit' };
    return undefined;
  }
  const ram = ev.memInfo?.pagesRam;
  if (ram) return { kib: ram * pageSizeOf(ev).kib, what: 'RAM' };
  return undefined;
}

// ---- context per key ---------------------------------------------------------------------------

function victimContext(ev: OomEvent, analysis: OomLogAnalysis, field: Field): string[] {
  const v = ev.victims.find(x => x.line === relLine(ev, field.range.start.line)) ?? ev.victims[0];
  if (!v) return [];
  const out: string[] = [];
  const rss = (v.anonRssKiB ?? 0) + (v.fileRssKiB ?? 0) + (v.shmemRssKiB ?? 0);
  if (rss > 0) {
    const allow = allowanceKiB(ev);
    out.push(`Victim RSS (anon + file + shmem): **${formatKiB(rss)}**${allow ? `, ${formatPercent(rss, allow.kib)} of ${allow.what} (${formatKiB(allow.kib)})` : ''}.`);
  }
  if (field.key === 'killed.comm' || field.key === 'killed.pid') {
    out.push(victimMarkdown(explainVictim(ev, analysis), ev));
  }
  return out;
}

function zoneContext(ev: OomEvent, field: Field): string[] {
  const z = ev.memInfo?.zones.find(x => x.line === relLine(ev, field.range.start.line));
  if (!z) return [];
  const { free, min, low, high } = z.kB;
  if (free === undefined || min === undefined) return [];
  const where = `${z.node !== undefined ? `Node ${z.node} ` : ''}${z.zone}`;
  let verdict: string;
  if (free < min) verdict = 'below **min**: normal allocations had to reclaim and failed here.';
  else if (low !== undefined && free < low) verdict = 'between min and low: kswapd was reclaiming.';
  else if (high !== undefined && free < high) verdict = 'between low and high.';
  else verdict = 'above the high watermark: this zone was not the one short of memory (fragmentation, zone or node restrictions, or a cgroup limit).';
  return [`${where}: free ${formatKiB(free)} vs min ${formatKiB(min)}${low !== undefined ? ` / low ${formatKiB(low)}` : ''}${high !== undefined ? ` / high ${formatKiB(high)}` : ''} — ${verdict}`];
}

function memcgContext(ev: OomEvent, field: Field): string[] {
  const m = /^memcg\.(memory|memory\+swap|kmem|swap)\.(usage|limit|failcnt)$/.exec(field.key);
  if (!m) return [];
  const c = m[1] === 'memory' ? ev.memcg?.memory : m[1] === 'memory+swap' ? ev.memcg?.memsw : m[1] === 'kmem' ? ev.memcg?.kmem : ev.memcg?.swap;
  if (!c) return [];
  if (isUnlimitedKiB(c.limitKiB)) return [`No ${m[1]} limit is set on this cgroup; usage ${formatKiB(c.usageKiB)}.`];
  return [`Usage ${formatKiB(c.usageKiB)} of ${formatKiB(c.limitKiB)} = **${formatPercent(c.usageKiB, c.limitKiB)}** of the limit.`];
}

/**
 * What the hover says about the flags of the failed allocation, fitted to the report: names the
 * kernel printed (4.6+) are authoritative; on older kernels the hex mask is decoded with the
 * gfp.h table of the kernel's era, and the hover says which; a mask of 0 is a page fault.
 */
function gfpContext(ev: OomEvent): string[] {
  const t = ev.trigger;
  if (!t?.gfpMask) return [];
  if (Number.parseInt(t.gfpMask, 16) === 0) {
    return ['Mask 0: this OOM came from a page fault that could not be satisfied (`pagefault_out_of_memory`), not from a normal allocation.'];
  }
  if (!t.gfpFlags.length) {
    return ['This kernel prints no flag names and the report does not say which kernel it is, so the mask is not decoded: the bit layout of gfp.h changed several times between versions.'];
  }
  const era = t.gfpFlagsSource === 'decoded' ? GFP_ERAS.find(e => e.id === t.gfpEra) : undefined;
  const source = t.gfpFlagsSource === 'printed'
    ? 'Flags as the kernel printed them in parentheses:'
    : `This kernel prints no flag names; decoded from the hex mask with the gfp.h table of ${era ? era.label : 'its kernel version'}:`;
  // one block: the heading and a tight list, one flag per line
  return [[source, ...t.gfpFlags.map(f => `- ${mdCode(f)} — ${own(GFP_DOCS, f) ?? (f.startsWith('0x') ? 'bits no flag of that table names.' : 'flag not in our table.')}`)].join('\n')];
}

function orderContext(value: number, ev: OomEvent): string[] {
  if (value < 0) return ['Order -1: manual OOM (SysRq-f), not a failed allocation.'];
  const pages = 2 ** value;
  const ps = pageSizeOf(ev).kib;
  const out = [`2^${value} = ${formatCount(pages)} contiguous page${pages > 1 ? 's' : ''} = **${formatKiB(pages * ps)}**.`];
  if (value > 3) out.push('Order above 3 is costly: an OOM kill for it usually means `__GFP_NOFAIL` or fragmentation, not lack of memory.');
  return out;
}

function rowContext(ev: OomEvent, analysis: OomLogAnalysis, row: TaskRow): string[] {
  const ex = explainVictim(ev, analysis);
  const r = rankOf(ex, row);
  const victim = ev.victims.some(v => v.pid === row.pid || v.pid === row.tgid);
  const parts = [`Process **${mdText(row.name)}** (pid ${row.pid}${row.tgid !== row.pid ? `, tgid ${row.tgid}` : ''}, uid ${row.uid})${victim ? ' — **the killed process**' : ''}.`];
  if (r) {
    parts.push(r.eligible
      ? `Badness ${r.points}${r.normalized !== undefined ? ` (score ${r.normalized})` : ''}: ranked #${r.rank} of ${ex.eligibleCount}.`
      : 'oom_score_adj -1000: never a candidate.');
  }
  return parts;
}

/** The name as the report prints it, not our knowledge key: `killed.anon-rss` → `anon-rss`. */
function printedName(key: string): string {
  const counter = /^memcg\.(memory|memory\+swap|kmem|swap)\.(usage|limit|failcnt)$/.exec(key);
  if (counter) return `${counter[1]}: ${counter[2]}`;
  return key.slice(key.lastIndexOf('.') + 1) || key;
}

function docSection(doc: FieldDoc | undefined, key: string): string[] {
  const name = printedName(key);
  if (!doc) return [`\`${name}\``];
  return [doc.title === name ? `**${name}**` : `**${doc.title}** \`${name}\``, '', doc.meaning];
}

/** Keys whose value is a cgroup path (container, pod or VM decoded in the hover). */
const CGROUP_PATH_KEYS = new Set(['summary.oom_memcg', 'summary.task_memcg', 'memcg.task_in', 'memcg.limit_of', 'memcg.stats_path', 'memcg.limit_reached', 'group.path']);

function fieldMarkdown(analysis: OomLogAnalysis, ev: OomEvent, field: Field): string {
  const doc = docFor(field.key);
  const out = docSection(doc, field.key);
  const unit = field.unit ?? doc?.unit;
  const lines: string[] = [];
  if (field.value !== undefined) {
    const conv = convertValue(ev, field.value, unit);
    if (conv) lines.push(conv);
  }
  const key = field.key;
  const row = lineIndex(analysis).rows.get(field.range.start.line);
  if (key.startsWith('task.') && !key.startsWith('task.header.') && row) lines.push(...rowContext(ev, analysis, row.row));
  if (key.endsWith('oom_score_adj') && field.value !== undefined) lines.push(`oom_score_adj ${adjMeaning(field.value)}`);
  if (key.startsWith('killed.')) lines.push(...victimContext(ev, analysis, field));
  if (key === 'chosen.comm' || key === 'chosen.pid' || key === 'chosen.score') lines.push(victimMarkdown(explainVictim(ev, analysis), ev));
  if (key.startsWith('zone.') && /^zone\.(free|min|low|high)$/.test(key)) lines.push(...zoneContext(ev, field));
  if (key.startsWith('memcg.')) lines.push(...memcgContext(ev, field));
  if (key === 'trigger.gfp_mask' || key === 'trigger.gfp_flags') lines.push(...gfpContext(ev));
  if (key === 'killed.pgtables' && ev.victims.some(v => v.pgtablesInBytes)) lines.push('This kernel printed bytes labelled `kB` here (5.4.0–5.4.5 bug); the real size is ' + formatKiB(ev.victims.find(v => v.pgtablesInBytes)?.pgtablesKiB ?? 0) + '.');
  if (key === 'trigger.order' && field.value !== undefined) lines.push(...orderContext(field.value, ev));
  if (CGROUP_PATH_KEYS.has(key)) {
    const c = decodeCgroupPath(field.raw);
    if (c) lines.push(`Container: **${mdText(containerText(c))}**.`);
  }
  if (key === 'summary.constraint' && own(CONSTRAINT_DOCS, field.raw)) lines.push(`${mdCode(field.raw)}: ${own(CONSTRAINT_DOCS, field.raw)}`);
  if ((key.startsWith('meminfo.') || key.startsWith('memcg.stat.')) && field.value !== undefined) {
    const k = kib(ev, field.value, unit);
    const allow = allowanceKiB(ev);
    if (k !== undefined && allow && k > 0) lines.push(`${formatPercent(k, allow.kib)} of ${allow.what}.`);
  }
  if (lines.length) out.push('', ...lines.flatMap((l, i) => (i ? ['', l] : [l])));
  if (doc?.notes?.length) out.push('', ...doc.notes.map(n => `- ${n}`));
  return out.join('\n');
}

// ---- words and phrases -------------------------------------------------------------------------

function wordAt(text: string, ch: number): { start: number; end: number; word: string } | undefined {
  const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  let s = Math.min(ch, text.length);
  let e = s;
  while (s > 0 && isWord(text.charCodeAt(s - 1))) s--;
  while (e < text.length && isWord(text.charCodeAt(e))) e++;
  if (s === e) return undefined;
  return { start: s, end: e, word: text.slice(s, e) };
}

function phraseAt(text: string, ch: number): { start: number; end: number; doc: (typeof PHRASES)[number] } | undefined {
  for (const doc of PHRASES) {
    let i = text.indexOf(doc.text);
    while (i >= 0) {
      if (ch >= i && ch <= i + doc.text.length) return { start: i, end: i + doc.text.length, doc };
      i = text.indexOf(doc.text, i + 1);
    }
  }
  return undefined;
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

const MAX_LINE_SCAN = 4096;

export function oomHover(analysis: OomLogAnalysis, pos: Position): HoverResult | null {
  const idx = lineIndex(analysis);
  const entries = idx.fields.get(pos.line);
  if (entries) {
    // Prefer the narrowest field containing the position (a value inside a whole-line field).
    let best: { ev: OomEvent; field: Field; range: Range } | undefined;
    for (const e of entries) {
      for (const r of [e.field.nameRange, e.field.range]) {
        if (!r || !contains(r, pos)) continue;
        const width = r.end.line === r.start.line ? r.end.character - r.start.character : Number.MAX_SAFE_INTEGER;
        const bestWidth = best ? (best.range.end.line === best.range.start.line ? best.range.end.character - best.range.start.character : Number.MAX_SAFE_INTEGER) : Infinity;
        if (width < bestWidth) best = { ev: e.ev, field: e.field, range: r };
      }
    }
    if (best && best.field.key === 'trigger.gfp_flags') {
      const w = wordAt(lineText(analysis, pos.line) ?? '', pos.character);
      if (w && own(GFP_DOCS, w.word)) {
        return { range: lineRange(pos.line, w.start, w.end), markdown: `**\`${w.word}\`** — allocation flag\n\n${own(GFP_DOCS, w.word)}\n\n${gfpContext(best.ev).join('\n')}` };
      }
    }
    if (best) return { range: best.range, markdown: best.ev.userspace ? userspaceFieldMarkdown(best.ev, best.field) : fieldMarkdown(analysis, best.ev, best.field) };
  }
  const text = lineText(analysis, pos.line);
  if (text === undefined || pos.character > text.length) return null;
  const ev = eventAtLine(analysis, pos.line);
  if (!ev) return null;
  const scan = text.length > MAX_LINE_SCAN ? text.slice(0, MAX_LINE_SCAN) : text;
  const w = wordAt(scan, pos.character);
  if (w && own(GFP_DOCS, w.word)) return { range: lineRange(pos.line, w.start, w.end), markdown: `**\`${w.word}\`** — allocation flag\n\n${own(GFP_DOCS, w.word)}` };
  if (w && own(CONSTRAINT_DOCS, w.word)) return { range: lineRange(pos.line, w.start, w.end), markdown: `**\`${w.word}\`**\n\n${own(CONSTRAINT_DOCS, w.word)}` };
  const p = phraseAt(scan, pos.character);
  if (p) {
    const md = [`**${p.doc.title}**`, '', p.doc.meaning];
    if (p.doc.text === 'Killed process' || p.doc.text === 'Kill process' || p.doc.text === 'kill process') {
      md.push('', victimMarkdown(explainVictim(ev, analysis), ev));
    }
    return { range: lineRange(pos.line, p.start, p.end), markdown: md.join('\n') };
  }
  // A task-table cell without its own field: explain the column from the header.
  const row = idx.rows.get(pos.line);
  if (row && w) {
    return { range: lineRange(pos.line, w.start, w.end), markdown: rowContext(row.ev, analysis, row.row).join('\n\n') };
  }
  return null;
}

