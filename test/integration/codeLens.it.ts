/** The two parts of an event's code lens do different things: the verdict opens the ranking hover, the other the report. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, open, until } from './helpers';

suite('code lens (real VS Code)', () => {
  suiteSetup(activateExtension);

  test('verdict → ranking at the victim in the kill line; "Show OOM report" → the report', async () => {
    const doc = await open('ubuntu-5.4-two-reports.dmesg');
    const lenses = await until(
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri),
      l => (l?.length ?? 0) >= 2);
    const [verdict, report] = lenses;
    console.log(`[oom-lens-it] lenses: ${JSON.stringify(lenses.slice(0, 2).map(l => [l.command?.title, l.command?.command]))}`);
    assert.match(String(verdict.command?.title), /^Victim: containerd-shim \(3143527\) — ranked #1 of 129 by badness \(3 at oom_score_adj -1000 not ranked\)/);
    assert.strictEqual(verdict.command?.command, 'oomLens.showRanking');
    assert.strictEqual(report.command?.command, 'oomLens.showReport');
    await vscode.commands.executeCommand(verdict.command!.command, ...(verdict.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.match(line, /Killed process 3143527 \(containerd-shim\)/, 'the cursor is on the kill line');
    assert.strictEqual(line.indexOf('containerd-shim', line.indexOf('Killed process')), editor.selection.active.character, 'on the victim name');
  });
});
