/**
 * `oomLens.showRanking [uri, line, character]`: the ranking part of an event's code lens. It puts
 * the cursor on the victim in the kill line and opens the hover there, which explains the
 * badness ranking (top tasks, why this victim); the lens's other part opens the report view.
 */
import * as vscode from 'vscode';

export function registerShowRanking(): vscode.Disposable {
  return vscode.commands.registerCommand('oomLens.showRanking', async (uri?: string, line?: number, character?: number) => {
    if (typeof uri !== 'string' || !Number.isInteger(line) || !Number.isInteger(character)) return;
    const at = new vscode.Position(line!, character!);
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(at, at), preserveFocus: false });
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand('editor.action.showHover');
  });
}
