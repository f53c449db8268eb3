/**
 * The wrapper table: every way a kernel message line reaches us wrapped, one entry each.
 *
 * A line is read as `FRAME* OUTER? <N>? [time]? [caller]? message`:
 *  - FRAMES are what a person or a tool put around the log when pasting it (indentation, mail and
 *    block quotes, line-number columns, inline-code backticks). Several may apply, each once, in
 *    table order.
 *  - OUTERS are the log collectors' headers (syslog, journald, talosctl, vmware.log, /dev/kmsg,
 *    dmesg -x). At most one applies; the first that matches wins.
 *  - After them prefix.ts reads the kernel's own `<4>` level, `[  123.456789]` time and
 *    `[  T123]` caller id, which every collector may keep.
 *
 * An entry says how the line is recognised (`first`: a cheap look at its first character, then an
 * anchored sticky pattern free of nested quantifiers), what is stripped (the match, then for
 * `then: 'host-tag'` a `host tag: ` whose tag says whether it is a kernel line), and how its clock
 * is read (`clock` and `clockAt`). A new format is one entry here plus one corpus file.
 */

/** Which first characters an entry can start with (a test of one character skips most entries). */
export type First = 'digit' | 'upper' | 'lower' | 'any' | { chars: string };

/** Where a wrapper's time text is in the line (prefix.ts PrefixScan). */
export interface ClockOut { clockS: number; clockE: number }

/** How a wrapper's time text is read (prefix.ts prefixTimestamp). */
export const enum Clock { None, Wall, WallIso, Kmsg, Foreign }

export interface FrameWrapper {
  name: string;
  first: First;
  re: RegExp;
  /**
   * The frame alone proves nothing (kernel lines may start the same way): it is kept only when a
   * collector header or kernel time follows it, and otherwise left for the learned-prefix
   * fallback (parse.ts) to judge from the report's known lines.
   */
  needsNext: boolean;
  /** Characters that close the frame at the end of the line (an inline-code backtick). */
  closer?: string;
  /** The line is one field of a structured record, whose other fields are not log lines (records.ts). */
  record?: boolean;
  /** A line-number column: tried only where NUMBERED matches (one test for all of them). */
  numbered?: boolean;
}

/** What every line-number frame starts with: a number and the character after it. */
export const NUMBERED = / {0,8}\d{1,9}[\t:| \u2502]/y;

