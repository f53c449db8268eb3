/** sysctl completion: keys of the catalogue by the scope typed so far, values the key documents. */
import type { CompletionEntry, Position, Range } from '../common/types';
import { ALL_KEYS, keyDoc } from './catalog';
import { explainValue, keyMarkdown, type FeatureInput } from './hover';

const at = (line: number, s: number, e: number): Range => ({ start: { line, character: s }, end: { line, character: e } });

export function sysctlCompletion(input: FeatureInput, pos: Position): CompletionEntry[] {
  const text = input.parsed.lines[pos.line];
  if (text === undefined) return [];
  const before = text.slice(0, pos.character);
  const trimmed = before.trimStart();
  if (trimmed.startsWith('#') || trimmed.startsWith(';')) return [];
  const eq = before.indexOf('=');
  if (eq >= 0) {
    // value completion for the key on this line
    let keyText = before.slice(0, eq).trim();
    if (keyText.startsWith('-')) keyText = keyText.slice(1).trim();
    const entry = input.parsed.entries.find(x => x.line === pos.line);
    const doc = keyDoc(entry?.key ?? keyText);
    if (!doc) return [];
    let start = eq + 1;
    while (start < pos.character && /\s/.test(text[start])) start++;
    let end = pos.character;
    while (end < text.length && !/\s/.test(text[end])) end++;
    const values = doc.values?.map(v => ({ value: v.value, meaning: v.meaning })) ?? [];
    const def = doc.default?.match(/^-?\d+/)?.[0];
    if (def && !values.some(v => v.value === def)) values.push({ value: def, meaning: 'the default' });
    return values.map((v, i) => ({
      label: v.value,
      kind: 'value' as const,
      detail: v.meaning,
      // the meaning is the detail line; the documentation adds only what it does not say
      documentation: explainValue(doc, v.value, input.kernelVersion, { meaning: false }) || undefined,
      insertText: v.value,
      range: at(pos.line, start, Math.max(end, start)),
      sortText: String(i).padStart(3, '0'),
    }));
  }
  // key completion: from the start of the key (after blanks and `-`) to the end of the word
  let start = before.length - trimmed.length;
  if (text[start] === '-') start++;
  let end = pos.character;
  while (end < text.length && !/[\s=]/.test(text[end])) end++;
  const typed = text.slice(start, pos.character).replace(/\//g, '.');
  const dot = typed.lastIndexOf('.');
  const scope = dot >= 0 ? typed.slice(0, dot + 1) : '';
  const out: CompletionEntry[] = [];
  for (const k of ALL_KEYS) {
    if (k.removed || !k.name.startsWith(scope)) continue;
    out.push({
      label: k.name,
      kind: 'key',
      detail: k.summary,
      documentation: keyMarkdown(k, input.kernelVersion, { heading: false }),
      insertText: k.name,
      range: at(pos.line, start, end),
      sortText: (k.name.startsWith('vm.') ? '0' : k.name.startsWith('kernel.') ? '1' : '2') + k.name,
    });
  }
  return out;
}
