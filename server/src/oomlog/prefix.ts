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

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';

// `> ` email / markdown quoting (possibly nested: `> > `).
const QUOTE = /(?:> ?)+/y;
// VMware vmware.log: `2023-12-04T10:49:30.103Z In(05) vcpu-5 - Guest: `
const VMWARE = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?) [A-Za-z]{1,3}\(\d+\) [\w.-]{1,40} - Guest: /y;
// talosctl dmesg: `172.16.1.110: kern: warning: [2024-07-16T19:11:36.10466434Z]: `
const TALOS = /[\w.:-]{1,64}: (?:kern|user|daemon|syslog): {0,8}[a-z]{1,8}: \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?)\]: /y;
// /dev/kmsg raw: `6,30574067,3816544225424,-;` (optionally `,caller=T123`)
const KMSG = /(\d{1,3}),(\d{1,20}),(\d{1,20}),[-c+][^;]{0,40};/y;
// dmesg -x: `kern  :warn  : `
const DMESG_X = /(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7]) {0,4}:(?:emerg|alert|crit|err|warn|notice|info|debug) {0,4}: /y;
// Wall-clock headers followed by `host tag: ` (syslog, journald).
//  - RFC 3164 / journald short / short-precise: `Jul  9 00:15:25 ` / `Jan 18 11:07:10.123456 `
export const SYSLOG_3164 = new RegExp(`((?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?) `, 'y');
//  - journald short-full: `Wed 2023-01-18 11:07:10 CET `
const SHORT_FULL = /([A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [A-Za-z][\w+-]{0,9}) /y;
//  - RFC 3339 / short-iso / dmesg --time-format iso: `2020-05-08T14:05:27.123456+08:00 `
const ISO = /(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?) /y;
//  - journald short-unix: `1674036430.123456 `
const UNIX = /(\d{9,11}\.\d{1,9}) /y;
//  - journald short-monotonic: `[ 1234.567890] host kernel: ` (handled with the kernel timestamp)
// host + tag after a wall-clock header. Tag `kernel` (optionally `kernel[0]`) means a kernel line.
const HOST_TAG = /([\w.:@-]{1,128}) ([\w./@-]{1,64}(?:\[\d{1,10}\])?):(?: |$)/y;
// journald `-o cat`-like: `kernel: ` at line start.
const KERNEL_TAG = /kernel: /y;
// `<4>` syslog level.
const LEVEL = /<(\d{1,3})>/y;
// Kernel timestamp `[  123.456789] ` (a decimal point is required, so `[ 1303]` task rows never match).
const KTS = /\[ {0,12}(\d{1,12})\.(\d{1,9})\] ?/y;
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

function isD(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Where a line's wall-clock or /dev/kmsg time came from (what prefixTimestamp builds from it). */
const enum Clock { None, Wall, WallIso, Kmsg, Foreign }

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

/**
 * Read the wrapper prefixes of `line` (already without its line terminator) into `out`.
 * Never throws; unknown lines give offset 0.
 */
export function scanPrefix(line: string, out: PrefixScan): PrefixScan {
  const head = line.length > HEAD_CAP ? line.slice(0, HEAD_CAP) : line;
  out.head = head; out.foreign = false; out.clock = Clock.None; out.ktsAt = -1; out.ctimeAt = -1;
  let off = 0;
  let wrapped = false;
  let e = head.charCodeAt(0) === 62 /* > */ ? matchEnd(QUOTE, head, 0) : -1;
  if (e > 0 && e < head.length) { off = e; wrapped = true; }
  // Each pattern below starts with a known kind of character: a look at the first one skips most
  // of them (a task row or a dmesg line tries 3 or 4 patterns, not 15).
  const c0 = head.charCodeAt(off);
  const digit = c0 >= 48 && c0 <= 57, upper = c0 >= 65 && c0 <= 90, lower = c0 >= 97 && c0 <= 122;

  // Outer wrappers (each at most once, only one of them applies). None can start with `[`, which
  // is how every dmesg line and task row starts: those skip the nine patterns below.
  if (c0 === 0x5b /* [ */) {
    // straight to the kernel timestamp below
  } else if (digit && (e = matchEnd(VMWARE, head, off)) >= 0) {
    out.clock = Clock.WallIso; out.clockS = off; out.clockE = head.indexOf(' ', off);
    off = e; wrapped = true;
  } else if ((e = matchEnd(TALOS, head, off)) >= 0) {
    out.clock = Clock.WallIso; out.clockS = head.lastIndexOf('[', e - 3) + 1; out.clockE = e - 3;
    off = e; wrapped = true;
  } else if (digit && (e = matchEnd(KMSG, head, off)) >= 0) {
    // the third number is the time in µs
    const c2 = head.indexOf(',', head.indexOf(',', off) + 1);
    out.clock = Clock.Kmsg; out.clockS = c2 + 1; out.clockE = head.indexOf(',', c2 + 1);
    off = e; wrapped = true;
  } else if (lower && (e = matchEnd(DMESG_X, head, off)) >= 0) {
    off = e; wrapped = true;
  } else {
    let iso = false;
    e = -1;
    if (upper) {
      e = matchEnd(SYSLOG_3164, head, off);
      if (e < 0) e = matchEnd(SHORT_FULL, head, off);
    } else if (digit) {
      e = matchEnd(ISO, head, off);
      iso = e >= 0;
      if (e < 0) e = matchEnd(UNIX, head, off);
    }
    if (e >= 0) {
      // each wall-clock pattern is its time and one space
      const clockS = off, clockE = e - 1;
      const tagEnd = matchEnd(HOST_TAG, head, e);
      const tag = tagEnd >= 0 ? tagKind(head, e, tagEnd) : -1;
      if (tag === 1) {
        out.clock = iso ? Clock.WallIso : Clock.Wall; out.clockS = clockS; out.clockE = clockE;
        off = tagEnd; wrapped = true;
      } else if (tag >= 0 && (!iso || tag === 2)) {
        // A syslog/journal line from another program (dockerd[9931]:, systemd[1]: ...). After a
        // bare ISO time (dmesg --time-format iso) `Hardware name:` looks like `host tag:`; only a
        // `prog[pid]:` tag proves a foreign program there.
        out.clock = Clock.Foreign; out.clockS = clockS; out.clockE = clockE;
        out.offset = 0; out.foreign = true; out.wrapped = true;
        return out;
      } else if (iso) {
        // dmesg --time-format iso: the message follows the timestamp directly.
        out.clock = Clock.WallIso; out.clockS = clockS; out.clockE = clockE;
        off = e; wrapped = true;
      }
    } else if (c0 === 107 /* k */ && (e = matchEnd(KERNEL_TAG, head, off)) >= 0) {
      off = e; wrapped = true;
    }
  }

  if (head.charCodeAt(off) === 60 /* < */ && (e = matchEnd(LEVEL, head, off)) >= 0) { off = e; wrapped = true; }

  if (head.charCodeAt(off) === 0x5b /* [ */ && (e = matchEnd(KTS, head, off)) >= 0) {
    out.ktsAt = off;
    off = e; wrapped = true;
    // journald short-monotonic: `[ 1234.567890] host kernel: `
    const tagEnd = matchEnd(HOST_TAG, head, off);
    if (tagEnd >= 0 && tagKind(head, off, tagEnd) === 1) {
      off = tagEnd;
      if (head.charCodeAt(off) === 0x5b && (e = matchEnd(KTS, head, off)) >= 0) off = e;
    }
  } else {
    const n = dmesgT(head, off);
    if (n) { out.ctimeAt = off; out.ctimeLen = n; off += n; wrapped = true; }
  }
  if (head.charCodeAt(off) === 0x5b && (e = matchEnd(CALLER, head, off)) >= 0) { off = e; wrapped = true; }

  out.offset = off; out.wrapped = wrapped;
  return out;
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
