/**
 * What the OOM logs of the workspace say about the unit being edited: shown in the hover of its
 * memory and OOM settings, and as a hint (SDU069) where a log shows the unit killed at a limit
 * that differs from the MemoryMax= written here (the running configuration was different).
 *
 * Logs open in the editor come with the server's own analysis; the others are parsed once per
 * text and cached. The unit file itself stays the only thing analysed on each keystroke.
 */
import type { WorkspaceView } from '../common/service';
import type { Finding } from '../common/types';
import { formatKiB } from '../common/size';
import { mdText } from '../common/markdown';
import { parseOomLog } from '../oomlog/parse';
import type { OomLogAnalysis } from '../oomlog/model';
import type { UnitModel } from '../unit/model';
import { parseMemory } from '../unit/values';
import { unitEvidence, type LogAnalysis, type LogFile, type UnitEvidence } from './unitEvidence';

/** Directives whose hover shows the log evidence. */
export const EVIDENCE_KEYS = new Set(['MemoryMax', 'MemoryHigh', 'MemoryLimit', 'MemorySwapMax', 'OOMScoreAdjust', 'OOMPolicy']);

export const LOG_MISMATCH_RULE = 'SDU069';

/** Logs parsed here from their text (callers without a background reader: the CLI, tests), by size. */
const cache = new Map<string, { text: string; analysis: OomLogAnalysis }>();
const CACHE_CHARS = 64 << 20;
let cachedChars = 0;

/** The file's analysis or facts: the editor's for an open log, the background reader's for one on disk (null while unread), else parsed once per text. */
function logOf(f: LogFile): LogAnalysis | null {
  if (f.oomFacts) { const facts = f.oomFacts(); return facts ? { uri: f.uri, facts } : null; }
  if (f.oomLog) { const analysis = f.oomLog(); return analysis ? { uri: f.uri, analysis } : null; }
  const hit = cache.get(f.uri);
  if (hit && hit.text === f.text) {
    cache.delete(f.uri); cache.set(f.uri, hit); // most recently used last
    return { uri: f.uri, analysis: hit.analysis };
  }
  if (hit) { cache.delete(f.uri); cachedChars -= hit.text.length; }
  const text = f.text;
  const analysis = parseOomLog(text);
  cache.set(f.uri, { text, analysis });
  cachedChars += text.length;
  for (const [uri, e] of cache) {
    if (cachedChars <= CACHE_CHARS || cache.size <= 1) break;
    cache.delete(uri); cachedChars -= e.text.length;
  }
  return { uri: f.uri, analysis };
}

/** MemoryMax= as it takes effect in this file, in bytes (Infinity for `infinity`), or undefined. */
function configuredMemoryMax(model: UnitModel): number | undefined {
  const e = model.last.get('MemoryMax');
  if (!e || !e.parsed) return undefined;
  const v = parseMemory(e.entry.value);
  if (v.kind === 'infinity') return Infinity;
  if (v.kind === 'bytes') return Number(v.bytes);
  return undefined;
}

export function evidenceFor(model: UnitModel, workspace: WorkspaceView): UnitEvidence | null {
  const unit = model.file.unitName;
  if (!unit || !unit.includes('.')) return null;
  const logs = workspace.logFiles();
  if (!logs.length) return null;
  const analysed: LogAnalysis[] = [];
  for (const f of logs) {
    const log = logOf(f);
    if (log) analysed.push(log);
  }
  const ev = unitEvidence(unit, analysed, configuredMemoryMax(model));
  return ev.events.length ? ev : null;
}

/** What the hover says when the logs were not all read (still reading, or past the workspace bounds). */
export function evidenceNoteMarkdown(note: string | undefined, found: boolean): string {
  if (!note) return '';
  return `${found ? '' : '\n---\n'}\n_${found ? 'Evidence limited' : 'No OOM report for this unit in the logs read so far'}: ${mdText(note)}_`;
}

export function evidenceMarkdown(ev: UnitEvidence): string {
  const lines = ['', '---', `**In the workspace logs:** ${mdText(ev.unit)} had ${ev.kills} OOM kill${ev.kills === 1 ? '' : 's'}`
    + ` in ${ev.events.length} report${ev.events.length === 1 ? '' : 's'}.`];
  const byUser = ev.events.filter(e => e.killer);
  if (byUser.length) {
    const who = [...new Set(byUser.map(e => e.killer))].join(', ');
    lines.push('', `${byUser.length} of them by ${who} from user space (memory pressure or swap use of the machine, not this unit's own limit).`);
  }
  if (ev.limitsKiB.length) lines.push('', `Limit the kernel enforced: ${ev.limitsKiB.map(formatKiB).join(', ')}.`);
  if (ev.peakRssKiB !== undefined) lines.push('', `Largest process seen: ${mdText(ev.peakRssProcess ?? '?')} at ${formatKiB(ev.peakRssKiB)} resident.`);
  for (const m of ev.mismatches.slice(0, 3)) lines.push('', `⚠ ${m.markdown}`);
  return lines.join('\n');
}

/** SDU069: a log shows this unit killed at another limit than the MemoryMax= written here. */
export function evidenceFindings(model: UnitModel, ev: UnitEvidence | null): Finding[] {
  const e = model.last.get('MemoryMax');
  if (!ev || !e || !ev.mismatches.length) return [];
  const first = ev.mismatches[0];
  const others = ev.mismatchCount > 1 ? ` (${ev.mismatchCount} reports disagree)` : '';
  return [{
    ruleId: LOG_MISMATCH_RULE,
    severity: 'hint',
    message: first.message + others,
    range: e.entry.valueRange,
    docUrl: 'https://www.freedesktop.org/software/systemd/man/latest/systemd.resource-control.html#MemoryMax=bytes',
    related: ev.mismatches.slice(0, 5).map(m => ({
      uri: m.uri,
      range: { start: { line: m.line, character: 0 }, end: { line: m.line, character: 0 } },
      message: `logged limit ${formatKiB(m.loggedLimitKiB)}`,
    })),
  }];
}
