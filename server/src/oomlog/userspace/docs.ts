/**
 * Hover text for the fields of kills made outside the kernel's OOM killer: one entry per field
 * key (shapes.ts makes the fields), plus what the event around the field says (the pressure
 * against its limit, the container behind a cgroup path).
 *
 * Facts from systemd's oomd.conf(5), systemd.resource-control(5) and src/oom/, earlyoom's
 * README/MANPAGE and kill.c, Kubernetes' and containerd's docs, AOSP lmkd.cpp and the kernel's
 * staging lowmemorykiller.c; the words are ours.
 */
import type { Field, OomEvent } from '../model';
import { containerText, decodeCgroupPath } from '../container';
import { formatBytes, formatKiB } from '../sizes';
import { mdCode, mdText } from '../../common/markdown';

interface Doc { title: string; meaning: string; notes?: string[] }

const PSI = 'Pressure is the kernel\'s PSI figure (`memory.pressure`, "some avg10"): the share of the last 10 seconds in which at least one task of the cgroup was stalled waiting for memory (reclaim, swap-in, refaults). 50 % means tasks waited half the time.';
const EARLY_OPTS = [
  '`-m PERCENT[,KILL_PERCENT]`: act when available memory (MemAvailable) is at or below this share of RAM (default 10 %; SIGKILL at half of it).',
  '`-s PERCENT[,KILL_PERCENT]`: …and free swap at or below this share (default 10 %). **Both** must be low before earlyoom acts.',
  '`-M`/`-S SIZE`: the same limits in KiB.',
  '`--prefer REGEX` / `--avoid REGEX`: raise / lower the score of processes whose name matches; `--ignore REGEX` never picks them.',
];

