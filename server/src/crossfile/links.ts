/**
 * Document links from cgroup paths in an OOM report to the unit files that create those cgroups:
 * `task_memcg=/system.slice/app.service` → app.service (or its drop-ins) when the workspace has it.
 */
import type { DocumentContext } from '../common/service';
import type { LinkEntry } from '../common/types';
import type { OomLogAnalysis } from '../oomlog/model';
import { filesOfUnit, unitOfCgroupPath } from './cgroup';

/** Field keys (see model.ts) whose value is a cgroup path. */
const PATH_KEYS = new Set([
  'summary.oom_memcg', 'summary.task_memcg', 'memcg.task_in', 'memcg.limit_of', 'group.path',
  'memcg.stats_path', 'memcg.limit_reached',
]);

function isPathField(key: string): boolean {
  return PATH_KEYS.has(key) || key.endsWith('memcg') || key.endsWith('.path');
}

export function oomLogLinks(analysis: OomLogAnalysis, ctx: DocumentContext): LinkEntry[] {
  const links: LinkEntry[] = [];
  let unitFiles: ReturnType<DocumentContext['workspace']['unitFiles']> | undefined;
  const resolved = new Map<string, { target: string; tooltip: string } | null>();
  for (const ev of analysis.events) {
    for (const f of analysis.fields.withKey(ev, isPathField)) {
      if (!f.raw.startsWith('/')) continue;
      const unit = unitOfCgroupPath(f.raw);
      if (!unit) continue;
      let hit = resolved.get(unit);
      if (hit === undefined) {
        unitFiles ??= ctx.workspace.unitFiles();
        const files = filesOfUnit(unit, unitFiles);
        hit = files.length
          ? { target: files[0].uri, tooltip: files.length > 1 ? `Open ${unit} (${files.length - 1} more file${files.length > 2 ? 's' : ''} configure it)` : `Open ${unit}` }
          : null;
        resolved.set(unit, hit);
      }
      if (!hit) continue;
      // Link only the unit's own component: `/system.slice/app.service/worker` underlines `app.service`.
      const at = f.raw.lastIndexOf(unit);
      const range = f.range.start.line === f.range.end.line && at >= 0 && f.range.end.character - f.range.start.character === f.raw.length
        ? { start: { line: f.range.start.line, character: f.range.start.character + at }, end: { line: f.range.start.line, character: f.range.start.character + at + unit.length } }
        : f.range;
      links.push({ range, target: hit.target, tooltip: hit.tooltip });
    }
  }
  return links;
}
