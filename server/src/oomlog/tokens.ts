/**
 * Semantic tokens for OOM logs. Tokens are computed line by line from the parsed fields plus the
 * raw line text (wrapper prefixes, fixed phrases, GFP flag names, unit suffixes, stack frames),
 * so a range request only touches the events and prefixes that overlap the range, and gives
 * exactly the full result filtered to that range. Tokens never overlap and never leave their line.
 */
import type { Range, Token, TokenKind } from '../common/types';
import { type OomEvent, type OomLogAnalysis, type TaskRow, endLineOf } from './model';
import { FieldView } from './fieldstore';
import { PHRASES } from './knowledge';
import { lastStartingAtOrBefore, lineIndex, type LineIndex } from './hover';
import { lineText } from './sourceText';
import { firstIndex } from '../common/search';

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

/**
 * The candidate tokens of one line. Their objects are reused from line to line: a fresh object
 * per candidate would be a good part of what a request leaves to the garbage collector.
 */
export class Cands {
  private readonly pool: Cand[] = [];
  /** How many candidates the line has: the first `size` of `ordered()`. */
  size = 0;

  add(start: number, length: number, kind: TokenKind, prio: number): void {
    const c = this.pool[this.size];
    if (c) { c.start = start; c.length = length; c.kind = kind; c.prio = prio; } else this.pool.push({ start, length, kind, prio });
    this.size++;
  }

  clear(): void { this.size = 0; }

  /** The candidates by priority, then start, then longest first (its first `size` entries). */
  ordered(): readonly Cand[] {
    // usually already in order (the prefix, then the fields left to right): sorting copies
    for (let i = 1; i < this.size; i++) {
      if (byPriority(this.pool[i - 1], this.pool[i]) > 0) return this.pool.slice(0, this.size).sort(byPriority);
    }
    return this.pool;
  }
}

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
  // a number first: asking for the raw text slices it out of the line, and numbers are most fields
  if (f.value === f.value) return 'number'; // not NaN: has a value (and then no raw text starts with '/')
  return f.raw().startsWith('/') ? 'path' : 'string';
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

function gfpFlagTokens(text: string, from: number, out: Cands): void {
  if (text.charCodeAt(from) !== 40 /* ( */) return;
  const close = text.indexOf(')', from);
  if (close < 0) return;
  let i = from + 1;
  while (i < close) {
    let j = i;
    while (j < close && text.charCodeAt(j) !== 124 /* | */) j++;
    if (j > i) out.add(i, j - i, 'flag', 0);
    i = j + 1;
  }
}

/** `GFP_KERNEL|__GFP_ZERO` (possibly with its parentheses) → one flag token per name. */
function splitFlags(raw: string, at: number, width: number, out: Cands): void {
  if (raw.length !== width) return;
  let i = 0;
  while (i < raw.length) {
    while (i < raw.length && (raw[i] === '(' || raw[i] === ')' || raw[i] === '|')) i++;
    let j = i;
    while (j < raw.length && raw[j] !== '|' && raw[j] !== ')' && raw[j] !== '(') j++;
    if (j > i) out.add(at + i, j - i, 'flag', 0);
    i = j;
  }
}

