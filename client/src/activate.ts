/**
 * What the Node client (extension.ts) and the browser client (browser.ts) share: the client
 * options and the UI the protocol has no words for (report view, status bar, log-mode switch).
 * All analysis happens in the server.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, DocumentSelector, LanguageClientOptions } from 'vscode-languageclient';
import { ReportPanels } from './report/panel';
import { OomStatusBar } from './report/statusBar';
import { LogLanguageSwitch } from './logMode';
import { TypingLineFilter } from './typingLine';
import { registerShowRanking } from './ranking';
import { serveWorkspaceFiles } from './workspaceFiles';

export type RequestFn = (method: string, params: unknown) => Promise<unknown>;

/** The languages the server reads (plain text and logs: when they hold an OOM report). */
export const LANGUAGES = ['oom-log', 'systemd-unit', 'sysctl', 'log', 'plaintext'];

export function clientOptions(context: vscode.ExtensionContext, documentSelector: DocumentSelector): LanguageClientOptions {
  const typing = new TypingLineFilter();
  context.subscriptions.push(typing);
  return {
    documentSelector,
    middleware: typing.middleware,
    synchronize: {
      configurationSection: 'oomLens',
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{*.service,*.socket,*.mount,*.automount,*.swap,*.slice,*.scope,*.timer,*.path,*.target,*.device,*.conf,sysctl.conf,.oom-lens.json}'),
    },
  };
}

/** Starts `client` and adds the shared UI; returns the function the UI sends its requests with. */
export async function startClient(context: vscode.ExtensionContext, client: BaseLanguageClient): Promise<RequestFn> {
  context.subscriptions.push(...serveWorkspaceFiles(client));
  await client.start();
  context.subscriptions.push({ dispose: () => void client.stop() });

  // OOM report webview and status bar (client/src/report/): UI only, the server computes the view model.
  const request: RequestFn = (method, params) => client.sendRequest(method, params);
  const reports = new ReportPanels(request);
  const statusBar = new OomStatusBar(request);
  context.subscriptions.push(
    reports,
    statusBar,
    new LogLanguageSwitch(),
    vscode.commands.registerCommand('oomLens.internal.hasEvents', () => statusBar.hasEvents),
    registerShowRanking(),
    vscode.commands.registerCommand('oomLens.showReport', (uri?: vscode.Uri | string, eventIndex?: number) => reports.show(uri, eventIndex)),
    vscode.commands.registerCommand('oomLens.internal.lastReportHtml', () => reports.lastHtml),
  );
  return request;
}
