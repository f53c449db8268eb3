import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, codeOf, diagnosticsWithCode, open, until } from './helpers';

suite('systemd unit (real VS Code)', () => {
  suiteSetup(activateExtension);

  test('a .service file opens as systemd-unit', async () => {
    assert.strictEqual((await open('app.service')).languageId, 'systemd-unit');
  });

  test('MemoryLimit= gets SDU009 and its quick fix turns it into MemoryMax=', async () => {
    const doc = await open('app.service');
    const [diag] = await diagnosticsWithCode(doc.uri, 'SDU009');
    assert.ok(diag, 'SDU009 is reported on MemoryLimit=');
    assert.match(doc.lineAt(diag.range.start.line).text, /^MemoryLimit=/);
    const actions = await until(
      () => vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, diag.range),
      a => (a ?? []).some(x => 'edit' in x && !!x.edit));
    const fix = (actions ?? []).find((a): a is vscode.CodeAction =>
      'edit' in a && !!a.edit && (a.diagnostics ?? []).some(d => codeOf(d) === 'SDU009'))
      ?? (actions ?? []).find((a): a is vscode.CodeAction => 'edit' in a && !!a.edit && /MemoryMax/.test(a.title));
    console.log(`[oom-lens-it] code actions: ${JSON.stringify((actions ?? []).map(a => a.title))}`);
    assert.ok(fix, 'a quick fix with an edit is offered for SDU009');
    try {
      assert.ok(await vscode.workspace.applyEdit(fix!.edit!), 'the edit applies');
      const text = doc.getText();
      assert.match(text, /^MemoryMax=1G$/m);
      assert.doesNotMatch(text, /^MemoryLimit=/m);
    } finally {
      // leave the fixture as it was for the other suites (nothing is saved to disk)
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
