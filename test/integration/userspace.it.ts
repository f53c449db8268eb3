/**
 * Kills made outside the kernel's OOM killer, in the real extension host: a systemd-oomd and an
 * earlyoom kill open as OOM events (outline), hover explains the pressure and the thresholds, and
 * the killed cgroup links to the unit file of the workspace.
 * Fixture: oomd-earlyoom.oom (systemd-oomd kills /system.slice/app.service; earlyoom signals firefox).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, hoverText, open, until, workspaceFile } from './helpers';

const LOG = 'oomd-earlyoom.oom';

suite('kills made outside the kernel OOM killer (real VS Code)', () => {
  suiteSetup(async () => {
    await open(LOG);
    await activateExtension();
  });

  test('the outline lists the systemd-oomd and the earlyoom kill', async () => {
    const doc = await open(LOG);
    assert.strictEqual(doc.languageId, 'oom-log');
    const symbols = await until(
      () => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri),
      s => (s?.length ?? 0) === 2);
    const names = (symbols ?? []).map(s => s.name);
    console.log(`[oom-lens-it] userspace outline: ${JSON.stringify(names)}`);
    assert.match(names[0], /^systemd-oomd 1: \/system\.slice\/app\.service killed — pressure 68\.45 % > 50 %/);
    assert.match(names[1], /^earlyoom 2: firefox \(pid 4242\) got SIGTERM — mem 2\.57 % avail/);
    assert.ok(symbols![0].children.some(c => c.name === 'Pressure'), 'the oomd event has its decision as a child');
  });

  test('hover on the pressure explains PSI and names the limit\'s settings', async () => {
    const doc = await open(LOG);
    const line = [...Array(doc.lineCount).keys()].find(i => doc.lineAt(i).text.includes('due to memory pressure'))!;
    const text = doc.lineAt(line).text;
    const hovers = await until(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, text.indexOf('68.45') + 1)),
      h => /PSI/.test(hoverText(h)));
    assert.match(hoverText(hovers), /stalled|waiting for memory/);
    const limit = await until(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, text.indexOf('50.00') + 1)),
      h => /ManagedOOMMemoryPressureLimit=/.test(hoverText(h)));
    const said = hoverText(limit);
    console.log(`[oom-lens-it] oomd limit hover: ${JSON.stringify(said.slice(0, 300))}`);
    assert.match(said, /DefaultMemoryPressureLimit=/);
  });

  test('hover on earlyoom\'s limits explains -m and -s', async () => {
    const doc = await open(LOG);
    const line = [...Array(doc.lineCount).keys()].find(i => doc.lineAt(i).text.includes('low memory!'))!;
    const col = doc.lineAt(line).text.indexOf('mem 10.00') + 5;
    const hovers = await until(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col)),
      h => /-m PERCENT/.test(hoverText(h)));
    assert.match(hoverText(hovers), /--prefer/);
  });

  test('the cgroup systemd-oomd killed links to its unit file', async () => {
    const doc = await open(LOG);
    const target = workspaceFile('app.service');
    const links = await until(
      () => vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri),
      ls => (ls ?? []).some(l => l.target?.fsPath === target.fsPath));
    const mine = (links ?? []).filter(l => l.target?.fsPath === target.fsPath);
    assert.ok(mine.length >= 2, 'the killed path and the candidate path both link');
    for (const l of mine) assert.strictEqual(doc.getText(l.range), 'app.service');
  });
});
