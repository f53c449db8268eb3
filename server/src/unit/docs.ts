/**
 * Hand-written knowledge for the memory / OOM / restart directives: our own summary, value
 * syntax, default, versions and a deeper explanation of what the kernel and systemd do.
 * Data only: hover, completion and rules read these entries. Every other directive gets a
 * generated one-line summary from the catalogue (catalog.ts).
 */

export type ValueKind =
  | 'memory' | 'boolean' | 'timespan' | 'enum' | 'oomscore' | 'pressure-percent' | 'unsigned' | 'choice' | 'other';

export interface DirectiveDoc {
  summary: string;
  syntax: string;
  default?: string;
  /** systemd release that introduced the key (absent: older than the version annotations). */
  since?: number;
  /** Release that deprecated it. */
  deprecated?: number;
  /** Release from which it is recognised but ignored. */
  ignoredSince?: number;
  /** Modern replacement for legacy keys. */
  replacement?: string;
  /** Whether the replacement takes the same value scale (safe to copy the value). */
  sameScale?: boolean;
  details: string;
  /** Man page and anchor (https://www.freedesktop.org/software/systemd/man/latest/<page>.html#<anchor>). */
  page: string;
  anchor: string;
  kind: ValueKind;
  /** Enumerated values with what each one means. */
  values?: Record<string, string>;
  /** Enumerated value → minimum systemd version. */
  valueSince?: Record<string, number>;
}

const MEM_SYNTAX = 'bytes with optional K, M, G, T suffix (base 1024), a percentage of physical RAM (`50%`), or `infinity`';

const memoryKernel = {
  min: 'The kernel never reclaims the unit\'s memory while its usage is below this amount — not even under global pressure. ' +
    'If everything else is exhausted, the kernel OOM-kills elsewhere (or, if nothing else is left, inside protected groups).',
  low: 'Best-effort protection: while usage is below this amount, the kernel reclaims from unprotected groups first. ' +
    'Under enough global pressure, protected memory is still reclaimed.',
  high: 'When usage exceeds this amount the kernel throttles the unit\'s allocations and reclaims aggressively; ' +
    'it never calls the OOM killer because of this limit. The unit slows down instead of dying.',
  max: 'Hard limit (`memory.max`). When an allocation would push usage over it and reclaim cannot free enough, ' +
    'the kernel invokes the OOM killer inside this unit\'s cgroup: the process with the highest badness score in the unit is killed ' +
    '(the whole unit with `OOMPolicy=kill`). The kernel log shows `constraint=CONSTRAINT_MEMCG` and `oom_memcg=` with this unit\'s cgroup.',
};

function mem(p: Partial<DirectiveDoc> & Pick<DirectiveDoc, 'summary' | 'details' | 'anchor'>): DirectiveDoc {
  return { syntax: MEM_SYNTAX, page: 'systemd.resource-control', kind: 'memory', ...p };
}

