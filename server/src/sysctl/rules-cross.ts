/** Cross-key and cross-file rules (spec Table B §3.3): SYX001–SYX011, on the merged configuration. */
import type { Fix } from '../common/types';
import { compareVersion, KERNEL_DOC, OVERCOMMIT_DOC, VM_DOC } from './catalog';
import { insertAfter, replaceValue } from './edits';
import type { Setting } from './merge';
import { clip, eff, inCurrent, reportOnParticipants, type Rule, type RuleInput } from './rule';
import { intOf } from './values';

const vmDoc = (leaf: string) => `${VM_DOC}#${leaf.replace(/_/g, '-')}`;
const num = (s: Setting | undefined): number | null => intOf(s?.entry.value);

/** Quick fix: make kernel.panic non-zero, next to the setting that panics. */
function addPanicTimeout(input: RuleInput, self: Setting, panic: Setting | undefined): Fix[] {
  if (panic && inCurrent(input, panic)) {
    return [{ title: 'Set kernel.panic = 10 (reboot 10 s after a panic)', isPreferred: true, edits: [replaceValue(panic.entry, '10')] }];
  }
  if (self.entry.key === 'kernel.panic') return [];
  return [{ title: 'Add kernel.panic = 10 (reboot 10 s after a panic)', isPreferred: true, edits: [insertAfter(input.parsed, self.entry.line, 'kernel.panic = 10')] }];
}

function panicState(input: RuleInput): { panic: Setting | undefined; timeout: number } {
  const panic = eff(input, 'kernel.panic');
  return { panic, timeout: num(panic) ?? 0 };
}

const HANG_KEYS: { key: string; fatal: (n: number) => boolean; what: string }[] = [
  { key: 'kernel.panic_on_oops', fatal: n => n !== 0, what: 'an oops' },
  { key: 'kernel.oops_limit', fatal: n => n === 1, what: 'the first oops' },
  { key: 'kernel.softlockup_panic', fatal: n => n !== 0, what: 'a soft lockup' },
  { key: 'kernel.hardlockup_panic', fatal: n => n !== 0, what: 'a hard lockup' },
  { key: 'kernel.hung_task_panic', fatal: n => n !== 0, what: 'a hung task' },
  { key: 'kernel.panic_on_warn', fatal: n => n !== 0, what: 'any kernel warning' },
  { key: 'kernel.panic_on_rcu_stall', fatal: n => n !== 0, what: 'an RCU stall' },
];

