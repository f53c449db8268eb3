/**
 * Logs that VS Code opens in its Log mode (`*.log`): a document holding an OOM report is switched
 * to `oom-log` (setting `oomLens.logs.switchLanguage`), and the editor-title "Show OOM Report"
 * button follows the context key `oomLens.hasEvents`, whatever the language id.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, open, until, workspaceFile } from './helpers';

const LOG = 'node-7.log';

function languageOf(uri: vscode.Uri): string | undefined {
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString())?.languageId;
}

/** A workspace file's text through VS Code (the same in the Node and the web-worker extension host). */
async function readText(name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(name)));
}

const hasEvents = () => vscode.commands.executeCommand<boolean | undefined>('oomLens.internal.hasEvents');

suite('Log mode (real VS Code)', () => {
  suiteSetup(activateExtension);
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('oomLens').update('logs.switchLanguage', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a .log with an OOM report opens as oom-log', async () => {
    const doc = await open(LOG);
    const lang = await until(() => languageOf(doc.uri), l => l === 'oom-log', 20_000);
    assert.strictEqual(lang, 'oom-log', `language of ${LOG}`);
    const pkg = vscode.extensions.getExtension('oom-lens.oom-lens')!.packageJSON;
    const title = pkg.contributes.menus['editor/title'].find((m: { command: string }) => m.command === 'oomLens.showReport');
    assert.strictEqual(title.when, 'oomLens.hasEvents', 'the title button follows the context key');
  });

  test('the title-button context key is set on a log with events and cleared on a unit file', async () => {
    await open(LOG);
    assert.strictEqual(await until(hasEvents, v => v === true, 20_000), true, 'hasEvents on node-7.log');
    await open('app.service');
    assert.strictEqual(await until(hasEvents, v => v === false, 20_000), false, 'no events in app.service');
  });

  test('with switchLanguage off a Log-mode document keeps its language and still gets the button', async () => {
    await vscode.workspace.getConfiguration('oomLens').update('logs.switchLanguage', false, vscode.ConfigurationTarget.Workspace);
    const text = await readText(LOG);
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content: text });
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(await until(hasEvents, v => v === true, 20_000), true, 'hasEvents on an untitled Log document with a report');
    assert.strictEqual(languageOf(doc.uri), 'log', 'the language is left alone');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('with switchLanguage on, a report pasted into a Log document switches it', async () => {
    await vscode.workspace.getConfiguration('oomLens').update('logs.switchLanguage', true, vscode.ConfigurationTarget.Workspace);
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content: 'INFO starting\n' });
    const editor = await vscode.window.showTextDocument(doc);
    assert.strictEqual(languageOf(doc.uri), 'log');
    const report = await readText(LOG);
    await editor.edit(e => e.insert(new vscode.Position(1, 0), report));
    assert.strictEqual(await until(() => languageOf(doc.uri), l => l === 'oom-log', 20_000), 'oom-log');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
