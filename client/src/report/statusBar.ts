/**
 * Status bar item for kernel logs: how many OOM events the server found; click opens the report.
 * It also sets the context key `oomLens.hasEvents` (the active editor's document has at least one
 * OOM event), which shows the editor-title "Show OOM Report" button whatever the language id.
 */
import * as vscode from 'vscode';
import type { ReportSummary } from '../../../server/src/lsp/protocol';
import type { RequestFn } from './panel';
import { tooBigForExtensions } from '../largeFiles';

const LOG_LANGUAGES = new Set(['oom-log', 'log', 'plaintext']);
/** Context key: the active editor's document has OOM events (package.json `menus`). */
export const HAS_EVENTS = 'oomLens.hasEvents';

export class OomStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('oomLens.events', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** Last value given to the `oomLens.hasEvents` context key (read by the integration tests). */
  hasEvents: boolean | undefined;

  constructor(private readonly request: RequestFn) {
    this.item.name = 'OOM Lens events';
    this.item.command = 'oomLens.showReport';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(50)),
      vscode.window.tabGroups.onDidChangeTabs(() => this.schedule(50)),
      vscode.workspace.onDidChangeTextDocument(e => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule(800);
      }),
    );
    this.schedule(50);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), ms);
  }

  private async update(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const gen = ++this.generation;
    if (!doc) {
      // a log over 50 MB has no TextEditor for extensions; its report is read from disk on demand
      const big = await tooBigForExtensions(vscode.window.tabGroups.activeTabGroup.activeTab);
      if (gen !== this.generation) return;
      // a webview or other non-text tab keeps the key: the log's editor group still shows its button
      if (vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputText) this.setHasEvents(false);
      if (!big) { this.item.hide(); return; }
      this.item.text = '$(flame) OOM report';
      this.item.tooltip = `OOM Lens: this file is ${Math.round(big.size / 1048576)} MB; VS Code does not give files over 50 MB to extensions. Click to read it from disk into the OOM report.`;
      this.item.command = { title: 'Show OOM Report', command: 'oomLens.showReport', arguments: [big.uri] };
      this.item.show();
      return;
    }
    if (!LOG_LANGUAGES.has(doc.languageId)) { this.setHasEvents(false); this.item.hide(); return; }
    // the count and the first headline only: this runs on every edit, and a view model can be megabytes
    let summary: ReportSummary | null = null;
    try {
      summary = (await this.request('oomLens/reportSummary', { uri: doc.uri.toString() })) as ReportSummary | null;
    } catch {
      summary = null;
    }
    if (gen !== this.generation) return;
    const n = summary?.events ?? 0;
    this.setHasEvents(n > 0);
    if (!summary || (n === 0 && doc.languageId !== 'oom-log')) { this.item.hide(); return; }
    this.item.text = `$(flame) ${n} OOM event${n === 1 ? '' : 's'}`;
    this.item.tooltip = n ? `OOM Lens: ${summary.headline ?? ''}${n > 1 ? ` (+${n - 1} more)` : ''}. Click for the report.` : 'OOM Lens: no OOM-killer report in this file.';
    this.item.command = { title: 'Show OOM Report', command: 'oomLens.showReport', arguments: [doc.uri] };
    this.item.show();
  }

  private setHasEvents(value: boolean): void {
    if (value === this.hasEvents) return;
    this.hasEvents = value;
    void vscode.commands.executeCommand('setContext', HAS_EVENTS, value);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
