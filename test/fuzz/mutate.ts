/**
 * Mutation engine for the fuzz harness: each operator turns a text into a nastier text.
 * Operators are a table (name → function); one iteration applies a few of them in a row.
 */
import { Rng } from '../../bench/generate';

export type Mutator = (text: string, rng: Rng, donors: string[]) => string;

function lines(text: string): string[] { return text.split('\n'); }

/** Longest text a mutation chain may make (characters); longer results are cut. */
const MAX_TEXT = 2_000_000;

function randomOffset(text: string, rng: Rng): number { return text.length ? rng.int(0, text.length) : 0; }

function insertAt(text: string, at: number, s: string): string { return text.slice(0, at) + s + text.slice(at); }

const WEIRD = [
  '\u0000', '\r', '\r\n', '\ufeff', '\ufffd', '\u200b', '\u202e', '\u0301', '\ud83d\ude00', '\ud800', '\udc00', '\t',
  '\u00a0', '\u2028', '\u2029', '\u001b[31m', '\\x0a', '#012', 'Ω', '中文', '\u0085',
];

const HUGE_NUMBERS = [
  '9'.repeat(40), '18446744073709551616', '-9223372036854775809', '1e308', '1e309', 'NaN', 'Infinity', '-0', '0x',
  '0xffffffffffffffffffffffff', '00000000000000000000012', '4294967296', '-1', '3.14159', '1'.repeat(400),
];

const PUNCT = '[](){}:=,;.#-_/\\ \t*%|<>"\'';

export const mutators: Record<string, Mutator> = {
  byteFlip(text, rng) {
    if (!text.length) return text;
    const at = rng.int(0, text.length - 1);
    const r = rng.next();
    const c = r < 0.3 ? String.fromCharCode(rng.int(0, 0xffff)) : r < 0.6 ? PUNCT[rng.int(0, PUNCT.length - 1)] : String.fromCharCode(rng.int(32, 126));
    return text.slice(0, at) + c + text.slice(at + 1);
  },
  insertWeird(text, rng) { return insertAt(text, randomOffset(text, rng), rng.pick(WEIRD)); },
  nul(text, rng) { return insertAt(text, randomOffset(text, rng), '\u0000'.repeat(rng.int(1, 64))); },
  cr(text, rng) {
    // a lone CR, or a CR before a newline (CRLF line)
    const ls = lines(text);
    const i = rng.int(0, ls.length - 1);
    if (rng.chance(0.5)) ls[i] += '\r';
    else ls[i] = insertAt(ls[i], rng.int(0, ls[i].length), '\r');
    return ls.join('\n');
  },
  crlfAll(text) { return text.replace(/\r?\n/g, '\r\n'); },
  crOnly(text) { return text.replace(/\r?\n/g, '\r'); },
  duplicateLine(text, rng) {
    const ls = lines(text);
    const i = rng.int(0, ls.length - 1);
    const want = rng.chance(0.1) ? rng.int(100, 2000) : rng.int(1, 3);
    // no more copies than MAX_TEXT holds: 2,000 copies of a 2 MB line passed V8's longest
    // string and killed the harness (RangeError: Invalid string length, seed 20261204)
    const n = Math.min(want, Math.max(1, Math.floor(MAX_TEXT / (ls[i].length + 1))));
    ls.splice(i, 0, ...Array(n).fill(ls[i]));
    return ls.join('\n');
  },
  deleteLines(text, rng) {
    const ls = lines(text);
    const i = rng.int(0, ls.length - 1);
    ls.splice(i, rng.int(1, Math.min(20, ls.length - i)));
    return ls.join('\n');
  },
  swapLines(text, rng) {
    const ls = lines(text);
    const i = rng.int(0, ls.length - 1), j = rng.int(0, ls.length - 1);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return ls.join('\n');
  },
  truncate(text, rng) { return text.slice(0, randomOffset(text, rng)); },
  truncateLine(text, rng) {
    const ls = lines(text);
    const i = rng.int(0, ls.length - 1);
    ls[i] = ls[i].slice(0, rng.int(0, ls[i].length));
    return ls.join('\n');
  },
  splice(text, rng, donors) {
    if (!donors.length) return text;
    const d = rng.pick(donors);
    const a = randomOffset(d, rng);
    const piece = d.slice(a, a + rng.int(1, 4000));
    return insertAt(text, randomOffset(text, rng), piece);
  },
  spliceLines(text, rng, donors) {
    if (!donors.length) return text;
    const dl = lines(rng.pick(donors));
    const a = rng.int(0, dl.length - 1);
    const ls = lines(text);
    ls.splice(rng.int(0, ls.length), 0, ...dl.slice(a, a + rng.int(1, 60)));
    return ls.join('\n');
  },
  hugeNumber(text, rng) {
    // replace one run of digits with something no int parser expects
    const runs: [number, number][] = [];
    const re = /\d+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) && runs.length < 5000) runs.push([m.index, m[0].length]);
    if (!runs.length) return insertAt(text, randomOffset(text, rng), rng.pick(HUGE_NUMBERS));
    const [at, len] = rng.pick(runs);
    return text.slice(0, at) + rng.pick(HUGE_NUMBERS) + text.slice(at + len);
  },
  longLine(text, rng) {
    const ls = lines(text);
    const i = rng.int(0, ls.length - 1);
    const unit = ls[i].slice(0, rng.int(1, 20)) || 'x';
    ls[i] = ls[i] + unit.repeat(rng.int(1000, 20000));
    return ls.join('\n');
  },
  repeatChars(text, rng) {
    // long runs of the characters patterns like to repeat over
    const c = rng.pick([' ', '0', '[', ']', ':', '=', 'a', '\t', '-', '.', '(', ',', 'kB ']);
    return insertAt(text, randomOffset(text, rng), c.repeat(rng.int(100, 30000)));
  },
  stripPrefixes(text) {
    // drop everything up to the first "] " or ": " on each line (a different wrapper than the parser saw)
    return lines(text).map(l => {
      const i = l.indexOf('] ');
      return i >= 0 && i < 60 ? l.slice(i + 2) : l;
    }).join('\n');
  },
  indent(text, rng) {
    const pad = rng.pick(['  ', '\t', '> ', '    ']);
    return lines(text).map(l => pad + l).join('\n');
  },
  empty() { return ''; },
  onlyNewlines(_text, rng) { return '\n'.repeat(rng.int(1, 1000)); },
  unicodeLine(text, rng) {
    const ls = lines(text);
    ls.splice(rng.int(0, ls.length), 0, Array.from({ length: rng.int(1, 50) }, () => rng.pick(WEIRD)).join(''));
    return ls.join('\n');
  },
};

const names = Object.keys(mutators);

/** Applies 1–6 random mutators; returns the result and what was applied (to reproduce). */
export function mutate(text: string, rng: Rng, donors: string[]): { text: string; applied: string[] } {
  const applied: string[] = [];
  const n = rng.int(1, 6);
  let out = text;
  for (let i = 0; i < n; i++) {
    const name = rng.pick(names);
    // rare whole-text operators stay rare
    if ((name === 'empty' || name === 'onlyNewlines' || name === 'crOnly') && !rng.chance(0.15)) continue;
    out = mutators[name](out, rng, donors);
    applied.push(name);
    if (out.length > MAX_TEXT) out = out.slice(0, MAX_TEXT);
  }
  return { text: out, applied };
}
