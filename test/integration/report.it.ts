/**
 * The OOM report webview in the real extension host: `oomLens.showReport` opens a tab titled
 * `OOM Report: <file>`; the page it renders (read back through `oomLens.internal.lastReportHtml`)
 * names the victims, locks itself down with a Content-Security-Policy and loads nothing remote.
 *
 * The status-bar event count is not checked here: an extension's status-bar items are not
 * readable through the VS Code API and the extension exposes no command for it; the UI driver
 * (test/e2e/report.ts) reads it from the workbench DOM instead.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, open, until, WEB_HOST, workspaceFile } from './helpers';

const LOG = 'ubuntu-5.4-two-reports.dmesg';
const TITLE = `OOM Report: ${LOG}`;

function reportTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t =>
    t.label === TITLE && t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('oomLens.report'));
}

async function closeReports(): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.label.startsWith('OOM Report: '));
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
  await until(() => reportTabs().length, n => n === 0, 10_000);
}

/** The tab appears a little after the command returns. */
async function waitForReportTab(): Promise<vscode.Tab[]> {
  return until(reportTabs, t => t.length > 0, 20_000);
}

async function lastHtml(): Promise<string> {
  const html = await vscode.commands.executeCommand<string>('oomLens.internal.lastReportHtml');
  assert.strictEqual(typeof html, 'string', 'oomLens.internal.lastReportHtml returns a string');
  return html;
}

/** The event detail sections of the page: index → { open, html }. */
function sections(html: string): Map<number, { open: boolean; html: string }> {
  const out = new Map<number, { open: boolean; html: string }>();
  const re = /<section id="ev-(\d+)" class="detail"( data-loaded| hidden)>([\s\S]*?)<\/section>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) out.set(Number(m[1]), { open: m[2] === ' data-loaded', html: m[3] });
  return out;
}

suite('OOM report view (real VS Code)', () => {
  suiteSetup(async () => {
    await open(LOG);
    await activateExtension();
  });
  setup(closeReports);
  suiteTeardown(closeReports);

  test('without arguments it reports the active log in a tab titled after the file', async () => {
    await open(LOG);
    await vscode.commands.executeCommand('oomLens.showReport');
    const tabs = await waitForReportTab();
    assert.strictEqual(tabs.length, 1, `one tab labelled "${TITLE}"; tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap(g => g.tabs).map(t => t.label))}`);

    const html = await lastHtml();
    assert.ok(html.includes(`<title>${TITLE}</title>`), 'the page title names the file');
    assert.match(html, /2 OOM events/, 'the page counts both reports of the fixture');
    const first = sections(html).get(0);
    assert.ok(first, 'the page has a detail section for the first event');
    assert.ok(first.open, 'the first event is rendered open by default');
    assert.match(first.html, /containerd-shim/, 'the first event names its victim');
    assert.match(first.html, /pid 3143527\b/, 'the first event gives the victim pid');
  });

  test('the page has a strict Content-Security-Policy and no remote URLs', async () => {
    await open(LOG);
    await vscode.commands.executeCommand('oomLens.showReport');
    await waitForReportTab();
    const html = await lastHtml();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/i.exec(html);
    assert.ok(csp, 'a CSP meta element is present');
    assert.match(csp[1], /(^|;)\s*default-src 'none'\s*(;|$)/, `default-src 'none' in: ${csp[1]}`);
    assert.doesNotMatch(csp[1], /unsafe-inline|unsafe-eval|\*/, 'no unsafe-inline, unsafe-eval or wildcard source');
    const urls = html.match(/https?:\/\/[^\s"'<>)]*/gi) ?? [];
    assert.deepStrictEqual(urls, [], 'the page holds no http(s) URL');
  });

  test('[uri, eventIndex] opens the report of that file with that event rendered', async () => {
    // Another file is active: the uri argument, not the active editor, decides.
    await open('app.service');
    await vscode.commands.executeCommand('oomLens.showReport', workspaceFile(LOG), 1);
    const tabs = await waitForReportTab();
    assert.strictEqual(tabs.length, 1);
    const html = await lastHtml();
    const s = sections(html);
    assert.strictEqual(s.get(1)?.open, true, 'event 2 is rendered');
    assert.strictEqual(s.get(0)?.open, false, 'event 1 waits until it is opened');
    assert.match(s.get(1)!.html, /containerd\b[^-]/, 'event 2 names its victim, containerd');
    assert.match(s.get(1)!.html, /pid 2296209\b/);
    // The first event is still listed in the summary table.
    assert.match(html, /containerd-shim/);
  });

  test('a uri given as a string works, and asking again reuses the one panel', async () => {
    await vscode.commands.executeCommand('oomLens.showReport', workspaceFile(LOG).toString());
    await waitForReportTab();
    await vscode.commands.executeCommand('oomLens.showReport', workspaceFile(LOG).toString(), 0);
    await sleepForTabs();
    assert.strictEqual(reportTabs().length, 1, 'still a single report tab for the log');
    assert.strictEqual(sections(await lastHtml()).get(0)?.open, true);
  });
});

/** Give a wrongly created second tab the time to show up before counting. */
function sleepForTabs(): Promise<void> {
  return new Promise(r => setTimeout(r, 1_000));
}

suite('a log over 50 MB, which VS Code does not give to extensions (real VS Code)', () => {
  let dir = '';
  suiteSetup(function () {
    // the web worker has no disk to read such a log from (and writing one needs the machine's fs)
    if (WEB_HOST) this.skip();
  });
  suiteTeardown(async () => {
    const tabs = vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.label.startsWith('OOM Report: ') || t.label === 'kern.log');
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('"Show OOM Report" on its tab reads the file from disk', async () => {
    await activateExtension();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-big-'));
    const file = path.join(dir, 'kern.log');
    const filler = 'Dec  1 10:00:00 host kernel: [    1.000000] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex\n';
    const fd = fs.openSync(file, 'w');
    const block = filler.repeat(10_000);
    for (let written = 0; written <= 51 * 1024 * 1024; written += block.length) fs.writeSync(fd, block);
    fs.writeSync(fd, fs.readFileSync(workspaceFile(LOG).fsPath));
    fs.closeSync(fd);
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.open', uri);
    const active = await until(() => vscode.window.tabGroups.activeTabGroup.activeTab, t => t?.input instanceof vscode.TabInputText && t.input.uri.fsPath === file, 20_000);
    assert.ok(active?.input instanceof vscode.TabInputText, 'the big log opened in a tab');
    assert.ok(!vscode.workspace.textDocuments.some(d => d.uri.fsPath === file), 'VS Code gave the 51 MB file to extensions after all: this test no longer tests anything');
    assert.strictEqual(vscode.window.activeTextEditor, undefined, 'no TextEditor for extensions');

    await vscode.commands.executeCommand('oomLens.showReport'); // no argument: the active tab
    const tabs = await until(() => vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.label === 'OOM Report: kern.log'), t => t.length > 0, 60_000);
    assert.strictEqual(tabs.length, 1, 'a report tab for the big log');
    const html = await lastHtml();
    assert.match(html, /2 OOM events/, 'both reports at the end of the 51 MB file');
    assert.match(html, /containerd-shim/);
  });
});
