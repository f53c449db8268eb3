/**
 * LSP requests about the machine the server runs on (the one that holds the workspace: local,
 * SSH, WSL or a container). Read-only; the work is in server/src/machine/.
 *   oomLens/machine/processes  → `oom-lens ps --json` of this machine
 *   oomLens/machine/kernelLog  { since } → { text, source, notes } | { error }
 *   oomLens/machine/dropInTargets { uri } → the events of an open log whose cgroup names a unit
 *   oomLens/machine/dropIn     { uri, eventIndex, choice, headroomPct? } → DropInDraft | { error }
 *   oomLens/machine/drift      { uri } → DriftFinding[] for an open sysctl or unit file (information)
 */
import type { Connection } from 'vscode-languageserver/node';
import { takeSnapshot } from '../machine/rank';
import { snapshotJson } from '../machine/snapshotJson';
import { directorySource } from '../machine/source';
import { isSince, readKernelLog } from '../machine/kernelLog';
import { execRunner, tailFile } from '../machine/exec';
import { draftDropIn, dropInTarget, type DropInChoice } from '../machine/dropin';
import { type OomLogAnalysis, endLineOf } from '../oomlog/model';
import type { WorkspaceFile } from '../common/service';
import { parseShow, SHOW_PROPERTIES, sysctlDrift, unitDrift, unitOfFile, type DriftFinding } from '../machine/drift';

/** What the requests need from the server's open documents and workspace listing. */
export interface MachineHost {
  /** The analysis of an open OOM-log document (null: not open, not a log, or still being read). */
  logAnalysis(uri: string): OomLogAnalysis | null;
  /** An open document's text, path and language, or null. */
  document(uri: string): { text: string; path: string; lang: string | null } | null;
  /** The workspace's sysctl files (open documents and files on disk). */
  sysctlFiles(): WorkspaceFile[];
}

const CHOICES: readonly DropInChoice[] = ['limits', 'protect', 'oomd'];

export function registerMachineRequests(connection: Connection, host: MachineHost): void {
  const logAnalysis = (uri: string) => host.logAnalysis(uri);
  connection.onRequest('oomLens/machine/processes', () => {
    const snap = takeSnapshot(directorySource('/'));
    if ('error' in snap) return { error: snap.error };
    return snapshotJson(snap, snap.processes);
  });
  connection.onRequest('oomLens/machine/kernelLog', async (p: { since?: unknown }) => {
    const since = isSince(p?.since) ? p.since : 'boot';
    try {
      return await readKernelLog(since, execRunner(), tailFile);
    } catch (e) {
      return { error: `Reading the kernel log failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  });
  connection.onRequest('oomLens/machine/dropInTargets', (p: { uri?: unknown }) => {
    const a = typeof p?.uri === 'string' ? logAnalysis(p.uri) : null;
    if (!a) return [];
    const out: unknown[] = [];
    for (const ev of a.events) {
      const t = dropInTarget(ev);
      if (t) out.push({ eventIndex: ev.index, startLine: ev.startLine, endLine: endLineOf(ev), unit: t.unit, limitHere: t.limitHere, peakKiB: t.peakKiB ?? null });
    }
    return out;
  });
  connection.onRequest('oomLens/machine/dropIn', (p: { uri?: unknown; eventIndex?: unknown; choice?: unknown; headroomPct?: unknown }) => {
    const a = typeof p?.uri === 'string' ? logAnalysis(p.uri) : null;
    if (!a) return { error: 'The log is not open (or is still being read); try again in a moment.' };
    const ev = a.events.find(e => e.index === p.eventIndex);
    if (!ev) return { error: 'That OOM event is no longer in the log (it was edited); pick it again.' };
    const t = dropInTarget(ev);
    if (!t) return { error: 'This event\'s cgroup names no systemd unit: there is no unit to write a drop-in for.' };
    const choice = CHOICES.includes(p.choice as DropInChoice) ? p.choice as DropInChoice : 'limits';
    const headroom = typeof p.headroomPct === 'number' && p.headroomPct >= 0 && p.headroomPct <= 400 ? p.headroomPct : 25;
    return draftDropIn(t, choice, headroom);
  });
  connection.onRequest('oomLens/machine/drift', async (p: { uri?: unknown }): Promise<DriftFinding[] | { error: string }> => {
    const doc = typeof p?.uri === 'string' ? host.document(p.uri) : null;
    if (!doc) return [];
    if (doc.lang === 'sysctl') {
      const src = directorySource('/');
      const current: WorkspaceFile = { uri: p.uri as string, path: doc.path, text: doc.text };
      return sysctlDrift(current, host.sysctlFiles(), rel => src.read(`/proc/sys/${rel}`));
    }
    if (doc.lang !== 'systemd-unit') return [];
    const unit = unitOfFile(doc.text, doc.path);
    if (!unit) return [];
    const r = await execRunner(10_000, 1024 * 1024)('systemctl', ['show', ...SHOW_PROPERTIES.map(k => `--property=${k}`), '--', unit]);
    if (r.errorCode === 'ENOENT') return { error: 'systemctl is not installed here: unit drift cannot be checked.' };
    if (r.code !== 0 || r.errorCode) return { error: `systemctl show ${unit} failed: ${(r.stderr.trim().split('\n')[0] || r.errorMessage) ?? `exit ${r.code}`}` };
    return unitDrift(doc.text, doc.path, parseShow(r.stdout));
  });
}
