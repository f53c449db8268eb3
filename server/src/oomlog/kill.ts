/**
 * The end of a report: the `oom-kill:` summary (5.0+), `Kill process … or sacrifice child` (≤5.0),
 * `Killed process …` (all variants), `oom_reaper:` lines, memory.oom.group, no-killable and panic lines.
 */
import { type OomEvent, type Reaper, type Summary, type Unit, type Victim, relLine } from './model';
import { type FieldSink, type Line, intAt, named, scanPairs, valued } from './lines';
import { type OpenEvent, Phase } from './state';

const SUMMARY = 'oom-kill:';
const SUMMARY_KEYS = ['constraint', 'nodemask', 'cpuset', 'mems_allowed', 'oom_memcg', 'task_memcg', 'task', 'pid', 'uid'];

export function isSummary(t: string, t0: number): boolean {
  return t.startsWith(SUMMARY, t0);
}

/**
 * `oom-kill:constraint=…,nodemask=…[,cpuset=…,mems_allowed=…](,oom_memcg=…|,global_oom)[,task_memcg=…],task=…,pid=…,uid=…`
 * Split only at `,key=` boundaries; `task=` runs to the LAST `,pid=` (comm may contain commas).
 */
export function parseSummary(L: Line, t0: number, o: OpenEvent): void {
  const t = L.text.trimEnd();
  const s: Summary = { globalOom: false, line: relLine(o.ev, L.line) };
  let i = t0 + SUMMARY.length;
  const lastPid = t.lastIndexOf(',pid=');
  while (i < t.length) {
    if (t.startsWith('global_oom', i) && (i + 10 === t.length || t.charCodeAt(i + 10) === 44)) {
      s.globalOom = true;
      o.sink.add('summary.global_oom', L, i, i + 10);
      i += 11;
      continue;
    }
    const eq = t.indexOf('=', i);
    if (eq < 0) break;
    const key = t.slice(i, eq);
    if (!SUMMARY_KEYS.includes(key)) break;
    let ve: number;
    if (key === 'task' && lastPid > eq) ve = lastPid;
    else {
      ve = t.length;
      for (let c = t.indexOf(',', eq + 1); c >= 0; c = t.indexOf(',', c + 1)) {
        const after = t.slice(c + 1, c + 16);
        if (after.startsWith('global_oom') || SUMMARY_KEYS.some(k => after.startsWith(k + '='))) { ve = c; break; }
      }
    }
    const raw = t.slice(eq + 1, ve);
    switch (key) {
      case 'constraint': s.constraint = raw; break;
      case 'nodemask': s.nodemask = raw; break;
      case 'cpuset': s.cpuset = raw; break;
      case 'mems_allowed': s.memsAllowed = raw; break;
      case 'oom_memcg': s.oomMemcg = raw; break;
      case 'task_memcg': s.taskMemcg = raw; break;
      case 'task': s.task = raw; break;
      case 'pid': s.pid = digits(raw); break;
      case 'uid': s.uid = digits(raw); break;
    }
    // a pid or uid that is not all digits (a paste run through a translator: `pid= 2953 `) is not read
    const n = key === 'pid' || key === 'uid' ? digits(raw) : undefined;
    o.sink.add(`summary.${key}`, L, eq + 1, ve, n !== undefined ? named(i, eq, 'none', n) : named(i, eq));
    i = ve + 1;
  }
  o.ev.summary = s;
  if (o.phase < Phase.Summary) o.phase = Phase.Summary;
  o.block = 'none';
}

/** The number `raw` spells in decimal digits only, else undefined. */
function digits(raw: string): number | undefined {
  return /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
}

/** `<msg>: Kill process N (comm) score S or sacrifice child` and older spellings. */
export function isChosen(t: string, t0: number): boolean {
  const k = t.indexOf('ill process ', t0);
  if (k < 1) return false;
  const c = t.charCodeAt(k - 1);
  return (c === 75 || c === 107) /* K k */ && t.includes(' score ', k) && (k - 1 === t0 || t.startsWith(': ', k - 3));
}