const DOCS: Record<string, Doc> = {
  'oomd.killed.path': {
    title: 'cgroup killed by systemd-oomd',
    meaning: 'systemd-oomd sends SIGKILL to every process in this cgroup (and its children) at once: it kills whole units, not single processes. Among the candidates below the monitored cgroup it picks the one reclaiming the most (pressure kills) or using the most swap (swap kills); `ManagedOOMPreference=avoid|omit` on a unit steers the choice.',
  },
  'oomd.monitored.path': {
    title: 'cgroup whose memory pressure was too high',
    meaning: 'The cgroup systemd-oomd watches because its unit (often `user@.service` or a slice) sets `ManagedOOMMemoryPressure=kill`. When its pressure stays above the limit for the set duration, oomd kills one cgroup below it.',
  },
  'oomd.pressure': {
    title: 'memory pressure (PSI, avg10)',
    meaning: PSI,
  },
  'oomd.pressure_limit': {
    title: 'memory pressure limit',
    meaning: 'Above this pressure for long enough, systemd-oomd kills. Set per unit with `ManagedOOMMemoryPressureLimit=` (next to `ManagedOOMMemoryPressure=kill`); without it, `DefaultMemoryPressureLimit=` in oomd.conf (default 60 %).',
  },
  'oomd.pressure_duration': {
    title: 'how long the pressure stayed above the limit',
    meaning: '`DefaultMemoryPressureDurationSec=` in oomd.conf (default 30 s), or `ManagedOOMMemoryPressureDurationSec=` on the unit (systemd 251+).',
  },
  'oomd.mem_used': { title: 'memory used (bytes)', meaning: 'RAM in use when systemd-oomd decided (MemTotal − MemAvailable).' },
  'oomd.mem_total': { title: 'memory total (bytes)', meaning: 'MemTotal of the machine.' },
  'oomd.swap_used': {
    title: 'swap used (bytes)',
    meaning: 'Swap in use when systemd-oomd decided. Swap kills need both memory and swap above `SwapUsedLimit=`; then the candidate using the most swap (of the units with `ManagedOOMSwap=kill`) is killed.',
  },
  'oomd.swap_total': { title: 'swap total (bytes)', meaning: 'SwapTotal of the machine.' },
  'oomd.swap_used_limit': {
    title: 'SwapUsedLimit=',
    meaning: '`SwapUsedLimit=` in oomd.conf (default 90 %): when memory and swap use are both above it, systemd-oomd kills the cgroup with the most swap among those monitored with `ManagedOOMSwap=kill`.',
  },
  'oomd.considered': { title: 'candidates considered', meaning: 'How many cgroups below the monitored one could have been killed. The list that follows shows the top ones, in the order oomd ranked them.' },
  'oomd.candidate.path': { title: 'candidate cgroup', meaning: 'A cgroup systemd-oomd could kill (or, in an `oomctl` dump, one it monitors).' },
  'oomd.candidate.pressure': { title: 'candidate pressure (avg10)', meaning: PSI },
  'oomd.candidate.memory': { title: 'candidate memory usage', meaning: 'memory.current of the candidate (page cache included).' },
  'oomd.candidate.swap': { title: 'candidate swap usage', meaning: 'memory.swap.current of the candidate: swap kills pick the largest.' },
  'oomd.unit': { title: 'unit killed by systemd-oomd', meaning: 'The systemd unit whose cgroup systemd-oomd killed (this line is from the service manager).' },
  'oomd.processes_killed': { title: 'processes killed', meaning: 'How many processes of the unit received SIGKILL.' },
  'oomd.dry_run': { title: 'Dry Run', meaning: 'yes: systemd-oomd runs with `--dry-run` and only logs what it would kill.' },
  'oomd.default_pressure_limit': { title: 'DefaultMemoryPressureLimit=', meaning: 'oomd.conf: the pressure limit of units that set `ManagedOOMMemoryPressure=kill` without their own `ManagedOOMMemoryPressureLimit=`.' },
  'oomd.default_pressure_duration': { title: 'DefaultMemoryPressureDurationSec=', meaning: 'oomd.conf: how long pressure must stay above the limit before a kill.' },

  'earlyoom.signal': { title: 'signal sent by earlyoom', meaning: 'SIGTERM first (the process may clean up); SIGKILL when memory falls below the second, lower limits or the process does not exit in time.' },
  'earlyoom.pid': { title: 'process id', meaning: 'The process earlyoom signalled.' },
  'earlyoom.uid': { title: 'user id', meaning: 'Owner of the signalled process.' },
  'earlyoom.comm': { title: 'process name', meaning: 'Name of the process earlyoom picked: the one with the highest score after `--prefer`/`--avoid`.', notes: EARLY_OPTS },
  'earlyoom.badness': { title: 'badness', meaning: 'The process\'s /proc/PID/oom_score as earlyoom read it (plus `--prefer`/`--avoid` adjustments): the same ranking the kernel OOM killer uses.', notes: EARLY_OPTS },
  'earlyoom.oom_score': { title: 'oom_score', meaning: 'The process\'s /proc/PID/oom_score: the kernel\'s own ranking, which earlyoom follows.', notes: EARLY_OPTS },
  'earlyoom.oom_score_adj': { title: 'oom_score_adj', meaning: 'The process\'s bias for the OOM ranking (-1000 never, +1000 first).' },
  'earlyoom.vmrss': { title: 'VmRSS (MiB)', meaning: 'Resident memory of the process: roughly what its death gives back (shared pages only when their last user exits).' },
  'earlyoom.cmdline': { title: 'command line', meaning: 'The signalled process\'s command line.' },
  'earlyoom.limit.mem': { title: 'memory limit (-m)', meaning: 'earlyoom acts when MemAvailable is at or below this share of RAM (and swap is low too).', notes: EARLY_OPTS },
  'earlyoom.limit.swap': { title: 'swap limit (-s)', meaning: 'earlyoom acts when free swap is at or below this share of swap (and memory is low too). With no swap, the swap condition always holds.', notes: EARLY_OPTS },
  'earlyoom.mem_avail': { title: 'available memory (MiB)', meaning: 'MemAvailable from /proc/meminfo: what can be had without swapping.' },
  'earlyoom.mem_total': { title: 'memory total (MiB)', meaning: 'RAM earlyoom measures against.' },
  'earlyoom.mem_avail_percent': { title: 'available memory (%)', meaning: 'MemAvailable as a share of RAM, compared with `-m`.', notes: EARLY_OPTS },
  'earlyoom.swap_free': { title: 'free swap (MiB)', meaning: 'SwapFree from /proc/meminfo.' },
  'earlyoom.swap_total': { title: 'swap total (MiB)', meaning: 'SwapTotal from /proc/meminfo.' },
  'earlyoom.swap_free_percent': { title: 'free swap (%)', meaning: 'Free swap as a share of swap, compared with `-s`.', notes: EARLY_OPTS },
  'earlyoom.sysrq': { title: 'kernel OOM killer invoked', meaning: 'With `--kernel-oom` (and `-k` before earlyoom 1.2) earlyoom does not signal a process itself: it writes `f` to /proc/sysrq-trigger and the kernel\'s OOM killer picks and kills one (`done`, `successfully`), as if memory had run out. The victim is in the kernel log, on its `Killed process` line (the kernel needs 5.17+ for this to always kill). `failed`: the write to /proc/sysrq-trigger did not go through.', notes: EARLY_OPTS },
  'earlyoom.exit_seconds': { title: 'time to exit', meaning: 'How long the process took to exit after the signal.' },

  'k8s.reason': { title: 'OOMKilled', meaning: 'The container\'s main process was killed by the kernel OOM killer: almost always because the container\'s memory cgroup reached `resources.limits.memory`, sometimes because the whole node ran out of memory. The kernel\'s own report (dmesg on the node) has the details.' },
  'k8s.exit_code': { title: 'exit code', meaning: '137 = 128 + 9: the process died of SIGKILL.' },
  'k8s.container': { title: 'container', meaning: 'The container that was killed; with `restartPolicy: Always` the kubelet restarts it (and backs off when it keeps dying).' },
  'k8s.container_id': { title: 'container id', meaning: 'Runtime id of the container; its first 12 characters name its cgroup (`cri-containerd-<id>.scope`, `crio-<id>.scope`, `docker-<id>.scope`) in the kernel\'s OOM report.' },
  'k8s.limit.memory': { title: 'memory limit', meaning: '`resources.limits.memory`: the container\'s memory cgroup limit (memory.max). Reaching it makes the kernel OOM-kill inside the container.' },
  'k8s.request.memory': { title: 'memory request', meaning: '`resources.requests.memory`: what the scheduler reserves; it also sets the QoS class and the processes\' oom_score_adj.' },
  'k8s.qos': { title: 'QoS class', meaning: 'Guaranteed (requests = limits), Burstable, BestEffort (no requests or limits). It sets oom_score_adj (-997, 2…999, 1000) and the order of eviction under node pressure.' },
  'k8s.pod': { title: 'pod', meaning: 'The pod the container belongs to.' },
  'k8s.namespace': { title: 'namespace', meaning: 'The pod\'s namespace.' },
  'k8s.state': { title: 'container state', meaning: '`Last State` is the previous run of a restarted container; `State` the current one.' },
  'k8s.restart_count': { title: 'restart count', meaning: 'How many times the kubelet restarted the container.' },
  'k8s.victim.comm': { title: 'process killed', meaning: 'The process the kernel OOM killer killed, as the kubelet or node-problem-detector read it from the kernel log.' },
  'k8s.victim.pid': { title: 'process id', meaning: 'The killed process\'s pid on the node.' },
  'k8s.eviction.reason': { title: 'Evicted', meaning: 'The kubelet, not the kernel, stopped the pod: node memory (`memory.available`) fell below an eviction threshold, and it evicted pods to get memory back before the kernel OOM killer would have to. The pod is Failed and is not restarted on this node; its controller makes a new one.', notes: ['Order: pods using more than their memory request go first (BestEffort, then Burstable over its request), then by priority, then by usage above the request.'] },
  'k8s.eviction.threshold': { title: 'eviction threshold', meaning: 'The kubelet\'s `evictionHard` / `evictionSoft` `memory.available` threshold (default 100Mi): below it, pods are evicted.' },
  'k8s.eviction.available': { title: 'memory available', meaning: 'The node\'s `memory.available` when the kubelet decided: its capacity minus the root cgroup\'s working set (inactive file pages count as used until reclaimed).' },
  'k8s.eviction.usage': { title: 'container usage', meaning: 'The container\'s working set when it was evicted; the kubelet names the container that used most above its request.' },
  'k8s.eviction.resource': { title: 'resource to reclaim', meaning: 'What the eviction round was for: `memory` here (other rounds reclaim disk: `ephemeral-storage`, `nodefs`, `imagefs`, and are not memory kills).' },
  'docker.oom_killed': { title: 'OOMKilled: true', meaning: 'Docker saw an OOM event in the container\'s memory cgroup before it exited: a process in it (usually the main one) was killed by the kernel OOM killer.' },

  'lmkd.comm': { title: 'app killed by lmkd', meaning: 'Android\'s low-memory killer daemon kills cached and background apps, highest oom_score_adj first, before the kernel runs out of memory.' },
  'lmkd.pid': { title: 'process id', meaning: 'The killed app\'s pid.' },
  'lmkd.uid': { title: 'app uid', meaning: 'Android app uid (10000 and up for installed apps).' },
  'talos.cgroup': {
    title: 'cgroup killed by Talos',
    meaning: 'Talos\' OOM controller (machined, `runtime.OOMController`) acts before the kernel\'s OOM killer when the node runs low on memory: it ranks the pods\' cgroups under `/sys/fs/cgroup/kubepods` (BestEffort first, then Burstable, then by memory use) and writes to this cgroup\'s `cgroup.kill`, which sends SIGKILL to every process in it. The path names the pod\'s QoS class and UID.',
    notes: ['Give the pod memory requests (and limits) so that it is not BestEffort: those are killed first.'],
  },
  'lmkd.oom_score_adj': { title: 'oom_score_adj', meaning: 'Android sets it by app state: 0 foreground, 100 visible, 200 perceptible, 300 backup, 400 heavy-weight, 500 service, 600 home, 700 previous, 800 B-services, 900–999 cached. lmkd kills from the top.' },
  'lmkd.oom_adj': { title: 'oom_adj', meaning: 'Older lmkd wording for the same adjustment (oom_score_adj).' },
  'lmkd.rss': { title: 'memory freed', meaning: 'Resident memory of the app (what the kill should give back).' },
  'lmkd.swap': { title: 'swap freed', meaning: 'The app\'s pages in swap (zram on most devices).' },
  'lmkd.reason': { title: 'reason', meaning: 'Why lmkd killed: which watermark or PSI threshold was crossed (ro.lmk.* properties set them).' },
  'lmk.comm': { title: 'app killed by the kernel lowmemorykiller', meaning: 'The staging `lowmemorykiller` driver (Android before lmkd took over) killed the task with the highest oom_score_adj at or above the level the free memory allowed.' },
  'lmk.pid': { title: 'process id', meaning: 'The killed task\'s pid.' },
  'lmk.adj': { title: 'oom_score_adj', meaning: 'The killed task\'s adjustment; higher is killed first.' },
  'lmk.free': { title: 'memory to free', meaning: 'Resident size of the killed task.' },
  'lmk.cache': { title: 'page cache', meaning: 'File pages not yet counted as free; the driver compares free memory and this cache with its minfree levels.' },
  'lmk.minfree': { title: 'minfree level', meaning: 'The `/sys/module/lowmemorykiller/parameters/minfree` entry crossed: below it, tasks with the matching adj may be killed.' },
  'lmk.min_adj': { title: 'lowest adj killable', meaning: 'The `adj` entry paired with the minfree level crossed.' },
  'lmk.free_above_reserved': { title: 'free memory above reserve', meaning: 'Free memory beyond the kernel\'s reserved pages.' },
  'lmk.size': { title: 'size (pages)', meaning: 'Resident size of the killed task in pages (4 KiB each on most devices).' },
};

