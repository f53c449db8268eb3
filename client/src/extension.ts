/**
 * VS Code side of OOM Lens: starts the language server and adds the bits of UI the protocol has
 * no words for. All analysis happens in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { ReportPanels } from './report/panel';
import { OomStatusBar } from './report/statusBar';
import { LargeLogNotice } from './largeFiles';
import { registerMachine } from './machine';
import { KERNEL_LOG_SCHEME } from './machine/kernelLog';
import { LogLanguageSwitch } from './logMode';
import { TypingLineFilter } from './typingLine';
import { registerShowRanking } from './ranking';
import { CODE_CACHE_ENV, SERVER_ENV, SERVER_NODE_FLAGS } from '../../server/src/launch';

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
  const documentSelector = ['oom-log', 'systemd-unit', 'sysctl', 'log', 'plaintext'].flatMap(language => [
    { scheme: 'file', language }, { scheme: 'untitled', language },
  ]);
  documentSelector.push({ scheme: KERNEL_LOG_SCHEME, language: 'oom-log' });
  const typing = new TypingLineFilter();
  context.subscriptions.push(typing);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    middleware: typing.middleware,
    synchronize: {
      configurationSection: 'oomLens',
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{*.service,*.socket,*.mount,*.automount,*.swap,*.slice,*.scope,*.timer,*.path,*.target,*.device,*.conf,sysctl.conf,.oom-lens.json}'),
    },
  };
  client = new LanguageClient('oomLens', 'OOM Lens', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });

  // OOM report webview and status bar (client/src/report/): UI only, the server computes the view model.
  const request = (method: string, params: unknown) => client!.sendRequest(method, params);
  const reports = new ReportPanels(request);
  const statusBar = new OomStatusBar(request);
  context.subscriptions.push(
    reports,
    statusBar,
    new LargeLogNotice(),
    new LogLanguageSwitch(),
    vscode.commands.registerCommand('oomLens.internal.hasEvents', () => statusBar.hasEvents),
    registerShowRanking(),
    vscode.commands.registerCommand('oomLens.showReport', (uri?: vscode.Uri | string, eventIndex?: number) => reports.show(uri, eventIndex)),
    vscode.commands.registerCommand('oomLens.internal.lastReportHtml', () => reports.lastHtml),
  );
  registerMachine(context, request); // the live machine: Processes view, kernel log, drop-ins, drift (client/src/machine/)
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
