/**
 * No "this line has no =" error on the line being typed.
 *
 * While a user types `Mem` on a new line of a unit (or `vm.swa` in a sysctl file), the server
 * rightly says the line is not an assignment yet; shown on every keystroke it is noise. The
 * client holds those diagnostics back on the line where the cursor is while that line is a bare
 * key prefix, and shows them as soon as the cursor leaves the line or the line becomes something
 * else. Every other diagnostic, and these ones on any other line, pass through untouched.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/** Rule ids of "line is not an assignment" (units, sysctl files). */
const NOT_AN_ASSIGNMENT = new Set(['SDU005', 'SYS003']);
/** A key being typed: letters first, then the characters of unit and sysctl keys, nothing else. */
const BARE_KEY = /^\s*-?[A-Za-z][\w.\-/*]*$/;

type Next = (uri: vscode.Uri, diagnostics: vscode.Diagnostic[]) => void;

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return c === undefined ? '' : typeof c === 'object' ? String(c.value) : String(c);
}

export class TypingLineFilter implements vscode.Disposable {
  /** The server's last diagnostics per document, with the client's function that shows them. */
  private readonly received = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[]; next: Next; held: number }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  readonly middleware: Middleware = {
    handleDiagnostics: (uri, diagnostics, next) => {
      const entry = { uri, diagnostics, next, held: 0 };
      this.received.set(uri.toString(), entry);
      this.show(entry);
    },
  };

  constructor() {
    this.subscriptions.push(
      vscode.window.onDidChangeTextEditorSelection(e => this.refresh(e.textEditor.document.uri)),
      vscode.window.onDidChangeActiveTextEditor(() => { for (const entry of this.received.values()) if (entry.held) this.show(entry); }),
      vscode.workspace.onDidCloseTextDocument(doc => this.received.delete(doc.uri.toString())),
    );
  }

  /** Line of the cursor in the active editor of `uri` when that line is a bare key prefix. */
  private typingLine(uri: vscode.Uri): number | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.toString() !== uri.toString() || !editor.selection.isEmpty) return undefined;
    const line = editor.selection.active.line;
    return BARE_KEY.test(editor.document.lineAt(line).text) ? line : undefined;
  }

  private show(entry: { uri: vscode.Uri; diagnostics: vscode.Diagnostic[]; next: Next; held: number }): void {
    const line = this.typingLine(entry.uri);
    const shown = line === undefined ? entry.diagnostics
      : entry.diagnostics.filter(d => !(d.range.start.line === line && NOT_AN_ASSIGNMENT.has(codeOf(d))));
    entry.held = entry.diagnostics.length - shown.length;
    entry.next(entry.uri, shown);
  }

  /** After a cursor move: show again what was held back, or hold back on the new line. */
  private refresh(uri: vscode.Uri): void {
    const entry = this.received.get(uri.toString());
    if (!entry) return;
    const line = this.typingLine(uri);
    const wouldHold = line !== undefined && entry.diagnostics.some(d => d.range.start.line === line && NOT_AN_ASSIGNMENT.has(codeOf(d)));
    if (entry.held || wouldHold) this.show(entry);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.received.clear();
  }
}