export function parseChosen(L: Line, t0: number, o: OpenEvent): void {
  const t = L.text;
  const k = t.indexOf('ill process ', t0) - 1;
  const msgEnd = k - 2;
  const pid = intAt(t, k + 13);
  if (!pid) return;
  const open = pid.end + 2;
  const score = t.lastIndexOf(') score ');
  if (score < open) return;
  const comm = t.slice(open, score);
  const sc = intAt(t, score + 8);
  o.ev.chosen = { pid: pid.value, comm, score: sc?.value, message: msgEnd > t0 ? t.slice(t0, msgEnd) : undefined, line: relLine(o.ev, L.line) };
  if (msgEnd > t0) o.sink.add('chosen.message', L, t0, msgEnd);
  o.sink.add('chosen.pid', L, k + 13, pid.end, valued('none', pid.value));
  o.sink.add('chosen.comm', L, open, score);
  if (sc) o.sink.add('chosen.score', L, score + 8, sc.end, named(score + 2, score + 7, 'count', sc.value));
  if (o.phase < Phase.Chosen) o.phase = Phase.Chosen;
  o.block = 'none';
}

const KILLED = 'Killed process ';

export function isKilled(t: string, t0: number): boolean {
  const k = t.indexOf(KILLED, t0);
  return k === t0 || (k > t0 && t.startsWith(': ', k - 2));
}

/** Parse a `Killed process …` line into a Victim of report `ev` (fields go to `sink`). */
export function parseKilled(L: Line, t0: number, sink: FieldSink, ev: OomEvent): Victim | undefined {
  const t = L.text;
  const end = t.trimEnd().length;
  const k = t.indexOf(KILLED, t0);
  const pid = intAt(t, k + KILLED.length);
  if (!pid) return undefined;
  const v: Victim = { pid: pid.value, comm: '', line: relLine(ev, L.line) };
  if (k > t0) { v.message = t.slice(t0, k - 2); sink.add('killed.message', L, t0, k - 2); }
  sink.add('killed.pid', L, k + KILLED.length, pid.end, valued('none', pid.value));
  let i = pid.end;
  // RHEL 6: `Killed process 123, UID 0, (comm) …`
  const uidEl = (at: number) => {
    if (!t.startsWith(', UID ', at)) return at;
    const u = intAt(t, at + 6);
    if (!u) return at;
    v.uid = u.value;
    sink.add('killed.UID', L, at + 6, u.end, named(at + 2, at + 5, 'none', u.value));
    return t.charCodeAt(u.end) === 44 ? u.end + 1 : u.end;
  };
  i = uidEl(i);
  if (t.charCodeAt(i) === 32) i++;
  if (t.charCodeAt(i) !== 40 /* ( */) return v;
  // comm ends at the last `)` before the counters (comm may contain `)` and spaces)
  let close = -1;
  for (const mark of [') total-vm:', '), UID ']) {
    const c = t.indexOf(mark, i);
    if (c >= 0 && (close < 0 || c < close)) close = c;
  }
  if (close < 0) close = oldFormClose(t, i, end);
  if (close < i) return v;
  v.comm = t.slice(i + 1, close);
  sink.add('killed.comm', L, i + 1, close);
  i = uidEl(close + 1);
  const { pairs } = scanPairs(t, i, end, true);
  for (const p of pairs) {
    if (p.value === undefined) continue;
    // `total-vm:26,184,840kB`: a paste's thousands separators end the number early; leave it unread
    if (p.suffix === '' && t.charCodeAt(p.valEnd) === 44 /* , */ && isDigitCode(t.charCodeAt(p.valEnd + 1))) continue;
    const opts = (unit: Unit) => named(p.nameStart, p.nameEnd, unit, p.value);
    switch (p.name) {
      case 'total-vm': v.totalVmKiB = p.value; sink.add('killed.total-vm', L, p.valStart, p.valEnd, opts('kB')); break;
      case 'anon-rss': v.anonRssKiB = p.value; sink.add('killed.anon-rss', L, p.valStart, p.valEnd, opts('kB')); break;
      case 'file-rss': v.fileRssKiB = p.value; sink.add('killed.file-rss', L, p.valStart, p.valEnd, opts('kB')); break;
      case 'shmem-rss': v.shmemRssKiB = p.value; sink.add('killed.shmem-rss', L, p.valStart, p.valEnd, opts('kB')); break;
      case 'UID': v.uid = p.value; sink.add('killed.UID', L, p.valStart, p.valEnd, opts('none')); break;
      case 'pgtables': v.pgtablesKiB = p.value; sink.add('killed.pgtables', L, p.valStart, p.valEnd, opts('kB')); break;
      case 'oom_score_adj': v.oomScoreAdj = p.value; sink.add('killed.oom_score_adj', L, p.valStart, p.valEnd, opts('count')); break;
    }
  }
  return v;
}

