/**
 * sysctl.conf / sysctl.d parser. One pass over the text, one entry per line, never throws.
 *
 * Model (spec §1.2, procps parse_setting_line + systemd-sysctl parse_file):
 *  - comments: first non-blank character `#` or `;` (whole line only, no inline comments);
 *  - `key = value`: split at the FIRST `=`, whitespace stripped around key and value, kept inside;
 *  - `-key = value`: failures ignored; `-key` without `=`: exclude the key from globs;
 *  - any other line without `=` is not an assignment;
 *  - key separators: if the first separator is `/`, the rest is literal; if it is `.`, dots and
 *    slashes swap roles (so `net.ipv4.conf.eth0/100.rp_filter` names the interface `eth0.100`).
 */
import type { Range } from '../common/types';

export interface Segment { text: string; start: number; end: number }

export interface Entry {
  kind: 'assign' | 'exclude';
  line: number;
  /** Range of the whole trimmed line content. */
  range: Range;
  /** Column of the `-` prefix, when present. */
  minus: number | null;
  /** Key text exactly as written (without `-`, trimmed). */
  rawKey: string;
  keyStart: number;
  keyEnd: number;
  /** Canonical dotted name: segments joined by `.`, empty segments dropped. */
  key: string;
  /** Path segments with their columns (literal dots inside a segment are kept). */
  segments: Segment[];
  firstSep: '.' | '/' | null;
  /** Two separators in a row (`vm..swappiness`, `vm//x`, `vm./x`): an empty path component. */
  repeatedSep: boolean;
  mixedSep: boolean;
  glob: boolean;
  /** Value as written (trimmed); null for exclusions. */
  value: string | null;
  valueStart: number;
  valueEnd: number;
  eqCol: number;
}

export interface BadLine { line: number; start: number; end: number; text: string }
export interface CommentLine { line: number; start: number; end: number }

export interface ParsedSysctl {
  entries: Entry[];
  /** Non-comment lines without `=` that do not start with `-`. */
  bad: BadLine[];
  comments: CommentLine[];
  lines: string[];
}

/** C isspace(): what procps and systemd strip. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Lines as an editor numbers them: split on CRLF, LF or lone CR. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

const GLOB = /[*?[]/;

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Splits a key (columns relative to the line) into path segments following the separator rule. */
export function keySegments(raw: string, offset: number): { segments: Segment[]; firstSep: '.' | '/' | null; repeated: boolean; mixed: boolean } {
  const segments: Segment[] = [];
  let firstSep: '.' | '/' | null = null;
  let sawDot = false;
  let sawSlash = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '.' || c === '/') {
      if (!firstSep) firstSep = c;
      if (c === '.') sawDot = true; else sawSlash = true;
    }
  }
  // The character that separates path components: the first separator's kind.
  // With `.` first, a `/` is a literal dot inside a component; with `/` first, a `.` is literal.
  const sep = firstSep ?? '.';
  // procps warns about two separators in a row, whatever their kinds ("separators should not be repeated").
  const repeated = /[./][./]/.test(raw);
  let segStart = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw[i] === sep) {
      if (i > segStart) segments.push({ text: raw.slice(segStart, i), start: offset + segStart, end: offset + i });
      segStart = i + 1;
    }
  }
  return { segments, firstSep, repeated, mixed: sawDot && sawSlash };
}

/** The canonical dotted name of a key: components joined by `.`, a literal dot inside a component written `/`. */
export function canonicalKey(segments: Segment[], firstSep: '.' | '/' | null): string {
  if (firstSep === '/') return segments.map(s => s.text.replace(/\./g, '/')).join('.');
  return segments.map(s => s.text).join('.');
}

export function parseSysctl(text: string): ParsedSysctl {
  const lines = splitLines(typeof text === 'string' ? text : '');
  const entries: Entry[] = [];
  const bad: BadLine[] = [];
  const comments: CommentLine[] = [];
  for (let n = 0; n < lines.length; n++) {
    const s = lines[n];
    let a = 0;
    let b = s.length;
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    if (a === b) continue;
    const first = s[a];
    if (first === '#' || first === ';') { comments.push({ line: n, start: a, end: b }); continue; }
    const eq = s.indexOf('=', a);
    const minus = first === '-' ? a : null;
    let keyFrom = minus !== null ? a + 1 : a;
    let keyTo: number;
    let value: string | null = null;
    let valueStart = b;
    let valueEnd = b;
    if (eq < 0 || eq >= b) {
      if (minus === null) { bad.push({ line: n, start: a, end: b, text: s.slice(a, b) }); continue; }
      keyTo = b;
    } else {
      keyTo = eq;
      valueStart = eq + 1;
      valueEnd = b;
      while (valueStart < valueEnd && isSpace(s.charCodeAt(valueStart))) valueStart++;
      value = s.slice(valueStart, valueEnd);
    }
    while (keyFrom < keyTo && isSpace(s.charCodeAt(keyFrom))) keyFrom++;
    while (keyTo > keyFrom && isSpace(s.charCodeAt(keyTo - 1))) keyTo--;
    const rawKey = s.slice(keyFrom, keyTo);
    const { segments, firstSep, repeated, mixed } = keySegments(rawKey, keyFrom);
    entries.push({
      kind: value === null ? 'exclude' : 'assign',
      line: n,
      range: lineRange(n, a, b),
      minus,
      rawKey,
      keyStart: keyFrom,
      keyEnd: keyTo,
      key: canonicalKey(segments, firstSep),
      segments,
      firstSep,
      repeatedSep: repeated,
      mixedSep: mixed,
      glob: GLOB.test(rawKey),
      value,
      valueStart,
      valueEnd,
      eqCol: eq >= 0 && eq < b ? eq : -1,
    });
  }
  return { entries, bad, comments, lines };
}

export function keyRange(e: Entry): Range { return lineRange(e.line, e.keyStart, e.keyEnd); }
export function valueRange(e: Entry): Range { return lineRange(e.line, e.valueStart, e.valueEnd); }
export function fullLineRange(parsed: ParsedSysctl, line: number): Range {
  return lineRange(line, 0, parsed.lines[line]?.length ?? 0);
}
