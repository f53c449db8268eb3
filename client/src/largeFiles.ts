/**
 * Logs too big for VS Code to give to extensions.
 *
 * VS Code does not pass files over 50 MB to extensions: such a kern.log opens with no OOM
 * highlighting, hovers, outline or diagnostics, and nothing says why. When one is opened, this
 * says so once (per file and session) and offers the OOM report, which the server builds from the
 * file on disk (server/src/lsp/node/diskLog.ts).
 */
import * as vscode from 'vscode';

/** VS Code's limit (TextModel._MODEL_SYNC_LIMIT): bigger files are not synchronised with extensions. */
export const SYNC_LIMIT = 50 * 1024 * 1024;

/** Names of files that may hold kernel logs (the oom-log language's patterns, and any *.log / *.txt). */
const LOG_NAME = /(^|\/)(kern\.log|dmesg|messages|syslog)[^/]*$|\.(log|dmesg|oom|txt|journal)$/i;

/** The file of a tab when it is a text file that extensions were not given. */
function hiddenFile(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  const input = tab?.input;
  if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'file') return undefined;
  const key = input.uri.toString();
  if (vscode.workspace.textDocuments.some(d => d.uri.toString() === key)) return undefined;
  return input.uri;
}

/** Size of a log file that is too big for extensions, else undefined. */
export async function tooBigForExtensions(tab: vscode.Tab | undefined): Promise<{ uri: vscode.Uri; size: number } | undefined> {
  const uri = hiddenFile(tab);
  if (!uri || !LOG_NAME.test(uri.path)) return undefined;
  const st = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
  return st && st.size > SYNC_LIMIT ? { uri, size: st.size } : undefined;
}

export class LargeLogNotice implements vscode.Disposable {
  private readonly told = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.window.tabGroups.onDidChangeTabs(e => { for (const tab of [...e.opened, ...e.changed]) void this.check(tab); });
    for (const group of vscode.window.tabGroups.all) for (const tab of group.tabs) void this.check(tab);
  }

  private async check(tab: vscode.Tab): Promise<void> {
    const big = await tooBigForExtensions(tab);
    if (!big || this.told.has(big.uri.toString())) return;
    this.told.add(big.uri.toString());
    const name = big.uri.path.slice(big.uri.path.lastIndexOf('/') + 1);
    const pick = await vscode.window.showInformationMessage(
      `OOM Lens: ${name} is ${Math.round(big.size / 1048576)} MB. VS Code does not give files over 50 MB to ` +
      'extensions, so this editor has no OOM highlighting, hovers, outline or diagnostics. ' +
      'The OOM report can still read it from disk.', 'Show OOM Report');
    if (pick) await vscode.commands.executeCommand('oomLens.showReport', big.uri);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
