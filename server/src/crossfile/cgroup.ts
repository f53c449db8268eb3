/**
 * cgroup paths from OOM reports → systemd unit names.
 *
 * systemd names every cgroup it creates after its unit: `/system.slice/app.service`,
 * `/user.slice/user-1000.slice/session-3.scope`, `/machine.slice/docker-<id>.scope`.
 * A service that delegates may have children below its own cgroup (`/system.slice/app.service/worker`),
 * so the unit is the last path component that carries a unit suffix.
 */
import type { WorkspaceFile } from '../common/service';

const UNIT_SUFFIX = /\.(service|scope|slice|socket|mount|swap)$/;

/** `app.service` for `/system.slice/app.service/worker`; null when no component names a unit. */
export function unitOfCgroupPath(path: string | undefined): string | null {
  if (!path) return null;
  const parts = path.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i].trim();
    if (p && p.length <= 256 && UNIT_SUFFIX.test(p)) return p;
  }
  return null;
}

/** Base name of a workspace path, with `/` or `\` separators. */
export function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

function dirName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(0, i) : '';
}

/**
 * The workspace files that configure `unit`: the unit file itself first, then its drop-ins
 * (`app.service.d/*.conf`), each sorted by path.
 */
export function filesOfUnit(unit: string, files: WorkspaceFile[]): WorkspaceFile[] {
  const main: WorkspaceFile[] = [];
  const dropIns: WorkspaceFile[] = [];
  for (const f of files) {
    const name = baseName(f.path);
    if (name === unit) main.push(f);
    else if (name.endsWith('.conf') && baseName(dirName(f.path)) === `${unit}.d`) dropIns.push(f);
  }
  const byPath = (a: WorkspaceFile, b: WorkspaceFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return [...main.sort(byPath), ...dropIns.sort(byPath)];
}
