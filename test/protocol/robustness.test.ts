/**
 * The server over stdio under abuse: malformed requests, changes for documents it does not know,
 * out-of-range and overlapping edits, garbage params. Each gets an error response or an empty
 * result, and the server keeps serving. Also: edits to an OOM log (handled incrementally) leave
 * the same analysis as opening the final text fresh; huge logs report progress and can be cancelled.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { repoRoot, startServer, type TestServer } from '../helpers/lspClient';
import { generateLog, readCorpus, Rng } from '../../bench/generate';
import { parseOomLog } from '../../server/src/oomlog/parse';
import { eventJson } from '../../server/src/oomlog/report';

const corpus = readCorpus();
const LOG = corpus.find(c => c.name.startsWith('15-'))!.text;
const LOG_URI = 'file:///tmp/robust/kern.log';

/** A hover position on the first trigger line's command name. */
function triggerPosition(text: string) {
  const lines = text.split('\n');
  const line = lines.findIndex(l => l.includes(' invoked oom-killer'));
  return { line, character: lines[line].indexOf(' invoked oom-killer') - 2 };
}

async function settle(server: TestServer, uri: string): Promise<void> {
  await server.waitForDiagnostics(uri);
}

/** Sends a request; returns 'error' when the server answered with an error, else the result. */
async function ask(server: TestServer, method: string, params: unknown): Promise<unknown> {
  try {
    return await server.conn.sendRequest(method, params);
  } catch {
    return 'error';
  }
}

test('malformed requests get an error or an empty answer, and hover keeps working', async () => {
  const server = await startServer();
  try {
    server.open(LOG_URI, 'oom-log', LOG);
    await settle(server, LOG_URI);
    const pos = triggerPosition(LOG);
    const good = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri: LOG_URI }, position: pos });
    assert.ok(good, 'hover on the trigger line answers');

    const td = { uri: LOG_URI };
    const garbage: [string, unknown][] = [
      ['textDocument/hover', { textDocument: td, position: { line: 1e9, character: 1e9 } }],
      ['textDocument/hover', { textDocument: td, position: { line: -5, character: -1 } }],
      ['textDocument/hover', { textDocument: td, position: { line: 1.5, character: 'x' } }],
      ['textDocument/hover', { textDocument: td }],
      ['textDocument/hover', { textDocument: { uri: 'file:///never/opened.log' }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: 42 }, position: null }],
      ['textDocument/hover', null],
      ['textDocument/hover', 'just a string'],
      ['textDocument/hover', [1, 2, 3]],
      ['textDocument/semanticTokens/range', { textDocument: td, range: { start: { line: 50, character: 0 }, end: { line: 3, character: 0 } } }],
      ['textDocument/semanticTokens/range', { textDocument: td, range: { start: { line: -1, character: 0 }, end: { line: 1e9, character: 0 } } }],
      ['textDocument/semanticTokens/range', { textDocument: td }],
      ['textDocument/semanticTokens/full', { textDocument: {} }],
      ['textDocument/inlayHint', { textDocument: td, range: { start: { line: 1e6, character: 0 }, end: { line: 0, character: 0 } } }],
      ['textDocument/inlayHint', { textDocument: td, range: null }],
      ['textDocument/completion', { textDocument: td, position: { line: 1e9, character: 0 } }],
      ['textDocument/codeAction', { textDocument: td, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: 'nope' } }],
      ['textDocument/codeAction', { textDocument: td }],
      ['textDocument/documentSymbol', { textDocument: { uri: '' } }],
      ['textDocument/documentLink', {}],
      ['textDocument/codeLens', { textDocument: { uri: 'untitled:Untitled-1' } }],
      ['oomLens/report', { uri: { not: 'a string' } }],
      ['oomLens/report', null],
      ['no/such/method', { a: 1 }],
    ];
    // a range covering everything (or none given) may legitimately answer the whole document's tokens
    const wholeDocument = new Set([JSON.stringify(garbage[10][1]), JSON.stringify(garbage[11][1])]);
    for (const [method, params] of garbage) {
      const res = await ask(server, method, params);
      const tokens = typeof res === 'object' && res !== null && Array.isArray((res as any).data);
      const ok = res === null || res === 'error' || (Array.isArray(res) && res.length === 0) ||
        (tokens && ((res as any).data.length === 0 || wholeDocument.has(JSON.stringify(params))));
      assert.ok(ok, `${method} ${JSON.stringify(params)} → ${JSON.stringify(res).slice(0, 200)}`);
    }
    // unknown notifications and a notification with garbage are ignored
    server.conn.sendNotification('$/someUnknownNotification', { x: 1 });
    server.conn.sendNotification('textDocument/didSave', { textDocument: { uri: 42 } });
    const again = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri: LOG_URI }, position: pos });
    assert.deepEqual(again, good, 'the same hover gives the same answer after the abuse');
    assert.equal(server.proc.exitCode, null, 'server still running');
  } finally {
    await server.stop();
  }
});

