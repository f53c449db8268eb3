/**
 * The typed result of reading an OOM log: one OomEvent per OOM-killer report found. Line numbers
 * inside an event count from its start line (OomEvent).
 *
 * Units are part of the names: *KiB values are KiB, *Pages values are pages, *Bytes are bytes.
 * Every value keeps the source range it came from as a Field in the analysis's FieldIndex
 * (fieldstore.ts), so hover, semantic tokens and inlay hints can point at it. What a report lacks is listed in `missing`, never guessed.
 */
import type { Range } from '../common/types';
import type { FieldIndex } from './fieldstore';

export type OomKind =
  | 'global'        // CONSTRAINT_NONE, whole machine out of memory
  | 'memcg'         // a memory cgroup hit its limit, v1/v2 unknown
  | 'memcg-v1'
  | 'memcg-v2'
  | 'cpuset'        // CONSTRAINT_CPUSET
  | 'mempolicy'     // CONSTRAINT_MEMORY_POLICY
  | 'sysrq'         // manual: SysRq-f, order=-1
  | 'unknown'
  // kills made outside the kernel's OOM killer (oomlog/userspace/): the event carries `userspace`
  | 'systemd-oomd'  // systemd-oomd killed a cgroup (memory pressure or swap use)
  | 'earlyoom'      // earlyoom signalled a process (available memory / free swap below its limits)
  | 'kubernetes'    // kubelet / containerd / docker / node-problem-detector report of a container OOM kill
  | 'lmkd';         // Android: lmkd or the kernel lowmemorykiller driver

/** Where a value is measured in; drives conversions in hover and inlay hints. */
export type Unit = 'pages' | 'kB' | 'bytes' | 'count' | 'none';

/**
 * One recognised field (name and/or value) in the source.
 * `key` is the knowledge-base id used to document it (server/src/oomlog/knowledge.ts), e.g.
 *   trigger.comm, trigger.gfp_mask, trigger.order, trigger.oom_score_adj, trigger.nodemask,
 *   cpu.line, cpuset.cpuset, cpuset.mems_allowed,
 *   summary.constraint, summary.oom_memcg, summary.task_memcg, summary.task, summary.pid, summary.uid ...
 *   memcg.memory.usage, memcg.memory.limit, memcg.memory.failcnt, memcg.memory+swap.usage, memcg.kmem.limit,
 *   memcg.swap.usage, memcg.task_in, memcg.limit_of, memcg.stat.<key>,
 *   meminfo.<counter> (pages), node.<key> (kB), zone.<key> (kB), zone.lowmem_reserve, buddy.total,
 *   swap.free, swap.total, pages.ram, pages.reserved, pagecache.total, hugepages.<key>,
 *   task.header.<column>, task.<column> (pid uid tgid total_vm rss rss_anon rss_file rss_shmem nr_ptes nr_pmds
 *   pgtables_bytes swapents oom_score_adj name cpu oom_adj),
 *   chosen.pid, chosen.comm, chosen.score,
 *   killed.pid, killed.comm, killed.total-vm, killed.anon-rss, killed.file-rss, killed.shmem-rss, killed.UID,
 *   killed.pgtables, killed.oom_score_adj, reaper.anon-rss, reaper.file-rss, reaper.shmem-rss, group.path
 * Also emitted by the parser (additions):
 *   trigger.oom_adj, trigger.oomkilladj, trigger.gfp_flags (the printed `(…)` list),
 *   cpu.cpu, cpu.uid, cpu.pid, cpu.comm, cpu.release (the `CPU: … PID: … Comm: …` / `Pid: N, comm:` line),
 *   memcg.stats_path (`Memory cgroup stats for <path>:`), memcg.limit_reached (`Memory limit reached of cgroup`),
 *   summary.global_oom (the bare flag token),
 *   pages.swap_cache, pages.highmem, pages.shared, pages.non_shared, pages.cma_reserved, pages.hwpoisoned,
 *   node.<key> also covers `node.all_unreclaimable?` (unit none), reaper.pid, reaper.comm,
 *   chosen.message / killed.message (the `Out of memory` / `Memory cgroup out of memory` prefix),
 *   suppressed.count (`N callbacks suppressed`).
 */
export interface Field {
  key: string;
  /** Range of the value (or of the whole token when there is no separate value). */
  range: Range;
  /** Range of the field's name, when the source prints one (`anon-rss:` in `anon-rss:1234kB`). */
  nameRange?: Range;
  /** The value as printed, without its unit suffix. */
  raw: string;
  value?: number;
  unit?: Unit;
}

