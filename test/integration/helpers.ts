/** Helpers for the integration suite (runs inside the real VS Code extension host). */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'oom-lens.oom-lens';

/**
 * True when the suite runs in the browser's web-worker extension host (test/integration/web.ts
 * sets it before loading the tests): the extension's browser build with the server as a web
 * worker; no file system of the machine, no child processes.
 */
export const WEB_HOST = (globalThis as { OOM_LENS_WEB_HOST?: boolean }).OOM_LENS_WEB_HOST === true;

export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the suite needs test/fixtures/workspace');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function open(...segments: string[]): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(...segments));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

/**
 * Calls `fn` until `ok` accepts its result or the deadline passes; returns the last result.
 * Features answer nothing until the extension has activated and the server has started.
 */
export async function until<T>(fn: () => Thenable<T> | T, ok: (v: T) => boolean, timeoutMs = 45_000, stepMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await fn();
  while (!ok(last) && Date.now() < deadline) {
    await sleep(stepMs);
    last = await fn();
  }
  return last;
}

export async function activateExtension(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  if (!ext.isActive) await ext.activate();
}

/** The diagnostic code as a string, whether VS Code gives it plain or as { value, target }. */
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}

export async function diagnosticsWithCode(uri: vscode.Uri, code: string, timeoutMs = 45_000): Promise<vscode.Diagnostic[]> {
  const all = await until(() => vscode.languages.getDiagnostics(uri), ds => ds.some(d => codeOf(d) === code), timeoutMs);
  if (!all.some(d => codeOf(d) === code)) {
    console.log(`[oom-lens-it] diagnostics for ${uri.path}: ${JSON.stringify(all.map(d => `${codeOf(d)} ${d.message}`))}`);
  }
  return all.filter(d => codeOf(d) === code);
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
}