/** Any fixed phrase at all (one scan; most lines have none, and then 21 searches are skipped). */
export const ANY_PHRASE = new RegExp(PHRASES.map(p => p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

function phraseTokens(text: string, from: number, out: Cands): void {
  ANY_PHRASE.lastIndex = from;
  if (!ANY_PHRASE.test(text)) return;
  for (const p of PHRASES) {
    let i = text.indexOf(p.text, from);
    while (i >= 0) {
      out.add(i, p.text.length, 'keyword', 1);
      i = text.indexOf(p.text, i + p.text.length);
    }
  }
}

function stackTokens(text: string, from: number, out: Cands): void {
  const body = text.slice(from);
  let m = FRAME.exec(body);
  if (m) {
    const start = from + m[1].length + (m[2]?.length ?? 0) + (m[3]?.length ?? 0);
    out.add(start, m[4].length, 'stack', 2);
    const rest = body.indexOf(' [', m[0].length);
    if (rest >= 0 && body.endsWith(']')) out.add(from + rest + 1, body.length - rest - 1, 'stack', 2);
    return;
  }
  m = ARM_FRAME.exec(body);
  if (m) {
    out.add(from + m[1].length, m[2].length, 'stack', 2);
    out.add(from + m[0].length - m[3].length, m[3].length, 'stack', 2);
    return;
  }
  m = CONTEXT_MARK.exec(body) ?? RAW_WORDS.exec(body) ?? REGS.exec(body);
  if (m) out.add(from + m[1].length, m[2].length, 'stack', 2);
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
function lineTokens(analysis: OomLogAnalysis, idx: LineIndex, line: number, prefix: number, inSpan: boolean, scratch: Scratch, out: Token[]): void {
  const raw = lineText(analysis, line);
  const text = raw === undefined ? undefined : raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  const cands = scratch.cands;
  cands.clear();
  if (prefix > 0) cands.add(0, text === undefined ? prefix : Math.min(prefix, text.length), 'timestamp', 0);
  let fields = 0;
  let victimRow: boolean | undefined;
  idx.visitAt(line, scratch.view, (f, row) => {
    fields++;
    victimRow ??= row !== undefined && isVictimRow(row.ev, row.row);
    if (f.nsLine === line && f.neLine === line) cands.add(f.nsCol, f.neCol - f.nsCol, 'field', 0);
    if (f.sLine !== line || f.eLine !== line) return;
    if (f.nsLine === f.sLine && f.nsCol === f.sCol && f.neCol === f.eCol) return;
    if (f.key === 'trigger.gfp_flags') {
      splitFlags(f.raw(), f.sCol, f.eCol - f.sCol, cands);
      return;
    }
    cands.add(f.sCol, f.eCol - f.sCol, valueKind(f, victimRow), 0);
    if (text !== undefined && f.value === f.value) {
      const u = unitAfter(text, f.eCol);
      if (u) cands.add(f.eCol, u, 'unit', 0);
    }
    if (text !== undefined && f.key === 'trigger.gfp_mask') gfpFlagTokens(text, f.eCol, cands);
  });
  if (text !== undefined && inSpan) {
    phraseTokens(text, prefix, cands);
    if (!fields) stackTokens(text, prefix, cands);
  }
  resolve(line, cands, text?.length, out);
}

/** What one tokens request reuses from line to line. */
interface Scratch {
  /** Filled with one field after another while a line is coloured. */
  view: FieldView;
  /** The candidates of the line being coloured. */
  cands: Cands;
}

/** Keep the highest-priority, then earliest-longest candidates; drop overlaps and out-of-line parts. Appends the kept ones to `out` in line order. */
export function resolve(line: number, lineCands: Cands, lineLength: number | undefined, out: Token[]): void {
  const cands = lineCands.ordered();
  // The line's tokens are out[first..]: they never overlap and stay sorted by start, so a new one
  // can only clash with its neighbours at the place it would go (binary search; usually the end).
  const first = out.length;
  for (let i = 0; i < lineCands.size; i++) {
    const c = cands[i];
    const end = c.start + c.length;
    if (c.length <= 0 || c.start < 0) continue;
    if (lineLength !== undefined && end > lineLength) continue;
    const lo = firstIndex(first, out.length, k => out[k].start >= c.start);
    if (lo > first && out[lo - 1].start + out[lo - 1].length > c.start) continue;
    if (lo < out.length && out[lo].start < end) continue;
    const t: Token = { line, start: c.start, length: c.length, kind: c.kind };
    if (lo === out.length) out.push(t); else out.splice(lo, 0, t);
  }
}

function byPriority(a: Cand, b: Cand): number { return a.prio - b.prio || a.start - b.start || b.length - a.length; }

function firstPrefixAtOrAfter(analysis: OomLogAnalysis, line: number): number {
  const ps = analysis.prefixes.lines;
  return firstIndex(0, ps.length, i => ps[i] >= line);
}

export function oomTokens(analysis: OomLogAnalysis, range?: Range): Token[] {
  const first = range ? Math.max(0, range.start.line) : 0;
  const last = range ? range.end.line : Math.max(analysis.lineCount - 1, 0);
  const idx = lineIndex(analysis);
  const evs = idx.events;
  const { lines: prefixed, lengths: prefixLengths } = analysis.prefixes;
  // Events are sorted by start; spans can overlap a little (late reaper lines), so start from the
  // first event that could reach `first`.
  let e = lastStartingAtOrBefore(evs, first - 1) + 1;
  while (e > 0 && endLineOf(evs[e - 1]) >= first) e--;
  // Prefixes are in line order (the parser emits them while scanning).
  let p = firstPrefixAtOrAfter(analysis, first);
  /** Last line of the spans of the events passed so far. */
  let spanEnd = -1;
  const out: Token[] = [];
  const scratch: Scratch = { view: new FieldView(), cands: new Cands() };
  // Visit the lines inside an event span or with a wrapper prefix, in order; jump over the rest.
  for (let l = first; l <= last;) {
    while (e < evs.length && evs[e].startLine <= l) { const end = endLineOf(evs[e]); if (end > spanEnd) spanEnd = end; e++; }
    while (p < prefixed.length && prefixed[p] < l) p++;
    const prefixLen = p < prefixed.length && prefixed[p] === l ? prefixLengths[p] : 0;
    const inSpan = l <= spanEnd;
    if (inSpan || prefixLen) {
      lineTokens(analysis, idx, l, prefixLen, inSpan, scratch, out);
      l++;
    } else {
      l = Math.min(e < evs.length ? evs[e].startLine : Infinity, p < prefixed.length ? prefixed[p] : Infinity);
    }
  }
  return out;
}