export interface Timestamp {
  raw: string;
  /** Seconds since boot from a `[  123.456789]` kernel timestamp. */
  monotonicSec?: number;
  /** Wall-clock text from the wrapper (syslog, journald, dmesg -T, ISO) as printed. */
  wall?: string;
  /** ISO 8601 when the wall-clock text carried a full date (ISO/RFC 3339, journald iso, talos). */
  iso?: string;
}

export interface Trigger {
  comm: string;
  /** PID of the allocating task, from the `CPU: … PID: …` / `Pid: …` line. */
  pid?: number;
  gfpMask?: string;
  /** Flag names: printed in `(…)` since 4.6, else decoded from the hex mask for the kernel era. */
  gfpFlags: string[];
  gfpFlagsSource: 'printed' | 'decoded' | 'none';
  order?: number;
  oomScoreAdj?: number;
  /** Legacy −17…15 value (`oom_adj=` / `oomkilladj=`, ≤3.7). */
  oomAdj?: number;
  nodemask?: string;
  cpu?: number;
  uid?: number;
  line: number;
  /** Which gfp.h table decoded the hex mask ('5.1-6.3', '<=4.3' …) when gfpFlagsSource is 'decoded'. */
  gfpEra?: string;
}

export interface Summary {
  constraint?: string;
  nodemask?: string;
  cpuset?: string;
  memsAllowed?: string;
  oomMemcg?: string;
  taskMemcg?: string;
  globalOom: boolean;
  task?: string;
  pid?: number;
  uid?: number;
  line: number;
}

export interface MemcgCounter { usageKiB: number; limitKiB: number; failcnt: number; line: number }

export interface Memcg {
  /** Path of the victim's cgroup (`Task in X killed …`, `task_memcg=`). */
  taskPath?: string;
  /** Path of the cgroup whose limit was hit (`… limit of X`, `oom_memcg=`). */
  limitPath?: string;
  memory?: MemcgCounter;
  memsw?: MemcgCounter;   // memory+swap (v1)
  kmem?: MemcgCounter;
  swap?: MemcgCounter;    // v2 only (5.3+)
  stats: MemcgStats[];
  version?: 1 | 2;
  /**
   * The counter that reached its limit: `memory` (usage at its limit), `memory+swap` or `kmem`
   * (cgroup v1), `swap` (v2). Undefined when no printed counter is at its limit.
   */
  limitHit?: 'memory' | 'memory+swap' | 'kmem' | 'swap';
}

export interface MemcgStats {
  path: string;
  line: number;
  /** v1 one-line KB list → unit kB; 5.3+ memory.stat dump → bytes (or count for event keys). */
  entries: { key: string; value: number; unit: Unit; line: number }[];
}

export interface Zone {
  node?: number;
  zone: string;
  /** kB values by field name: free, min, low, high, present, managed, ... */
  kB: Record<string, number>;
  line: number;
}

export interface MemInfo {
  line: number;
  /** Global counters in pages: active_anon, inactive_anon, free, slab_unreclaimable, shmem, ... */
  pages: Record<string, number>;
  /** Node lines (4.8+) in kB, keyed by node number. */
  nodes: { node: number; kB: Record<string, number>; allUnreclaimable?: boolean; line: number }[];
  zones: Zone[];
  swapFreeKiB?: number;
  swapTotalKiB?: number;
  pagesRam?: number;
  pagesReserved?: number;
  pageCachePages?: number;
  /** From the first buddy line's smallest block (`0*4kB`); 4 when not printed. */
  pageSizeKiB: number;
  pageSizeKnown: boolean;
}

export interface TaskRow {
  pid: number;
  uid: number;
  tgid: number;
  totalVmPages: number;
  rssPages: number;
  rssAnonPages?: number;
  rssFilePages?: number;
  rssShmemPages?: number;
  nrPtes?: number;
  nrPmds?: number;
  pgtablesBytes?: number;
  swapentsPages?: number;
  oomScoreAdj?: number;
  oomAdj?: number;
  cpu?: number;
  name: string;
  /** `R`/`S`/`D` … in vendor tables that print a state column. */
  state?: string;
  line: number;
}

