/** Per-key value rules (spec Table B §3.2): SYS020–SYS042. */
import { compareVersion, keyDoc, OVERCOMMIT_DOC, VM_DOC, KERNEL_DOC } from './catalog';
import { replaceValue } from './edits';
import { valueRange, type Entry } from './parse';
import { assignments, eff, type Report, type Rule, type RuleInput } from './rule';
import { checkRanges } from './rules-file';
import { formatKiB, intOf } from './values';

const vmDoc = (leaf: string) => `${VM_DOC}#${leaf.replace(/_/g, '-')}`;
const kDoc = (leaf: string) => `${KERNEL_DOC}#${leaf.replace(/_/g, '-')}`;

/** Calls `fn` for every assignment of `key` in the current document that has an integer value. */
function eachInt(input: RuleInput, keys: string[], fn: (e: Entry, n: number) => void): void {
  for (const e of assignments(input)) {
    if (!keys.includes(e.key)) continue;
    const n = intOf(e.value);
    if (n !== null) fn(e, n);
  }
}

/** Whether the rule `id` runs (not turned `off` in the settings). */
const runs = (input: RuleInput, id: string) => input.settings.rules?.[id] !== 'off';

/** Whether vm.panic_on_oom, as it takes effect, panics on an out-of-memory. */
const panicsOnOom = (input: RuleInput) => (intOf(eff(input, 'vm.panic_on_oom')?.entry.value) ?? 0) !== 0;

/** Whether `e` is the assignment of its key that takes effect (cross-key rules report that one). */
const isEffective = (input: RuleInput, e: Entry) => eff(input, e.key)?.entry === e;

/** A rule that owns the range check of its keys (rangeRule in the catalogue) plus optional advice. */
function valueRule(
  id: string, severity: Rule['severity'], title: string, docUrl: string,
  advice?: (input: RuleInput, report: (r: Report) => void) => void,
  defer?: (input: RuleInput) => ((n: number) => boolean) | undefined,
): Rule {
  return {
    id, severity, title, docUrl,
    check(input, report) {
      checkRanges(input, r => report({ severity: 'error', ...r }), id, defer?.(input));
      advice?.(input, report);
    },
  };
}

