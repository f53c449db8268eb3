/**
 * **Drift** (opt-in, `oomLens.drift.enabled`): information diagnostics where a workspace sysctl
 * file or unit file differs from what this machine runs (/proc/sys, `systemctl show`), computed
 * by the server (oomLens/machine/drift). Checked on open and on save; not in untrusted
 * workspaces, where unit names from the files would reach systemctl.
 */
import * as vscode from 'vscode';
import type { DriftFinding } from '../../../server/src/lsp/protocol';

type RequestFn = (method: string, params: unknown) => Promise<unknown>;
const LANGS = new Set(['sysctl', 'systemd-unit']);

export class DriftDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('oom-lens-drift');
  private readonly subscriptions: vscode.Disposable[] = [];
  /** systemctl problems already reported once (a message per open file would be noise). */
  private readonly told = new Set<string>();

  constructor(private readonly request: RequestFn) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument(d => void this.check(d)),
      vscode.workspace.onDidSaveTextDocument(d => void this.check(d)),
      vscode.workspace.onDidCloseTextDocument(d => this.collection.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('oomLens.drift')) this.checkAll(); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.checkAll()),
    );
    this.checkAll();
  }

  private enabled(): boolean {
    return vscode.workspace.isTrusted && vscode.workspace.getConfiguration('oomLens').get<boolean>('drift.enabled', false);
  }

  private checkAll(): void {
    if (!this.enabled()) { this.collection.clear(); return; }
    for (const d of vscode.workspace.textDocuments) void this.check(d);
  }

  /** Checks one document; returns its drift diagnostics (the integration suite reads them). */
  async check(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    if (!LANGS.has(doc.languageId) || doc.uri.scheme !== 'file' || !this.enabled()) return [];
    let r: DriftFinding[] | { error: string } | null;
    try {
      r = await this.request('oomLens/machine/drift', { uri: doc.uri.toString() }) as DriftFinding[] | { error: string } | null;
    } catch (e) {
      r = { error: `Drift check failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!r) return [];
    if (!Array.isArray(r)) {
      if (!this.told.has(r.error)) { this.told.add(r.error); void vscode.window.showInformationMessage(`OOM Lens drift: ${r.error}`); }
      return [];
    }
    const diags = r.map(f => {
      const d = new vscode.Diagnostic(new vscode.Range(f.line, f.start, f.line, Math.max(f.end, f.start + 1)), f.message, vscode.DiagnosticSeverity.Information);
      d.source = 'OOM Lens drift';
      d.code = 'drift';
      return d;
    });
    this.collection.set(doc.uri, diags);
    return diags;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
