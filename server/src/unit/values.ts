/**
 * Value grammars of unit-file settings, modelled on systemd 252's parsers (checked with
 * `systemd-analyze verify`): sizes (parse_size + parse_permyriad), time spans (parse_sec),
 * booleans (parse_boolean), OOM score adjustment (safe_atoi). Linear, no backtracking.
 */

const SIZE_SUFFIX: { s: string; f: bigint }[] = [
  { s: 'E', f: 1n << 60n }, { s: 'P', f: 1n << 50n }, { s: 'T', f: 1n << 40n }, { s: 'G', f: 1n << 30n },
  { s: 'M', f: 1n << 20n }, { s: 'K', f: 1n << 10n }, { s: 'B', f: 1n }, { s: '', f: 1n },
];
const U64_MAX = (1n << 64n) - 1n;

export type MemoryValue =
  | { kind: 'infinity' }
  | { kind: 'empty' }
  | { kind: 'bytes'; bytes: bigint; undocumentedSuffix?: string }
  | { kind: 'percent'; permyriad: number }
  | { kind: 'invalid'; reason: 'syntax' | 'range' };

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
function isWs(c: number): boolean { return c === 32 || c === 9 || c === 10 || c === 13; }

/**
 * parse_size(t, 1024): sums of `<int>[.<frac>][ ]<suffix>` components, each with a smaller suffix
 * than the one before (`1G512M`; not `512M1G`, `1G1G` or `1 024`, since a bare number is the
 * smallest unit). Suffixes are uppercase only.
 */
export function parseSize(t: string): { bytes: bigint; suffixes: string[] } | { error: 'syntax' | 'range' } {
  let p = 0;
  let total = 0n;
  let from = 0; // the first suffix the next component may use
  const suffixes: string[] = [];
  if (!t.length) return { error: 'syntax' };
  do {
    while (p < t.length && isWs(t.charCodeAt(p))) p++;
    const neg = t[p] === '-';
    if (neg || t[p] === '+') p++;
    const ds = p;
    while (p < t.length && isDigit(t.charCodeAt(p))) p++;
    if (p === ds) return { error: 'syntax' };
    if (neg) return { error: 'range' };
    if (p - ds > 20) return { error: 'range' };
    const whole = BigInt(t.slice(ds, p));
    if (whole > U64_MAX) return { error: 'range' };
    let frac = 0n;
    let fracDigits = 0;
    if (t[p] === '.') {
      p++;
      const fs = p;
      while (p < t.length && isDigit(t.charCodeAt(p))) p++;
      fracDigits = Math.min(p - fs, 18);
      if (fracDigits) frac = BigInt(t.slice(fs, fs + fracDigits));
    }
    while (p < t.length && isWs(t.charCodeAt(p))) p++;
    let k = from;
    while (k < SIZE_SUFFIX.length && !t.startsWith(SIZE_SUFFIX[k].s, p)) k++;
    if (k >= SIZE_SUFFIX.length) return { error: 'syntax' };
    const suf = SIZE_SUFFIX[k];
    if (whole + (frac > 0n ? 1n : 0n) > U64_MAX / suf.f) return { error: 'range' };
    const part = whole * suf.f + (frac * suf.f) / 10n ** BigInt(fracDigits);
    if (part > U64_MAX - total) return { error: 'range' };
    total += part;
    if (suf.s) suffixes.push(suf.s);
    p += suf.s.length;
    from = k + 1;
  } while (p < t.length);
  return { bytes: total, suffixes };
}

