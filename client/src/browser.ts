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

/** The web worker's own Worker constructor (the project compiles without the DOM types). */
type WorkerLike = ConstructorParameters<typeof LanguageClient>[3];
const WorkerCtor = (globalThis as unknown as { Worker: new (url: string) => WorkerLike }).Worker;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'oomLens.webWorker', true);
  const worker = new WorkerCtor(vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js').toString(true));
  // every scheme: the workspace may be on github.dev's or vscode.dev's file system
  const documentSelector = LANGUAGES.map(language => ({ language }));
  client = new LanguageClient('oomLens', 'OOM Lens', clientOptions(context, documentSelector), worker);
  await startClient(context, client);
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
