/**
 * VS Code side of OOM Lens in the browser's web extension host (vscode.dev, github.dev): the
 * language server runs as a web worker (dist/web/server.js) and reads the workspace's files
 * through this client (workspaceFiles.ts). What needs a machine (the Processes view, its kernel
 * log, drop-ins and drift against it, logs too big for extensions read from disk) is not
 * registered here; the `oomLens.webWorker` context key hides its views and commands.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { clientOptions, LANGUAGES, startClient } from './activate';

let client: LanguageClient | undefined;

/** The browser's Worker, Blob and URL (the project compiles without the DOM types). */
type WorkerLike = ConstructorParameters<typeof LanguageClient>[3];
const web = globalThis as unknown as {
  Worker: new (url: string) => WorkerLike;
  Blob: new (parts: Uint8Array[], options: { type: string }) => unknown;
  URL: { createObjectURL(blob: unknown): string };
};

/**
 * The server's web worker. vscode.dev and github.dev serve extensions over https, and the worker
 * loads from there; an extension on a remote host (code-server, a development path) has a
 * vscode-remote: URI that a Worker cannot load, so the script is read through VS Code and started
 * from a blob: URL.
 */
async function serverWorker(context: vscode.ExtensionContext): Promise<WorkerLike> {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js');
  if (script.scheme === 'https' || script.scheme === 'http') return new web.Worker(script.toString(true));
  const bytes = await vscode.workspace.fs.readFile(script);
  return new web.Worker(web.URL.createObjectURL(new web.Blob([bytes], { type: 'text/javascript' })));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'oomLens.webWorker', true);
  const worker = await serverWorker(context);
  // every scheme: the workspace may be on github.dev's or vscode.dev's file system
  const documentSelector = LANGUAGES.map(language => ({ language }));
  client = new LanguageClient('oomLens', 'OOM Lens', clientOptions(context, documentSelector), worker);
  await startClient(context, client);
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
