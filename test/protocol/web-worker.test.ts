/**
 * The web build of the language server (dist/web/server.js, `npm run build`) as a web worker in
 * headless Chromium, spoken to over LSP directly: what vscode.dev and github.dev run.
 * Needs chromium (CHROMIUM or `command -v chromium`); without it the test fails, unless
 * OOM_LENS_SKIP_E2E=1 says the browser parts are skipped on this machine.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { repoRoot } from '../helpers/lspClient';
import { chromiumPath, startWebServer, type WebTestServer } from '../helpers/webWorkerServer';
import { launch } from '../e2e/browser';

const chromium = chromiumPath();
const skip = !chromium && process.env.OOM_LENS_SKIP_E2E === '1'
  ? 'no chromium on this machine (CHROMIUM unset, none on PATH) and OOM_LENS_SKIP_E2E=1' : false;

let browser: Browser | undefined;
before(async () => {
  if (skip) return;
  assert.ok(chromium, 'chromium is needed for the web-worker test: install it (apt-get install chromium) or set CHROMIUM');
  process.env.CHROMIUM = chromium;
  browser = await launch();
});
after(async () => { await browser?.close(); });

const corpusLog = () => {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'corpus');
  const f = fs.readdirSync(dir).find(n => n.startsWith('09') && n.endsWith('.log'))!;
  return fs.readFileSync(path.join(dir, f), 'utf8');
};

async function withServer(opts: Parameters<typeof startWebServer>[0], body: (s: WebTestServer) => Promise<void>): Promise<void> {
  const server = await startWebServer({ ...opts, browser });
  try {
    await body(server);
    assert.deepEqual(server.errors, [], 'no errors in the worker, the page or the server log');
  } finally {
    await server.stop();
  }
}

test('web worker: initialize, then an OOM log: hover on anon-rss, tokens, outline, inlay hints, code lens, report view', { skip }, async () => {
  await withServer({}, async server => {
    assert.equal(server.initialized.serverInfo?.name, 'oom-lens');
    const caps = server.initialized.capabilities;
    assert.ok(caps.hoverProvider && caps.documentSymbolProvider && caps.inlayHintProvider && caps.codeActionProvider);
    assert.deepEqual(caps.completionProvider?.triggerCharacters, ['=', '.', '[', '/']);
    const uri = 'file:///ws/kern.log';
    const text = corpusLog();
    const lines = text.split('\n');
    server.open(uri, 'oom-log', text);
    assert.deepEqual(await server.waitForDiagnostics(uri), [], 'a complete report has no diagnostics');
    const killLine = lines.findIndex(l => l.includes('Killed process 2296209'));
    const hover: any = await server.conn.sendRequest('textDocument/hover', {
      textDocument: { uri }, position: { line: killLine, character: lines[killLine].indexOf('anon-rss:') + 2 },
    });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /Anonymous resident memory/);
    assert.match(hover.contents.value, /59,336 kB ≈ \*\*57\.9 MiB\*\*/);
    assert.equal(hover.range.start.line, killLine);

    const tokens: any = await server.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(tokens.data.length > 1000 && tokens.data.length % 5 === 0, `${tokens.data.length} token numbers`);
    const symbols: any[] = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 2);
    assert.match(symbols[1].name, /^OOM 2: python3 → containerd \(2296209\) killed/);
    const rowLine = lines.findIndex(l => l.includes('[2296209]'));
    const hints: any[] = await server.conn.sendRequest('textDocument/inlayHint', {
      textDocument: { uri }, range: { start: { line: rowLine, character: 0 }, end: { line: rowLine + 1, character: 0 } },
    });
    assert.ok(hints.some(h => /^rss ≈/.test(h.label)), JSON.stringify(hints));
    const lenses: any[] = await server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.some(l => l.command.command === 'oomLens.showReport'), JSON.stringify(lenses.map(l => l.command)));
    const view: any = await server.conn.sendRequest('oomLens/reportView', { uri });
    assert.equal(view.events.length, 2);
    assert.equal(view.file, 'kern.log');
    const summary: any = await server.conn.sendRequest('oomLens/reportSummary', { uri });
    assert.equal(summary.events, 2, JSON.stringify(summary));
    // a log that is not open: the web host has no disk to read it from, so no report (not an error)
    assert.equal(await server.conn.sendRequest('oomLens/reportView', { uri: 'file:///ws/other.log' }), null);
  });
});

