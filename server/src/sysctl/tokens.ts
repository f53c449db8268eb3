/** sysctl semantic tokens: comments, key segments (removed keys marked deprecated), values. */
import type { Range, Token } from '../common/types';
import { keyDoc } from './catalog';
import type { ParsedSysctl } from './parse';
import { readInt } from './values';

export function sysctlTokens(parsed: ParsedSysctl, range?: Range): Token[] {
  const out: Token[] = [];
  const inRange = (line: number) => !range || (line >= range.start.line && line <= range.end.line);
  for (const c of parsed.comments) if (inRange(c.line)) out.push({ line: c.line, start: c.start, length: c.end - c.start, kind: 'comment' });
  for (const e of parsed.entries) {
    if (!inRange(e.line)) continue;
    const doc = keyDoc(e.key);
    for (const s of e.segments) out.push({ line: e.line, start: s.start, length: s.end - s.start, kind: 'field', deprecated: !!doc?.removed });
    if (e.value !== null && e.valueEnd > e.valueStart) {
      const isNum = readInt(e.value) !== null;
      out.push({ line: e.line, start: e.valueStart, length: e.valueEnd - e.valueStart, kind: isNum ? 'number' : 'string' });
    }
  }
  out.sort((a, b) => a.line - b.line || a.start - b.start);
  return out;
}
