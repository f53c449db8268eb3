/**
 * Wrapper-prefix stripping for one physical log line.
 *
 * A kernel record can reach us wrapped in any of the prefixes of spec §3 (dmesg timestamps,
 * syslog, journald, talosctl, vmware.log, /dev/kmsg, email quoting). `stripPrefix` peels them
 * off in a fixed order, each kind at most once, and reports where the kernel message starts.
 * It only ever looks at the first HEAD_CAP characters of a line, so a 100 MB line costs the
 * same as a short one. All patterns are anchored and free of nested quantifiers.
 */
import type { Timestamp } from './model';
import { Clock, FRAMES, FRAMES_BY_FIRST, NUMBERED, OUTERS, OUTERS_BY_FIRST } from './wrappers';

/** How much of a line prefix detection may look at. */
export const HEAD_CAP = 256;

export interface PrefixResult {
  /** Column (UTF-16 offset into the line) where the kernel message starts. */
  offset: number;
  /** The line came from a non-kernel source (syslog tag other than `kernel`, e.g. `dockerd[9931]:`). */
  foreign: boolean;
  /** True when at least one wrapper was recognised (a timestamp, a syslog header ...). */
  wrapped: boolean;
  timestamp?: Timestamp;
}

// The collectors' headers and what people put around pasted logs are the table in wrappers.ts;
// the kernel's own prefixes, which any of them may keep, follow here.
/** RFC 3164 / journald short (wrappers.ts), exported for the regex robustness test. */
export const SYSLOG_3164 = OUTERS.find(w => w.name === 'syslog')!.re;
// host + tag after a wall-clock header. Tag `kernel` (optionally `kernel[0]`) means a kernel line.
// A host masked before pasting (`n4.c1.***`) is still a host.
const HOST_TAG = /([\w.:@*-]{1,128}) ([\w./@-]{1,64}(?:\[\d{1,10}\])?):(?: |$)/y;
// `<4>` syslog level (also /proc/kmsg).
const LEVEL = /<(\d{1,3})>/y;
// Kernel timestamp `[  123.456789] ` (a decimal point is required, so `[ 1303]` task rows never match);
// `dmesg -d` and journalctl short-delta add the time since the line before: `[ 1234.567890 <    0.000123>]`.
const KTS = /\[ {0,12}(\d{1,12})\.(\d{1,9})(?: <[ \d.]{1,24}>)?\] ?/y;
// dmesg -d/-e relative times `[  +0.000123]`, `[+0.000123]`: stripped, no clock read from them
const KTS_DELTA = /\[ {0,12}\+\d{1,12}\.\d{1,9}\] ?/y;
// dmesg -e: `[May14 10:00] ` on the first line of each minute (then `[  +0.000123] `): no clock read
const RELTIME = /\[[A-Z][a-z]{2} ?[ \d]?\d \d\d:\d\d\] ?/y;
// PRINTK_CALLER `[  T1234] ` / `[    C3] `
const CALLER = /\[ {0,8}[TC]\d{1,10}\] ?/y;

/**
 * `dmesg -T` / `--ctime` in any locale: `[<anything> HH:MM:SS YYYY] `. Anchored on the clock
 * so that task rows (`[ 1303]`) are never eaten. Returns the length of the prefix at `at`, or 0.
 */
function dmesgT(head: string, at: number): number {
  if (head.charCodeAt(at) !== 0x5b /* [ */) return 0;
  const close = head.indexOf(']', at + 1) - at;
  if (close < 14 || close > 64) return 0;
  // ...HH:MM:SS YYYY]
  const s = at + close - 13;
  if (!(isD(head, s) && isD(head, s + 1) && head[s + 2] === ':' && isD(head, s + 3) && isD(head, s + 4) &&
    head[s + 5] === ':' && isD(head, s + 6) && isD(head, s + 7) && head[s + 8] === ' ' &&
    isD(head, s + 9) && isD(head, s + 10) && isD(head, s + 11) && isD(head, s + 12))) return 0;
  return head[at + close + 1] === ' ' ? close + 2 : close + 1;
}

function isUpper(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 65 && c <= 90;
}

