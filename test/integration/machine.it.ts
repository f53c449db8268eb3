/**
 * The live-machine features in the real extension host, on the machine running the suite:
 * the Processes view (ranked by the kernel's oom_score, tooltips that explain it, nothing read
 * while hidden) and "Open This Machine's Kernel Log" (a read-only oom-log document).
 */
import * as assert from 'assert';
import { spawn, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activateExtension, open, sleep, until, workspaceFile } from './helpers';

interface Row { label: string; description?: string; tooltip?: string; pid?: number; oomScore?: number | null }
const rows = () => vscode.commands.executeCommand<Row[]>('oomLens.internal.processRows');
const fetches = () => vscode.commands.executeCommand<number>('oomLens.internal.processFetches');

suite('live machine', () => {
  suiteSetup(activateExtension);

  test('Processes view: a process started with oom_score_adj 1000 is listed with the kernel\'s score, rows sorted, tooltip explains', async () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await new Promise<void>((resolve, reject) => { child.once('spawn', () => resolve()); child.once('error', reject); });
      fs.writeFileSync(`/proc/${child.pid}/oom_score_adj`, '1000');
      await vscode.commands.executeCommand('oomLens.processes.focus');
      await vscode.commands.executeCommand('oomLens.processes.refresh');
      const list = await until(rows, r => r.some(x => x.pid === child.pid), 20_000);
      const mine = list.find(x => x.pid === child.pid);
      assert.ok(mine, `pid ${child.pid} in the view: ${JSON.stringify(list.slice(0, 5))}`);
      const kernel = Number(fs.readFileSync(`/proc/${child.pid}/oom_score`, 'utf8'));
      assert.strictEqual(mine.oomScore, kernel);
      assert.match(mine.label, /^sleep \(\d+\)$/);
      assert.match(mine.description ?? '', new RegExp(`^score ${kernel} · adj 1000 · RSS `));
      assert.match(mine.tooltip ?? '', /oom\\?_score\\?_adj \+1000 adds 100 % of RAM \+ swap/);
      const scores = list.filter(x => x.pid !== undefined).map(x => x.oomScore ?? -1);
      for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1] >= scores[i] || scores[i] === 0, `sorted by oom_score at row ${i}: ${scores[i - 1]}, ${scores[i]}`);
    } finally {
      child.kill();
    }
  });

  test('Processes view: refreshes on an interval while visible, reads nothing while hidden', async () => {
    const config = vscode.workspace.getConfiguration('oomLens');
    await config.update('processes.refreshSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('oomLens.processes.focus');
      const before = await fetches();
      const grown = await until(fetches, n => n >= before + 2, 10_000);
      assert.ok(grown >= before + 2, `visible: ${before} → ${grown} reads`);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await sleep(1500); // a read already under way may finish
      const hidden = await fetches();
      await sleep(3000);
      assert.strictEqual(await fetches(), hidden, 'no read while the view is hidden');
    } finally {
      await config.update('processes.refreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Open This Machine\'s Kernel Log: a read-only oom-log document from the first source that works', async () => {
    // what the command should find here: the journal, else dmesg -T (the suite runs as root)
    let expected = '';
    for (const [cmd, args] of [['journalctl', ['-k', '-b', '-o', 'short-iso', '--no-pager']], ['dmesg', ['-T']]] as const) {
      try { expected = execFileSync(cmd, [...args], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] }); } catch { expected = ''; }
      if (expected.split('\n').some(l => l.trim() && !/^-- .* --$/.test(l.trim()))) break;
      expected = '';
    }
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('oomLens.openKernelLog', 'boot');
    if (!expected) {
      assert.strictEqual(doc, undefined, 'no kernel log readable here: the command shows a message instead');
      return;
    }
    assert.ok(doc, 'a document was opened');
    assert.strictEqual(doc.uri.scheme, 'oom-lens-kernel-log');
    assert.strictEqual(doc.languageId, 'oom-log');
    assert.ok(doc.getText().length > 0);
    const firstLine = expected.split('\n').find(l => l.trim() && !/^-- .* --$/.test(l.trim()))!;
    assert.ok(doc.getText().includes(firstLine.slice(0, 60)), `starts like the machine's log: ${firstLine.slice(0, 60)}`);
    assert.strictEqual(vscode.window.activeTextEditor?.document, doc);
    // read-only: typing into it changes nothing
    const before = doc.getText();
    await vscode.commands.executeCommand('type', { text: 'typed by the test' });
    await sleep(300);
    assert.strictEqual(doc.getText(), before, 'typing does not change the kernel log');
    assert.strictEqual(doc.isDirty, false);
    // the language server analyses the document: its OOM report view (read back as HTML) is about this log
    await vscode.commands.executeCommand('oomLens.showReport', doc.uri);
    const html = await until(() => vscode.commands.executeCommand<string>('oomLens.internal.lastReportHtml'), h => typeof h === 'string' && h.includes('kernel-log-since-this-boot.oom'), 20_000);
    assert.match(html ?? '', /<title>OOM Report: kernel-log-since-this-boot\.oom<\/title>/);
    // the report finds what the machine's log holds
    if (/invoked oom-killer/.test(expected)) assert.doesNotMatch(html ?? '', /No OOM-killer report found/);
    else assert.match(html ?? '', /No OOM-killer report found/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Fix it from the log: a code action on an event in a unit, and a drop-in written beside the unit file', async () => {
    const doc = await open('ubuntu-5.4-two-reports.dmesg');
    const line = doc.getText().split('\n').findIndex(l => l.includes('task_memcg=/system.slice/containerd.service'));
    assert.ok(line >= 0);
    const actions = await until(
      () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(line, 0, line, 0)),
      a => (a ?? []).some(x => x.title === 'Create drop-in for containerd.service…'), 30_000);
    const action = (actions ?? []).find(x => x.title === 'Create drop-in for containerd.service…');
    assert.ok(action?.command, `code actions: ${JSON.stringify((actions ?? []).map(a => a.title))}`);
    const dir = workspaceFile('containerd.service.d');
    try {
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(action.command.command, ...(action.command.arguments ?? []), 'protect');
      assert.ok(written, 'a file was written');
      assert.strictEqual(written.toString(), vscode.Uri.joinPath(dir, '50-oom-lens.conf').toString());
      const text = Buffer.from(await vscode.workspace.fs.readFile(written)).toString('utf8');
      assert.match(text, /\[Service\]\nOOMScoreAdjust=-500\n$/);
      assert.match(text, /^# Drafted by OOM Lens from an OOM report that killed a process of containerd\.service\./);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });
});