test('changes for closed or unknown documents, and out-of-range or overlapping changes, do not break the server', async () => {
  const server = await startServer();
  try {
    const uri = 'file:///tmp/robust/app.service';
    const text = '[Service]\nExecStart=/bin/true\nMemoryMax=1G\n';
    server.open(uri, 'systemd-unit', text);
    await settle(server, uri);
    // a change for a document that was never opened
    server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: 'file:///tmp/robust/ghost.service', version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
    });
    // close, then change the closed document
    server.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
    });
    // reopen and send nonsense edits: beyond the end, reversed, overlapping, negative
    server.open(uri, 'systemd-unit', text, 10);
    await settle(server, uri);
    let version = 10;
    const nonsense = [
      [{ range: { start: { line: 999, character: 5 }, end: { line: 1000, character: 0 } }, text: 'Restart=always\n' }],
      [{ range: { start: { line: 2, character: 40 }, end: { line: 0, character: 0 } }, text: '' }],
      [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 3 } }, text: 'A' }, { range: { start: { line: 0, character: 0 }, end: { line: 5, character: 99 } }, text: '[Unit]\n' }],
      [{ range: { start: { line: -3, character: -1 }, end: { line: 0, character: 2 } }, text: '#' }],
      [{ text: '[Service]\nMemoryMax=lots\n' }],
    ];
    for (const changes of nonsense) {
      version++;
      server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    }
    // a version that goes backwards
    server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: '[Service]\nMemoryMax=2G\n' }] });
    const symbols = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
    const hover = await ask(server, 'textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
    assert.notEqual(hover, 'error');
    assert.equal(server.proc.exitCode, null, 'server still running');
  } finally {
    await server.stop();
  }
});

test('random edits to an OOM log (incremental re-analysis) end in the same analysis as opening the final text', async () => {
  const server = await startServer();
  try {
    const text0 = generateLog({ bytes: 120_000, reports: 12, seed: 77, corpus });
    server.open(LOG_URI, 'oom-log', text0);
    await settle(server, LOG_URI);
    const rng = new Rng(31);
    let doc = TextDocument.create(LOG_URI, 'oom-log', 1, text0);
    const lines = corpus.flatMap(c => c.text.split('\n')).filter(l => l.includes('kernel') || l.startsWith('['));
    // ten edits, then the edited document's report against a fresh open of the same text; six times
    let v = 1;
    for (const checkpoint of [10, 20, 30, 40, 50, 60]) {
      while (v < checkpoint) {
        v++;
        const line = rng.int(0, doc.lineCount - 1);
        const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
        const r = rng.int(0, 3);
        const change = r === 0
          ? { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }
          : r === 1
            ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: rng.pick(lines) + '\n' }
            : { range: { start: { line, character: Math.min(3, lineText.length) }, end: { line, character: Math.min(3, lineText.length) } }, text: rng.pick(['9', ' ', 'x']) };
        doc = TextDocument.update(doc, [change], v);
        server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: LOG_URI, version: v }, contentChanges: [change] });
      }
      const edited = await server.conn.sendRequest('oomLens/report', { uri: LOG_URI });
      const freshUri = `file:///tmp/robust/fresh-${v}.log`;
      server.open(freshUri, 'oom-log', doc.getText());
      const fresh = await server.conn.sendRequest('oomLens/report', { uri: freshUri });
      assert.deepEqual(edited, fresh, `after ${v - 1} edits`);
      server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
    }
  } finally {
    await server.stop();
  }
});

test('oomLens/report answers what `analyze --json` prints: 1-based document lines, also after an edit moved the reports', async () => {
  const server = await startServer();
  try {
    const json = (text: string) => JSON.parse(JSON.stringify({ events: parseOomLog(text).events.map(eventJson) }));
    const text = 'boot\nnoise\n' + LOG;
    server.open(LOG_URI, 'oom-log', text);
    await settle(server, LOG_URI);
    const first = await server.conn.sendRequest('oomLens/report', { uri: LOG_URI }) as { events: { startLine: number }[] };
    assert.deepEqual(first, json(text));
    assert.equal(first.events[0].startLine, text.split('\n').findIndex(l => l.includes('invoked oom-killer')) + 1);
    server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: LOG_URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'one\ntwo\n' }] });
    const moved = await server.conn.sendRequest('oomLens/report', { uri: LOG_URI }) as typeof first;
    assert.deepEqual(moved, json('one\ntwo\n' + text));
    assert.equal(moved.events[0].startLine, first.events[0].startLine + 2);
  } finally {
    await server.stop();
  }
});

