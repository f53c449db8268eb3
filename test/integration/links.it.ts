/**
 * Logs ↔ units in the real extension host: the cgroup path of an OOM report links to the unit
 * file the workspace holds for it, and that unit's memory settings hover with what the logs say.
 * Fixture: containerd.service, the unit ubuntu-5.4-two-reports.dmesg names in
 * `task_memcg=/system.slice/containerd.service`.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, hoverText, open, until, workspaceFile } from './helpers';

const LOG = 'ubuntu-5.4-two-reports.dmesg';
const UNIT = 'containerd.service';

suite('links between logs and units (real VS Code)', () => {
  suiteSetup(async () => {
    await open(LOG);
    await activateExtension();
  });

  test('task_memcg= links the unit name to the workspace unit file', async () => {
    const doc = await open(LOG);
    const target = workspaceFile(UNIT);
    const toUnit = (ls: vscode.DocumentLink[] | undefined) => (ls ?? []).filter(l => l.target?.fsPath === target.fsPath);
    const links = await until(
      () => vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri),
      ls => toUnit(ls).length > 0);
    console.log(`[oom-lens-it] links: ${JSON.stringify((links ?? []).map(l => `${l.range.start.line + 1}:${l.range.start.character} ${doc.getText(l.range)} -> ${l.target?.path}`))}`);
    const mine = toUnit(links);
    assert.ok(mine.length > 0, `a link targets ${target.fsPath}`);
    for (const l of mine) assert.strictEqual(doc.getText(l.range), UNIT, 'each link covers the unit name only');
    const memcgLines = [...Array(doc.lineCount).keys()].filter(i => doc.lineAt(i).text.includes(`task_memcg=/system.slice/${UNIT}`));
    assert.strictEqual(memcgLines.length, 2, 'the fixture names the unit in task_memcg= twice');
    for (const line of memcgLines) {
      const at = doc.lineAt(line).text.indexOf(`task_memcg=/system.slice/${UNIT}`) + 'task_memcg=/system.slice/'.length;
      const hit = mine.find(l => l.range.start.line === line && l.range.start.character === at);
      assert.ok(hit, `line ${line + 1}: a link starts at the unit name inside the task_memcg= path (column ${at + 1})`);
    }
  });

  test('hovering MemoryMax in the unit shows what the workspace logs say about it', async () => {
    const doc = await open(UNIT);
    assert.strictEqual(doc.languageId, 'systemd-unit');
    const line = [...Array(doc.lineCount).keys()].find(i => doc.lineAt(i).text.startsWith('MemoryMax='));
    assert.ok(line !== undefined, `${UNIT} sets MemoryMax=`);
    const pos = new vscode.Position(line!, 3);
    const hovers = await until(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos),
      h => hoverText(h).includes('In the workspace logs'));
    const text = hoverText(hovers);
    console.log(`[oom-lens-it] MemoryMax hover: ${JSON.stringify(text.slice(-400))}`);
    assert.match(text, /In the workspace logs/);
    assert.match(text, /containerd\.service had 2 OOM kills in 2 reports/, 'both reports of the fixture log are counted');
  });

});