export const DIRECTIVE_DOCS: Record<string, DirectiveDoc> = {
  MemoryAccounting: {
    summary: 'Track memory usage of this unit (the cgroup memory controller).',
    syntax: 'boolean', default: 'yes (DefaultMemoryAccounting=, on by default since v238)', kind: 'boolean',
    page: 'systemd.resource-control', anchor: 'MemoryAccounting=',
    details: 'Turns on memory accounting so `systemctl status` shows memory use and systemd-oomd can watch the unit. ' +
      'Setting any memory limit enables the controller anyway, so `MemoryAccounting=no` does not switch limits off.',
  },
  MemoryMin: mem({
    summary: 'Hard memory protection: this much memory is never reclaimed from the unit.', since: 240, default: '0 (no protection)',
    anchor: 'MemoryMin=bytes', details: memoryKernel.min + ' Only effective when every ancestor slice also grants protection. ' +
      'Protecting more than the machine can spare causes OOM kills elsewhere. Maps to `memory.min`.',
  }),
  MemoryLow: mem({
    summary: 'Soft memory protection: reclaim takes from other units first while below this amount.', since: 240, default: '0 (no protection)',
    anchor: 'MemoryLow=bytes', details: memoryKernel.low + ' Only effective when every ancestor slice also grants protection. Maps to `memory.low`.',
  }),
  MemoryHigh: mem({
    summary: 'Throttling limit: above this the unit is slowed down and reclaimed hard, never OOM-killed for it.', since: 231,
    default: 'infinity', anchor: 'MemoryHigh=bytes',
    details: memoryKernel.high + ' Set it below `MemoryMax=` (for example 80–90 % of it) so the unit is squeezed before the hard limit kills it. Maps to `memory.high`.',
  }),
  MemoryMax: mem({
    summary: 'Hard memory limit: exceeding it makes the kernel OOM-kill inside this unit.', since: 231, default: 'infinity',
    anchor: 'MemoryMax=bytes',
    details: memoryKernel.max + ' `0` is rejected; use `infinity` to remove a limit. Page cache counts too and is reclaimed first. Maps to `memory.max`.',
  }),
  MemorySwapMax: mem({
    summary: 'Limit on swap space the unit may use.', since: 232, default: 'infinity',
    syntax: 'bytes with K, M, G, T suffix, a percentage of the swap size, `0` (no swap) or `infinity`',
    anchor: 'MemorySwapMax=bytes',
    details: 'When the unit reaches this much swap, its anonymous memory can no longer be swapped out, so it hits `MemoryMax=` sooner. ' +
      '`MemorySwapMax=0` forbids swapping for the unit. Maps to `memory.swap.max`.',
  }),
  MemoryZSwapMax: mem({
    summary: 'Limit on compressed swap (zswap) the unit may use.', since: 253, default: 'infinity',
    syntax: 'bytes with K, M, G, T suffix, or `infinity`', anchor: 'MemoryZSwapMax=bytes',
    details: 'Caps the unit\'s share of the zswap pool; pages beyond it go to the backing swap device. Maps to `memory.zswap.max`.',
  }),
  MemoryZSwapWriteback: {
    summary: 'Allow zswap to write the unit\'s compressed pages to the backing swap device.', since: 256, syntax: 'boolean', default: 'yes',
    kind: 'boolean', page: 'systemd.resource-control', anchor: 'MemoryZSwapWriteback=',
    details: 'With `no`, pages stay in the compressed pool only. Maps to `memory.zswap.writeback`.',
  },
  MemoryLimit: mem({
    summary: 'cgroup v1 memory limit (legacy).', deprecated: 252, ignoredSince: 258, replacement: 'MemoryMax', sameScale: true,
    anchor: 'MemoryLimit=bytes',
    details: 'Written for the legacy cgroup v1 hierarchy (`memory.limit_in_bytes`). systemd 252 still honours it with a deprecation warning; ' +
      'from systemd 258 cgroup v1 support is gone and the line is ignored, so the service runs without any limit.',
  }),
  DefaultMemoryMin: mem({
    summary: 'Default MemoryMin= for the children of this slice.', since: 243, anchor: 'DefaultMemoryMin=bytes',
    details: 'Sets `memory.min` on child units that do not set their own. Only useful on kernels before 5.7 (no `memory_recursiveprot`).',
  }),
  DefaultMemoryLow: mem({
    summary: 'Default MemoryLow= for the children of this slice.', since: 243, anchor: 'DefaultMemoryLow=bytes',
    details: 'Sets `memory.low` on child units that do not set their own. Only useful on kernels before 5.7 (no `memory_recursiveprot`).',
  }),
  DefaultStartupMemoryLow: mem({
    summary: 'Default StartupMemoryLow= for the children of this slice.', since: 254, anchor: 'DefaultStartupMemoryLow=bytes',
    details: 'Like DefaultMemoryLow=, applied while the system boots up or shuts down.',
  }),
  StartupMemoryLow: mem({ summary: 'MemoryLow= used only during boot and shutdown.', since: 254, anchor: 'StartupMemoryLow=bytes', details: memoryKernel.low + ' Applies during startup/shutdown only; MemoryLow= applies afterwards.' }),
  StartupMemoryHigh: mem({ summary: 'MemoryHigh= used only during boot and shutdown.', since: 254, anchor: 'StartupMemoryHigh=bytes', details: memoryKernel.high + ' Applies during startup/shutdown only.' }),
  StartupMemoryMax: mem({ summary: 'MemoryMax= used only during boot and shutdown.', since: 254, anchor: 'StartupMemoryMax=bytes', details: memoryKernel.max + ' Applies during startup/shutdown only.' }),
  StartupMemorySwapMax: mem({ summary: 'MemorySwapMax= used only during boot and shutdown.', since: 254, anchor: 'StartupMemorySwapMax=bytes', details: 'Swap limit applied during startup/shutdown only.' }),
  StartupMemoryZSwapMax: mem({ summary: 'MemoryZSwapMax= used only during boot and shutdown.', since: 254, anchor: 'StartupMemoryZSwapMax=bytes', details: 'zswap limit applied during startup/shutdown only.' }),
  ManagedOOMSwap: {
    summary: 'Let systemd-oomd kill this unit\'s cgroup when system swap is nearly full.', since: 247, syntax: '`auto` or `kill`', default: 'auto',
    kind: 'enum', page: 'systemd.resource-control', anchor: 'ManagedOOMSwap=auto%7Ckill',
    values: { auto: 'Not monitored by systemd-oomd (unless an ancestor asks for it).', kill: 'When swap usage passes SwapUsedLimit= (oomd.conf, default 90 %), systemd-oomd kills the descendant cgroup using the most swap.' },
    details: 'systemd-oomd acts in user space before the kernel OOM killer: it looks at whole cgroups, not processes. ' +
      'It needs cgroup v2, memory accounting and swap; the man page recommends setting it on the root slice `-.slice`.',
  },
  ManagedOOMMemoryPressure: {
    summary: 'Let systemd-oomd kill inside this unit when memory pressure stays high.', since: 247, syntax: '`auto` or `kill`', default: 'auto',
    kind: 'enum', page: 'systemd.resource-control', anchor: 'ManagedOOMMemoryPressure=auto%7Ckill',
    values: { auto: 'Not monitored for pressure.', kill: 'When the PSI memory pressure of this cgroup exceeds ManagedOOMMemoryPressureLimit= for ManagedOOMMemoryPressureDurationSec=, systemd-oomd kills the child cgroup with the most reclaim activity.' },
    details: 'Pressure is the share of time tasks were stalled waiting for memory (PSI, Linux ≥ 4.20). systemd-oomd kills whole cgroups and logs the reason in the journal (not in dmesg).',
  },
  ManagedOOMMemoryPressureLimit: {
    summary: 'Memory pressure threshold for ManagedOOMMemoryPressure=kill.', since: 247, syntax: 'percentage 0%–100% (`50%`, `50.5%`)',
    default: '0% = use DefaultMemoryPressureLimit= of oomd.conf (60 %)', kind: 'pressure-percent', page: 'systemd.resource-control',
    anchor: 'ManagedOOMMemoryPressureLimit=',
    details: 'Only read when `ManagedOOMMemoryPressure=kill` applies to this unit. Lower values kill sooner.',
  },
  ManagedOOMMemoryPressureDurationSec: {
    summary: 'How long pressure must stay above the limit before systemd-oomd acts.', since: 257, syntax: 'time span ≥ 1s, or empty',
    default: 'DefaultMemoryPressureDurationSec= of oomd.conf (30s)', kind: 'timespan', page: 'systemd.resource-control',
    anchor: 'ManagedOOMMemoryPressureDurationSec=',
    details: 'Only read when `ManagedOOMMemoryPressure=kill` applies to this unit.',
  },
  ManagedOOMPreference: {
    summary: 'Ask systemd-oomd to prefer or skip this unit when picking a victim.', since: 248, syntax: '`none`, `avoid` or `omit`', default: 'none',
    kind: 'enum', page: 'systemd.resource-control', anchor: 'ManagedOOMPreference=none%7Cavoid%7Comit',
    values: { none: 'No preference.', avoid: 'Picked only when no other candidate is left.', omit: 'Never picked by systemd-oomd (the kernel OOM killer may still act).' },
    details: 'Stored as an extended attribute on the cgroup; honoured only when the cgroup is owned by root. Use sparingly — every omitted unit shifts kills elsewhere.',
  },
  MemoryPressureWatch: {
    summary: 'Tell the service about memory pressure so it can shed caches itself.', since: 254, syntax: '`auto`, `on`, `off` or `skip`', default: 'auto',
    kind: 'enum', page: 'systemd.resource-control', anchor: 'MemoryPressureWatch=',
    values: { auto: 'On when the unit has memory accounting.', on: 'Always set up the PSI watch and $MEMORY_PRESSURE_WATCH.', off: 'Do not set it up.', skip: 'Do not set it up and do not pass the variables.' },
    details: 'The service gets `$MEMORY_PRESSURE_WATCH` pointing to the cgroup\'s `memory.pressure` file.',
  },
  MemoryPressureThresholdSec: {
    summary: 'Stall time per second that counts as memory pressure for MemoryPressureWatch=.', since: 254, syntax: 'time span', default: '200ms',
    kind: 'timespan', page: 'systemd.resource-control', anchor: 'MemoryPressureThresholdSec=',
    details: 'Written into the PSI trigger the service receives.',
  },
  OOMPolicy: {
    summary: 'What systemd does with the unit when the OOM killer (kernel or systemd-oomd) kills one of its processes.', since: 243,
    syntax: '`continue`, `stop` or `kill`', default: 'DefaultOOMPolicy= (stop); continue for units with Delegate=', kind: 'enum',
    page: 'systemd.service', anchor: 'OOMPolicy=',
    values: {
      continue: 'Log the kill and keep the unit running with its remaining processes.',
      stop: 'Log the kill and stop the unit cleanly; Restart= may then start it again.',
      kill: 'Sets `memory.oom.group=1`: when the kernel kills one process, it kills every process of the unit, then the unit stops.',
    },
    details: 'Only decides what happens after a kill; it does not choose the victim (see OOMScoreAdjust=). Valid in [Service] and (v253+) [Scope].',
  },
  OOMScoreAdjust: {
    summary: 'Bias the kernel OOM killer for or against this unit\'s processes.', syntax: 'integer from -1000 to 1000', default: 'DefaultOOMScoreAdjust= (0 for system services)',
    kind: 'oomscore', page: 'systemd.exec', anchor: 'OOMScoreAdjust=',
    details: 'Written to `/proc/PID/oom_score_adj`. The kernel scores each process by its memory footprint (RSS, swap, page tables) as a share of what is allowed, ' +
      'scaled to 0–1000, and adds this value; the highest score is killed. `-1000` makes a process unkillable, `1000` makes it the first choice.',
  },
  Restart: {
    summary: 'When systemd restarts the service after its main process ends — including after an OOM kill.', syntax: 'no, on-success, on-failure, on-abnormal, on-watchdog, on-abort, always',
    default: 'no', kind: 'enum', page: 'systemd.service', anchor: 'Restart=',
    values: {
      no: 'Never restart.',
      'on-success': 'Restart only after a clean exit.',
      'on-failure': 'Restart after a non-zero exit, a signal (including an OOM kill), a timeout or a watchdog. The usual choice for long-running services.',
      'on-abnormal': 'Restart after a signal (including an OOM kill), a timeout or a watchdog, not after a non-zero exit.',
      'on-watchdog': 'Restart only after a watchdog timeout.',
      'on-abort': 'Restart only after an uncaught signal that is not a clean-exit signal.',
      always: 'Restart whatever the reason.',
    },
    details: 'An OOM kill counts as "terminated by a signal", so on-failure, on-abnormal and always all restart after one. Restarts are rate limited by StartLimitIntervalSec=/StartLimitBurst= in [Unit]. ' +
      'This is an enumeration, not a boolean: `Restart=yes` is rejected and the service is then never restarted.',
  },
  RestartSec: {
    summary: 'Delay before a restart.', syntax: 'time span (`100ms`, `5s`, `1min 30s`)', default: '100ms (DefaultRestartSec=)', kind: 'timespan',
    page: 'systemd.service', anchor: 'RestartSec=',
    details: 'Together with StartLimitIntervalSec= and StartLimitBurst= it decides whether an OOM-and-restart cycle ever stops: if RestartSec × StartLimitBurst > StartLimitIntervalSec, the start limit can never trip.',
  },
  RestartSteps: {
    summary: 'Number of steps to grow the restart delay from RestartSec= to RestartMaxDelaySec=.', since: 254, syntax: 'unsigned integer', default: '0 (no back-off)',
    kind: 'unsigned', page: 'systemd.service', anchor: 'RestartSteps=',
    details: 'Exponential back-off between restarts. Works only when RestartMaxDelaySec= is also set and RestartSec= is not zero.',
  },
  RestartMaxDelaySec: {
    summary: 'Upper bound for the growing restart delay.', since: 254, syntax: 'time span or infinity', default: 'infinity (unused)', kind: 'timespan',
    page: 'systemd.service', anchor: 'RestartMaxDelaySec=',
    details: 'With RestartSteps=, the delay grows from RestartSec= to this value. Gives an OOM-looping service room to breathe.',
  },
  RestartMode: {
    summary: 'Whether a restarting unit passes through failed/inactive (dependencies notice) or goes straight to activating.', since: 254,
    syntax: '`normal`, `direct` or `debug`', default: 'normal', kind: 'enum', page: 'systemd.service', anchor: 'RestartMode=',
    values: { normal: 'Go through failed/inactive; OnFailure= runs and dependent units see the stop.', direct: 'Go straight to activating; dependents see no stop.', debug: 'Like normal, with debug logging for the restarted run (v257).' },
    valueSince: { debug: 257 },
    details: 'Does not change when a restart happens — see Restart=.',
  },
  StartLimitIntervalSec: {
    summary: 'Time window for start rate limiting.', syntax: 'time span; 0 disables rate limiting', default: '10s (DefaultStartLimitIntervalSec=)',
    kind: 'timespan', page: 'systemd.unit', anchor: 'StartLimitIntervalSec=interval',
    details: 'A unit started more than StartLimitBurst= times within this window is refused (start-limit-hit) and stays failed. The window restarts whenever it is older than the interval, so restarts spaced more than interval/burst apart are never stopped. Belongs in [Unit].',
  },
  StartLimitInterval: {
    summary: 'Old name of StartLimitIntervalSec=.', syntax: 'time span', kind: 'timespan', page: 'systemd.unit', anchor: 'StartLimitIntervalSec=interval',
    replacement: 'StartLimitIntervalSec', sameScale: true,
    details: 'Accepted for compatibility, also in [Service]; the new name belongs in [Unit].',
  },
  StartLimitBurst: {
    summary: 'Number of starts allowed within StartLimitIntervalSec=.', syntax: 'unsigned integer', default: '5 (DefaultStartLimitBurst=)', kind: 'unsigned',
    page: 'systemd.unit', anchor: 'StartLimitIntervalSec=interval',
    details: 'Automatic restarts count as starts. Belongs in [Unit]; accepted in [Service] only for compatibility.',
  },
  StartLimitAction: {
    summary: 'What to do when the start limit is hit.', syntax: 'none, reboot, reboot-force, reboot-immediate, poweroff, poweroff-force, poweroff-immediate, exit, exit-force, …',
    default: 'none', kind: 'other', page: 'systemd.unit', anchor: 'StartLimitAction=',
    details: 'Runs once the unit is refused for starting too often, e.g. `reboot` after repeated OOM restarts.',
  },
  Type: {
    summary: 'How systemd decides the service has started.', syntax: 'simple, exec, forking, oneshot, dbus, notify, notify-reload, idle', default: 'simple',
    kind: 'enum', page: 'systemd.service', anchor: 'Type=',
    values: {
      simple: 'Started as soon as the process is forked.', exec: 'Started once the binary was executed.', forking: 'Started when the first process exits (classic daemons).',
      oneshot: 'Started after the process exits; Restart=always/on-success are refused.', dbus: 'Started when BusName= appears on D-Bus.',
      notify: 'Started when the service sends READY=1.', 'notify-reload': 'Like notify, plus reload through a signal (v253).', idle: 'Like simple, delayed until jobs are dispatched.',
    },
    valueSince: { 'notify-reload': 253 },
    details: 'Matters for restarts: a oneshot service cannot use Restart=always or on-success.',
  },
  RemainAfterExit: {
    summary: 'Keep the unit active after its processes exit.', syntax: 'boolean', default: 'no', kind: 'boolean', page: 'systemd.service', anchor: 'RemainAfterExit=',
    details: 'Typical for Type=oneshot setup tasks.',
  },
  CPUShares: {
    summary: 'cgroup v1 CPU weight (legacy).', syntax: '2–262144', kind: 'other', page: 'systemd.resource-control', anchor: 'CPUShares=weight',
    deprecated: 252, ignoredSince: 258, replacement: 'CPUWeight', sameScale: false,
    details: 'Uses the v1 scale (default 1024); CPUWeight= uses 1–10000 with default 100.',
  },
  StartupCPUShares: {
    summary: 'cgroup v1 CPU weight during boot (legacy).', syntax: '2–262144', kind: 'other', page: 'systemd.resource-control',
    anchor: 'StartupCPUShares=weight', deprecated: 252, ignoredSince: 258, replacement: 'StartupCPUWeight', sameScale: false,
    details: 'v1 scale (default 1024) vs 1–10000 (default 100) for StartupCPUWeight=.',
  },
  CPUAccounting: {
    summary: 'CPU accounting switch — always on with cgroup v2.', syntax: 'boolean', kind: 'boolean', page: 'systemd.resource-control', anchor: 'CPUAccounting=',
    deprecated: 258, details: 'On the unified hierarchy CPU accounting is always available; systemd 258 deprecated the setting and it has no effect. Delete the line.',
  },
  BlockIOAccounting: legacyIO('IOAccounting', true, 'I/O accounting'),
  // weights: 10–1000 (default 500) on the v1 scale, 1–10000 (default 100) on the v2 one
  BlockIOWeight: legacyIO('IOWeight', false, 'I/O weight'),
  StartupBlockIOWeight: legacyIO('StartupIOWeight', false, 'I/O weight during boot'),
  BlockIODeviceWeight: legacyIO('IODeviceWeight', false, 'per-device I/O weight'),
  BlockIOReadBandwidth: legacyIO('IOReadBandwidthMax', true, 'read bandwidth limit'),
  BlockIOWriteBandwidth: legacyIO('IOWriteBandwidthMax', true, 'write bandwidth limit'),
};

