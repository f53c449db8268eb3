/** Unit-file semantic tokens: comments, section headers, keys (legacy ones deprecated), and values by kind. */
import type { Token, Range } from '../common/types';
import { directive, isMemoryKey, valueKind } from './catalog';
import type { UnitModel } from './model';

function valueTokens(m: UnitModel, out: Token[], line: number, start: number, text: string, key: string, section: string | null): void {
  if (!text.length) return;
  if (isMemoryKey(key)) {
    // number + unit pieces: 512M, 1.5G, 50%
    const re = /(\d+(?:\.\d+)?)([A-Za-z%\u2030\u2031]*)/g;
    let mm: RegExpExecArray | null;
    let any = false;
    while ((mm = re.exec(text)) !== null) {
      any = true;
      out.push({ line, start: start + mm.index, length: mm[1].length, kind: 'number' });
      if (mm[2]) out.push({ line, start: start + mm.index + mm[1].length, length: mm[2].length, kind: 'unit' });
    }
    if (!any) out.push({ line, start, length: text.length, kind: text === 'infinity' ? 'flag' : 'string' });
    return;
  }
  const kind = section ? valueKind(key, section) : 'other';
  if (kind === 'enum' || kind === 'boolean' || kind === 'choice') out.push({ line, start, length: text.length, kind: 'flag' });
  else if ((kind === 'oomscore' || kind === 'unsigned') && /^[+-]?\d+$/.test(text)) out.push({ line, start, length: text.length, kind: 'number' });
  else if (text.startsWith('/')) out.push({ line, start, length: text.length, kind: 'path' });
  else out.push({ line, start, length: text.length, kind: 'string' });
}

export function unitTokens(m: UnitModel, range?: Range): Token[] {
  const out: Token[] = [];
  const from = range ? range.start.line : 0;
  const to = range ? range.end.line : Infinity;
  for (const c of m.file.comments) {
    if (c.line < from || c.line > to) continue;
    out.push({ line: c.line, start: c.range.start.character, length: c.range.end.character - c.range.start.character, kind: 'comment' });
  }
  for (const s of m.file.sections) {
    if (s.line < from || s.line > to) continue;
    out.push({ line: s.line, start: s.headerRange.start.character, length: s.headerRange.end.character - s.headerRange.start.character, kind: 'section' });
  }
  for (const e of m.file.entries) {
    if (e.range.end.line < from || e.range.start.line > to) continue;
    const d = directive(e.key);
    out.push({
      line: e.keyRange.start.line, start: e.keyRange.start.character, length: e.key.length, kind: 'field',
      deprecated: d?.legacy || undefined,
    });
    const section = e.section?.name ?? null;
    for (const seg of e.segments) {
      if (seg.line < from || seg.line > to) continue;
      valueTokens(m, out, seg.line, seg.start, seg.text, e.key, section);
    }
  }
  out.sort((x, y) => x.line - y.line || x.start - y.start);
  return out;
}
