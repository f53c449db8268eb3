/**
 * Drift: does the machine run what the workspace says?
 *   - a sysctl file against /proc/sys (the value the running kernel has), taking the workspace's
 *     own later files into account (sysctl/merge.ts: systemd-sysctl's order);
 *   - a unit file against `systemctl show` of the loaded unit, for the memory and OOM settings.
 * Pure: the caller supplies /proc/sys reads and the `systemctl show` properties. Findings are
 * information, never errors: the workspace may well describe another machine.
 */
import type { WorkspaceFile } from '../common/service';
import { effective, mergeFiles } from '../sysctl/merge';
import { parseUnitFile } from '../unit/parse';
import { parseMemory, parsePermyriad, formatBytes } from '../unit/values';

export interface DriftFinding {
  line: number;
  start: number;
  end: number;
  message: string;
}

function norm(v: string): string {
  return v.trim().split(/\s+/).join(' ');
}

function fileName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/**
 * @param readProcSys reads `/proc/sys/<path>` (path with `/` separators); undefined when the key
 *   does not exist on this kernel or cannot be read (then nothing is said about it)
 */
export function sysctlDrift(current: WorkspaceFile, others: WorkspaceFile[], readProcSys: (path: string) => string | undefined): DriftFinding[] {
  const merged = mergeFiles(others, current);
  const mine = merged.files.find(f => f.uri === current.uri);
  if (!mine) return [];
  const out: DriftFinding[] = [];
  for (const e of mine.parsed.entries) {
    if (e.kind !== 'assign' || e.glob || e.value === null || e.repeatedSep) continue;
    const running = readProcSys(e.segments.map(s => s.text).join('/'));
    if (running === undefined || norm(running) === norm(e.value)) continue;
    const eff = effective(merged, e.key);
    const shown = `${e.key} = ${norm(e.value)}`;
    let message: string;
    if (eff && eff.entry !== e && eff.entry.value !== null && norm(eff.entry.value) === norm(running)) {
      message = `This file sets ${shown}, but ${fileName(eff.file.path)} (line ${eff.entry.line + 1}) is applied after it and sets ${norm(eff.entry.value)}, which is what the running kernel has.`;
    } else {
      const later = eff && eff.entry !== e && eff.entry.value !== null ? ` (${fileName(eff.file.path)}, applied after this file, sets ${norm(eff.entry.value)})` : '';
      message = `This file sets ${shown}; the running kernel has ${norm(running)}${later} — not applied yet (\`sysctl --system\` or a reboot applies it), overridden by a file outside this workspace, or this workspace describes another machine.`;
    }
    out.push({ line: e.line, start: e.valueStart, end: e.valueEnd, message });
  }
  return out;
}

/** The properties `systemctl show` is asked for. */
export const SHOW_PROPERTIES = [
  'LoadState', 'NeedDaemonReload', 'FragmentPath', 'DropInPaths',
  'MemoryMin', 'MemoryLow', 'MemoryHigh', 'MemoryMax', 'MemorySwapMax',
  'OOMScoreAdjust', 'OOMPolicy',
  'ManagedOOMSwap', 'ManagedOOMMemoryPressure', 'ManagedOOMMemoryPressureLimit', 'ManagedOOMPreference',
] as const;

/** `Key=value` lines of `systemctl show` → a map. */
export function parseShow(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

type Kind = 'memory' | 'int' | 'word' | 'percent';
const COMPARED: Record<string, Kind> = {
  MemoryMin: 'memory', MemoryLow: 'memory', MemoryHigh: 'memory', MemoryMax: 'memory', MemorySwapMax: 'memory',
  OOMScoreAdjust: 'int', OOMPolicy: 'word',
  ManagedOOMSwap: 'word', ManagedOOMMemoryPressure: 'word', ManagedOOMMemoryPressureLimit: 'percent', ManagedOOMPreference: 'word',
};
/** What systemctl shows for a setting the unit leaves alone (memory: none and infinity). */
const U64_MAX = '18446744073709551615';

/** A value in a form both sides share, or undefined when it cannot be compared (percentages of RAM, empty resets). */
function canonical(kind: Kind, v: string, fromShow: boolean): string | undefined {
  const t = v.trim();
  if (kind === 'memory') {
    if (fromShow) return t === 'infinity' || t === U64_MAX ? 'infinity' : /^\d+$/.test(t) ? t : undefined;
    const m = parseMemory(t);
    return m.kind === 'infinity' ? 'infinity' : m.kind === 'bytes' ? m.bytes.toString() : undefined;
  }
  if (kind === 'int') return /^-?\d+$/.test(t) ? String(Number(t)) : undefined;
  if (kind === 'percent') {
    const p = parsePermyriad(t);
    return p === null ? undefined : String(p);
  }
  return t || undefined;
}

function readable(kind: Kind, canon: string): string {
  if (kind === 'memory' && canon !== 'infinity') return formatBytes(BigInt(canon));
  if (kind === 'percent') return `${Number(canon) / 100}%`;
  return canon;
}

/** Unit names systemctl is asked about: a plain unit name, never an option. */
export function isUnitName(name: string): boolean {
  return name.length <= 255 && /^[A-Za-z0-9:_.\\@-]+\.(service|socket|slice|mount|swap|scope)$/.test(name) && !name.startsWith('-');
}

/** The unit a file configures (a drop-in configures its parent), or null. */
export function unitOfFile(text: string, path: string): string | null {
  const u = parseUnitFile(text, path).unitName;
  return u && isUnitName(u) ? u : null;
}

/**
 * @param show `systemctl show` of the unit, parsed; a unit that is not loaded gives no findings
 */
export function unitDrift(text: string, path: string, show: Record<string, string>): DriftFinding[] {
  if (show.LoadState !== 'loaded') return [];
  const file = parseUnitFile(text, path);
  const last = new Map<string, (typeof file.entries)[number]>();
  for (const e of file.entries) if (e.section && COMPARED[e.key] !== undefined) last.set(e.key, e);
  const out: DriftFinding[] = [];
  const where = show.FragmentPath ? ` (loaded from ${show.FragmentPath}${show.DropInPaths ? ` and ${show.DropInPaths.split(' ').filter(Boolean).length} drop-in${show.DropInPaths.split(' ').filter(Boolean).length === 1 ? '' : 's'}` : ''})` : '';
  const reload = show.NeedDaemonReload === 'yes'
    ? 'systemd says unit files changed since the last daemon-reload: `sudo systemctl daemon-reload` is needed'
    : 'daemon-reload needed? Or this file is not the one installed, or a drop-in overrides it';
  for (const [key, e] of last) {
    const kind = COMPARED[key];
    const mine = canonical(kind, e.value, false);
    const running = show[key] !== undefined ? canonical(kind, show[key], true) : undefined;
    if (mine === undefined || running === undefined || mine === running) continue;
    out.push({
      line: e.valueRange.start.line, start: e.valueRange.start.character, end: e.valueRange.end.line === e.valueRange.start.line ? e.valueRange.end.character : e.valueRange.start.character + e.value.length,
      message: `This file sets ${key}=${e.value}; the loaded ${file.unitName}${where} has ${readable(kind, running)} — ${reload}.`,
    });
  }
  return out;
}