export interface OuterWrapper {
  name: string;
  first: First;
  re: RegExp;
  /**
   * What follows the match: the kernel message (`message`); a `host tag: ` (`host-tag`: tag
   * `kernel` means a kernel line, `prog[pid]` another program's); or, after a bare ISO time, either
   * (`iso`: dmesg --time-format iso prints the message right after the time, rsyslog a host and tag).
   * `app-name`: the entry's own pattern captured the program name as group 1 (RFC 5424).
   */
  then: 'message' | 'host-tag' | 'iso' | 'app-name';
  clock: Clock;
  /**
   * Where the clock text is, given the match [at, end) in `head`: sets out.clockS / out.clockE
   * and returns true, or returns false when the line carries no time (no allocation per line).
   */
  clockAt?: (head: string, at: number, end: number, out: ClockOut) => boolean;
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';

/** The time is the match up to its last space (each wall-clock pattern is its time and one space). */
function upToSpace(_h: string, at: number, end: number, out: ClockOut): boolean {
  out.clockS = at; out.clockE = end - 1;
  return true;
}
function clock(out: ClockOut, s: number, e: number): boolean {
  out.clockS = s; out.clockE = e;
  return true;
}

export const FRAMES: readonly FrameWrapper[] = [
  // markdown code blocks and pastes indented by 2–8 spaces or a tab
  { name: 'indentation', first: { chars: ' \t' }, re: /(?: {2,8}|\t)/y, needsNext: true },
  // `> ` mail and markdown quoting, nested as `> > ` or `>> `
  { name: 'quote', first: { chars: '>' }, re: /(?:> ?)+/y, needsNext: false },
  // inline code: `[  12.3] java invoked oom-killer: …` (the closing backtick is dropped too)
  { name: 'backtick', first: { chars: '`' }, re: /`/y, needsNext: false, closer: '`' },
  // cat -n / nl: a right-aligned number and a tab
  { name: 'cat -n', numbered: true, first: { chars: ' 0123456789' }, re: / {0,8}\d{1,9}\t/y, needsNext: false },
  // an editor's or pager's number column: `  12 | `, `12│`
  { name: 'number column', numbered: true, first: { chars: ' 0123456789' }, re: / {0,8}\d{1,9} ?[|\u2502] ?/y, needsNext: false },
  // grep -n (`123:`), grep -Hn (`kern.log:123:`, `/var/log/kern.log.1:123:`). Not grep's context
  // lines (`123-`): an ISO date starts the same way.
  { name: 'grep -n', numbered: true, first: { chars: '0123456789' }, re: /\d{1,9}:/y, needsNext: true },
  { name: 'grep -Hn', first: { chars: '/.abcdefghijklmnopqrstuvwxyz' }, re: /[\w./-]{1,64}\.log(?:\.\d{1,3})?:\d{1,9}:/y, needsNext: false },
  // journalctl -o export `MESSAGE=…` and -o verbose `    MESSAGE=…` (the other fields are metadata)
  { name: 'journal MESSAGE=', first: { chars: 'M' }, re: /MESSAGE=/y, needsNext: false, record: true },
  // less -N: a number right-aligned in 7 columns and a space
  { name: 'less -N', numbered: true, first: { chars: ' 0123456789' }, re: / {0,7}\d{1,9} /y, needsNext: true },
  // a shell prompt pasted before each command's output line, `$ Sep 01 19:12:33 host containerd[1472]: …`
  { name: 'shell prompt', first: { chars: '$' }, re: /\$ /y, needsNext: true },
];

export const OUTERS: readonly OuterWrapper[] = [
  // VMware vmware.log: `2023-12-04T10:49:30.103Z In(05) vcpu-5 - Guest: `
  {
    name: 'vmware.log', first: 'digit', then: 'message', clock: Clock.WallIso,
    re: /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?) [A-Za-z]{1,3}\(\d+\) [\w.-]{1,40} - Guest: /y,
    clockAt: (h, at, _e, out) => clock(out, at, h.indexOf(' ', at)),
  },
  // talosctl dmesg: `172.16.1.110: kern: warning: [2024-07-16T19:11:36.10466434Z]: `; the node
  // is left out when the command names none (`user: warning: [2026-01-12T20:27:31.913975631Z]: `)
  {
    name: 'talosctl', first: 'any', then: 'message', clock: Clock.WallIso,
    re: /(?:[\w.:-]{1,64}: )?(?:kern|user|daemon|syslog): {0,8}[a-z]{1,8}: \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?)\]: /y,
    clockAt: (h, _at, end, out) => clock(out, h.lastIndexOf('[', end - 3) + 1, end - 3),
  },
  // /dev/kmsg raw: `6,30574067,3816544225424,-;` (optionally `,caller=T123`); the third number is µs
  {
    name: '/dev/kmsg', first: 'digit', then: 'message', clock: Clock.Kmsg,
    re: /(\d{1,3}),(\d{1,20}),(\d{1,20}),[-c+][^;]{0,40};/y,
    clockAt: (h, at, _e, out) => { const c2 = h.indexOf(',', h.indexOf(',', at) + 1); return clock(out, c2 + 1, h.indexOf(',', c2 + 1)); },
  },
  // dmesg -x: `kern  :warn  : `
  {
    name: 'dmesg -x', first: 'lower', then: 'message', clock: Clock.None,
    re: /(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7]) {0,4}:(?:emerg|alert|crit|err|warn|notice|info|debug) {0,4}: /y,
  },
  // RFC 5424 syslog: `<4>1 2024-05-01T10:00:00.123Z host kernel - - - ` (SD `-` or `[id k="v"]…`, optional BOM)
  {
    name: 'RFC 5424', first: { chars: '<' }, then: 'app-name', clock: Clock.WallIso,
    re: /<\d{1,3}>1 (?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)|-) [!-~]{1,255} ([!-~]{1,48}) [!-~]{1,128} [!-~]{1,32} (?:-|\[[^\]]{0,512}\]) ?\uFEFF?/y,
    clockAt: (h, at, _e, out) => { const s = h.indexOf(' ', at) + 1; return h.charCodeAt(s) !== 45 /* - */ && clock(out, s, h.indexOf(' ', s)); },
  },
  // syslog with the host name cut out of the paste: `Feb 4 16:15:15 kernel: ` (before `syslog`, whose
  // host-and-tag reading would take `kernel:` for the host and `CPU:` for another program's tag)
  {
    name: 'syslog without host', first: 'upper', then: 'message', clock: Clock.Wall,
    re: new RegExp(`((?:${MONTHS}) [ \\d]?\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?) kernel: `, 'y'),
    clockAt: (h, at, _e, out) => clock(out, at, h.indexOf(' kernel: ', at)),
  },
  // a clock and a colon before every line, `Jun 12 06:39:16: ` (earlyoom output piped through a
  // time-stamper such as moreutils `ts '%b %d %H:%M:%S:'`, rfjakob/earlyoom issue 205)
  {
    name: 'clock and colon', first: 'upper', then: 'message', clock: Clock.Wall,
    re: new RegExp(`((?:${MONTHS}) [ \\d]?\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?): `, 'y'),
    clockAt: (h, at, _e, out) => clock(out, at, h.indexOf(': ', at)),
  },
  // RFC 3164 / journalctl short, short-precise: `Jul  9 00:15:25 ` / `Jan 18 11:07:10.123456 `, then host and tag
  // (a day without its padding space, `Feb 4 16:15:15`, as mail and forum pastes collapse it, too)
  {
    name: 'syslog', first: 'upper', then: 'host-tag', clock: Clock.Wall,
    re: new RegExp(`((?:${MONTHS}) [ \\d]?\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?) `, 'y'), clockAt: upToSpace,
  },
  // journalctl short in a non-English locale: the month is the locale's abbreviation, `апр 28 01:23:30 `,
  // `avril 16 21:08:50 `, `mars 01 14:37:27 `, `Mär  3 …`, `déc. 12 …`, or a number and the word
  // for month in Chinese and Japanese (`5月 29 23:06:20 `) and Korean (`5월 29 …`)
  {
    name: 'syslog (localized month)', first: 'any', then: 'host-tag', clock: Clock.Wall,
    re: /((?:\p{L}{3,5}\.?|\d{1,2}[月월]) [ \d]?\d \d\d:\d\d:\d\d(?:\.\d{1,9})?) /uy, clockAt: upToSpace,
  },
  // journalctl short pasted with the host name cut out, another program's line: `Nov 12 17:08:27
  // earlyoom[1295]: `, `avril 16 21:08:50 systemd-oomd[93234]: ` (its clock is kept for userspace kills)
  {
    name: 'syslog without host: prog[pid]', first: 'any', then: 'app-name', clock: Clock.Wall,
    re: /(?:\p{L}{3,5}\.?|\d{1,2}[月월]) [ \d]?\d \d\d:\d\d:\d\d(?:\.\d{1,9})? ([\w.-]{1,64})\[\d{1,10}\]: /uy,
    clockAt: (h, at, _e, out) => clock(out, at, h.indexOf(' ', h.indexOf(':', at))),
  },
  // journalctl short-full / with-unit: `Wed 2023-01-18 11:07:10 CET `
  {
    name: 'journalctl short-full', first: 'upper', then: 'host-tag', clock: Clock.Wall,
    re: /([A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [A-Za-z][\w+-]{0,9}) /y, clockAt: upToSpace,
  },
  // RFC 3339 (rsyslog), journalctl short-iso / short-iso-precise, dmesg --time-format iso
  {
    name: 'ISO time', first: 'digit', then: 'iso', clock: Clock.WallIso,
    re: /(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?) /y, clockAt: upToSpace,
  },
  // journalctl short-unix: `1674036430.123456 `
  { name: 'journalctl short-unix', first: 'digit', then: 'host-tag', clock: Clock.Wall, re: /(\d{9,11}\.\d{1,9}) /y, clockAt: upToSpace },
  // Android logcat, default (threadtime) format: `10-24 14:24:26.342   710   710 I lowmemorykiller: `
  // (month-day time, pid, tid, priority letter, tag); only the `kernel` tag is a kernel line
  {
    name: 'logcat threadtime', first: 'digit', then: 'app-name', clock: Clock.Wall,
    re: /\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {1,8}\d{1,10} {1,8}\d{1,10} [VDIWEFS] ([^:]{1,64}?) {0,8}: /y,
    clockAt: (h, at, _e, out) => clock(out, at, at + 18),
  },
  // logcat -v time: `07-31 02:28:31.588 I/lowmemorykiller(  152): `
  {
    name: 'logcat time', first: 'digit', then: 'app-name', clock: Clock.Wall,
    re: /\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [VDIWEFS]\/([^(]{1,64}?)\( {0,8}\d{1,10}\): /y,
    clockAt: (h, at, _e, out) => clock(out, at, at + 18),
  },
  // journalctl -o cat with the identifier, `dmesg`-less `kernel: ` lines
  { name: 'kernel tag', first: { chars: 'k' }, then: 'message', clock: Clock.None, re: /kernel: /y },
];

/** Whether a line whose first character is `c` (an ASCII code) may start with an entry of kind `f`. */
function mayStartWith(f: First, c: number): boolean {
  switch (f) {
    case 'digit': return c >= 48 && c <= 57;
    case 'upper': return c >= 65 && c <= 90;
    case 'lower': return c >= 97 && c <= 122;
    // `[` starts every dmesg line and task row: no `any` entry is tried on them
    case 'any': return c >= 33 && c < 127 && c !== 0x5b;
    default: return f.chars.includes(String.fromCharCode(c));
  }
}

/**
 * Per first character (ASCII; 128 stands for any other): the indices of the entries that may
 * start with it, in table order. Worked out once, so a line tries only those.
 */
function byFirst(entries: readonly { first: First }[]): number[][] {
  const out: number[][] = [];
  for (let c = 0; c <= 128; c++) {
    const list: number[] = [];
    entries.forEach((e, i) => { if (c < 128 ? mayStartWith(e.first, c) : e.first === 'any') list.push(i); });
    out.push(list);
  }
  return out;
}

export const FRAMES_BY_FIRST = byFirst(FRAMES);
export const OUTERS_BY_FIRST = byFirst(OUTERS);
