/**
 * Resource and limit values as systemd parses them: Limit*= (rlimit-util.c rlimit_parse),
 * CPUQuota= (parse_permyriad_unbounded), TasksMax= (config_parse_tasks_max), CPU/IO weights
 * (cg_weight_parse), CPU and NUMA node sets (parse_cpu_set), signals (signal_from_string) and exit
 * statuses (config_parse_set_status). Each check returns null when systemd accepts the value, or
 * what is wrong with it in words.
 */
import { parseSize, parseTimespan } from './values';

type Check = (v: string) => string | null;

const SIZE_RESOURCES = new Set(['FSIZE', 'DATA', 'STACK', 'CORE', 'RSS', 'AS', 'MEMLOCK', 'MSGQUEUE']);
const COUNT_RESOURCES = new Set(['NOFILE', 'NPROC', 'LOCKS', 'SIGPENDING', 'RTPRIO']);

/** safe_atou64 (base 0: decimal, 0x hex, 0 octal; a `+` sign is allowed, a `-` is not). */
function u64(raw: string): bigint | null {
  const v = raw.startsWith('+') ? raw.slice(1) : raw;
  if (/^-0+$/.test(v)) return 0n; // strtoull gives 0 for "-0", and a zero is not refused as negative
  if (!/^(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(v)) return null;
  const n = v.startsWith('0x') || v.startsWith('0X') ? BigInt(v) : v.length > 1 && v[0] === '0' ? BigInt('0o' + v.slice(1)) : BigInt(v);
  return n < 1n << 64n ? n : null;
}

/** One side of a Limit*= value in the resource's unit, as a number to compare soft and hard (Infinity for infinity). */
function rlimitOne(resource: string, v: string): number | string {
  if (v === 'infinity') return Infinity;
  if (SIZE_RESOURCES.has(resource)) {
    const r = parseSize(v);
    if ('error' in r) return r.error === 'range' ? 'a size that is negative or too large' : 'not a size (bytes, or K, M, G, T, P, E in uppercase, base 1024, e.g. 64M)';
    return Number(r.bytes);
  }
  if (COUNT_RESOURCES.has(resource)) {
    const n = u64(v);
    if (n === null) return v.startsWith('-') ? 'a negative count' : 'not a whole number (or infinity)';
    if (resource === 'RTPRIO' && n > 99n) return Number(n); // the kernel caps it; systemd accepts any number
    return Number(n);
  }
  if (resource === 'CPU' || resource === 'RTTIME') {
    // LimitCPU= counts seconds (a bare number is seconds); LimitRTTIME= microseconds (a bare number is µs)
    const bare = /^\d+$/.test(v);
    const t = parseTimespan(resource === 'RTTIME' && bare ? v + 'us' : v);
    if (t === null) return `not a time span (e.g. ${resource === 'CPU' ? '30, 5min' : '500ms, 1s'}; units are case-sensitive) or too long`;
    return t;
  }
  if (resource === 'NICE') {
    const signed = /^([+-])\+?(\d+)$/.exec(v); // strtol reads "-+10" as -10, not "--5"
    if (signed) {
      const n = Number(signed[1] + signed[2]);
      return n >= -20 && n <= 19 ? 20 - n : 'a nice level outside -20…19';
    }
    const n = u64(v);
    if (n === null) return 'not a nice level (-20…19 with a sign, or 0…40 as the raw limit)';
    return n <= 40n ? Number(n) : 'a raw nice limit above 40';
  }
  return Infinity;
}

/** rlimit_parse: `VALUE` or `SOFT:HARD`, soft not above hard. */
function rlimitCheck(resource: string): Check {
  return v => {
    const parts = v.split(':');
    if (parts.length === 3 && parts[2] === '') parts.pop(); // "SOFT:HARD:" — the trailing separator is harmless
    if (parts.length > 2) return 'more than one ":" (write SOFT:HARD)';
    const soft = rlimitOne(resource, parts[0]);
    if (typeof soft === 'string') return `"${parts[0]}" is ${soft}`;
    if (parts.length === 1) return null;
    const hard = rlimitOne(resource, parts[1]);
    if (typeof hard === 'string') return `"${parts[1]}" is ${hard}`;
    if (soft > hard) return `the soft limit ${parts[0]} is above the hard limit ${parts[1]}`;
    return null;
  };
}

/** parse_permyriad_unbounded: `N%` with at most two decimals (also ‰, ‱), above zero, no upper bound. */
function cpuQuota(v: string): string | null {
  // the whole part is read by strtol: '+' is allowed, '-' only with a zero whole part ("-0.5%")
  const m = /^(?:\+|-(?=0+(?:\D|$)))?(\d+)(?:\.(\d+))?(%|\u2030|\u2031)$/.exec(v);
  if (!m) return /^\+?\d+(\.\d+)?$/.test(v) ? 'a percentage needs the % sign (e.g. 50%; 200% is two CPUs)' : 'not a percentage such as 50% or 150%';
  const maxDec = m[3] === '%' ? 2 : m[3] === '\u2030' ? 1 : 0;
  if (m[2] && m[2].length > maxDec) return `at most ${maxDec} decimal${maxDec === 1 ? '' : 's'} after the point`;
  const scale = m[3] === '%' ? 100n : m[3] === '\u2030' ? 10n : 1n;
  if (BigInt(m[1]) * scale + BigInt((m[2] ?? '').padEnd(maxDec, '0') || '0') > 2147483647n) return 'too large (the quota is read as an int of ten-thousandths, at most 21474836.47%)';
  if (Number(m[1]) === 0 && !/[1-9]/.test(m[2] ?? '')) return 'zero: a CPU quota must be above 0%';
  return null;
}

/** config_parse_tasks_max: `infinity`, a percentage of the system's limit (0–100 %), or a count ≥ 1. */
function tasksMax(v: string): string | null {
  if (v === 'infinity') return null;
  const pm = /^(?:\+|-(?=0+(?:\D|$)))?(\d+)(?:\.(\d{1,2}))?%$/.exec(v);
  if (pm) {
    const val = Number(pm[1]) + Number('0.' + (pm[2] ?? '0'));
    return val > 100 ? 'above 100% of the system\'s task limit' : null; // 0% is accepted as written
  }
  const n = u64(v);
  if (n === null) return v.startsWith('-') ? 'negative: write infinity for no limit' : 'not a number of tasks, a percentage or infinity';
  if (n === 0n) return 'zero: a task limit must be at least 1 (or infinity)';
  if (n === (1n << 64n) - 1n) return 'too large (write infinity)';
  return null;
}

/** cg_weight_parse / cg_cpu_weight_parse: 1–10000 (CPU weights also `idle`). */
function weight(idle: boolean): Check {
  return v => {
    if (idle && v === 'idle') return null;
    const n = u64(v);
    if (n === null || n < 1n || n > 10000n) return `not a weight from 1 to 10000${idle ? ' (or idle)' : ''}`;
    return null;
  };
}

/** parse_cpu_set: numbers and ranges (`0-3`), separated by spaces or commas. */
function cpuSet(v: string): string | null {
  for (const word of v.split(/[\s,]+/)) {
    const item = word.replace(/^(["'])(.*)\1$/, '$2'); // words may be quoted
    if (!item) continue;
    const m = /^\+?(\d+)(?:-\+?(\d+))?$/.exec(item);
    if (!m) return `"${item}" is not a number or a range such as 0-3`;
    if (m[2] !== undefined && Number(m[2]) < Number(m[1])) return `the range ${item} runs backwards`;
    if (Number(m[2] ?? m[1]) >= 8192) return `${item} is beyond the largest CPU or node number systemd accepts (8191)`;
  }
  return null;
}

/** Signal names Linux has (signal_from_string also takes the number and RTMIN+n / RTMAX-n). */
const SIGNALS = new Set(['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'IOT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'POLL', 'PWR', 'SYS']);

function isSignal(v: string): boolean {
  const name = v.startsWith('SIG') ? v.slice(3) : v;
  if (SIGNALS.has(name)) return true;
  const rt = /^RTM(?:IN|AX)(?:[+-](\d+))?$/.exec(name);
  if (rt) return rt[1] === undefined || Number(rt[1]) <= 32;
  return /^\+?\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64;
}

function signal(v: string): string | null {
  return isSignal(v) ? null : 'not a signal (a name such as SIGTERM or TERM, or a number 1–64)';
}

/** Exit status lists: numbers 0–255 and signal names, space separated. */
function exitStatuses(v: string): string | null {
  for (const item of v.split(/\s+/)) {
    if (!item) continue;
    if (/^\+?\d+$/.test(item)) { if (Number(item) > 255) return `${item} is not an exit status (0–255)`; continue; }
    if (item.startsWith('SIG') ? isSignal(item) : /^[A-Z][A-Z_]*$/.test(item)) continue; // a signal, or an exit status name (EXIT_STATUS names such as TEMPFAIL)
    return `"${item}" is neither an exit status (0–255) nor a signal name such as SIGKILL`;
  }
  return null;
}

const CHECKS: Record<string, Check> = {
  CPUQuota: cpuQuota,
  TasksMax: tasksMax,
  CPUWeight: weight(true), StartupCPUWeight: weight(true),
  IOWeight: weight(false), StartupIOWeight: weight(false),
  AllowedCPUs: cpuSet, StartupAllowedCPUs: cpuSet, AllowedMemoryNodes: cpuSet, StartupAllowedMemoryNodes: cpuSet,
  RestartKillSignal: signal, KillSignal: signal, FinalKillSignal: signal, WatchdogSignal: signal,
  RestartPreventExitStatus: exitStatuses, RestartForceExitStatus: exitStatuses,
};
for (const r of [...SIZE_RESOURCES, ...COUNT_RESOURCES, 'CPU', 'RTTIME', 'NICE']) CHECKS['Limit' + r] = rlimitCheck(r);

/** The keys this module checks. */
export const RESOURCE_KEYS: readonly string[] = Object.keys(CHECKS);

/** What is wrong with `value` for `key` as systemd parses it, or null when it is accepted (an empty value resets). */
export function resourceProblem(key: string, value: string): string | null {
  const check = Object.prototype.hasOwnProperty.call(CHECKS, key) ? CHECKS[key] : undefined;
  if (!check || value === '') return null;
  return check(value);
}