/** The first character of `s` from `i` on that is not a space (NaN past the end). */
function afterSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) i++;
  return s.charCodeAt(i);
}

function isD(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * One line's prefix as scanPrefix found it: where the kernel message starts, and where in the
 * line each timestamp-bearing wrapper matched, so that prefixTimestamp can build the Timestamp
 * when it is wanted (when a line starts a report) instead of for every line. Reused from line to
 * line: a scan makes no object and no string.
 */
export class PrefixScan {
  /** The text scanned: the line, or its first HEAD_CAP characters. */
  head = '';
  /** Column where the kernel message starts. */
  offset = 0;
  /** The line came from a non-kernel source (syslog tag other than `kernel`, e.g. `dockerd[9931]:`). */
  foreign = false;
  /** At least one wrapper was recognised. */
  wrapped = false;
  /** The outer wrapper's time text is head[clockS, clockE). */
  clock = Clock.None;
  clockS = 0;
  clockE = 0;
  /** Where a `[  123.456789]` kernel timestamp matched (-1: none). */
  ktsAt = -1;
  /** Where a `dmesg -T` `[… HH:MM:SS YYYY] ` prefix matched (-1: none), and its length. */
  ctimeAt = -1;
  ctimeLen = 0;
  /** Characters at the end of the line that close a frame (an inline-code backtick): not message text. */
  closer = 0;
  /** The line is a field of a structured record (journal export/verbose `MESSAGE=`). */
  record = false;
}

/** End of `re`'s match at `at` in `s` (`re` is sticky), or -1. */
function matchEnd(re: RegExp, s: string, at: number): number {
  re.lastIndex = at;
  return re.test(s) ? re.lastIndex : -1;
}

/**
 * The `kernel` of a HOST_TAG match ending at `end` that starts at `at`: 1 when the tag is
 * `kernel` or `kernel[…]`, 2 when it is another program's `prog[pid]`, 0 for any other tag.
 */
function tagKind(head: string, at: number, end: number): number {
  // group 1 holds no space, so the tag starts after the first one; the tag ends at the `:`
  const s = head.indexOf(' ', at) + 1;
  const e = head.charCodeAt(end - 1) === 32 ? end - 2 : end - 1;
  if (head.startsWith('kernel', s) && (e - s === 6 || head.charCodeAt(s + 6) === 91 /* [ */)) return 1;
  // `[` is not in the tag's name class, so a closing `]` means a `[pid]` suffix
  return head.charCodeAt(e - 1) === 93 /* ] */ ? 2 : 0;
}

/** Index into a by-first-character table (wrappers.ts) for the character code `c`. */
function firstKey(c: number): number {
  return c < 128 ? c : 128;
}

/** Per first-character index: 1 when no frame and no collector header can start with it. */
const BARE_FIRST = Uint8Array.from(FRAMES_BY_FIRST, (f, c) => +(f.length === 0 && OUTERS_BY_FIRST[c].length === 0));

/**
 * Read the wrapper prefixes of `line` (already without its line terminator) into `out`.
 * Never throws; unknown lines give offset 0.
 */
export function scanPrefix(line: string, out: PrefixScan): PrefixScan {
  const head = line.length > HEAD_CAP ? line.slice(0, HEAD_CAP) : line;
  out.head = head; out.foreign = false; out.clock = Clock.None; out.ktsAt = -1; out.ctimeAt = -1; out.closer = 0; out.record = false;
  const c0 = firstKey(head.charCodeAt(0));
  // Most lines start with `[` (dmesg, task rows), with which no frame and no collector header can
  // start: straight to the kernel's own prefixes.
  if (BARE_FIRST[c0]) {
    const end = kernelPrefixes(head, 0, out);
    out.offset = end; out.wrapped = end > 0;
    return out;
  }
  let off = 0;
  let wrapped = false;
  let e = -1;
  // Frames (wrappers.ts FRAMES): each at most once, in any order. `sure` is where the message
  // starts if the frames that need a header after them find none.
  let sure = 0;
  let pending = false;
  if (FRAMES_BY_FIRST[c0].length) {
    let used = 0;
    for (let pass = 0; pass < 4; pass++) {
      const list = FRAMES_BY_FIRST[firstKey(head.charCodeAt(off))];
      let hit = -1;
      let numbered = -1;
      for (let k = 0; k < list.length; k++) {
        const i = list[k];
        if (used & (1 << i)) continue;
        if (FRAMES[i].numbered && (numbered < 0 ? (numbered = +(matchEnd(NUMBERED, head, off) >= 0)) : numbered) === 0) continue;
        e = matchEnd(FRAMES[i].re, head, off);
        if (e > off && e < head.length) { hit = i; break; }
      }
      if (hit < 0) break;
      used |= 1 << hit;
      const f = FRAMES[hit];
      off = e;
      if (f.needsNext) pending = true;
      else { sure = off; pending = false; wrapped = true; }
      if (f.closer && line.endsWith(f.closer) && line.length > off) out.closer = f.closer.length;
      if (f.record) out.record = true;
    }
  }
  let end = afterFrames(head, off, out);
  // frames that prove nothing alone, with no header after them: the line is the kernel's own text
  if (pending && end === off) {
    out.clock = Clock.None; out.ktsAt = -1; out.ctimeAt = -1;
    end = afterFrames(head, sure, out);
  }
  if (end < 0) {
    out.offset = 0; out.foreign = true; out.wrapped = true; out.closer = 0;
    return out;
  }
  if (out.closer && end >= line.length - out.closer) out.closer = 0;
  out.offset = end; out.wrapped = wrapped || end > sure;
  return out;
}

/** Where the matched wrapper's clock is (filled by its clockAt). */
const CLK = { clockS: 0, clockE: 0 };

/**
 * The collector header and the kernel's own prefixes from `off` on: where the message starts
 * (`off` when there are none), or -1 for another program's line. Sets the clock fields of `out`.
 */
function afterFrames(head: string, off: number, out: PrefixScan): number {
  let e = -1;

  // Outer wrappers (wrappers.ts OUTERS): the first that matches. None starts with `[`, which is
  // how every dmesg line and task row starts: those skip them.
  const outers = OUTERS_BY_FIRST[firstKey(head.charCodeAt(off))];
  for (let k = 0; k < outers.length; k++) {
    const w = OUTERS[outers[k]];
    e = matchEnd(w.re, head, off);
    if (e < 0) continue;
    const at = off;
    const clk = w.clockAt ? w.clockAt(head, at, e, CLK) : false;
    let kind = w.clock;
    if (w.then === 'message') {
      off = e;
    } else if (w.then === 'app-name') {
      // RFC 5424: the APP-NAME field (the pattern's only group) says whose line it is
      w.re.lastIndex = at;
      const m = w.re.exec(head);
      if (m?.[1] !== 'kernel') { kind = Clock.Foreign; off = -1; } else off = e;
    } else {
      const tagEnd = matchEnd(HOST_TAG, head, e);
      const tag = tagEnd >= 0 ? tagKind(head, e, tagEnd) : -1;
      const iso = w.then === 'iso';
      if (tag === 1) {
        off = tagEnd;
        // `kernel: : [ 123.456789] ` — an empty field after the tag, as some RHEL 6 era syslog
        // setups wrote every kernel line
        if (head.charCodeAt(off) === 58 /* : */ && head.charCodeAt(off + 1) === 32) off += 2;
      } else if (tag >= 0 && (!iso || tag === 2)) {
        // A syslog/journal line from another program (dockerd[9931]:, systemd[1]: ...). After a
        // bare ISO time (dmesg --time-format iso) `Hardware name:` looks like `host tag:`; only a
        // `prog[pid]:` tag proves a foreign program there.
        kind = Clock.Foreign; off = -1;
      } else if (iso) off = e; // dmesg --time-format iso: the message follows the time directly
      else continue;
      if (kind === Clock.Wall && iso) kind = Clock.WallIso;
    }
    if (clk) { out.clock = kind; out.clockS = CLK.clockS; out.clockE = CLK.clockE; } else if (kind === Clock.Foreign) { out.clock = Clock.Foreign; out.clockS = out.clockE = 0; }
    if (off < 0) return -1;
    break;
  }
  return kernelPrefixes(head, off, out);
}

/**
 * The kernel's own prefixes from `off` on (`<4>` level, `[  123.456789]` or `dmesg -T` time,
 * `[  T123]` caller), which every collector may keep: where the message starts. Sets the kernel
 * time fields of `out`.
 */
function kernelPrefixes(head: string, off: number, out: PrefixScan): number {
  let e = -1;
  if (head.charCodeAt(off) === 60 /* < */ && (e = matchEnd(LEVEL, head, off)) >= 0) { off = e; }

  if (head.charCodeAt(off) === 0x5b /* [ */ && (e = matchEnd(KTS, head, off)) >= 0) {
    out.ktsAt = off;
    off = e;
    // journald short-monotonic: `[ 1234.567890] host kernel: `
    const tagEnd = matchEnd(HOST_TAG, head, off);
    if (tagEnd >= 0 && tagKind(head, off, tagEnd) === 1) {
      off = tagEnd;
      if (head.charCodeAt(off) === 0x5b && (e = matchEnd(KTS, head, off)) >= 0) off = e;
    }
  } else if (head.charCodeAt(off) === 0x5b) {
    // `dmesg -T`, `dmesg -d` deltas and `dmesg -e` minutes cannot match the same text (only
    // `dmesg -T` has `:SS YYYY]`, only a delta has `+`, only `dmesg -e` has `HH:MM]`), so the
    // common `dmesg -T` is tried first, and each pattern only when its second character fits.
    const n = dmesgT(head, off);
    if (n) { out.ctimeAt = off; out.ctimeLen = n; off += n; }
    else if ((afterSpaces(head, off + 1) === 43 /* + */ && (e = matchEnd(KTS_DELTA, head, off)) >= 0) ||
      (isUpper(head, off + 1) && (e = matchEnd(RELTIME, head, off)) >= 0)) off = e;
  }
  if (head.charCodeAt(off) === 0x5b && (e = matchEnd(CALLER, head, off)) >= 0) { off = e; }

  return off;
}

/** Whether the line `p` scanned carries a clock of its own (a collector's or the kernel's time). */
export function hasClock(p: PrefixScan): boolean {
  return p.clock !== Clock.None || p.ktsAt >= 0 || p.ctimeAt >= 0;
}

/** The timestamp of the line `p` scanned (undefined when its prefixes carry none). */
export function prefixTimestamp(p: PrefixScan): Timestamp | undefined {
  const h = p.head;
  const clock = p.clock === Clock.None ? '' : h.slice(p.clockS, p.clockE);
  if (p.clock === Clock.Foreign) return { raw: clock, wall: clock };
  const ts: Timestamp = { raw: '' };
  let haveTs = true;
  switch (p.clock) {
    case Clock.WallIso: ts.raw = clock; ts.wall = clock; ts.iso = clock; break;
    case Clock.Wall: ts.raw = clock; ts.wall = clock; break;
    case Clock.Kmsg: ts.raw = clock; ts.monotonicSec = Number(clock) / 1e6; break;
    default: haveTs = false;
  }
  if (p.ktsAt >= 0) {
    KTS.lastIndex = p.ktsAt;
    const m = KTS.exec(h)!;
    const raw = m[0].trim();
    if (!haveTs || ts.monotonicSec === undefined) {
      ts.monotonicSec = Number(m[1] + '.' + m[2]);
      ts.raw = ts.raw ? `${ts.raw} ${raw}` : raw;
      haveTs = true;
    }
  } else if (p.ctimeAt >= 0) {
    const raw = h.slice(p.ctimeAt, p.ctimeAt + p.ctimeLen).trim();
    ts.raw = ts.raw ? `${ts.raw} ${raw}` : raw;
    ts.wall = ts.wall ?? raw.slice(1, -1);
    haveTs = true;
  }
  return haveTs ? ts : undefined;
}

/** Strip every wrapper prefix from `line` (scanPrefix and prefixTimestamp in one call). */
export function stripPrefix(line: string): PrefixResult {
  const p = scanPrefix(line, new PrefixScan());
  return { offset: p.offset, foreign: p.foreign, wrapped: p.wrapped, timestamp: prefixTimestamp(p) };
}