function isDigitCode(c: number): boolean { return c >= 48 && c <= 57; }

/**
 * Where the comm of a kill line without counters ends (`Killed process 2592 (mysql).`, before 2.6.25):
 * the last `)` when only a `.` follows it; else, with other text glued on after (a web page's
 * prose), the first `).`; else -1, the comm unread.
 */
function oldFormClose(t: string, open: number, end: number): number {
  const last = t.lastIndexOf(')', end);
  if (last < open) return -1;
  const rest = t.slice(last + 1, end).trim();
  if (rest === '' || rest === '.') return last;
  return t.indexOf(').', open);
}

const REAPED = 'oom_reaper: reaped process ';
const UNABLE = 'oom_reaper: unable to reap pid:';
/** The pid an oom_reaper line names (`reaped process N`, `unable to reap pid:N`), read before its fields to find its report. */
export const REAPER_PID = /(?:process |pid:)(\d{1,10})/;

export function isReaper(t: string, t0: number): boolean {
  return t.startsWith(REAPED, t0) || t.startsWith(UNABLE, t0);
}

/** `oom_reaper: reaped process N (comm), now anon-rss:…` / `oom_reaper: unable to reap pid:N (comm)`: the Reaper of report `ev` (fields go to `sink`). */
export function parseReaper(L: Line, t0: number, sink: FieldSink, ev: OomEvent): Reaper | undefined {
  const t = L.text;
  const ok = t.startsWith(REAPED, t0);
  const ps = t0 + (ok ? REAPED.length : UNABLE.length);
  const pid = intAt(t, ps);
  if (!pid || t.charCodeAt(pid.end + 1) !== 40) return undefined;
  const end = t.trimEnd().length;
  const now = t.indexOf('), now ', pid.end);
  const close = ok && now > 0 ? now : t.lastIndexOf(')', end);
  if (close < pid.end) return undefined;
  const r: Reaper = { pid: pid.value, comm: t.slice(pid.end + 2, close), ok, line: relLine(ev, L.line) };
  sink.add('reaper.pid', L, ps, pid.end, valued('none', pid.value));
  sink.add('reaper.comm', L, pid.end + 2, close);
  if (ok && now > 0) {
    const { pairs } = scanPairs(t, now + 7, end, true);
    for (const p of pairs) {
      if (p.value === undefined) continue;
      const opts = named(p.nameStart, p.nameEnd, 'kB', p.value);
      if (p.name === 'anon-rss') r.anonRssKiB = p.value;
      else if (p.name === 'file-rss') r.fileRssKiB = p.value;
      else if (p.name === 'shmem-rss') r.shmemRssKiB = p.value;
      else continue;
      sink.add(`reaper.${p.name}`, L, p.valStart, p.valEnd, opts);
    }
  }
  return r;
}

const GROUP = 'Tasks in ';
const GROUP_TAIL = ' are going to be killed due to memory.oom.group set';

export function parseGroup(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  if (!t.startsWith(GROUP, t0)) return false;
  const e = t.indexOf(GROUP_TAIL, t0);
  if (e < 0) return false;
  o.ev.groupPath = t.slice(t0 + GROUP.length, e);
  o.sink.add('group.path', L, t0 + GROUP.length, e);
  return true;
}

export const NO_KILLABLE = 'Out of memory and no killable processes';
export const PANIC = 'Kernel panic - not syncing: ';

/** `func: N callbacks suppressed` → count, for rate-limit notes. */
export function suppressedCount(t: string, t0: number): { count: number; func: string; s: number; e: number } | undefined {
  const k = t.indexOf(' callbacks suppressed', t0);
  if (k < 0) return undefined;
  const colon = t.lastIndexOf(': ', k);
  if (colon < t0) return undefined;
  const n = intAt(t, colon + 2);
  if (!n || n.end !== k) return undefined;
  return { count: n.value, func: t.slice(t0, colon), s: colon + 2, e: n.end };
}