export const VALUE_RULES: Rule[] = [
  valueRule('SYS020', 'warning', 'vm.panic_on_oom: out of range, or set to panic', vmDoc('panic_on_oom'), (input, report) => {
    eachInt(input, ['vm.panic_on_oom'], (e, n) => {
      if (n !== 1 && n !== 2) return;
      const reboot = intOf(eff(input, 'kernel.panic')?.entry.value) ?? 0;
      // Without a reboot timeout SYX001 reports this line (the machine hangs): one problem, one diagnostic.
      if (reboot === 0 && runs(input, 'SYX001')) return;
      // panic_on_oom = 2 with units that set memory limits: SYX004 names them, on this line
      if (n === 2 && isEffective(input, e) && runs(input, 'SYX004') && input.unitLimits().length) return;
      // Panic and reboot on a system-wide OOM is how fail-over clusters are set up on purpose.
      const failover = n === 1 && reboot !== 0;
      report({
        range: valueRange(e), severity: failover ? 'information' : 'warning',
        message: failover
          ? `vm.panic_on_oom = 1 with kernel.panic = ${reboot} reboots the machine on a system-wide OOM instead of killing one process. That is right for cluster nodes that fail over; elsewhere use 0 so the OOM killer frees memory and the host survives.`
          : n === 1
            ? 'vm.panic_on_oom = 1 panics the machine on a system-wide out-of-memory instead of killing one process. Only right for cluster nodes that fail over; elsewhere use 0 so the OOM killer frees memory and the host survives.'
            : 'vm.panic_on_oom = 2 panics the machine on every out-of-memory, even one inside a single service\'s memory cgroup (MemoryMax=). Only right for cluster nodes that fail over; use 0 (or 1 to panic only on system-wide OOM).',
        fixes: [
          { title: 'Set vm.panic_on_oom = 0 (kill a process instead)', edits: [replaceValue(e, '0')] },
          ...(n === 2 ? [{ title: 'Set vm.panic_on_oom = 1 (panic only on system-wide OOM)', edits: [replaceValue(e, '1')] }] : []),
        ],
      });
    });
  }),
  {
    id: 'SYS021', severity: 'hint', title: 'vm.oom_kill_allocating_task enabled', docUrl: vmDoc('oom_kill_allocating_task'),
    check(input, report) {
      eachInt(input, ['vm.oom_kill_allocating_task'], (e, n) => {
        if (n === 0) return;
        // while panic_on_oom is set no task is chosen at all: SYX003 says so on this line
        if (panicsOnOom(input) && isEffective(input, e) && runs(input, 'SYX003')) return;
        report({ range: valueRange(e), message: 'The OOM killer will kill whichever task asked for memory, not the biggest one. Faster on huge task lists, but the victim may be a small, important process while the real hog keeps running.' });
      });
    },
  },
  {
    id: 'SYS022', severity: 'information', title: 'vm.oom_dump_tasks disabled', docUrl: vmDoc('oom_dump_tasks'),
    check(input, report) {
      eachInt(input, ['vm.oom_dump_tasks'], (e, n) => {
        if (n !== 0) return;
        report({
          range: valueRange(e),
          message: 'With vm.oom_dump_tasks = 0 an OOM report has no task table, so afterwards you cannot see which processes held the memory. Keep it at 1 unless the host runs so many tasks that the dump itself is a problem.',
          fixes: [{ title: 'Set vm.oom_dump_tasks = 1', isPreferred: true, edits: [replaceValue(e, '1')] }],
        });
      });
    },
  },
  valueRule('SYS023', 'hint', 'vm.overcommit_memory: out of range, or always-overcommit', vmDoc('overcommit_memory'), (input, report) => {
    eachInt(input, ['vm.overcommit_memory'], (e, n) => {
      if (n !== 1) return;
      // with panic_on_oom set, SYX011 reports always-overcommit and what it leads to
      if (panicsOnOom(input) && isEffective(input, e) && runs(input, 'SYX011')) return;
      report({
        range: valueRange(e), severity: 'hint',
        message: 'vm.overcommit_memory = 1 lets every allocation succeed, so running out shows up later as OOM kills rather than as a failed malloc. Even allocations that can never be backed by memory succeed. Common for Redis or scientific codes with sparse arrays; otherwise 0 is safer.',
      });
    });
  }),
  {
    id: 'SYS024', severity: 'information', title: 'Overcommit ratio/kbytes set while strict overcommit is off', docUrl: OVERCOMMIT_DOC,
    check(input, report) {
      const mode = intOf(eff(input, 'vm.overcommit_memory')?.entry.value) ?? 0;
      if (mode === 2) return;
      for (const e of assignments(input)) {
        if (e.key !== 'vm.overcommit_ratio' && e.key !== 'vm.overcommit_kbytes') continue;
        report({
          range: e.range,
          message: `${e.key} is only used in strict mode (vm.overcommit_memory = 2); the effective mode is ${mode}, so this line changes nothing.`,
          tags: ['unnecessary'],
        });
      }
    },
  },
  valueRule('SYS025', 'error', 'vm.swappiness out of range', vmDoc('swappiness'), undefined,
    input => compareVersion(input.settings.kernelVersion, '5.8') < 0 ? (n => n > 100 && n <= 200) : undefined),
  valueRule('SYS026', 'error', 'vm.dirty_ratio / vm.dirty_background_ratio out of 0–100', vmDoc('dirty_ratio')),
  valueRule('SYS027', 'error', 'vm.dirty_bytes below the two-page minimum', vmDoc('dirty_bytes'), (input, report) => {
    eachInt(input, ['vm.dirty_bytes'], (e, n) => {
      if (n <= 0 || n >= 8192) return;
      report({
        range: valueRange(e), severity: 'error',
        message: `vm.dirty_bytes = ${n} is below the two-page minimum, so the kernel refuses it and keeps the old setting. Two pages are 8192 bytes with 4 KiB pages. Use 0 to go back to vm.dirty_ratio, or a real amount such as 268435456 (256 MiB).`,
        fixes: [{ title: 'Set vm.dirty_bytes = 8192', edits: [replaceValue(e, '8192')] }, { title: 'Set vm.dirty_bytes = 0 (use vm.dirty_ratio)', edits: [replaceValue(e, '0')] }],
      });
    });
  }),
  valueRule('SYS028', 'error', 'vm.dirty_background_bytes negative', vmDoc('dirty_background_bytes')),
  {
    id: 'SYS029', severity: 'warning', title: 'vm.min_free_kbytes too low or very high', docUrl: vmDoc('min_free_kbytes'),
    check(input, report) {
      eachInt(input, ['vm.min_free_kbytes'], (e, n) => {
        if (n >= 0 && n < 1024) {
          report({
            range: valueRange(e), severity: 'warning',
            message: `vm.min_free_kbytes = ${n} leaves the kernel less than 1 MiB for its own emergency allocations; under load the machine can deadlock. Leave the boot-time default, or use at least 1024.`,
            fixes: [{ title: 'Set vm.min_free_kbytes = 1024', edits: [replaceValue(e, '1024')] }],
          });
        } else if (n >= 1024 * 1024) {
          report({
            range: valueRange(e), severity: 'hint',
            message: `vm.min_free_kbytes = ${n} (${formatKiB(n)}) is kept free and unusable for programs. Fine on a big machine; on a small one it causes OOM kills right after boot. Keep it well under 5 % of RAM.`,
          });
        }
      });
    },
  },
  valueRule('SYS030', 'error', 'vm.watermark_scale_factor out of range', vmDoc('watermark_scale_factor')),
  valueRule('SYS031', 'error', 'vm.watermark_boost_factor negative', vmDoc('watermark_boost_factor')),
  {
    id: 'SYS032', severity: 'hint', title: 'vm.admin_reserve_kbytes set to 0', docUrl: vmDoc('admin_reserve_kbytes'),
    check(input, report) {
      eachInt(input, ['vm.admin_reserve_kbytes'], (e, n) => {
        if (n !== 0) return;
        report({ range: valueRange(e), message: 'With no admin reserve, root may be unable to log in and kill the culprit once memory is exhausted. That is most likely with vm.overcommit_memory = 2. Keep the default, or about 131072 (128 MiB) in strict mode.' });
      });
    },
  },
  {
    id: 'SYS033', severity: 'warning', title: 'vm.user_reserve_kbytes set to 0', docUrl: vmDoc('user_reserve_kbytes'),
    check(input, report) {
      eachInt(input, ['vm.user_reserve_kbytes'], (e, n) => {
        if (n !== 0) return;
        report({ range: valueRange(e), message: 'With vm.user_reserve_kbytes = 0 one process may commit all memory in strict mode, leaving no room for a shell to kill it. Starting one fails with "fork: Cannot allocate memory". Leave the default (up to 128 MiB).' });
      });
    },
  },
  {
    id: 'SYS034', severity: 'warning', title: 'vm.vfs_cache_pressure set to 0', docUrl: vmDoc('vfs_cache_pressure'),
    check(input, report) {
      eachInt(input, ['vm.vfs_cache_pressure'], (e, n) => {
        if (n !== 0) return;
        report({
          range: valueRange(e),
          message: 'With vm.vfs_cache_pressure = 0 the kernel never reclaims dentry and inode caches, so they can fill memory until the OOM killer runs. A workload touching many files fills memory with them. Use a value above 0 (50 keeps them longer than the default 100).',
          fixes: [{ title: 'Set vm.vfs_cache_pressure = 50', edits: [replaceValue(e, '50')] }],
        });
      });
    },
  },
  valueRule('SYS035', 'error', 'vm.zone_reclaim_mode outside the 0–7 bitmask', vmDoc('zone_reclaim_mode')),
  {
    id: 'SYS036', severity: 'warning', title: 'vm.numa_zonelist_order other than node order', docUrl: vmDoc('numa_zonelist_order'),
    check(input, report) {
      checkRanges(input, report, 'SYS036');
    },
  },
  valueRule('SYS037', 'error', 'vm.compaction_proactiveness out of 0–100', vmDoc('compaction_proactiveness')),
  valueRule('SYS040', 'hint', 'kernel.panic: not a number, or reboot without delay', kDoc('panic'), (input, report) => {
    eachInt(input, ['kernel.panic'], (e, n) => {
      if (n >= 0) return;
      report({
        range: valueRange(e), severity: 'hint',
        message: `kernel.panic = ${n} reboots the instant the kernel panics: no time for the message to reach a serial console or netconsole. A small positive delay such as 10 still recovers automatically.`,
      });
    });
  }),
  valueRule('SYS041', 'error', 'kernel.panic_on_oops outside 0–1', kDoc('panic_on_oops')),
  valueRule('SYS042', 'hint', 'kernel.panic_on_warn / oops_limit / warn_limit make warnings fatal', kDoc('panic_on_warn'), (input, report) => {
    eachInt(input, ['kernel.panic_on_warn', 'kernel.oops_limit', 'kernel.warn_limit'], (e, n) => {
      const fatal = e.key === 'kernel.panic_on_warn' ? n === 1 : n === 1;
      if (!fatal) return;
      const what = e.key === 'kernel.panic_on_warn' ? 'every kernel warning (WARN_ON)' : e.key === 'kernel.oops_limit' ? 'the first oops (same as kernel.panic_on_oops = 1)' : 'the first kernel warning';
      report({ range: valueRange(e), severity: 'hint', docUrl: keyDoc(e.key)?.doc, message: `${e.key} = ${n} panics the machine on ${what}. Many warnings are harmless; expect reboots you would otherwise never notice.` });
    });
  }),
];

