/** The live-machine part of the client: the Processes view, the kernel-log command, drop-ins from a log, drift. */
import * as vscode from 'vscode';
import { ProcessesView } from './processesView';
import { KernelLogProvider } from './kernelLog';
import { DropInActions } from './dropIn';
import { DriftDiagnostics } from './drift';

type RequestFn = (method: string, params: unknown) => Promise<unknown>;

export function registerMachine(context: vscode.ExtensionContext, request: RequestFn): void {
  const processes = new ProcessesView(request);
  const kernelLog = new KernelLogProvider(request);
  const dropIns = new DropInActions(request);
  context.subscriptions.push(new DriftDiagnostics(request));
  context.subscriptions.push(
    processes,
    kernelLog,
    dropIns,
    vscode.commands.registerCommand('oomLens.createDropIn', (uri?: vscode.Uri, eventIndex?: number, choice?: never) => dropIns.create(uri, eventIndex, choice)),
    vscode.commands.registerCommand('oomLens.processes.refresh', () => processes.refresh()),
    vscode.commands.registerCommand('oomLens.openKernelLog', (since?: unknown) => kernelLog.open(typeof since === 'string' ? since as never : undefined)),
    vscode.commands.registerCommand('oomLens.internal.processRows', () => processes.rowsForTest()),
    vscode.commands.registerCommand('oomLens.internal.processFetches', () => processes.fetches),
  );
}
