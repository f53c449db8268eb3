/**
 * Document symbols of any size file, in an answer of bounded size: a crafted unit can hold hundreds
 * of thousands of `[Service]` headers, and one group kill can list tens of thousands of processes,
 * each of which would otherwise be an outline node. The top level keeps at most MAX_TOP_SYMBOLS
 * entries, each list of children MAX_CHILD_SYMBOLS, and the whole outline at most MAX_SYMBOLS; the
 * rest of a list becomes one "… and N more" entry spanning them, so the outline still says that
 * they exist and where. Names and details are cut at MAX_SYMBOL_TEXT.
 */
import type { Position, Range, SymbolEntry } from './types';

export const MAX_SYMBOLS = 50000;
/** Entries kept at the top level (events, sections) and in each list of children (victims, keys). */
export const MAX_TOP_SYMBOLS = 5000;
export const MAX_CHILD_SYMBOLS = 1000;
/** Longest name or detail kept (a section header or value can be a whole megabyte line). */
export const MAX_SYMBOL_TEXT = 200;

function clip(s: string): string {
  return s.length > MAX_SYMBOL_TEXT ? `${s.slice(0, MAX_SYMBOL_TEXT - 1)}…` : s;
}

function clipped(s: SymbolEntry): SymbolEntry {
  if (s.name.length <= MAX_SYMBOL_TEXT && (s.detail === undefined || s.detail.length <= MAX_SYMBOL_TEXT)) return s;
  return { ...s, name: clip(s.name), detail: s.detail === undefined ? undefined : clip(s.detail) };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** One entry standing for `rest`: named "… and N more", spanning from the first to the last of them. */
function moreEntry(rest: readonly SymbolEntry[]): SymbolEntry {
  let first = rest[0];
  let end = rest[0].range.end;
  for (const s of rest) {
    if (before(s.range.start, first.range.start)) first = s;
    if (before(end, s.range.end)) end = s.range.end;
  }
  const range: Range = { start: first.range.start, end };
  return { name: `… and ${rest.length} more`, kind: first.kind, range, selectionRange: first.selectionRange };
}

/** `symbols` cut to the bounds above (the same array when it is within them). */
export function capSymbols(symbols: SymbolEntry[], max = MAX_SYMBOLS, top = MAX_TOP_SYMBOLS, perList = MAX_CHILD_SYMBOLS): SymbolEntry[] {
  if (!needsCap(symbols, max, top, perList)) return symbols;
  const left = { n: max };
  const cap = (list: SymbolEntry[], depth: number): SymbolEntry[] => {
    // a list's own entries first, then their children with what is left
    const keep = Math.max(0, Math.min(list.length, depth ? perList : top, left.n));
    left.n -= keep;
    const out = list.slice(0, keep).map(s => (s.children?.length ? { ...clipped(s), children: cap(s.children, depth + 1) } : clipped(s)));
    if (keep < list.length) out.push(moreEntry(list.slice(keep)));
    return out;
  };
  return cap(symbols, 0);
}

function needsCap(symbols: readonly SymbolEntry[], max: number, top: number, perList: number): boolean {
  let total = 0;
  const walk = (list: readonly SymbolEntry[], depth: number): boolean => {
    if (list.length > (depth ? perList : top)) return true;
    total += list.length;
    if (total > max) return true;
    for (const s of list) {
      if (s.name.length > MAX_SYMBOL_TEXT || (s.detail !== undefined && s.detail.length > MAX_SYMBOL_TEXT)) return true;
      if (s.children?.length && walk(s.children, depth + 1)) return true;
    }
    return false;
  };
  return walk(symbols, 0);
}
