/** Unit-file outline: one symbol per section, its entries as children. */
import type { SymbolEntry } from '../common/types';
import { capSymbols } from '../common/symbolCap';
import { rangeOf, type UnitModel } from './model';
import { lineAt } from './parse';

export function unitSymbols(m: UnitModel): SymbolEntry[] {
  const out: SymbolEntry[] = [];
  for (const s of m.file.sections) {
    const endLine = s.endLine;
    const children: SymbolEntry[] = s.entries.map(e => ({
      name: e.key,
      detail: e.value.length > 60 ? e.value.slice(0, 57) + '…' : e.value,
      kind: 'key' as const,
      range: e.range,
      selectionRange: e.keyRange,
    }));
    out.push({
      name: `[${s.name}]`,
      kind: 'section',
      range: rangeOf(s.line, s.headerRange.start.character, endLine, lineAt(m.file, endLine)?.length ?? 0),
      selectionRange: s.headerRange,
      children,
    });
  }
  return capSymbols(out); // 500,000 `[Service]` headers: a bounded answer (common/symbolCap.ts)
}