export interface TaskTable {
  headerLine: number;
  /** Column names as printed in the header, e.g. ['pid','uid','tgid','total_vm','rss','pgtables_bytes','swapents','oom_score_adj','name']. */
  columns: string[];
  rows: TaskRow[];
  /** The header was not in the text: the columns were inferred from the rows' shape. */
  inferred?: boolean;
}

/** `<msg>: Kill process N (comm) score S or sacrifice child` (≤5.0): the task the kernel selected. */
export interface Chosen { pid: number; comm: string; score?: number; message?: string; line: number }

/** `Killed process N (comm) total-vm:…`: the task that actually received SIGKILL. */
export interface Victim {
  pid: number;
  comm: string;
  message?: string;
  totalVmKiB?: number;
  anonRssKiB?: number;
  fileRssKiB?: number;
  shmemRssKiB?: number;
  uid?: number;
  pgtablesKiB?: number;
  oomScoreAdj?: number;
  line: number;
  /**
   * True when the kill line printed page-table BYTES labelled `kB` (5.4.0–5.4.5 bug); pgtablesKiB
   * is then already converted to KiB.
   */
  pgtablesInBytes?: boolean;
}

export interface Reaper {
  pid: number;
  comm: string;
  ok: boolean;
  anonRssKiB?: number;
  fileRssKiB?: number;
  shmemRssKiB?: number;
  line: number;
}

/** What a userspace killer printed about its victim; each value only when the log prints it. */
export interface UserspaceVictim {
  pid?: number;
  comm?: string;
  /** Cgroup path of the victim (systemd-oomd kills whole cgroups). */
  cgroup?: string;
  uid?: number;
  rssKiB?: number;
  swapKiB?: number;
  oomScoreAdj?: number;
  /** Container (Kubernetes / docker) name. */
  container?: string;
  containerId?: string;
  line: number;
}

/** One labelled fact of a userspace kill, for the report view (`Pressure: 68.45 % > 50.00 % for > 20s`). */
export interface UserspaceFact { label: string; text: string; line?: number }

/**
 * A kill made outside the kernel's OOM killer (systemd-oomd, earlyoom, lmkd) or a container
 * runtime's report of one (kubelet, containerd, docker). `facts` are in the order the log shows them.
 */
export interface UserspaceKill {
  /** Who killed: `systemd-oomd`, `earlyoom`, `lmkd`, `lowmemorykiller` (kernel driver), `kernel` (a container's memory limit, reported by `reporter`). */
  killer: string;
  /** Who printed the lines when that is not the killer: `kubelet`, `containerd`, `docker`, `kubectl`, `node-problem-detector`, `systemd`. */
  reporter?: string;
  /** Why, in one line (as printed where the tool prints a reason). */
  reason: string;
  victim: UserspaceVictim;
  facts: UserspaceFact[];
  /** Which line shape started the event (userspace/formats.ts), for tests and the JSON. */
  shape: string;
  /** Numbers of the decision, keyed as in the JSON: pressurePercent, pressureLimitPercent, memAvailPercent, exitCode, memoryLimitBytes … */
  numbers: Record<string, number>;
  /** Texts of the decision: monitoredCgroup, duration, signal, pod, namespace, qos … */
  texts: Record<string, string>;
}

/**
 * `range` is relative to the event's start line, like every line of an event (absRange gives the
 * document's). `message` may hold LINE_SLOT where the text names the range's line: read it with
 * problemMessage, which puts in the document line, so a moved report's message stays right.
 */
export interface EventProblem { range: Range; message: string; code: string }

/** Where a problem's message names its own line (problemMessage fills it in). */
export const LINE_SLOT = '{line}';

/**
 * One report. `startLine` is the only document line number it holds: every other line in it (a
 * part's `line`, `tasks.headerLine`, `unreadKillLine`, `span`, problem ranges) counts from
 * `startLine` (0: the report's first line), so moving a report moves `startLine` alone (moveEvent).
 * Readers turn them into document lines with lineOf / endLineOf / absRange.
 */
