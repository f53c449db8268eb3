/** Small text-edit builders for quick fixes. */
import type { Range, TextEdit } from '../common/types';
import type { Entry, ParsedSysctl } from './parse';

export function at(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Inserts a new line after `line`, indented like it. */
export function insertAfter(parsed: ParsedSysctl, line: number, text: string): TextEdit {
  const len = parsed.lines[line]?.length ?? 0;
  return { range: at(line, len, len), newText: `\n${text}` };
}

/** Removes a whole line including its line break. */
export function deleteLine(parsed: ParsedSysctl, line: number): TextEdit {
  if (line + 1 < parsed.lines.length) {
    return { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' };
  }
  if (line > 0) {
    const prev = parsed.lines[line - 1].length;
    return { range: { start: { line: line - 1, character: prev }, end: { line, character: parsed.lines[line].length } }, newText: '' };
  }
  return { range: at(line, 0, parsed.lines[line]?.length ?? 0), newText: '' };
}

export function replaceValue(e: Entry, text: string): TextEdit {
  return { range: at(e.line, e.valueStart, e.valueEnd), newText: text };
}

export function replaceKey(e: Entry, text: string): TextEdit {
  return { range: at(e.line, e.keyStart, e.keyEnd), newText: text };
}