function legacyIO(replacement: string, sameScale: boolean, what: string): DirectiveDoc {
  return {
    summary: `cgroup v1 ${what} (legacy).`, syntax: 'see ' + replacement + '=', kind: 'other', page: 'systemd.resource-control',
    anchor: 'BlockIOAccounting=', deprecated: 252, ignoredSince: 258, replacement, sameScale,
    details: `Written for the legacy blkio controller. Deprecated in systemd 252 and ignored from 258. `
      + (sameScale ? `${replacement}= reads size suffixes as base 1000.` : `${replacement}= weights are 1–10000 with default 100, against 10–1000 with default 500 here.`),
  };
}

/** Legacy keys systemd dropped long before 252: recognised but ignored everywhere we care about. */
export const ANCIENT_LEGACY: Record<string, string> = {
  Capabilities: 'use CapabilityBoundingSet= and AmbientCapabilities=',
  NetClass: 'use a firewall rule on the cgroup path instead',
  BusPolicy: 'D-Bus policy files replace it',
  SysVStartPriority: 'use ordering dependencies (After=/Before=)',
  IgnoreOnSnapshot: 'snapshots no longer exist; delete it',
};

/** Compatibility aliases that still work (SDU010): key → modern spelling. */
export const COMPAT_ALIASES: Record<string, string> = {
  StartLimitInterval: 'StartLimitIntervalSec',
  BindTo: 'BindsTo',
  PropagateReloadTo: 'PropagatesReloadTo',
  PropagateReloadFrom: 'ReloadPropagatedFrom',
  OnFailureIsolate: 'OnFailureJobMode=isolate',
  RequiresOverridable: 'Requires',
  RequisiteOverridable: 'Requisite',
};

