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
const QUOTE = /^(?:> ?)+/;
// VMware vmware.log: `2023-12-04T10:49:30.103Z In(05) vcpu-5 - Guest: `
const VMWARE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?) [A-Za-z]{1,3}\(\d+\) [\w.-]{1,40} - Guest: /;
// talosctl dmesg: `172.16.1.110: kern: warning: [2024-07-16T19:11:36.10466434Z]: `
const TALOS = /^[\w.:-]{1,64}: (?:kern|user|daemon|syslog): {0,8}[a-z]{1,8}: \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?)\]: /;
// /dev/kmsg raw: `6,30574067,3816544225424,-;` (optionally `,caller=T123`)
const KMSG = /^(\d{1,3}),(\d{1,20}),(\d{1,20}),[-c+][^;]{0,40};/;
// dmesg -x: `kern  :warn  : `
const DMESG_X = /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7]) {0,4}:(?:emerg|alert|crit|err|warn|notice|info|debug) {0,4}: /;
// Wall-clock headers followed by `host tag: ` (syslog, journald).
//  - RFC 3164 / journald short / short-precise: `Jul  9 00:15:25 ` / `Jan 18 11:07:10.123456 `
export const SYSLOG_3164 = new RegExp(`^((?:${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?) `);
//  - journald short-full: `Wed 2023-01-18 11:07:10 CET `
const SHORT_FULL = /^([A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [A-Za-z][\w+-]{0,9}) /;
//  - RFC 3339 / short-iso / dmesg --time-format iso: `2020-05-08T14:05:27.123456+08:00 `
const ISO = /^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?) /;
//  - journald short-unix: `1674036430.123456 `
const UNIX = /^(\d{9,11}\.\d{1,9}) /;
//  - journald short-monotonic: `[ 1234.567890] host kernel: ` (handled with the kernel timestamp)
// host + tag after a wall-clock header. Tag `kernel` (optionally `kernel[0]`) means a kernel line.
const HOST_TAG = /^([\w.:@-]{1,128}) ([\w./@-]{1,64}(?:\[\d{1,10}\])?):(?: |$)/;
// journald `-o cat`-like: `kernel: ` at line start.
const KERNEL_TAG = /^kernel: /;
// `<4>` syslog level.
const LEVEL = /^<(\d{1,3})>/;
// Kernel timestamp `[  123.456789] ` (a decimal point is required, so `[ 1303]` task rows never match).
const KTS = /^\[ {0,12}(\d{1,12})\.(\d{1,9})\] ?/;
// PRINTK_CALLER `[  T1234] ` / `[    C3] `
const CALLER = /^\[ {0,8}[TC]\d{1,10}\] ?/;

/**
 * `dmesg -T` / `--ctime` in any locale: `[<anything> HH:MM:SS YYYY] `. Anchored on the clock
 * so that task rows (`[ 1303]`) are never eaten. Returns the length of the prefix or 0.
 */
function dmesgT(head: string): number {
  if (head.charCodeAt(0) !== 0x5b /* [ */) return 0;
  const close = head.indexOf(']', 1);
  if (close < 14 || close > 64) return 0;
  // ...HH:MM:SS YYYY]
  const s = close - 13;
  if (!(isD(head, s) && isD(head, s + 1) && head[s + 2] === ':' && isD(head, s + 3) && isD(head, s + 4) &&
    head[s + 5] === ':' && isD(head, s + 6) && isD(head, s + 7) && head[s + 8] === ' ' &&
    isD(head, s + 9) && isD(head, s + 10) && isD(head, s + 11) && isD(head, s + 12))) return 0;
  return head[close + 1] === ' ' ? close + 2 : close + 1;
}

