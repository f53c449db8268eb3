/** sysctl outline: settings grouped by their top-level prefix (vm., kernel., net. …). */
import type { SymbolEntry } from '../common/types';
import { capSymbols } from '../common/symbolCap';
import { topOf } from './catalog';
import { keyRange, type ParsedSysctl } from './parse';

export function sysctlSymbols(parsed: ParsedSysctl): SymbolEntry[] {
  const groups = new Map<string, SymbolEntry>();
  const out: SymbolEntry[] = [];
  for (const e of parsed.entries) {
    const top = topOf(e.key).trim() || '(empty)';
    const child: SymbolEntry = {
      name: (e.minus !== null ? '-' : '') + ((e.key || e.rawKey).trim() || '(empty)'),
      detail: e.value ?? 'excluded from globs',
      kind: 'key',
      range: e.range,
      selectionRange: e.keyEnd > e.keyStart ? keyRange(e) : e.range,
    };
    let g = groups.get(top);
    if (!g) {
      g = { name: top, kind: 'section', range: e.range, selectionRange: e.range, children: [] };
      groups.set(top, g);
      out.push(g);
    }
    g.children!.push(child);
    if (e.range.end.line > g.range.end.line || (e.range.end.line === g.range.end.line && e.range.end.character > g.range.end.character)) {
      g.range = { start: g.range.start, end: e.range.end };
    }
  }
  for (const g of out) g.detail = `${g.children!.length} setting${g.children!.length === 1 ? '' : 's'}`;
  return capSymbols(out);
}