test('web worker: unit diagnostics for a bad unit, quick fix, hover, completion', { skip }, async () => {
  await withServer({ initializationOptions: { systemdVersion: 258 } }, async server => {
    const uri = 'file:///ws/oom-loop.service';
    server.open(uri, 'systemd-unit', fs.readFileSync(path.join(repoRoot, 'test/fixtures/units/oom-loop.service'), 'utf8'));
    const diags = await server.waitForDiagnostics(uri, d => d.length > 0);
    const size = diags.find((d: any) => d.code === 'SDU020');
    assert.ok(size, JSON.stringify(diags.map((d: any) => d.code)));
    assert.equal(size.severity, 1);
    assert.equal(size.range.start.line, 6);
    assert.equal(diags.find((d: any) => d.code === 'SDU009')?.severity, 1, 'MemoryLimit= is an error when targeting 258');
    const actions: any[] = await server.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: size.range, context: { diagnostics: [size] },
    });
    const fix = actions.find(a => /Change to 1G/.test(a.title));
    assert.ok(fix, JSON.stringify(actions.map(a => a.title)));
    assert.deepEqual(fix.edit.changes[uri], [{ range: size.range, newText: '1G' }]);
    const hover: any = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 3 } });
    assert.match(hover.contents.value, /MemoryMax=/);
    const items: any = await server.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 3 } });
    const list = Array.isArray(items) ? items : items.items;
    assert.ok(list.some((i: any) => i.label === 'MemoryHigh'), JSON.stringify(list.slice(0, 5).map((i: any) => i.label)));
  });
});

test('web worker: cross-file checks over the workspace files the client hands over (sysctl merge, unit evidence from a log not open)', { skip }, async () => {
  const root = 'vscode-test-web://mount/ws';
  const logUri = `${root}/var/log/kern.log`;
  const files: Record<string, string> = {
    [`${root}/etc/sysctl.d/90-panic.conf`]: 'kernel.panic = 10\nvm.swappiness = 30\n',
    [logUri]: fs.readFileSync(path.join(repoRoot, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8'),
    [`${root}/README.md`]: 'not a file OOM Lens reads',
  };
  await withServer({ rootUri: root, files }, async server => {
    const sysctl = `${root}/etc/sysctl.d/10-oom.conf`;
    server.open(sysctl, 'sysctl', 'vm.panic_on_oom = 1\nvm.swappiness = 10\n');
    // kernel.panic = 10 in the later file: no SYX001; its vm.swappiness wins over ours: SYS011
    const d = await server.waitForDiagnostics(sysctl, x => !x.some(y => y.code === 'SYX001') && x.some(y => y.code === 'SYS011'));
    assert.equal(d.find(x => x.code === 'SYS011')!.relatedInformation[0].location.uri, `${root}/etc/sysctl.d/90-panic.conf`);

    const unit = `${root}/etc/systemd/system/php8.2-fpm.service`;
    server.open(unit, 'systemd-unit', '[Service]\nExecStart=/usr/sbin/php-fpm8.2\nMemoryMax=2G\n');
    const after = await server.waitForDiagnostics(unit, x => x.some(y => y.code === 'SDU069'));
    const hint = after.find(x => x.code === 'SDU069');
    assert.equal(hint.severity, 4);
    assert.equal(hint.relatedInformation?.[0]?.location.uri, logUri, 'the evidence is the workspace log, which is not open');
    const hover: any = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri: unit }, position: { line: 2, character: 3 } });
    assert.match(hover.contents.value, /In the workspace logs/);
    assert.ok(!server.reads.includes(`${root}/README.md`), 'only files of the three languages are read');

    // files changed on disk: an unchanged log is not read again, a changed sysctl file is
    files[`${root}/etc/sysctl.d/90-panic.conf`] = 'kernel.panic = 0\n';
    void server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `${root}/etc/sysctl.d/90-panic.conf`, type: 2 }] });
    await server.waitForDiagnostics(sysctl, x => x.some(y => y.code === 'SYX001'));
    const again = await server.waitForDiagnostics(unit, x => x.some(y => y.code === 'SDU069'));
    assert.equal(again.find(x => x.code === 'SDU069').relatedInformation?.[0]?.location.uri, logUri);
    assert.equal(server.reads.filter(u => u === logUri).length, 1, 'the unchanged log is not read again');
    assert.equal(server.reads.filter(u => u.endsWith('90-panic.conf')).length, 2, 'the changed file is read again');
  });
});