export const CROSS_RULES: Rule[] = [
  {
    id: 'SYX001', severity: 'warning', title: 'panic_on_oom panics, kernel.panic = 0 never reboots', docUrl: vmDoc('panic_on_oom'),
    check(input, report) {
      const oom = eff(input, 'vm.panic_on_oom');
      const mode = num(oom);
      if (mode !== 1 && mode !== 2) return;
      const { panic, timeout } = panicState(input);
      if (timeout !== 0) return;
      reportOnParticipants(input, [oom, panic], report, self => ({
        message: `vm.panic_on_oom = ${mode} panics on out-of-memory and kernel.panic is ${panic ? '0' : 'not set'}, so the machine then hangs instead of rebooting. The default of kernel.panic is 0: after the panic the machine stays down until someone power-cycles it. Add kernel.panic = 10 to reboot 10 s after the panic, or set vm.panic_on_oom = 0.`,
        fixes: [
          ...addPanicTimeout(input, self, panic),
          ...(self === oom ? [{ title: 'Set vm.panic_on_oom = 0 instead', edits: [replaceValue(oom.entry, '0')] }] : []),
        ],
      }));
    },
  },
  {
    id: 'SYX002', severity: 'warning', title: 'Other panic settings with kernel.panic = 0', docUrl: `${KERNEL_DOC}#panic`,
    check(input, report) {
      const { panic, timeout } = panicState(input);
      if (timeout !== 0) return;
      for (const h of HANG_KEYS) {
        const s = eff(input, h.key);
        const n = num(s);
        if (!s || n === null || !h.fatal(n)) continue;
        reportOnParticipants(input, [s, panic], report, self => ({
          message: `${h.key} = ${n} panics the kernel on ${h.what}, and kernel.panic is ${panic ? '0' : 'not set (default 0)'}: the machine then hangs instead of rebooting. Add kernel.panic = 10 (reboot after 10 s).`,
          fixes: addPanicTimeout(input, self, panic),
        }));
      }
    },
  },
  {
    id: 'SYX003', severity: 'information', title: 'oom_kill_allocating_task has no effect while panic_on_oom is set', docUrl: vmDoc('oom_kill_allocating_task'),
    check(input, report) {
      const oom = eff(input, 'vm.panic_on_oom');
      const kill = eff(input, 'vm.oom_kill_allocating_task');
      if (!num(oom) || !num(kill)) return;
      reportOnParticipants(input, [kill, oom], report, () => ({
        message: `vm.oom_kill_allocating_task = ${clip(kill!.entry.value)} does nothing while vm.panic_on_oom = ${clip(oom!.entry.value)}: the panic comes first, so no task is chosen. Remove one of the two.`,
        tags: ['unnecessary'],
      }));
    },
  },
  {
    id: 'SYX004', severity: 'warning', title: 'panic_on_oom = 2 with units that set memory limits', docUrl: vmDoc('panic_on_oom'),
    check(input, report) {
      const oom = eff(input, 'vm.panic_on_oom');
      if (num(oom) !== 2 || !inCurrent(input, oom)) return;
      const limits = input.unitLimits();
      if (!limits.length) return;
      const names = [...new Set(limits.map(l => l.path.split('/').pop()))];
      report({
        range: oom!.entry.range,
        message: `vm.panic_on_oom = 2 panics on any cgroup OOM too, so one service reaching its memory limit takes the whole host down. Units with a memory limit: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} (${limits[0].text}). Use vm.panic_on_oom = 1 (cgroup OOMs then only kill inside the cgroup) or 0.`,
        related: limits.map(l => ({ uri: l.uri, range: { start: { line: l.line, character: l.start }, end: { line: l.line, character: l.end } }, message: l.text })),
        fixes: [
          { title: 'Set vm.panic_on_oom = 1 (panic only on system-wide OOM)', isPreferred: true, edits: [replaceValue(oom!.entry, '1')] },
          { title: 'Set vm.panic_on_oom = 0', edits: [replaceValue(oom!.entry, '0')] },
        ],
      });
    },
  },
  {
    id: 'SYX005', severity: 'warning', title: 'Strict overcommit with a small overcommit_ratio', docUrl: OVERCOMMIT_DOC,
    check(input, report) {
      const mode = eff(input, 'vm.overcommit_memory');
      if (num(mode) !== 2) return;
      const kbytes = eff(input, 'vm.overcommit_kbytes');
      if ((num(kbytes) ?? 0) > 0) return;
      const ratioS = eff(input, 'vm.overcommit_ratio');
      const ratio = num(ratioS) ?? 50;
      if (ratio >= 80) return;
      reportOnParticipants(input, [mode, ratioS], report, self => ({
        message: `vm.overcommit_memory = 2 (strict) with vm.overcommit_ratio = ${ratio}${ratioS ? '' : ' (default)'}: the commit limit becomes swap + ${ratio} % of RAM. Without swap, programs can only reserve ${ratio} % of memory; beyond that malloc and fork fail ("Cannot allocate memory") while free still shows plenty. Raise vm.overcommit_ratio (80–95) or set vm.overcommit_kbytes.`,
        fixes: ratioS && inCurrent(input, ratioS)
          ? [{ title: 'Set vm.overcommit_ratio = 90', isPreferred: true, edits: [replaceValue(ratioS.entry, '90')] }]
          : self === mode ? [{ title: 'Add vm.overcommit_ratio = 90', isPreferred: true, edits: [insertAfter(input.parsed, self.entry.line, 'vm.overcommit_ratio = 90')] }] : [],
      }));
    },
  },
  {
    id: 'SYX006', severity: 'warning', title: 'overcommit_ratio and overcommit_kbytes both set', docUrl: vmDoc('overcommit_kbytes'),
    check(input, report) {
      const ratio = eff(input, 'vm.overcommit_ratio');
      const kb = eff(input, 'vm.overcommit_kbytes');
      if (!num(ratio) || !num(kb)) return;
      const [first, last] = ratio!.order < kb!.order ? [ratio!, kb!] : [kb!, ratio!];
      reportOnParticipants(input, [ratio, kb], report, () => ({
        message: `vm.overcommit_ratio and vm.overcommit_kbytes exclude each other, so ${first.entry.key} = ${clip(first.entry.value, 30)} is lost. Writing one sets the other to 0. ${last.entry.key} is applied last, so ${first.entry.key} = ${clip(first.entry.value)} ends up 0. Keep only one.`,
      }));
    },
  },
  {
    id: 'SYX007', severity: 'information', title: 'Strict overcommit with a small admin reserve', docUrl: vmDoc('admin_reserve_kbytes'),
    check(input, report) {
      const mode = eff(input, 'vm.overcommit_memory');
      if (num(mode) !== 2) return;
      const admin = eff(input, 'vm.admin_reserve_kbytes');
      const v = num(admin);
      if (v !== null && v > 8192) return;
      reportOnParticipants(input, [mode, admin], report, self => ({
        message: `Under strict overcommit a small admin reserve can keep root from logging in to recover when the commit limit is reached. The reserve (vm.admin_reserve_kbytes) is ${v ?? 'the default, at most 8192'}. About 131072 (128 MiB) is advised on x86_64.`,
        fixes: admin && inCurrent(input, admin)
          ? [{ title: 'Set vm.admin_reserve_kbytes = 131072', edits: [replaceValue(admin.entry, '131072')] }]
          : self === mode ? [{ title: 'Add vm.admin_reserve_kbytes = 131072', edits: [insertAfter(input.parsed, self.entry.line, 'vm.admin_reserve_kbytes = 131072')] }] : [],
      }));
    },
  },
  {
    id: 'SYX008', severity: 'warning', title: 'Background dirty threshold not below the dirty threshold', docUrl: vmDoc('dirty_background_ratio'),
    check(input, report) {
      const pairs: [string, string, number, number][] = [
        ['vm.dirty_background_ratio', 'vm.dirty_ratio', 10, 20],
        ['vm.dirty_background_bytes', 'vm.dirty_bytes', 0, 0],
      ];
      const bytesMode = (num(eff(input, 'vm.dirty_bytes')) ?? 0) > 0 || (num(eff(input, 'vm.dirty_background_bytes')) ?? 0) > 0;
      for (const [bgKey, fgKey, bgDef, fgDef] of pairs) {
        const bg = eff(input, bgKey);
        const fg = eff(input, fgKey);
        if (!bg && !fg) continue;
        const b = num(bg) ?? bgDef;
        const f = num(fg) ?? fgDef;
        if (bgKey.endsWith('ratio') && bytesMode) continue;
        if (!b || !f || b < f) continue;
        reportOnParticipants(input, [bg, fg], report, () => ({
          message: `${bgKey} = ${b} is not below ${fgKey} = ${f}${fg ? '' : ' (default)'}${bg ? '' : ' (background default)'}, so the kernel uses half of ${fgKey} instead. Set ${bgKey} lower than ${fgKey}.`,
        }));
      }
    },
  },
  {
    id: 'SYX009', severity: 'warning', title: 'Ratio and bytes variants of a dirty limit both set', docUrl: vmDoc('dirty_bytes'),
    check(input, report) {
      for (const [rKey, bKey] of [['vm.dirty_ratio', 'vm.dirty_bytes'], ['vm.dirty_background_ratio', 'vm.dirty_background_bytes']]) {
        const r = eff(input, rKey);
        const b = eff(input, bKey);
        if (!num(r) || !num(b)) continue;
        const [first, last] = r!.order < b!.order ? [r!, b!] : [b!, r!];
        reportOnParticipants(input, [r, b], report, () => ({
          message: `${rKey} and ${bKey} set the same limit, so ${first.entry.key} = ${clip(first.entry.value, 30)} is lost. Writing one sets the other to 0. ${last.entry.key} is applied last, so ${first.entry.key} = ${clip(first.entry.value)} is lost. Keep only one.`,
        }));
      }
    },
  },
  {
    id: 'SYX010', severity: 'error', title: 'vm.swappiness above 100 on a kernel before 5.8', docUrl: vmDoc('swappiness'),
    check(input, report) {
      if (compareVersion(input.settings.kernelVersion, '5.8') >= 0) return;
      for (const e of input.parsed.entries) {
        if (e.key !== 'vm.swappiness' || e.kind !== 'assign') continue;
        const n = intOf(e.value);
        if (n === null || n <= 100 || n > 200) continue;
        report({
          range: { start: { line: e.line, character: e.valueStart }, end: { line: e.line, character: e.valueEnd } },
          message: `vm.swappiness = ${n} needs Linux 5.8 or later, so kernel ${clip(input.settings.kernelVersion, 20)} rejects the write and keeps the old value. The limit was 100 before 5.8; the target kernel is set by oomLens.kernel.version. Use 100 at most.`,
          fixes: [{ title: 'Set vm.swappiness = 100', isPreferred: true, edits: [replaceValue(e, '100')] }],
        });
      }
    },
  },
  {
    id: 'SYX011', severity: 'information', title: 'Always-overcommit together with panic_on_oom', docUrl: vmDoc('overcommit_memory'),
    check(input, report) {
      const mode = eff(input, 'vm.overcommit_memory');
      const oom = eff(input, 'vm.panic_on_oom');
      if (num(mode) !== 1 || !num(oom)) return;
      reportOnParticipants(input, [mode, oom], report, () => ({
        message: `vm.overcommit_memory = 1 makes running out of memory more likely, and with vm.panic_on_oom = ${clip(oom!.entry.value, 20)} that means a kernel panic. Always-overcommit lets programs reserve far more memory than exists. Consider overcommit mode 0.`,
      }));
    },
  },
];