function isD(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * Strip every wrapper prefix from `line` (already without its line terminator).
 * Never throws; unknown lines give offset 0.
 */
export function stripPrefix(line: string): PrefixResult {
  const head = line.length > HEAD_CAP ? line.slice(0, HEAD_CAP) : line;
  let off = 0;
  let wrapped = false;
  let foreign = false;
  const ts: Timestamp = { raw: '' };
  let haveTs = false;
  const rest = () => head.slice(off);

  let m = QUOTE.exec(head);
  if (m && (head[m[0].length] !== undefined)) { off += m[0].length; wrapped = true; }

  // Outer wrappers (each at most once, only one of them applies). None can start with `[`, which
  // is how every dmesg line and task row starts: those skip the nine patterns below.
  let r = rest();
  if (r.charCodeAt(0) === 0x5b /* [ */) {
    // straight to the kernel timestamp below
  } else if ((m = VMWARE.exec(r))) {
    off += m[0].length; wrapped = true; ts.raw = m[1]; ts.wall = m[1]; ts.iso = m[1]; haveTs = true;
  } else if ((m = TALOS.exec(r))) {
    off += m[0].length; wrapped = true; ts.raw = m[1]; ts.wall = m[1]; ts.iso = m[1]; haveTs = true;
  } else if ((m = KMSG.exec(r))) {
    off += m[0].length; wrapped = true;
    const usec = Number(m[3]);
    ts.raw = m[3]; ts.monotonicSec = usec / 1e6; haveTs = true;
  } else if ((m = DMESG_X.exec(r))) {
    off += m[0].length; wrapped = true;
  } else {
    const iso = ISO.exec(r);
    const wall = SYSLOG_3164.exec(r) ?? SHORT_FULL.exec(r) ?? iso ?? UNIX.exec(r);
    if (wall) {
      const after = r.slice(wall[0].length);
      const tag = HOST_TAG.exec(after);
      const isKernel = !!tag && (tag[2] === 'kernel' || tag[2].startsWith('kernel['));
      // After a bare ISO time (dmesg --time-format iso) `Hardware name:` looks like `host tag:`;
      // only a `prog[pid]:` tag proves a foreign program there.
      const foreignTag = !!tag && !isKernel && (wall !== iso || /\[\d+\]$/.test(tag[2]));
      if (isKernel) {
        off += wall[0].length + tag![0].length; wrapped = true;
        ts.raw = wall[1]; ts.wall = wall[1]; haveTs = true;
        if (wall === iso) ts.iso = wall[1];
      } else if (foreignTag) {
        // A syslog/journal line from another program (dockerd[9931]:, systemd[1]: ...).
        return { offset: 0, foreign: true, wrapped: true, timestamp: { raw: wall[1], wall: wall[1] } };
      } else if (wall === iso) {
        // dmesg --time-format iso: the message follows the timestamp directly.
        off += wall[0].length; wrapped = true;
        ts.raw = wall[1]; ts.wall = wall[1]; ts.iso = wall[1]; haveTs = true;
      }
    } else if ((m = KERNEL_TAG.exec(r))) {
      off += m[0].length; wrapped = true;
    }
  }

  r = rest();
  if ((m = LEVEL.exec(r))) { off += m[0].length; wrapped = true; r = rest(); }

  if ((m = KTS.exec(r))) {
    off += m[0].length; wrapped = true;
    const raw = m[0].trim();
    if (!haveTs || ts.monotonicSec === undefined) {
      ts.monotonicSec = Number(m[1] + '.' + m[2]);
      ts.raw = ts.raw ? `${ts.raw} ${raw}` : raw;
      haveTs = true;
    }
    r = rest();
    // journald short-monotonic: `[ 1234.567890] host kernel: `
    const tag = HOST_TAG.exec(r);
    if (tag && (tag[2] === 'kernel' || tag[2].startsWith('kernel['))) {
      off += tag[0].length; r = rest();
      if ((m = KTS.exec(r))) { off += m[0].length; r = rest(); }
    }
  } else {
    const n = dmesgT(r);
    if (n) {
      const raw = r.slice(0, n).trim();
      off += n; wrapped = true;
      ts.raw = ts.raw ? `${ts.raw} ${raw}` : raw;
      ts.wall = ts.wall ?? raw.slice(1, -1);
      haveTs = true;
      r = rest();
    }
  }
  if ((m = CALLER.exec(r))) { off += m[0].length; wrapped = true; }

  return { offset: off, foreign, wrapped, timestamp: haveTs ? ts : undefined };
}
