import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, hoverText, open, until } from './helpers';

const LOG = 'ubuntu-5.4-two-reports.dmesg';

suite('OOM log (real VS Code)', () => {
  suiteSetup(async () => {
    await open(LOG);
    await activateExtension();
  });

  test('a corpus log opens as oom-log, by extension and by file name', async () => {
    assert.strictEqual((await open(LOG)).languageId, 'oom-log');
    assert.strictEqual((await open('kern.log')).languageId, 'oom-log');
    assert.strictEqual((await open('k8s-memcg.oom')).languageId, 'oom-log');
  });

  test('hover on anon-rss explains it and converts the value to MiB', async () => {
    const doc = await open(LOG);
    const line = [...Array(doc.lineCount).keys()].find(i => /Killed process .*anon-rss:\d+kB/.test(doc.lineAt(i).text));
    assert.ok(line !== undefined, 'the fixture has a Killed process line with anon-rss');
    const pos = new vscode.Position(line!, doc.lineAt(line!).text.indexOf('anon-rss') + 2);
    const hovers = await until(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos),
      h => /anon/i.test(hoverText(h)) && /MiB/.test(hoverText(h)));
    const text = hoverText(hovers);
    console.log(`[oom-lens-it] anon-rss hover: ${JSON.stringify(text.slice(0, 300))}`);
    assert.match(text, /anon/i, 'the hover says what anon-rss is');
    assert.match(text, /MiB/, 'the hover converts the kB value to MiB');
  });

  test('the outline lists one symbol per OOM event', async () => {
    const doc = await open(LOG);
    const triggers = doc.getText().split(/\r?\n/).filter(l => l.includes('invoked oom-killer:')).length;
    assert.strictEqual(triggers, 2, 'the fixture holds two reports');
    const symbols = await until(
      () => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri),
      s => (s?.length ?? 0) > 0);
    console.log(`[oom-lens-it] outline: ${JSON.stringify((symbols ?? []).map(s => s.name))}`);
    assert.strictEqual(symbols?.length, triggers);
  });
});
