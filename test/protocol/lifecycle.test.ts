import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { startServer } from '../helpers/lspClient';
import { cacheFilesIn, WRITE_AFTER_MS } from '../../server/src/start/codeCache';
import { CODE_CACHE_ENV } from '../../server/src/start/launch';
import { tempDir } from '../helpers/tempDir';

test('server starts over stdio, answers initialize and shuts down', async () => {
  const server = await startServer();
  try {
    const symbols = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere.log' } });
    assert.deepEqual(symbols, []);
  } finally {
    await server.stop();
  }
});

test('with a code cache directory the server writes its cache after start-up and starts from it next time', async () => {
  const dir = path.join(tempDir('oom-lens-server-cache-'), 'cache');
  const env = { [CODE_CACHE_ENV]: dir };
  const unit = '[Service]\nMemoryLimit=1G\n';
  const first = await startServer({ env });
  try {
    first.open('file:///tmp/a.service', 'systemd-unit', unit);
    assert.ok((await first.waitForDiagnostics('file:///tmp/a.service')).length > 0);
    const until = Date.now() + WRITE_AFTER_MS + 10_000;
    while (!cacheFilesIn(dir).length && Date.now() < until) await new Promise(r => setTimeout(r, 200));
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    assert.equal(files.length, 1, `one cache file, written ${WRITE_AFTER_MS} ms after start: ${files.join(', ')}`);
    assert.match(files[0], /^server-[0-9a-f]+\.codecache$/);
  } finally {
    await first.stop();
  }
  const second = await startServer({ env });
  try {
    second.open('file:///tmp/b.service', 'systemd-unit', unit);
    const d = await second.waitForDiagnostics('file:///tmp/b.service');
    assert.ok(d.some((x: any) => /MemoryLimit/.test(x.message)), 'same diagnostics when started from the cache');
  } finally {
    await second.stop();
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