/** parse_permyriad: `N%` (≤2 decimals), `N‰` (≤1 decimal), `N‱`; ≤ 100 %. Returns permyriad or null. */
export function parsePermyriad(t: string): number | null {
  const sym = t.endsWith('%') ? '%' : t.endsWith('\u2030') ? '\u2030' : t.endsWith('\u2031') ? '\u2031' : '';
  if (!sym) return null;
  // the whole part is read by strtol: a '+' sign is allowed, and '-' with a zero value ("-0.5%")
  const signed = t.slice(0, -1);
  const num = signed[0] === '+' || signed[0] === '-' ? signed.slice(1) : signed;
  const maxDec = sym === '%' ? 2 : sym === '\u2030' ? 1 : 0;
  let i = 0;
  while (i < num.length && isDigit(num.charCodeAt(i))) i++;
  if (i === 0 || i > 6) return null;
  let dec = '';
  if (i < num.length) {
    if (num[i] !== '.') return null;
    dec = num.slice(i + 1);
    if (!dec.length || dec.length > maxDec) return null;
    for (let k = 0; k < dec.length; k++) if (!isDigit(dec.charCodeAt(k))) return null;
  }
  const scale = sym === '%' ? 100 : sym === '\u2030' ? 10 : 1;
  const whole = Number(num.slice(0, i));
  if (signed[0] === '-' && whole !== 0) return null;
  const value = whole * scale + (dec ? Number(dec.padEnd(maxDec, '0')) : 0);
  return value > 10000 ? null : value;
}

/** Values already parsed: several rules parse the same memory setting, and files repeat the same sizes. */
const memoryCache = new Map<string, Readonly<MemoryValue>>();

/** A memory setting's value as systemd's config_parse_memory_limit reads it (zero handled by the caller). Do not modify the result (it is shared). */
export function parseMemory(value: string): Readonly<MemoryValue> {
  if (value.length > 64) return computeMemory(value); // not worth keeping
  let r = memoryCache.get(value);
  if (r === undefined) {
    r = computeMemory(value);
    if (memoryCache.size >= 5000) memoryCache.clear();
    memoryCache.set(value, r);
  }
  return r;
}

function computeMemory(value: string): MemoryValue {
  if (value === '') return { kind: 'empty' };
  if (value === 'infinity') return { kind: 'infinity' };
  const pm = parsePermyriad(value);
  if (pm !== null) return { kind: 'percent', permyriad: pm };
  const r = parseSize(value);
  if ('error' in r) return { kind: 'invalid', reason: r.error };
  if (r.bytes >= U64_MAX) return { kind: 'invalid', reason: 'range' };
  const odd = r.suffixes.find(s => s === 'B' || s === 'P' || s === 'E');
  return odd ? { kind: 'bytes', bytes: r.bytes, undocumentedSuffix: odd } : { kind: 'bytes', bytes: r.bytes };
}

/** `1g` → `1G`, `1GB`/`1GiB`/`1Gi` → `1G`, quotes stripped; null when nothing sensible exists. */
export function normaliseMemory(value: string): string | null {
  let v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) v = v.slice(1, -1).trim();
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtpeKMGTPE])(?:i?[bB])?$/.exec(v);
  if (m) return m[1] + m[2].toUpperCase();
  const b = /^(\d+)\s*(?:[bB]|bytes?)$/.exec(v);
  if (b) return b[1];
  if (/^infinity$/i.test(v) || /^(?:infinite|unlimited|max|none)$/i.test(v)) return 'infinity';
  const out = parseMemory(v);
  return out.kind === 'invalid' ? null : v;
}

/** Exact IEC rendering of a byte count: 2147483648 → "2 GiB". */
export function formatBytes(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  let v = Number(bytes);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  const s = Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, '');
  return `${s} ${units[i]}`;
}

const TIME_UNITS: { s: string; us: number }[] = [
  { s: 'seconds', us: 1e6 }, { s: 'second', us: 1e6 }, { s: 'sec', us: 1e6 }, { s: 's', us: 1e6 },
  { s: 'minutes', us: 60e6 }, { s: 'minute', us: 60e6 }, { s: 'min', us: 60e6 },
  { s: 'months', us: 2629800e6 }, { s: 'month', us: 2629800e6 }, { s: 'M', us: 2629800e6 },
  { s: 'msec', us: 1e3 }, { s: 'ms', us: 1e3 }, { s: 'm', us: 60e6 },
  { s: 'hours', us: 3600e6 }, { s: 'hour', us: 3600e6 }, { s: 'hr', us: 3600e6 }, { s: 'h', us: 3600e6 },
  { s: 'days', us: 86400e6 }, { s: 'day', us: 86400e6 }, { s: 'd', us: 86400e6 },
  { s: 'weeks', us: 604800e6 }, { s: 'week', us: 604800e6 }, { s: 'w', us: 604800e6 },
  { s: 'years', us: 31557600e6 }, { s: 'year', us: 31557600e6 }, { s: 'y', us: 31557600e6 },
  { s: 'usec', us: 1 }, { s: 'us', us: 1 }, { s: '\u03bcs', us: 1 }, { s: '\u00b5s', us: 1 },
];

