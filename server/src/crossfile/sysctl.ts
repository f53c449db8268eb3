/**
 * What the rest of the workspace adds to a sysctl file: the other sysctl files it is applied with
 * (merged in systemd-sysctl's order by sysctl/merge.ts) and the memory limits the workspace's
 * units set (SYX004: vm.panic_on_oom = 2 panics on every cgroup OOM they can cause).
 */
import type { DocumentContext, WorkspaceFile } from '../common/service';
import type { SysctlWorkspaceHooks } from '../sysctl';
import type { UnitLimit } from '../sysctl/rule';
import { parseUnitFile } from '../unit/parse';

/** Unit settings whose limit makes the kernel run a cgroup OOM. */
const LIMIT_KEYS = new Set(['MemoryMax', 'MemorySwapMax', 'MemoryHigh']);

/** Enough to name the units in one message and point at them. */
const MAX_LIMITS = 20;

/** The memory limits set in `units`, at most MAX_LIMITS. */
export function unitLimits(units: readonly WorkspaceFile[]): UnitLimit[] {
  const out: UnitLimit[] = [];
  for (const f of units) {
    for (const e of parseUnitFile(f.text, f.path).entries) {
      if (!e.section || !LIMIT_KEYS.has(e.key)) continue;
      const v = e.value.trim();
      if (!v || v === 'infinity') continue;
      out.push({ uri: f.uri, path: f.path, line: e.range.start.line, start: e.range.start.character, end: e.range.end.character, text: `${e.key}=${v}` });
      if (out.length >= MAX_LIMITS) return out;
    }
  }
  return out;
}

export const sysctlWorkspace: SysctlWorkspaceHooks = {
  siblings: (ctx: DocumentContext) => ctx.workspace ? ctx.workspace.sysctlFiles().filter(f => f.uri !== ctx.uri && f.path !== ctx.path) : [],
  unitLimits: (ctx: DocumentContext) => unitLimits(ctx.workspace.unitFiles()),
};
