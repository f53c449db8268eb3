/**
 * Logs that VS Code opens in its built-in Log mode (`*.log`, `*.log.1`) or as plain text.
 *
 * The OOM grammar, the report button and the outline are tied to the `oom-log` language, so a
 * `node-7.log` holding an OOM report would show none of them. A document of language `log` or
 * `plaintext` that contains an OOM report is switched to `oom-log` when it opens, and when an
 * edit (a paste) brings one in; setting `oomLens.logs.switchLanguage` turns this off. A user who
 * sets the language back is not overruled: that document is left alone for the session.
 */
import * as vscode from 'vscode';
import { looksLikeOomLog } from '../../server/src/lsp/protocol';

const SWITCHABLE = new Set(['log', 'plaintext']);
/**
 * Workspace files and new documents (not output channels, diffs or other views): `file` in Node's
 * extension host; in the web-worker host the workspace's own file systems (vscode-remote:
 * code-server and remotes; vscode-vfs: github.dev and vscode.dev; vscode-test-web).
 */
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-test-web']);

export class LogLanguageSwitch implements vscode.Disposable {
  /** Documents switched once: if they come back as `log`/`plaintext`, the user chose so. */
  private readonly switched = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument(doc => void this.check(doc, () => doc.getText())),
      vscode.workspace.onDidChangeTextDocument(e => {
        // only the inserted text is read: a paste of a report carries its markers
        if (e.contentChanges.some(c => c.text.length > 0)) void this.check(e.document, () => e.contentChanges.map(c => c.text).join('\n'));
      }),
    );
    for (const doc of vscode.workspace.textDocuments) void this.check(doc, () => doc.getText());
  }

  private enabled(doc: vscode.TextDocument): boolean {
    return vscode.workspace.getConfiguration('oomLens', doc.uri).get<boolean>('logs.switchLanguage', true);
  }

  private async check(doc: vscode.TextDocument, text: () => string): Promise<void> {
    if (!SWITCHABLE.has(doc.languageId) || !SCHEMES.has(doc.uri.scheme)) return;
    const key = doc.uri.toString();
    if (this.switched.has(key) || !this.enabled(doc) || !looksLikeOomLog(text())) return;
    this.switched.add(key);
    try {
      await vscode.languages.setTextDocumentLanguage(doc, 'oom-log');
    } catch (e) {
      // the document was closed meanwhile: nothing to switch
      if (!doc.isClosed) void vscode.window.showWarningMessage(`OOM Lens: could not switch ${doc.uri.path.split('/').pop()} to OOM Log: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
