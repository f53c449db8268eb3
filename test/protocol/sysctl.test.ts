/** The sysctl language over real LSP stdio (run `npm run -s build` first). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startServer } from '../helpers/lspClient';

const uri = 'file:///tmp/oomlens-proto/etc/sysctl.d/10-oom.conf';
const text = 'vm.panic_on_oom = 1\nvm.swappiness = 10\n';

test('diagnostics, quick fix, hover and completion for a sysctl file', async () => {
  const server = await startServer();
  try {
    server.open(uri, 'sysctl', text);
    const diags = await server.waitForDiagnostics(uri, d => d.some(x => x.code === 'SYX001'));
    const syx = diags.find(d => d.code === 'SYX001')!;
    assert.equal(syx.severity, 2, 'Warning');
    assert.equal(syx.source, 'oom-lens');
    assert.match(syx.codeDescription.href, /^https:\/\/.*\/docs\/rules\/SYX001\.md$/, 'the rule page');
    assert.ok(syx.message.length <= 140, syx.message);
    assert.deepEqual(syx.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 19 } });
    assert.match(syx.message, /hangs instead of rebooting/);
    // the why and the fix arrive as related information at the diagnostic itself
    assert.deepEqual(syx.relatedInformation.at(-1).location, { uri, range: syx.range });
    assert.match(syx.relatedInformation.at(-1).message, /Add kernel\.panic = 10/);

    const actions: any[] = await server.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: syx.range, context: { diagnostics: [syx] },
    });
    const add = actions.find(a => /Add kernel\.panic = 10/.test(a.title));
    assert.ok(add, `actions: ${actions.map(a => a.title)}`);
    assert.equal(add.kind, 'quickfix');
    assert.deepEqual(add.edit.changes[uri], [{ range: { start: { line: 0, character: 19 }, end: { line: 0, character: 19 } }, newText: '\nkernel.panic = 10' }]);

    const hover: any = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /\*\*vm\.panic_on_oom\*\*/);
    assert.match(hover.contents.value, /Effective value:\*\* `1`/);

    const items: any = await server.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 3 } });
    const list = Array.isArray(items) ? items : items.items;
    assert.ok(list.some((i: any) => i.label === 'vm.overcommit_memory' && i.textEdit));
    const values: any = await server.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 18 } });
    const vlist = Array.isArray(values) ? values : values.items;
    assert.deepEqual(vlist.map((i: any) => i.label), ['0', '1', '2']);

    // applying the fix clears SYX001
    server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: add.edit.changes[uri][0].range, text: add.edit.changes[uri][0].newText }],
    });
    await server.waitForDiagnostics(uri, d => !d.some(x => x.code === 'SYX001'));
  } finally {
    await server.stop();
  }
});

test('a second open sysctl file takes part in the merge', async () => {
  const server = await startServer();
  try {
    server.open(uri, 'sysctl', text);
    await server.waitForDiagnostics(uri, d => d.some(x => x.code === 'SYX001'));
    const later = 'file:///tmp/oomlens-proto/etc/sysctl.d/90-panic.conf';
    server.open(later, 'sysctl', 'kernel.panic = 10\nvm.swappiness = 30\n');
    const d = await server.waitForDiagnostics(uri, x => !x.some(y => y.code === 'SYX001') && x.some(y => y.code === 'SYS011'));
    const over = d.find(x => x.code === 'SYS011')!;
    assert.equal(over.severity, 4, 'Hint');
    assert.equal(over.relatedInformation[0].location.uri, later);
  } finally {
    await server.stop();
  }
});
