/**
 * VS Code side of OOM Lens in Node's extension host: starts the language server as a Node process
 * and adds what needs this machine (logs too big for extensions, read from disk; the live-machine
 * views). The rest is shared with the browser client (activate.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { LargeLogNotice } from './largeFiles';
import { registerMachine } from './machine';
import { KERNEL_LOG_SCHEME } from './machine/kernelLog';
import { clientOptions, LANGUAGES, startClient } from './activate';
import { CODE_CACHE_ENV, SERVER_ENV, SERVER_NODE_FLAGS } from '../../server/src/lsp/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const setting = vscode.workspace.getConfiguration('oomLens').get<string>('server.transport', 'ipc');
  const transport = setting === 'stdio' ? TransportKind.stdio : TransportKind.ipc;
  // fresh options per entry (the client writes into them); `env` is added to process.env, not instead.
  // The server keeps V8's code cache of its bundle in our global storage (faster start-up), in a
  // directory of its own that it creates 0700 (the storage itself may be group-writable: umask 002).
  const env = { ...SERVER_ENV, [CODE_CACHE_ENV]: vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath };
  const options = () => ({ execArgv: [...SERVER_NODE_FLAGS], env: { ...env } });
  const serverOptions: ServerOptions = { run: { module, transport, options: options() }, debug: { module, transport, options: options() } };
  const documentSelector = LANGUAGES.flatMap(language => [
    { scheme: 'file', language }, { scheme: 'untitled', language },
  ]);
  documentSelector.push({ scheme: KERNEL_LOG_SCHEME, language: 'oom-log' });
  client = new LanguageClient('oomLens', 'OOM Lens', serverOptions, clientOptions(context, documentSelector));
  const request = await startClient(context, client);
  context.subscriptions.push(new LargeLogNotice()); // the server reads such logs from disk for their report
  registerMachine(context, request); // the live machine: Processes view, kernel log, drop-ins, drift (client/src/machine/)
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
