/**
 * The learned-prefix fallback: a prefix that no entry of the wrapper table knows (a
 * docker-compose `web_1  | `, a numbered paste, a tool's own columns) is learned from a line
 * whose kernel text is certain, and stripped from the lines that follow.
 *
 * A line is certain when it holds one of the texts the kernel prints at the start of a report
 * line (KNOWN_STARTS) or the trigger's ` invoked oom-killer: `. What stands before that text is
 * the prefix; its shape (digit runs of any length, space runs of any width, every other character
 * as printed) is what later lines must start with. Matching a shape is one linear pass with no
 * regular expression.
 */

/** Kernel texts that begin a report line (the longer of two that share a start comes first). */
export const KNOWN_STARTS = [
  'Memory cgroup out of memory: ', 'Out of memory', 'Out of Memory: Kill', 'Killed process ', 'oom-kill:constraint=', 'Mem-Info:', 'Mem-info:',
  'Tasks state (memory values in pages):', 'Task in /', 'memory: usage ', 'memory+swap: usage ', 'kmem: usage ',
  'Memory cgroup stats for ', 'oom_reaper: ', 'Call Trace:', '[  pid  ]', '[ pid ]', 'Hardware name: ',
];

/** Longest prefix that is learned (longer text before a known line is prose, not a wrapper). */
const MAX_PREFIX = 96;
/** TASK_COMM_LEN - 1: the longest comm the kernel prints on the trigger line. */
export const MAX_COMM = 15;

function isSep(c: number): boolean {
  // space, tab, | : ] > ` ) and the box-drawing bar │
  return c === 32 || c === 9 || c === 124 || c === 58 || c === 93 || c === 62 || c === 96 || c === 41 || c === 0x2502;
}

/**
 * Where, after `t0`, a known kernel line start sits in `t` right after a separator, or -1.
 * Only the first MAX_PREFIX + 40 characters are searched.
 */
export function knownStart(t: string, t0: number): number {
  const head = t.length > t0 + MAX_PREFIX + 40 ? t.slice(0, t0 + MAX_PREFIX + 40) : t;
  let best = -1;
  for (const s of KNOWN_STARTS) {
    const k = head.indexOf(s, t0 + 1);
    if (k > t0 && isSep(head.charCodeAt(k - 1)) && (best < 0 || k < best)) best = k;
  }
  return best;
}

/**
 * The trigger line's comm cannot start at `t0` when the text before ` invoked oom-killer: ` (at
 * `mark`) is longer than any comm, or holds what only a paste puts there (a `|` column, a
 * backtick, a bracketed time, a `123:` or `123 ` line number).
 */
export function commLooksPrefixed(t: string, t0: number, mark: number): boolean {
  if (mark - t0 > MAX_COMM) return true;
  for (let i = t0; i < mark; i++) {
    const c = t.charCodeAt(i);
    if (c === 124 || c === 96 || c === 0x2502) return true;
    // `[` opens a bracketed time (`[  12.3] java`); inside a comm it is the program's own (`runc:[1:CHILD]`)
    if (c === 91 /* [ */ && bracketedTime(t, i, mark)) return true;
  }
  let i = t0;
  while (i < mark && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
  const c = t.charCodeAt(i);
  return i > t0 && i < mark && (c === 58 || c === 9 || c === 32);
}

/** Whether `[` at `i` opens a dmesg time (`[  12.345678]`, `[Sun Mar 30 08:24:00 2025]`) before `mark`. */
function bracketedTime(t: string, i: number, mark: number): boolean {
  const close = t.indexOf(']', i);
  return close > i && close < mark && /^\[ *(?:\d+\.\d+|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d [\d:]{8} \d{4})\]$/.test(t.slice(i, close + 1));
}

/**
 * Where the comm starts when the text before `mark` carries a prefix: the first position after a
 * separator from which at most MAX_COMM characters reach `mark` and whose first character is not
 * a separator itself. -1 when there is none.
 */
export function commStart(t: string, t0: number, mark: number): number {
  for (let i = Math.max(t0 + 1, mark - MAX_COMM); i < mark; i++) {
    if (isSep(t.charCodeAt(i - 1)) && !isSep(t.charCodeAt(i))) return i;
  }
  return -1;
}

/** Positions in `raw` before `end` right after a separator: where an unknown prefix may end. */
export function prefixEnds(raw: string, end: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= end && i <= MAX_PREFIX; i++) if (isSep(raw.charCodeAt(i - 1)) && !isSep(raw.charCodeAt(i))) out.push(i);
  return out;
}

const enum Tok { Digits, Spaces, Char }
/** A learned prefix: tokens, and for Char tokens the character. */
export interface Shape { toks: Tok[]; chars: number[]; text: string }

/**
 * The shape of `prefix`, or undefined when it does not look like a wrapper: too long, or without
 * a digit or a separator other than spaces (a run of words is prose, not a prefix).
 */
export function learnShape(prefix: string): Shape | undefined {
  if (!prefix.length || prefix.length > MAX_PREFIX) return undefined;
  let marked = false;
  const toks: Tok[] = [], chars: number[] = [];
  for (let i = 0; i < prefix.length;) {
    const c = prefix.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      while (i < prefix.length && prefix.charCodeAt(i) >= 48 && prefix.charCodeAt(i) <= 57) i++;
      toks.push(Tok.Digits); chars.push(0); marked = true;
    } else if (c === 32 || c === 9) {
      while (i < prefix.length && (prefix.charCodeAt(i) === 32 || prefix.charCodeAt(i) === 9)) i++;
      toks.push(Tok.Spaces); chars.push(0);
    } else {
      if (isSep(c)) marked = true;
      toks.push(Tok.Char); chars.push(c); i++;
    }
  }
  return marked ? { toks, chars, text: prefix } : undefined;
}

/** Length of the prefix of `line` that has `shape`, or -1. */
export function matchShape(shape: Shape, line: string): number {
  let i = 0;
  const n = Math.min(line.length, MAX_PREFIX + 64);
  for (let k = 0; k < shape.toks.length; k++) {
    switch (shape.toks[k]) {
      case Tok.Digits: {
        const s = i;
        while (i < n && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
        if (i === s) return -1;
        break;
      }
      case Tok.Spaces: {
        const s = i;
        while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
        // right-aligned numbers: the leading pad shrinks to nothing as the numbers grow
        if (i === s && k > 0) return -1;
        break;
      }
      default:
        if (line.charCodeAt(i) !== shape.chars[k]) return -1;
        i++;
    }
  }
  return i < line.length ? i : -1;
}
