/**
 * The OOM report webview: one panel per log, beside the log. The server computes the view model
 * (`oomLens/reportView`), html.ts turns it into a page; this file only moves messages between the
 * page and the editor (reveal a line, render an event on demand, export Markdown).
 */
import * as vscode from 'vscode';
import { renderMarkdown, type ReportView } from '../../../server/src/lsp/protocol';
import { renderEventSection, renderReportHtml } from './html';

export type RequestFn = (method: string, params: unknown) => Promise<unknown>;

/** `doc` is missing for a log VS Code did not open for extensions (over 50 MB): the server read it from disk. */
interface OpenPanel { panel: vscode.WebviewPanel; view: ReportView; uri: vscode.Uri; doc?: vscode.TextDocument; selected?: number }

function nonce(): string {
  // Web Crypto: there in Node 20's extension host and in the browser's web worker alike
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The file of the active editor tab. For a file over 50 MB VS Code makes no TextEditor for
 * extensions (activeTextEditor is undefined), but the tab still names it.
 */
export function activeFileUri(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor?.document.uri;
  if (editor) return editor;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText ? input.uri : undefined;
}

function baseName(uri: vscode.Uri): string {
  const p = uri.path;
  return p.slice(p.lastIndexOf('/') + 1) || p;
}

export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The last HTML given to a webview (for the integration tests' `oomLens.internal.lastReportHtml`). */
  lastHtml = '';

  constructor(private readonly request: RequestFn) {
    this.subscriptions.push(vscode.workspace.onDidChangeTextDocument(e => {
      if (!this.panels.has(e.document.uri.toString())) return;
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => void this.refresh(e.document.uri.toString()), 600);
    }));
  }

  /** `oomLens.showReport [uri, eventIndex]`: uri as Uri or string; default the active editor. */
  async show(arg?: vscode.Uri | string, eventIndex?: unknown): Promise<void> {
    const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : activeFileUri();
    if (!uri) {
      void vscode.window.showInformationMessage('OOM Lens: open a kernel log (dmesg, kern.log, journal export) first, then run "Show OOM Report".');
      return;
    }
    // VS Code does not open files over 50 MB for extensions: the server then reads the file from disk
    const doc = await Promise.resolve(vscode.workspace.openTextDocument(uri)).catch(() => undefined);
    let view: ReportView | null;
    try {
      view = (await this.request('oomLens/reportView', { uri: (doc?.uri ?? uri).toString() })) as ReportView | null;
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return;
    }
    if (!view) {
      void vscode.window.showInformationMessage(doc
        ? `OOM Lens: ${baseName(uri)} is not read as a kernel log. Set its language to "OOM Log" to analyse it.`
        : `OOM Lens: could not read ${baseName(uri)}.`);
      return;
    }
    const selected = typeof eventIndex === 'number' && Number.isInteger(eventIndex) ? eventIndex : undefined;
    const key = (doc?.uri ?? uri).toString();
    let open = this.panels.get(key);
    if (!open) {
      const panel = vscode.window.createWebviewPanel('oomLens.report', `OOM Report: ${baseName(uri)}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableFindWidget: true, localResourceRoots: [] });
      open = { panel, view, uri: doc?.uri ?? uri, doc, selected };
      const entry = open;
      this.panels.set(key, entry);
      panel.onDidDispose(() => this.panels.delete(key));
      panel.webview.onDidReceiveMessage(m => void this.onMessage(entry, m));
    } else {
      open.view = view;
      open.doc = doc;
      open.uri = doc?.uri ?? uri;
      open.selected = selected;
      open.panel.reveal(undefined, true);
    }
    this.render(open);
  }

  private render(open: OpenPanel): void {
    const html = renderReportHtml(open.view, { nonce: nonce(), selected: open.selected });
    open.panel.webview.html = html;
    this.lastHtml = html;
  }

  private async refresh(key: string): Promise<void> {
    const open = this.panels.get(key);
    if (!open) return;
    const view = (await this.request('oomLens/reportView', { uri: key })) as ReportView | null;
    if (!view || !this.panels.has(key)) return;
    open.view = view;
    this.render(open);
  }

  private async onMessage(open: OpenPanel, m: any): Promise<void> {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'reveal' && Number.isInteger(m.line) && !open.doc) {
      // a file VS Code keeps from extensions: the workbench itself opens it at the line
      const at = new vscode.Position(Math.max(0, m.line), 0);
      await vscode.commands.executeCommand('vscode.open', open.uri, { selection: new vscode.Range(at, at), preserveFocus: false, viewColumn: vscode.ViewColumn.One });
    } else if (m.type === 'reveal' && Number.isInteger(m.line) && open.doc) {
      const line = Math.max(0, Math.min(m.line, open.doc.lineCount - 1));
      const range = open.doc.lineAt(line).range;
      const doc = open.doc;
      const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === doc.uri.toString());
      const editor = await vscode.window.showTextDocument(doc, {
        viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false, selection: range,
      });
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else if (m.type === 'expand' && Number.isInteger(m.index)) {
      const ev = open.view.events.find(e => e.index === m.index);
      if (ev) void open.panel.webview.postMessage({ type: 'eventHtml', index: ev.index, html: renderEventSection(ev) });
    } else if (m.type === 'exportMarkdown') {
      const md = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderMarkdown(open.view) });
      await vscode.window.showTextDocument(md, { viewColumn: vscode.ViewColumn.Active });
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const p of this.panels.values()) p.panel.dispose();
    this.panels.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
