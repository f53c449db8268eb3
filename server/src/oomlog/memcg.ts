/**
 * The memory-cgroup block: `Task in … killed as a result of limit of …`, the usage/limit counters,
 * and `Memory cgroup stats for <path>:` in its three shapes (v1 one-line `key:NKB` list,
 * 5.3–6.4 multi-line bytes dump, 6.5+ one printk per line).
 */
import { type Memcg, type MemcgCounter, type Unit, relLine } from './model';
import { type Line, intAt, named, scanPairs } from './lines';
import { type OpenEvent, Phase } from './state';

function memcgOf(o: OpenEvent): Memcg {
  return o.ev.memcg ?? (o.ev.memcg = { stats: [] });
}

function enterMemory(o: OpenEvent): void {
  if (o.phase < Phase.Memory) o.phase = Phase.Memory;
}

const TASK_IN = 'Task in ';
const KILLED_AS = ' killed as a result of limit of ';
const LIMIT_REACHED = 'Memory limit reached of cgroup ';

/** `Task in TASK killed as a result of limit of LIMIT`: TASK from `from` to `k` (where KILLED_AS starts), LIMIT after it. */
function bothPaths(o: OpenEvent, m: Memcg, L: Line, t: string, from: number, k: number): void {
  m.taskPath = t.slice(from, k);
  m.limitPath = t.slice(k + KILLED_AS.length).trimEnd();
  o.sink.add('memcg.task_in', L, from, k);
  o.sink.add('memcg.limit_of', L, k + KILLED_AS.length, k + KILLED_AS.length + m.limitPath.length);
}

export function parseTaskIn(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  if (t.startsWith(TASK_IN, t0)) {
    const k = t.indexOf(KILLED_AS, t0);
    const m = memcgOf(o);
    const ps = t0 + TASK_IN.length;
    if (k < 0) {
      // 3.15/3.16 split form: `Task in <path>` then ` killed as a result of limit of <path>`.
      if (t.includes(' ', ps) || t.indexOf(' killed') >= 0) return false;
      m.taskPath = t.slice(ps).trimEnd();
      o.sink.add('memcg.task_in', L, ps, ps + m.taskPath.length);
    } else {
      bothPaths(o, m, L, t, ps, k);
    }
    enterMemory(o);
    o.block = 'none';
    return true;
  }
  if (t.charCodeAt(t0) === 47 /* / */) {
    // a `Task in` line whose start was cut off in the paste: both paths are still there
    const k = t.indexOf(KILLED_AS, t0);
    if (k < 0 || t.lastIndexOf(' ', k - 1) >= t0) return false;
    bothPaths(o, memcgOf(o), L, t, t0, k);
    enterMemory(o);
    o.block = 'none';
    return true;
  }
  if (t.startsWith(KILLED_AS.slice(1), t0) && o.ev.memcg?.taskPath && !o.ev.memcg.limitPath) {
    const ps = t0 + KILLED_AS.length - 1;
    o.ev.memcg.limitPath = t.slice(ps).trimEnd();
    o.sink.add('memcg.limit_of', L, ps, ps + o.ev.memcg.limitPath.length);
    return true;
  }
  if (t.startsWith(LIMIT_REACHED, t0)) {
    const ps = t0 + LIMIT_REACHED.length;
    const m = memcgOf(o);
    m.limitPath = t.slice(ps).trimEnd();
    o.sink.add('memcg.limit_reached', L, ps, ps + m.limitPath.length);
    enterMemory(o);
    return true;
  }
  return false;
}

const COUNTERS = ['memory', 'memory+swap', 'kmem', 'swap'] as const;