test('a huge log is read in steps with work-done progress, and the user can cancel it', async () => {
  const text = generateLog({ bytes: 6 * 1024 * 1024, reports: 30, seed: 5, corpus });
  for (const cancel of [false, true]) {
    const proc = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr!.on('data', () => undefined);
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const created: unknown[] = [];
    const kinds: string[] = [];
    let refreshed = false;
    conn.onRequest('window/workDoneProgress/create', (p: any) => { created.push(p.token); return null; });
    conn.onRequest('workspace/semanticTokens/refresh', () => { refreshed = true; return null; });
    conn.onRequest('workspace/inlayHint/refresh', () => null);
    conn.onRequest('workspace/codeLens/refresh', () => null);
    conn.onRequest('client/registerCapability', () => null);
    conn.onNotification('textDocument/publishDiagnostics', () => undefined);
    conn.onNotification('window/logMessage', () => undefined);
    conn.onNotification('$/progress', (p: any) => {
      kinds.push(p.value.kind);
      if (cancel && p.value.kind === 'begin') conn.sendNotification('window/workDoneProgress/cancel', { token: p.token });
    });
    conn.listen();
    try {
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { window: { workDoneProgress: true } } });
      conn.sendNotification('initialized', {});
      const uri = 'file:///tmp/robust/huge.log';
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'oom-log', version: 1, text } });
      // while reading, requests are answered at once (empty), not after the whole parse
      const early = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(Array.isArray(early));
      const deadline = Date.now() + 120_000;
      while (!kinds.includes('end') && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
      assert.equal(created.length, 1, 'one progress token created');
      assert.equal(kinds[0], 'begin');
      assert.equal(kinds[kinds.length - 1], 'end');
      const symbols = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as unknown[];
      if (cancel) {
        assert.deepEqual(symbols, [], 'cancelled: the log stays unanalysed');
      } else {
        assert.ok(kinds.includes('report'), 'progress reported between begin and end');
        assert.ok(symbols.length > 0, 'outline after the analysis');
        assert.ok(refreshed, 'client asked to refresh semantic tokens');
      }
    } finally {
      try { await conn.sendRequest('shutdown'); conn.sendNotification('exit'); } catch { /* gone */ }
      setTimeout(() => proc.kill(), 2000).unref();
      conn.dispose();
    }
  }
});

test('the bundles use no network API (untrusted workspaces): only vscode-jsonrpc\'s own pipe/socket transport', () => {
  // Checked in the built bundles (plain or minified): no http/https/tls/dgram modules, no fetch, no
  // browser network objects. The one `require("net")` is vscode-jsonrpc's node transport
  // (createClientPipeTransport / createServerSocketTransport ..., used for --pipe / --socket / IPC).
  for (const f of ['extension.js', 'server.js', 'cli.js', 'cli-main.js', 'cli-analyze.js']) {
    const code = fs.readFileSync(path.join(repoRoot, 'dist', f), 'utf8');
    for (const forbidden of [
      /require\(\s*["'](?:node:)?(?:http|https|http2|tls|dgram|undici)["']\s*\)/, /\bfetch\s*\(/, /\bXMLHttpRequest\b/, /\bnew WebSocket\b/,
      /\bhttps?\.(?:request|get)\s*\(/, /\bnet\.connect\s*\(/,
    ]) {
      const m = forbidden.exec(code);
      assert.equal(m, null, `${f} uses ${m?.[0]} near: ${m ? code.slice(Math.max(0, m.index - 120), m.index + 60) : ''}`);
    }
    const nets = [...code.matchAll(/require\(\s*["'](?:node:)?net["']\s*\)/g)];
    assert.ok(nets.length <= 1, `${f}: ${nets.length} imports of net`);
    for (const m of nets) {
      const around = code.slice(m.index!, m.index! + 20_000);
      assert.ok(around.includes('createClientPipeTransport') && around.includes('createServerSocketTransport'),
        `${f}: the net import at ${m.index} is not vscode-jsonrpc's transport`);
    }
  }
});