/** parse_sec: `infinity`, or sums of `<number>[ ]<unit>` (bare number = seconds). Microseconds, Infinity, or null. */
export function parseTimespan(t: string): number | null {
  const v = t.trim();
  if (v === 'infinity') return Infinity;
  if (!v.length) return null;
  let p = 0;
  let total = 0;
  let any = false;
  while (p < v.length) {
    while (p < v.length && isWs(v.charCodeAt(p))) p++;
    if (p >= v.length) break;
    if (v[p] === '-') return null;
    if (v[p] === '+') p++;
    const ds = p;
    while (p < v.length && isDigit(v.charCodeAt(p))) p++;
    let num = Number(v.slice(ds, p) || '0');
    const hadInt = p > ds;
    if (num > 9223372036854775807) return null; // strtoll: out of range
    if (v[p] === '.') {
      p++;
      const fs = p;
      while (p < v.length && isDigit(v.charCodeAt(p))) p++;
      if (p === fs) return null; // "5.", "5.min", "5. 1" are refused (parse_time wants a digit after the point)
      if (p > fs) num += Number('0.' + v.slice(fs, p));
    } else if (!hadInt) return null;
    while (p < v.length && isWs(v.charCodeAt(p))) p++;
    let unit = 1e6;
    if (p < v.length && !isDigit(v.charCodeAt(p))) {
      const u = TIME_UNITS.find(x => v.startsWith(x.s, p) && !isLetter(v.charCodeAt(p + x.s.length)));
      if (!u) return null;
      unit = u.us;
      p += u.s.length;
    }
    total += num * unit;
    if (total >= 18446744073709551615) return null; // parse_time: the sum reaches USEC_INFINITY (ERANGE)
    any = true;
  }
  return any ? total : null;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 0x3bc || c === 0xb5;
}

/** Human text for a duration in microseconds. */
export function formatTimespan(us: number): string {
  if (us === Infinity) return 'infinity';
  if (us === 0) return '0';
  const parts: string[] = [];
  const units: [string, number][] = [['d', 86400e6], ['h', 3600e6], ['min', 60e6], ['s', 1e6], ['ms', 1e3], ['us', 1]];
  let rest = Math.round(us);
  for (const [n, f] of units) {
    if (rest >= f) { const q = Math.floor(rest / f); parts.push(`${q}${n}`); rest -= q * f; }
    if (parts.length === 3) break;
  }
  return parts.join(' ');
}

const TRUE = new Set(['1', 'yes', 'y', 'true', 't', 'on']);
const FALSE = new Set(['0', 'no', 'n', 'false', 'f', 'off']);

/** parse_boolean: case-insensitive 1/yes/y/true/t/on and 0/no/n/false/f/off. */
export function parseBoolean(v: string): boolean | null {
  const l = v.toLowerCase();
  if (TRUE.has(l)) return true;
  if (FALSE.has(l)) return false;
  return null;
}

/** safe_atoi with base 0 (decimal, 0x hex, 0 octal, optional sign), as systemd reads OOMScoreAdjust=. */
export function parseCInt(v: string): number | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(v.trim());
  if (!m) return null;
  const body = m[2];
  const n = body.startsWith('0x') || body.startsWith('0X') ? parseInt(body.slice(2), 16)
    : body.length > 1 && body[0] === '0' ? parseInt(body.slice(1), 8) : parseInt(body, 10);
  if (!Number.isSafeInteger(n)) return null;
  return m[1] === '-' ? -n : n;
}

/** Plain unsigned decimal (safe_atou). */
export function parseUnsigned(v: string): number | null {
  const m = /^\+?[0-9]{1,10}$/.exec(v.trim());
  if (!m) return null;
  const n = Number(v.trim());
  return n <= 0xffffffff ? n : null;
}
