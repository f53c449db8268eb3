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

/** systemd-sysctl's search directories (sysctl.d(5)), relative to the root they are under. */
const SEARCH_DIRS = ['etc/sysctl.d', 'run/sysctl.d', 'usr/local/lib/sysctl.d', 'usr/lib/sysctl.d', 'lib/sysctl.d'];

/**
 * Which files `path` is applied together with: systemd-sysctl reads the files directly in its
 * search directories and /etc/sysctl.conf as one set (under the same root, so a copy of a root
 * file system in the workspace counts as one); any other file, including one in a subfolder of a
 * search directory (never read: SYS044), only with the files of its own folder (a folder of files
 * meant for one sysctl.d). Undefined when the path is unknown (an unsaved document).
 */
export function applySet(path: string): string | undefined {
  if (!path) return undefined;
  const p = '/' + path.replace(/\\/g, '/').replace(/^\/+/, '');
  if (p.endsWith('/etc/sysctl.conf')) return `search:${p.slice(0, -'etc/sysctl.conf'.length)}`;
  // the first search directory on the path is where the root ends (the rest is the file's name)
  for (const d of SEARCH_DIRS) {
    const k = p.indexOf(`/${d}/`);
    if (k >= 0 && p.indexOf('/', k + d.length + 2) < 0) return `search:${p.slice(0, k + 1)}`;
  }
  return `folder:${p.slice(0, p.lastIndexOf('/'))}`;
}

/** The other sysctl files the workspace holds that are applied together with ctx's file. */
function siblings(ctx: DocumentContext) {
  if (!ctx.workspace) return [];
  const set = applySet(ctx.path);
  return ctx.workspace.sysctlFiles().filter(f => f.uri !== ctx.uri && f.path !== ctx.path && (set === undefined || applySet(f.path) === set));
}

export const sysctlWorkspace: SysctlWorkspaceHooks = {
  siblings,
  unitLimits: (ctx: DocumentContext) => unitLimits(ctx.workspace.unitFiles()),
};
