/** How the kernel reads a sysctl value, and small value helpers shared by rules and hovers. */
import type { KeyDoc } from './catalog';

/** Types whose value is a single number (the kernel reads the first integer and ignores the rest). */
export function isSingleNumber(doc: KeyDoc | undefined): boolean {
  return !!doc && ['int', 'bool-int', 'enum', 'bytes', 'kbytes', 'ratio', 'bitmask', 'trigger'].includes(doc.type) && !isStringEnum(doc);
}

export function isStringEnum(doc: KeyDoc): boolean {
  return doc.type === 'string' && !!doc.values?.length;
}

export interface IntRead {
  /** The first integer, as the kernel parses it (decimal, 0x hex, leading 0 octal). */
  value: number;
  /** The integer text itself. */
  text: string;
  /** Anything after it (already known to start with whitespace), trimmed. */
  rest: string;
}

const INT = /^[+-]?(0[xX][0-9a-fA-F]+|[0-9]+)/;

/** Reads the leading integer of a value; null when the kernel would reject it (EINVAL). */
export function readInt(value: string): IntRead | null {
  const m = INT.exec(value);
  if (!m) return null;
  const after = value.slice(m[0].length);
  if (after.length && !/^\s/.test(after)) return null;
  let text = m[0];
  const neg = text.startsWith('-');
  if (text[0] === '+' || neg) text = text.slice(1);
  let n: number;
  if (/^0[xX]/.test(text)) n = parseInt(text.slice(2), 16);
  else if (text.length > 1 && text[0] === '0' && /^[0-7]+$/.test(text)) n = parseInt(text, 8);
  else n = parseInt(text, 10);
  return { value: neg ? -n : n, text: m[0], rest: after.trim() };
}

/** The integer value of a setting's text, or null. */
export function intOf(value: string | null | undefined): number | null {
  if (value == null) return null;
  const r = readInt(value);
  return r ? r.value : null;
}

/** Sizes are written as everywhere else in OOM Lens (common/size.ts). */
export { formatBytes, formatKiB } from '../common/size';

/** Where the inline comment starts inside a value (a `#` or `;` after whitespace), or -1. */
export function inlineCommentAt(value: string): number {
  for (let i = 1; i < value.length; i++) {
    const c = value[i];
    if ((c === '#' || c === ';') && /\s/.test(value[i - 1])) return i;
  }
  return -1;
}
