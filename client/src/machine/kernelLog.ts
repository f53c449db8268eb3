/**
 * **OOM Lens: Open This Machine's Kernel Log**: journalctl -k, else dmesg -T, else the syslog
 * files (read by the server: server/src/machine/kernelLog.ts), opened as a read-only `oom-log`
 * document of the `oom-lens-kernel-log` scheme, so every OOM-log feature works on it.
 */
import * as vscode from 'vscode';
import { SINCE_CHOICES, isSince, type Since } from '../../../server/src/lsp/protocol';

export const KERNEL_LOG_SCHEME = 'oom-lens-kernel-log';
type RequestFn = (method: string, params: unknown) => Promise<unknown>;
type Answer = { text: string; source: string; notes: string[] } | { error: string };

export class KernelLogProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly request: RequestFn) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(KERNEL_LOG_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Asks for the time range unless given, reads the log, opens it; returns the document or undefined with a message shown. */
  async open(since?: Since): Promise<vscode.TextDocument | undefined> {
    if (!isSince(since)) {
      const pick = await vscode.window.showQuickPick(SINCE_CHOICES.map(c => ({ label: c.label, value: c.value })), { title: "This machine's kernel log: from when?" });
      if (!pick) return undefined;
      since = pick.value;
    }
    const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the kernel log…' },
      () => this.request('oomLens/machine/kernelLog', { since }) as Promise<Answer>);
    if (!answer || 'error' in answer) {
      void vscode.window.showErrorMessage(answer?.error ?? 'The language server gave no answer.');
      return undefined;
    }
    // a plain name: the server and the report view show it as the file name
    const slug = SINCE_CHOICES.find(c => c.value === since)!.label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const uri = vscode.Uri.from({ scheme: KERNEL_LOG_SCHEME, path: `/kernel-log-${slug}.oom` });
    this.texts.set(uri.toString(), answer.text);
    this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'oom-log') doc = await vscode.languages.setTextDocumentLanguage(doc, 'oom-log');
    await vscode.window.showTextDocument(doc, { preview: false });
    const events = (answer.text.match(/invoked oom-killer|Memory cgroup out of memory|Out of memory: Kill/g) ?? []).length;
    void vscode.window.showInformationMessage(`Kernel log from ${answer.source}${events ? '' : ': no OOM report in it'}. ${answer.notes.join(' ')}`.trim());
    return doc;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
