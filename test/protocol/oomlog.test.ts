import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, startServer } from '../helpers/lspClient';

function corpus(prefix: string): string {
  for (const dir of [path.join(repoRoot, 'test', 'fixtures', 'corpus')]) {
    if (!fs.existsSync(dir)) continue;
    const f = fs.readdirSync(dir).find(n => n.startsWith(prefix) && n.endsWith('.log'));
    if (f) return fs.readFileSync(path.join(dir, f), 'utf8');
  }
  throw new Error(`corpus ${prefix} not found`);
}

test('oom-log over LSP: hover, semantic tokens, symbols, inlay hints, code lens', async () => {
  const server = await startServer();
  try {
    const uri = 'file:///tmp/oom-lens-protocol/kern.log';
    const text = corpus('09');
    const lines = text.split('\n');
    server.open(uri, 'oom-log', text);
    const diags = await server.waitForDiagnostics(uri);
    assert.deepEqual(diags, [], 'a complete report has no diagnostics');

    const killLine = lines.findIndex(l => l.includes('Killed process 2296209'));
    const col = lines[killLine].indexOf('anon-rss:') + 2;
    const hover: any = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: killLine, character: col } });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /Anonymous resident memory/);
    assert.match(hover.contents.value, /59,336 kB ≈ \*\*57\.9 MiB\*\*/);
    assert.equal(hover.range.start.line, killLine);

    const tokens: any = await server.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(tokens.data.length > 1000 && tokens.data.length % 5 === 0);
    // decode and check the victim token on the kill line (legend: variable = 10)
    let line = 0;
    let start = 0;
    const decoded: { line: number; start: number; length: number; type: number }[] = [];
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, ds, len, type] = tokens.data.slice(i, i + 4);
      line += dl;
      start = dl ? ds : start + ds;
      decoded.push({ line, start, length: len, type });
    }
    const victim = decoded.find(t => t.line === killLine && lines[killLine].slice(t.start, t.start + t.length) === 'containerd');
    assert.ok(victim, 'victim token on the kill line');
    assert.equal(victim.type, 10);
    const ranged: any = await server.conn.sendRequest('textDocument/semanticTokens/range', {
      textDocument: { uri }, range: { start: { line: killLine, character: 0 }, end: { line: killLine, character: 0 } },
    });
    assert.ok(ranged.data.length >= 5 && ranged.data.length < 200);

    const symbols: any[] = await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 2);
    assert.match(symbols[1].name, /^OOM 2: python3 → containerd \(2296209\) killed/);
    assert.ok(symbols[1].children.some((c: any) => c.name === 'containerd (2296209)'));

    const rowLine = lines.findIndex(l => l.includes('[2296209]'));
    const hints: any[] = await server.conn.sendRequest('textDocument/inlayHint', {
      textDocument: { uri }, range: { start: { line: rowLine, character: 0 }, end: { line: rowLine + 1, character: 0 } },
    });
    assert.ok(hints.some(h => h.label === 'rss ≈92M' && h.position.line === rowLine), JSON.stringify(hints));

    const lenses: any[] = await server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 4);
    assert.equal(lenses[2].command.title, 'Victim: containerd (2296209) — ranked #1 of 123 by badness (3 at oom_score_adj -1000 not ranked)');
    assert.deepEqual(lenses[3].command, { title: 'Show OOM report', command: 'oomLens.showReport', arguments: [uri, 1] });
  } finally {
    await server.stop();
  }
});