/** `memory: usage 229600kB, limit 262144kB, failcnt 5148` and its memory+swap / kmem / swap siblings. */
export function parseCounter(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  const colon = t.indexOf(': usage ', t0);
  if (colon < 0 || colon - t0 > 11) return false;
  const name = t.slice(t0, colon) as typeof COUNTERS[number];
  if (!COUNTERS.includes(name)) return false;
  let i = colon + 8;
  const usage = intAt(t, i);
  if (!usage || !t.startsWith('kB, limit ', usage.end)) return false;
  i = usage.end + 10;
  const limit = intAt(t, i);
  if (!limit || !t.startsWith('kB, failcnt ', limit.end)) return false;
  const fail = intAt(t, limit.end + 12);
  if (!fail) return false;
  const c: MemcgCounter = { usageKiB: usage.value, limitKiB: limit.value, failcnt: fail.value, line: relLine(o.ev, L.line) };
  const m = memcgOf(o);
  const key = name === 'memory+swap' ? 'memsw' : name;
  m[key] = c;
  const k = `memcg.${name}`;
  o.sink.add(`${k}.usage`, L, colon + 8, usage.end, named(colon + 2, colon + 7, 'kB', usage.value));
  o.sink.add(`${k}.limit`, L, usage.end + 10, limit.end, named(usage.end + 4, usage.end + 9, 'kB', limit.value));
  o.sink.add(`${k}.failcnt`, L, limit.end + 12, fail.end, named(limit.end + 4, limit.end + 11, 'count', fail.value));
  if (name === 'swap') m.version = 2;
  enterMemory(o);
  o.block = 'none';
  return true;
}

const STATS = 'Memory cgroup stats for ';

/** `Memory cgroup stats for <path>:` with (v1) or without (5.3+) the inline key list. */
export function parseStatsHeader(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  if (!t.startsWith(STATS, t0)) return false;
  const ps = t0 + STATS.length;
  // the path ends at the first ':' followed by a space or the end of the line
  let pe = -1;
  for (let k = t.indexOf(':', ps); k >= 0; k = t.indexOf(':', k + 1)) {
    if (k + 1 >= t.length || t.charCodeAt(k + 1) === 32) { pe = k; break; }
  }
  if (pe < 0) return false;
  const m = memcgOf(o);
  const stats = { path: t.slice(ps, pe), line: relLine(o.ev, L.line), entries: [] as { key: string; value: number; unit: Unit; line: number }[] };
  m.stats.push(stats);
  o.sink.add('memcg.stats_path', L, ps, pe);
  enterMemory(o);
  if (pe + 1 < t.trimEnd().length) {
    // v1 one-line list: ` cache:0KB rss:229600KB …` (capital KB = KiB)
    const { pairs } = scanPairs(t, pe + 1);
    for (const p of pairs) {
      if (p.value === undefined) continue;
      const unit: Unit = p.suffix ? 'kB' : 'count';
      stats.entries.push({ key: p.name, value: p.value, unit, line: stats.line });
      o.sink.add(`memcg.stat.${p.name}`, L, p.valStart, p.valEnd, named(p.nameStart, p.nameEnd, unit, p.value));
    }
    o.block = 'none';
  } else {
    o.stats = stats;
    o.block = 'memcg-stats';
  }
  return true;
}

/** memory.stat keys that count events rather than bytes. */
function isEventKey(k: string): boolean {
  return /^(pg|workingset_|thp_|zswp|numa_|oom|ksm|pgpg|swpin|swpout|hierarchical_|total_pg)/.test(k) && !k.startsWith('hierarchical_mem');
}

/** One `key value` line of the 5.3+ memory.stat dump. */
export function parseStatsLine(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  const sp = t.indexOf(' ', t0);
  if (sp <= t0 || sp - t0 > 64) return false;
  const key = t.slice(t0, sp);
  if (!/^[a-z][a-z0-9_]*$/.test(key)) return false;
  const v = intAt(t, sp + 1);
  if (!v || t.slice(v.end).trim() !== '') return false;
  const unit: Unit = isEventKey(key) ? 'count' : 'bytes';
  o.stats?.entries.push({ key, value: v.value, unit, line: relLine(o.ev, L.line) });
  o.sink.add(`memcg.stat.${key}`, L, sp + 1, v.end, named(t0, sp, unit, v.value));
  return true;
}