/** Section docs for hover on `[Name]`. */
export const SECTION_DOCS: Record<string, { summary: string; page: string }> = {
  Unit: { summary: 'Generic settings of every unit: description, dependencies, ordering, conditions, start rate limiting.', page: 'systemd.unit' },
  Install: { summary: 'Read by `systemctl enable`, not by the service manager: which targets pull the unit in, aliases.', page: 'systemd.unit' },
  Service: { summary: 'How the service process is started, stopped and restarted, plus execution, resource (memory) and kill settings.', page: 'systemd.service' },
  Socket: { summary: 'Sockets systemd listens on for socket activation; resource settings here limit the socket unit\'s own helpers.', page: 'systemd.socket' },
  Mount: { summary: 'A file system mount point controlled by systemd.', page: 'systemd.mount' },
  Automount: { summary: 'A mount point mounted on first access.', page: 'systemd.automount' },
  Swap: { summary: 'A swap device or file.', page: 'systemd.swap' },
  Timer: { summary: 'When to start the unit it activates (calendar or monotonic timers).', page: 'systemd.timer' },
  Path: { summary: 'File system paths that activate a unit when they change.', page: 'systemd.path' },
  Slice: { summary: 'A node in the cgroup tree: limits here apply to all units inside the slice together.', page: 'systemd.slice' },
  Scope: { summary: 'Externally created processes grouped by systemd; resource settings apply to them.', page: 'systemd.scope' },
};

export const MAN_BASE = 'https://www.freedesktop.org/software/systemd/man/latest/';