/** Hover markdown for a userspace event's field. */
export function userspaceFieldMarkdown(ev: OomEvent, field: Field): string {
  const doc = DOCS[field.key];
  const out: string[] = [doc ? `**${doc.title}** ${mdCode(field.raw)}` : mdCode(field.raw)];
  if (doc) out.push('', doc.meaning);
  const lines = context(ev, field);
  if (lines.length) out.push('', ...lines.flatMap((l, i) => (i ? ['', l] : [l])));
  if (doc?.notes?.length) out.push('', ...doc.notes.map(n => `- ${n}`));
  const u = ev.userspace;
  if (u && (field.key === 'oomd.killed.path' || field.key.endsWith('.comm') || field.key === 'k8s.container' || field.key === 'k8s.reason' || field.key === 'k8s.eviction.reason')) out.push('', `**Why:** ${mdText(u.reason)}`);
  return out.join('\n');
}

function context(ev: OomEvent, field: Field): string[] {
  const u = ev.userspace;
  if (!u) return [];
  const n = u.numbers;
  const out: string[] = [];
  if (field.key === 'oomd.pressure' || field.key === 'oomd.pressure_limit') {
    if (n.pressurePercent !== undefined && n.pressureLimitPercent !== undefined) {
      out.push(`${n.pressurePercent} % against a limit of ${n.pressureLimitPercent} %: in ${u.texts.monitoredCgroup !== undefined ? mdCode(u.texts.monitoredCgroup) : 'the cgroup'}, some task was stalled on memory ${(n.pressurePercent / 100 * 10).toFixed(1)} s of every 10 s.`);
    }
  }
  if (field.key === 'oomd.swap_used' && n.swapTotalBytes) out.push(`${formatBytes(n.swapUsedBytes)} of ${formatBytes(n.swapTotalBytes)} = ${(100 * n.swapUsedBytes / n.swapTotalBytes).toFixed(2)} %.`);
  if (field.key === 'oomd.mem_used' && n.memTotalBytes) out.push(`${formatBytes(n.memUsedBytes)} of ${formatBytes(n.memTotalBytes)} = ${(100 * n.memUsedBytes / n.memTotalBytes).toFixed(2)} %.`);
  if (field.value !== undefined && field.unit === 'bytes' && field.value >= 1024) out.push(`≈ ${formatBytes(field.value)}`);
  if (field.value !== undefined && field.unit === 'kB' && field.value >= 1024) out.push(`≈ ${formatKiB(field.value)}`);
  if (field.key.endsWith('.path') || field.key === 'oomd.unit') {
    const c = decodeCgroupPath(field.raw);
    if (c) out.push(`Container: ${mdText(containerText(c))}.`);
  }
  if (field.key === 'earlyoom.mem_avail_percent' && n.memLimitPercent !== undefined) out.push(`Limit: ${n.memLimitPercent} % (\`-m\`).`);
  if (field.key === 'earlyoom.swap_free_percent' && n.swapLimitPercent !== undefined) out.push(`Limit: ${n.swapLimitPercent} % (\`-s\`).`);
  return out;
}
