import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startServer } from '../helpers/lspClient';

test('server starts over stdio, answers initialize and shuts down', async () => {
  const server = await startServer();
  try {
    const symbols = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere.log' } });
    assert.deepEqual(symbols, []);
  } finally {
    await server.stop();
  }
});

test('requests on unknown documents and positions beyond the end answer empty, and the server keeps serving', async () => {
  const server = await startServer();
  try {
    const uri = 'file:///tmp/x.service';
    server.open(uri, 'systemd-unit', '[Service]\nMemoryMax=1G\n');
    const hover = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 999, character: 999 } });
    assert.equal(hover, null);
    const none = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///unknown' }, position: { line: 0, character: 0 } });
    assert.equal(none, null);
    const tokens: any = await server.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(Array.isArray(tokens.data));
  } finally {
    await server.stop();
  }
});