export interface OomEvent {
  index: number;
  /** 0-based document line of the report's first line. */
  startLine: number;
  /** The report's last line (inclusive), relative to startLine: 0 for a one-line report. */
  span: number;
  timestamp?: Timestamp;
  kernel?: string;
  kind: OomKind;
  trigger?: Trigger;
  cpuset?: { comm: string; name: string; memsAllowed: string; line: number };
  summary?: Summary;
  memcg?: Memcg;
  memInfo?: MemInfo;
  tasks?: TaskTable;
  chosen?: Chosen;
  /** Usually one; memory.oom.group kills several. */
  victims: Victim[];
  reaper?: Reaper;
  /** `Tasks in <path> are going to be killed due to memory.oom.group set`. */
  groupPath?: string;
  /** `Out of memory and no killable processes...` */
  noKillable?: boolean;
  /** `Kernel panic - not syncing: …` text, when the OOM panicked the machine. */
  panic?: string;
  /** `N callbacks suppressed` seen right before the report. */
  suppressedCallbacks?: number;
  /**
   * A line of the report that names a kill (`Killed process`, `Kill process`) in a form that could
   * not be read: the report does not stop before its kill line, its victim is just not known.
   */
  unreadKillLine?: number;
  /**
   * What the stack trace says about the allocation path (frames seen between `Call Trace:` and the
   * next block): memcg = mem_cgroup_out_of_memory / mem_cgroup_oom*, pageAlloc = __alloc_pages*,
   * pagefault = pagefault_out_of_memory, sysrq = moom_callback / sysrq.
   */
  stack?: { memcg: boolean; pageAlloc: boolean; pagefault: boolean; sysrq: boolean; line: number };
  /** What the report does not show: 'trigger line', 'task table', 'kill line', 'Mem-Info' ... */
  missing: string[];
  /** Set on kills made outside the kernel's OOM killer (kinds systemd-oomd, earlyoom, kubernetes, lmkd). */
  userspace?: UserspaceKill;
  /** Truncated or self-inconsistent reports (information-level diagnostics). */
  problems: EventProblem[];
}

/** Per-line facts about the wrapper, for highlighting the prefix. */
/**
 * The lines that carry a stripped wrapper prefix (timestamps, host, `kernel:`), in line order:
 * line `lines[k]` has a prefix of `lengths[k]` characters. Two arrays of numbers rather than an
 * object per line: in a log of back-to-back reports nearly every line has one.
 */
export interface LinePrefixes { lines: number[]; lengths: number[] }

export interface OomLogAnalysis {
  events: OomEvent[];
  lineCount: number;
  /** Where stripped wrapper prefixes are, for semantic tokens. */
  prefixes: LinePrefixes;
  /**
   * Set (true) when the text holds a format read with state from lines outside its report: a
   * quoted-printable body (decoded as a whole), structured records (JSON, json-pretty, journal
   * export/verbose: a record's time is on other lines), a learned prefix (stripped from every
   * later line). Such a log cannot be re-parsed one region at a time (incremental.ts).
   */
  wholeText?: true;
  /** Every event's fields. */
  fields: FieldIndex;
}

/** What the parse returns before its fields are gathered: the fields went to the target it was handed (parse.ts parseOomLogTo). */
export type OomParse = Omit<OomLogAnalysis, 'fields'>;

/** Document line of `rel`, a line of `ev` relative to its start (a part's `line`, `tasks.headerLine` …). */
export function lineOf(ev: OomEvent, rel: number): number {
  return ev.startLine + rel;
}

/** Document line of `ev`'s last line. */
export function endLineOf(ev: OomEvent): number {
  return ev.startLine + ev.span;
}

/** A document line as a line of `ev`, relative to its start (what the parser stores). */
export function relLine(ev: OomEvent, line: number): number {
  return line - ev.startLine;
}

/** Document range of `r`, a range relative to `ev`'s start (a problem's). */
export function absRange(ev: OomEvent, r: Range): Range {
  const d = ev.startLine;
  return { start: { line: r.start.line + d, character: r.start.character }, end: { line: r.end.line + d, character: r.end.character } };
}

/** The text of problem `p` of `ev`, with the 1-based document line of its range where it names it. */
export function problemMessage(ev: OomEvent, p: EventProblem): string {
  return p.message.includes(LINE_SLOT) ? p.message.replace(LINE_SLOT, String(lineOf(ev, p.range.start.line) + 1)) : p.message;
}

/** `r`, a document range, relative to `ev`'s start (what a problem stores). */
export function relRange(ev: OomEvent, r: Range): Range {
  const d = ev.startLine;
  return { start: { line: r.start.line - d, character: r.start.character }, end: { line: r.end.line - d, character: r.end.character } };
}

/**
 * Moves `ev` by `delta` lines (incremental.ts, for the reports behind an edit). Every other line
 * of an event, and every line of its fields (fieldstore.ts), counts from `startLine`.
 */
export function moveEvent(ev: OomEvent, delta: number): void {
  ev.startLine += delta;
}
