/**
 * Semantic tokens for OOM logs. Tokens are computed line by line from the parsed fields plus the
 * raw line text (wrapper prefixes, fixed phrases, GFP flag names, unit suffixes, stack frames),
 * so a range request only touches the events and prefixes that overlap the range, and gives
 * exactly the full result filtered to that range. Tokens never overlap and never leave their line.
 */
import type { Range, Token, TokenKind } from '../common/types';
import type { OomEvent, OomLogAnalysis, TaskRow } from './model';
import { FieldView } from './fieldstore';
import { PHRASES } from './knowledge';
import { lastStartingAtOrBefore, lineIndex, type LineIndex } from './hover';
import { lineText } from './sourceText';

const PROCESS_KEYS = new Set(['trigger.comm', 'cpu.comm', 'cpuset.comm', 'summary.task', 'chosen.comm', 'reaper.comm', 'task.name']);
const PATH_KEYS = new Set([
  'summary.oom_memcg', 'summary.task_memcg', 'memcg.task_in', 'memcg.limit_of', 'group.path', 'cpuset.cpuset',
  'summary.cpuset', 'memcg.stats_for',
]);
const FLAG_KEYS = new Set(['summary.constraint', 'summary.global_oom', 'cpu.taint']);

/** Stack frame: optional `[<addr>]`, optional `? `, then `symbol+0xoff/0xlen`. Anchored, linear. */
const FRAME = /^(\s*)(\[<[0-9a-f]+>\]\s+)?(\?\s+)?([A-Za-z_.$][\w.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+)/;
const ARM_FRAME = /^(\s*)([A-Za-z_.$][\w.$]*) from ([A-Za-z_.$][\w.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+)/;
const CONTEXT_MARK = /^(\s*)(<\/?(?:TASK|IRQ|NMI|EOI|SOFTIRQ)>)\s*$/;
const REGS = /^(\s*)((?:RIP|RSP|RAX|RBX|RCX|RDX|RSI|RDI|RBP|R\d+|Code|EIP|EAX|ESP|Exception stack)\b.*?)\s*$/;
const RAW_WORDS = /^(\s*)((?:[0-9a-f]{8,16} ){3,}[0-9a-f]{8,16})\s*$/;

const MAX_LINE = 8192;

export interface Cand { start: number; length: number; kind: TokenKind; prio: number }

/** Kind of a value by its key alone; undefined when it depends on the value (path, number or string). */
function kindOfKey(k: string): TokenKind | undefined {
  if (k === 'killed.comm' || k === 'killed.pid') return 'victim';
  if (k.startsWith('task.header.')) return 'field';
  if (k === 'killed.message' || k === 'chosen.message') return 'keyword';
  if (PROCESS_KEYS.has(k) || k.endsWith('.comm')) return 'process';
  if (FLAG_KEYS.has(k)) return 'flag';
  if (PATH_KEYS.has(k) || k.endsWith('memcg') || k.endsWith('.path')) return 'path';
  return undefined;
}

/** kindOfKey per key seen (null: depends on the value); keys are the parser's, a few hundred at most. */
const KEY_KINDS = new Map<string, TokenKind | null>();

function valueKind(f: FieldView, victimRow: boolean): TokenKind {
  const k = f.key;
  if (victimRow && (k === 'task.name' || k === 'task.pid' || k === 'task.tgid')) return 'victim';
  let kind = KEY_KINDS.get(k);
  if (kind === undefined) {
    kind = kindOfKey(k) ?? null;
    if (KEY_KINDS.size < 4096) KEY_KINDS.set(k, kind);
  }
  if (kind) return kind;
  if (f.raw().startsWith('/')) return 'path';
  if (f.value === f.value) return 'number'; // not NaN: has a value
  return 'string';
}

/** Length of the unit printed right after a number at `end` (`kB`, `KB`, `pages`, `B`), 0 when none. */
function unitAfter(text: string, end: number): number {
  // (reading past the end gives NaN, but V8 drops its optimised code the first time that happens)
  if (end >= text.length) return 0;
  let u: string;
  switch (text.charCodeAt(end)) {
    case 107: u = 'kB'; break; // k
    case 75: u = 'KB'; break; // K
    case 112: u = 'pages'; break; // p
    case 66: u = 'B'; break; // B
    default: return 0;
  }
  if (!text.startsWith(u, end)) return 0;
  if (end + u.length === text.length) return u.length;
  const next = text.charCodeAt(end + u.length);
  // `kB,` `kB `; not the start of a longer word
  return (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95 ? 0 : u.length;
}

function gfpFlagTokens(text: string, from: number, out: Cand[]): void {
  if (text.charCodeAt(from) !== 40 /* ( */) return;
  const close = text.indexOf(')', from);
  if (close < 0) return;
  let i = from + 1;
  while (i < close) {
    let j = i;
    while (j < close && text.charCodeAt(j) !== 124 /* | */) j++;
    if (j > i) out.push({ start: i, length: j - i, kind: 'flag', prio: 0 });
    i = j + 1;
  }
}

/** `GFP_KERNEL|__GFP_ZERO` (possibly with its parentheses) → one flag token per name. */
function splitFlags(raw: string, at: number, width: number, out: Cand[]): void {
  if (raw.length !== width) return;
  let i = 0;
  while (i < raw.length) {
    while (i < raw.length && (raw[i] === '(' || raw[i] === ')' || raw[i] === '|')) i++;
    let j = i;
    while (j < raw.length && raw[j] !== '|' && raw[j] !== ')' && raw[j] !== '(') j++;
    if (j > i) out.push({ start: at + i, length: j - i, kind: 'flag', prio: 0 });
    i = j;
  }
}

/** Any fixed phrase at all (one scan; most lines have none, and then 21 searches are skipped). */
export const ANY_PHRASE = new RegExp(PHRASES.map(p => p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

function phraseTokens(text: string, from: number, out: Cand[]): void {
  ANY_PHRASE.lastIndex = from;
  if (!ANY_PHRASE.test(text)) return;
  for (const p of PHRASES) {
    let i = text.indexOf(p.text, from);
    while (i >= 0) {
      out.push({ start: i, length: p.text.length, kind: 'keyword', prio: 1 });
      i = text.indexOf(p.text, i + p.text.length);
    }
  }
}

function stackTokens(text: string, from: number, out: Cand[]): void {
  const body = text.slice(from);
  let m = FRAME.exec(body);
  if (m) {
    const start = from + m[1].length + (m[2]?.length ?? 0) + (m[3]?.length ?? 0);
    out.push({ start, length: m[4].length, kind: 'stack', prio: 2 });
    const rest = body.indexOf(' [', m[0].length);
    if (rest >= 0 && body.endsWith(']')) out.push({ start: from + rest + 1, length: body.length - rest - 1, kind: 'stack', prio: 2 });
    return;
  }
  m = ARM_FRAME.exec(body);
  if (m) {
    out.push({ start: from + m[1].length, length: m[2].length, kind: 'stack', prio: 2 });
    out.push({ start: from + m[0].length - m[3].length, length: m[3].length, kind: 'stack', prio: 2 });
    return;
  }
  m = CONTEXT_MARK.exec(body) ?? RAW_WORDS.exec(body) ?? REGS.exec(body);
  if (m) out.push({ start: from + m[1].length, length: m[2].length, kind: 'stack', prio: 2 });
}

/** Is this task row the victim's (by pid or tgid)? */
function isVictimRow(ev: OomEvent, row: TaskRow): boolean {
  for (const v of ev.victims) if (v.pid === row.pid || v.pid === row.tgid) return true;
  return false;
}

/**
 * Appends the tokens of one line to `out`. `prefix`: length of its wrapper prefix (0: none);
 * `inSpan`: the line lies inside an event (only there are phrases and stack frames marked).
 */
function lineTokens(analysis: OomLogAnalysis, idx: LineIndex, line: number, prefix: number, inSpan: boolean, out: Token[]): void {
  const raw = lineText(analysis, line);
  const text = raw === undefined ? undefined : raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  const cands: Cand[] = [];
  if (prefix > 0) cands.push({ start: 0, length: text === undefined ? prefix : Math.min(prefix, text.length), kind: 'timestamp', prio: 0 });
  let fields = 0;
  let victimRow: boolean | undefined;
  idx.visitAt(line, VIEW, (f, row) => {
    fields++;
    victimRow ??= row !== undefined && isVictimRow(row.ev, row.row);
    if (f.nsLine === line && f.neLine === line) cands.push({ start: f.nsCol, length: f.neCol - f.nsCol, kind: 'field', prio: 0 });
    if (f.sLine !== line || f.eLine !== line) return;
    if (f.nsLine === f.sLine && f.nsCol === f.sCol && f.neCol === f.eCol) return;
    if (f.key === 'trigger.gfp_flags') {
      splitFlags(f.raw(), f.sCol, f.eCol - f.sCol, cands);
      return;
    }
    cands.push({ start: f.sCol, length: f.eCol - f.sCol, kind: valueKind(f, victimRow), prio: 0 });
    if (text !== undefined && f.value === f.value) {
      const u = unitAfter(text, f.eCol);
      if (u) cands.push({ start: f.eCol, length: u, kind: 'unit', prio: 0 });
    }
    if (text !== undefined && f.key === 'trigger.gfp_mask') gfpFlagTokens(text, f.eCol, cands);
  });
  if (text !== undefined && inSpan) {
    phraseTokens(text, prefix, cands);
    if (!fields) stackTokens(text, prefix, cands);
  }
  resolve(line, cands, text?.length, out);
}

/** Filled with one field after another while a line is coloured. */
const VIEW = new FieldView();

/** Keep the highest-priority, then earliest-longest candidates; drop overlaps and out-of-line parts. Appends the kept ones to `out` in line order. */
export function resolve(line: number, cands: Cand[], lineLength: number | undefined, out: Token[]): void {
  // usually already in order (the prefix, then the fields left to right): sorting anyway copies the array
  if (!inOrder(cands)) cands.sort(byPriority);
  // The line's tokens are out[first..]: they never overlap and stay sorted by start, so a new one
  // can only clash with its neighbours at the place it would go (binary search; usually the end).
  const first = out.length;
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i];
    const end = c.start + c.length;
    if (c.length <= 0 || c.start < 0) continue;
    if (lineLength !== undefined && end > lineLength) continue;
    let lo = first;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (out[mid].start < c.start) lo = mid + 1; else hi = mid;
    }
    if (lo > first && out[lo - 1].start + out[lo - 1].length > c.start) continue;
    if (lo < out.length && out[lo].start < end) continue;
    const t: Token = { line, start: c.start, length: c.length, kind: c.kind };
    if (lo === out.length) out.push(t); else out.splice(lo, 0, t);
  }
}

function byPriority(a: Cand, b: Cand): number { return a.prio - b.prio || a.start - b.start || b.length - a.length; }

function inOrder(cands: Cand[]): boolean {
  for (let i = 1; i < cands.length; i++) if (byPriority(cands[i - 1], cands[i]) > 0) return false;
  return true;
}

function firstPrefixAtOrAfter(analysis: OomLogAnalysis, line: number): number {
  const ps = analysis.prefixes;
  let lo = 0;
  let hi = ps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ps[mid].line < line) lo = mid + 1; else hi = mid;
  }
  return lo;
}

