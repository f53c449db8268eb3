/**
 * Editing a unit in real VS Code: quick fixes applied one after the other leave one assignment per
 * key; accepting a key from completion opens its value list; "no =" is not flagged on the line
 * being typed.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, codeOf, diagnosticsWithCode, sleep, until } from './helpers';

type Action = vscode.CodeAction | vscode.Command;

/** The code actions with an edit offered on the first `code` diagnostic whose titles match `title`. */
async function actionsFor(doc: vscode.TextDocument, code: string, title: RegExp): Promise<vscode.CodeAction[]> {
  const [diag] = await diagnosticsWithCode(doc.uri, code);
  assert.ok(diag, `${code} is reported`);
  const withEdit = (a: Action[] | undefined) => (a ?? []).filter((x): x is vscode.CodeAction => 'edit' in x && !!x.edit && title.test(x.title));
  const actions = await until(
    () => vscode.commands.executeCommand<Action[]>('vscode.executeCodeActionProvider', doc.uri, diag.range),
    a => withEdit(a).length > 0);
  console.log(`[oom-lens-it] ${code} actions: ${JSON.stringify((actions ?? []).map(a => a.title))}`);
  return withEdit(actions);
}

async function untitledUnit(content: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument({ language: 'systemd-unit', content });
  return { doc, editor: await vscode.window.showTextDocument(doc) };
}

suite('unit editing (real VS Code)', () => {
  suiteSetup(activateExtension);
  teardown(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  test('replace MemoryLimit= then move MemoryMax=: one MemoryMax= line, the choice of value explained', async () => {
    const { doc } = await untitledUnit('[Unit]\nDescription=api\nMemoryMax=2G\n\n[Service]\nExecStart=/bin/api\nMemoryLimit=1G\n');
    const [replace] = await actionsFor(doc, 'SDU009', /^Replace with MemoryMax=/);
    assert.ok(replace, 'SDU009 offers MemoryMax=');
    assert.ok(await vscode.workspace.applyEdit(replace.edit!));
    await until(() => vscode.languages.getDiagnostics(doc.uri), ds => !ds.some(d => codeOf(d) === 'SDU009'));
    const moves = await actionsFor(doc, 'SDU008', /MemoryMax/);
    const titles = moves.map(a => a.title);
    assert.deepStrictEqual(titles, [
      'Delete MemoryMax= here and keep MemoryMax=1G in [Service] (the value systemd uses now)',
      'Move MemoryMax=2G to [Service], replacing MemoryMax=1G there',
    ]);
    assert.ok(moves[0].isPreferred, 'keeping the value systemd uses is the preferred fix');
    assert.ok(await vscode.workspace.applyEdit(moves[1].edit!));
    assert.strictEqual(doc.getText(), '[Unit]\nDescription=api\n\n[Service]\nExecStart=/bin/api\nMemoryMax=2G\n');
  });

  test('a completed key reopens the suggest widget on its values', async () => {
    const { doc } = await untitledUnit('[Service]\nExecStart=/bin/api\nMemoryMax=1G\nMemoryH\n');
    const list = await until(
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(3, 7)),
      l => (l?.items ?? []).some(i => i.label === 'MemoryHigh'));
    const high = list.items.find(i => i.label === 'MemoryHigh');
    assert.ok(high, 'MemoryHigh is offered');
    assert.strictEqual(high.command?.command, 'editor.action.triggerSuggest', 'accepting it opens the next list');
    const max = list.items.find(i => i.label === 'MemoryMax');
    assert.match(String(max?.detail), /^already set: MemoryMax=1G \(line 3\)$/);
    assert.ok(String(max?.sortText) > String(high.sortText), 'the key already set sorts after the others');
    // what the reopened list shows once MemoryHigh= is in
    await vscode.window.activeTextEditor!.edit(e => e.replace(new vscode.Range(3, 0, 3, 7), 'MemoryHigh='));
    const values = await until(
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(3, 11)),
      l => (l?.items ?? []).some(i => i.label === 'infinity'));
    assert.ok(values.items.some(i => i.label === '1G'), `values after MemoryHigh=: ${JSON.stringify(values.items.map(i => i.label))}`);
  });

  test('"no =" waits while the cursor is on the key being typed', async () => {
    const { doc, editor } = await untitledUnit('[Service]\nExecStart=/bin/api\nBroken line\n\n');
    // the other line's error shows: diagnostics have arrived
    await diagnosticsWithCode(doc.uri, 'SDU005');
    // Restart=yes brings its own finding (SDU060): when it shows, the server has answered this edit
    await editor.edit(e => e.insert(new vscode.Position(3, 0), 'Restart=yes\nMemoryMa'));
    editor.selection = new vscode.Selection(4, 8, 4, 8);
    await diagnosticsWithCode(doc.uri, 'SDU060');
    // The cursor reaches the filter as a selection event, which can come after the server's answer
    // (the web worker answers within the edit's round trip): from the state that has it, the
    // finished bad line (2) is flagged and the key being typed (4) never is.
    const notAssignment = () => vscode.languages.getDiagnostics(doc.uri).filter(d => codeOf(d) === 'SDU005').map(d => d.range.start.line).sort();
    const typing = await until(notAssignment, l => l.includes(2) && !l.includes(4), 10_000);
    assert.deepStrictEqual(typing, [2], 'only the finished bad line is flagged, not the key being typed');
    const seen: number[][] = [];
    for (let i = 0; i < 10; i++) { await sleep(100); seen.push(notAssignment()); }
    assert.ok(seen.every(l => !l.includes(4)), `the key being typed was flagged: ${JSON.stringify(seen)}`);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const after = await until(() => vscode.languages.getDiagnostics(doc.uri).filter(d => codeOf(d) === 'SDU005').map(d => d.range.start.line).sort(),
      lines => lines.length === 2, 20_000);
    assert.deepStrictEqual(after, [2, 4], 'left unfinished, the line is flagged');
  });
});
