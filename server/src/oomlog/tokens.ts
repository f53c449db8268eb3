/**
 * Semantic tokens for OOM logs. Tokens are computed line by line from the parsed fields plus the
 * raw line text (wrapper prefixes, fixed phrases, GFP flag names, unit suffixes, stack frames),
 * so a range request only touches the events and prefixes that overlap the range, and gives
 * exactly the full result filtered to that range. Tokens never overlap and never leave their line.
 */
import type { Range, Token, TokenKind } from '../common/types';
import type { Field, OomEvent, OomLogAnalysis } from './model';
import { PHRASES } from './knowledge';
import { lastStartingAtOrBefore, lineIndex } from './hover';
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

interface Cand { start: number; length: number; kind: TokenKind; prio: number }

/** Length of the wrapper prefix stripped from `line` (0 when none); prefixes are in line order. */
function prefixOf(analysis: OomLogAnalysis, line: number): number {
  const p = analysis.prefixes[firstPrefixAtOrAfter(analysis, line)];
  return p && p.line === line ? p.length : 0;
}

function valueKind(f: Field, victimRow: boolean): TokenKind {
  const k = f.key;
  if (k === 'killed.comm' || k === 'killed.pid') return 'victim';
  if (k.startsWith('task.header.')) return 'field';
  if (k === 'killed.message' || k === 'chosen.message') return 'keyword';
  if (victimRow && (k === 'task.name' || k === 'task.pid' || k === 'task.tgid')) return 'victim';
  if (PROCESS_KEYS.has(k) || k.endsWith('.comm')) return 'process';
  if (FLAG_KEYS.has(k)) return 'flag';
  if (PATH_KEYS.has(k) || k.endsWith('memcg') || k.endsWith('.path') || f.raw.startsWith('/')) return 'path';
  if (f.value !== undefined) return 'number';
  return 'string';
}

const UNIT_SUFFIXES = ['kB', 'KB', 'pages', 'B'];

function unitAfter(text: string, end: number): number {
  for (const u of UNIT_SUFFIXES) {
    if (text.startsWith(u, end)) {
      const next = text.charCodeAt(end + u.length);
      // `kB,` `kB ` end-of-line; not the start of a longer word
      if (Number.isNaN(next) || !((next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95)) return u.length;
    }
  }
  return 0;
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

function phraseTokens(text: string, from: number, out: Cand[]): void {
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

/** Tokens of one line; `events` are the events whose span contains it. */
function lineTokens(analysis: OomLogAnalysis, line: number, events: OomEvent[]): Token[] {
  const idx = lineIndex(analysis);
  const raw = lineText(analysis, line);
  const text = raw === undefined ? undefined : raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  const cands: Cand[] = [];
  const prefix = prefixOf(analysis, line);
  if (prefix > 0) cands.push({ start: 0, length: text === undefined ? prefix : Math.min(prefix, text.length), kind: 'timestamp', prio: 0 });
  const entries = idx.fields.get(line) ?? [];
  const row = idx.rows.get(line);
  const victimRow = !!row && row.ev.victims.some(v => v.pid === row.row.pid || v.pid === row.row.tgid);
  for (const { field } of entries) {
    const n = field.nameRange;
    if (n && n.start.line === line && n.end.line === line) {
      cands.push({ start: n.start.character, length: n.end.character - n.start.character, kind: 'field', prio: 0 });
    }
    const r = field.range;
    if (r.start.line !== line || r.end.line !== line) continue;
    if (n && n.start.line === r.start.line && n.start.character === r.start.character && n.end.character === r.end.character) continue;
    if (field.key === 'trigger.gfp_flags') {
      splitFlags(field.raw, r.start.character, r.end.character - r.start.character, cands);
      continue;
    }
    cands.push({ start: r.start.character, length: r.end.character - r.start.character, kind: valueKind(field, victimRow), prio: 0 });
    if (text !== undefined && field.value !== undefined) {
      const u = unitAfter(text, r.end.character);
      if (u) cands.push({ start: r.end.character, length: u, kind: 'unit', prio: 0 });
    }
    if (text !== undefined && field.key === 'trigger.gfp_mask') gfpFlagTokens(text, r.end.character, cands);
  }
  if (text !== undefined && events.length) {
    phraseTokens(text, prefix, cands);
    if (!entries.length) stackTokens(text, prefix, cands);
  }
  return resolve(line, cands, text?.length);
}

/** Keep the highest-priority, then earliest-longest candidates; drop overlaps and out-of-line parts. */
function resolve(line: number, cands: Cand[], lineLength: number | undefined): Token[] {
  cands.sort((a, b) => a.prio - b.prio || a.start - b.start || b.length - a.length);
  const kept: Cand[] = [];
  for (const c of cands) {
    if (c.length <= 0 || c.start < 0) continue;
    if (lineLength !== undefined && c.start + c.length > lineLength) continue;
    let clash = false;
    for (const k of kept) if (c.start < k.start + k.length && k.start < c.start + c.length) { clash = true; break; }
    if (!clash) kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map(c => ({ line, start: c.start, length: c.length, kind: c.kind }));
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
  const byLine = new Map<number, OomEvent[]>();
  const evs = lineIndex(analysis).events;
  // Events are sorted by start; spans can overlap a little (late reaper lines), so scan from the
  // first event that could reach `first`.
  let i = lastStartingAtOrBefore(evs, first - 1) + 1;
  while (i > 0 && evs[i - 1].endLine >= first) i--;
  for (; i < evs.length && evs[i].startLine <= last; i++) {
    const ev = evs[i];
    const a = Math.max(first, ev.startLine);
    const b = Math.min(last, ev.endLine);
    for (let l = a; l <= b; l++) {
      const list = byLine.get(l);
      if (list) list.push(ev); else byLine.set(l, [ev]);
    }
  }
  // Prefixes are in line order (the parser emits them while scanning).
  for (let p = firstPrefixAtOrAfter(analysis, first); p < analysis.prefixes.length && analysis.prefixes[p].line <= last; p++) {
    const l = analysis.prefixes[p].line;
    if (!byLine.has(l)) byLine.set(l, []);
  }
  // Fields of a line outside every event span (should not happen) still get tokens.
  const lines = [...byLine.keys()].sort((x, y) => x - y);
  const out: Token[] = [];
  for (const l of lines) for (const t of lineTokens(analysis, l, byLine.get(l)!)) out.push(t);
  return out;
}
