/**
 * Diagnostics: sent once per document after the current work (scheduled, so a burst of edits
 * validates once), and again for the files whose findings depend on other files when those change.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { toDiagnostic } from '../features/convert';
import type { AnalysisCache } from './analyses';
import type { DocumentStore } from './documents';
import type { SettingsStore } from './settings';
import { soon } from './tick';

export class Validation {
  private readonly pending = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly docs: DocumentStore,
    private readonly analyses: AnalysisCache,
    private readonly settings: SettingsStore,
    private readonly safe: <T>(fallback: T, fn: () => T) => T,
  ) {}

  schedule(uri: string): void {
    if (this.pending.has(uri)) return;
    this.pending.add(uri);
    soon(() => {
      this.pending.delete(uri);
      this.validate(uri);
    });
  }

  private validate(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    const diagnostics = this.safe<Diagnostic[]>([], () => {
      const out: Diagnostic[] = [];
      for (const f of this.analyses.findingsOf(uri)) out.push(toDiagnostic(f, f.severity, uri)); // severities applied by the cores
      return out;
    });
    this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  }

  /**
   * Files whose findings depend on other files: sysctl (merge order, SYX004) and units (SYX004,
   * what the workspace's OOM logs say). An edit inside a log only counts once saved: re-reading a
   * huge log for every unit on each keystroke would stall the server.
   */
  revalidateDependents(changed: string, how: 'open' | 'change' | 'save' | 'close'): void {
    const changedDoc = this.docs.get(changed);
    if (how === 'change' && changedDoc && this.docs.languageOf(changedDoc) === 'oom-log') return;
    this.revalidateCrossFile(changed);
  }

  revalidateCrossFile(except?: string): void {
    for (const d of this.docs.all()) {
      if (d.uri === except) continue;
      const lang = this.docs.languageOf(d);
      if (lang === 'sysctl' || lang === 'systemd-unit') {
        // cross-file results live in the analysis too: drop it so the next request recomputes
        this.analyses.entries.delete(d.uri);
        this.schedule(d.uri);
      }
    }
  }

  /**
   * Unit and sysctl results depend on the target versions; OOM-log analyses do not (only their
   * findings carry the rule severities), so a huge log is not re-read on a settings change.
   */
  dropSettingsDependentAnalyses(): void {
    this.settings.clearProjectFiles();
    for (const [uri, e] of this.analyses.entries) if (e.lang !== 'oom-log') this.analyses.entries.delete(uri); else e.findings = undefined;
    for (const d of this.docs.all()) this.schedule(d.uri);
  }
}