export function oomTokens(analysis: OomLogAnalysis, range?: Range): Token[] {
  const first = range ? Math.max(0, range.start.line) : 0;
  const last = range ? range.end.line : Math.max(analysis.lineCount - 1, 0);
  const idx = lineIndex(analysis);
  const evs = idx.events;
  const prefixes = analysis.prefixes;
  // Events are sorted by start; spans can overlap a little (late reaper lines), so start from the
  // first event that could reach `first`.
  let e = lastStartingAtOrBefore(evs, first - 1) + 1;
  while (e > 0 && evs[e - 1].endLine >= first) e--;
  // Prefixes are in line order (the parser emits them while scanning).
  let p = firstPrefixAtOrAfter(analysis, first);
  /** Last line of the spans of the events passed so far. */
  let spanEnd = -1;
  const out: Token[] = [];
  // Visit the lines inside an event span or with a wrapper prefix, in order; jump over the rest.
  for (let l = first; l <= last;) {
    while (e < evs.length && evs[e].startLine <= l) { if (evs[e].endLine > spanEnd) spanEnd = evs[e].endLine; e++; }
    while (p < prefixes.length && prefixes[p].line < l) p++;
    const prefix = p < prefixes.length && prefixes[p].line === l ? prefixes[p] : undefined;
    const inSpan = l <= spanEnd;
    if (inSpan || prefix) {
      lineTokens(analysis, idx, l, prefix ? prefix.length : 0, inSpan, out);
      l++;
    } else {
      l = Math.min(e < evs.length ? evs[e].startLine : Infinity, p < prefixes.length ? prefixes[p].line : Infinity);
    }
  }
  return out;
}
