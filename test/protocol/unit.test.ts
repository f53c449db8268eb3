import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, startServer } from '../helpers/lspClient';

const fixture = fs.readFileSync(path.join(repoRoot, 'test/fixtures/units/oom-loop.service'), 'utf8');

test('unit files over stdio: diagnostics, quick fix, hover, completion', async () => {
  const server = await startServer({ initializationOptions: { systemdVersion: 258 } });
  try {
    const uri = 'file:///tmp/oom-lens-proto/oom-loop.service';
    server.open(uri, 'systemd-unit', fixture);
    const diags = await server.waitForDiagnostics(uri, d => d.length > 0);
    const size = diags.find((d: any) => d.code === 'SDU020');
    assert.ok(size, JSON.stringify(diags.map((d: any) => d.code)));
    assert.equal(size.severity, 1);
    assert.equal(size.range.start.line, 6);
    assert.match(size.codeDescription.href, /^https:\/\/.*\/docs\/rules\/SDU020\.md$/, 'the rule page');
    const legacy = diags.find((d: any) => d.code === 'SDU009');
    assert.equal(legacy?.severity, 1, 'MemoryLimit= is an error when targeting 258');
    assert.ok(diags.some((d: any) => d.code === 'SDU060'));

    const actions: any[] = await server.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: size.range, context: { diagnostics: [size] },
    });
    const normalise = actions.find(a => /Change to 1G/.test(a.title));
    assert.ok(normalise, JSON.stringify(actions.map(a => a.title)));
    assert.deepEqual(normalise.edit.changes[uri], [{ range: size.range, newText: '1G' }]);

    const restart = diags.find((d: any) => d.code === 'SDU060');
    const restartActions: any[] = await server.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: restart.range, context: { diagnostics: [restart] },
    });
    assert.ok(restartActions.some(a => a.title.includes('on-failure') && a.isPreferred));

    const hover: any = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 3 } });
    assert.match(hover.contents.value, /MemoryMax=/);
    assert.match(hover.contents.value, /OOM/);
    const valueHover: any = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 17 } });
    assert.match(valueHover.contents.value, /never killed/);

    const doc2 = 'file:///tmp/oom-lens-proto/new.service';
    server.open(doc2, 'systemd-unit', '[Service]\nMem\nRestart=\n[');
    await server.waitForDiagnostics(doc2);
    const keys: any = await server.conn.sendRequest('textDocument/completion', { textDocument: { uri: doc2 }, position: { line: 1, character: 3 } });
    const items = Array.isArray(keys) ? keys : keys.items;
    const mm = items.find((i: any) => i.label === 'MemoryMax');
    assert.ok(mm);
    assert.equal(mm.textEdit.newText, 'MemoryMax=');
    assert.match(mm.documentation.value, /OOM/);
    const vals: any = await server.conn.sendRequest('textDocument/completion', { textDocument: { uri: doc2 }, position: { line: 2, character: 8 } });
    const labels = (Array.isArray(vals) ? vals : vals.items).map((i: any) => i.label);
    assert.ok(labels.includes('on-failure') && !labels.includes('yes'), labels.join(','));
    const secs: any = await server.conn.sendRequest('textDocument/completion', { textDocument: { uri: doc2 }, position: { line: 3, character: 1 } });
    const secLabels = (Array.isArray(secs) ? secs : secs.items).map((i: any) => i.label);
    assert.deepEqual(secLabels, ['[Unit]', '[Service]', '[Install]']);

    const symbols: any[] = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map(s => s.name), ['[Unit]', '[Service]']);
    assert.ok(symbols[1].children.some((c: any) => c.name === 'MemoryMax'));
  } finally {
    await server.stop();
  }
});
