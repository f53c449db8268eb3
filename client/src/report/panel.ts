/**
 * The OOM report webview: one panel per log, beside the log. The server computes the view model
 * (`oomLens/reportView`), html.ts turns it into a page; this file only moves messages between the
 * page and the editor (reveal a line, render an event on demand, export Markdown).
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { ReportView } from '../../../server/src/report/model';
import { renderMarkdown } from '../../../server/src/report/markdown';
import { renderEventSection, renderReportHtml } from './html';

export type RequestFn = (method: string, params: unknown) => Promise<unknown>;

interface OpenPanel { panel: vscode.WebviewPanel; view: ReportView; doc: vscode.TextDocument; selected?: number }

function nonce(): string {
  return crypto.randomBytes(16).toString('hex');
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
    const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('OOM Lens: open a kernel log (dmesg, kern.log, journal export) first, then run "Show OOM Report".');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const view = (await this.request('oomLens/reportView', { uri: doc.uri.toString() })) as ReportView | null;
    if (!view) {
      void vscode.window.showInformationMessage(`OOM Lens: ${baseName(uri)} is not read as a kernel log. Set its language to "OOM Log" to analyse it.`);
      return;
    }
    const selected = typeof eventIndex === 'number' && Number.isInteger(eventIndex) ? eventIndex : undefined;
    const key = doc.uri.toString();
    let open = this.panels.get(key);
    if (!open) {
      const panel = vscode.window.createWebviewPanel('oomLens.report', `OOM Report: ${baseName(uri)}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableFindWidget: true, localResourceRoots: [] });
      open = { panel, view, doc, selected };
      const entry = open;
      this.panels.set(key, entry);
      panel.onDidDispose(() => this.panels.delete(key));
      panel.webview.onDidReceiveMessage(m => void this.onMessage(entry, m));
    } else {
      open.view = view;
      open.doc = doc;
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
    if (m.type === 'reveal' && Number.isInteger(m.line)) {
      const line = Math.max(0, Math.min(m.line, open.doc.lineCount - 1));
      const range = open.doc.lineAt(line).range;
      const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === open.doc.uri.toString());
      const editor = await vscode.window.showTextDocument(open.doc, {
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
