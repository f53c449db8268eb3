/**
 * The OOM injection grammar (syntaxes/oom-log.injection.tmLanguage.json) inside VS Code's Log
 * grammar, `text.log`: report lines get the OOM Log scopes, other log lines keep the host's.
 * The host here is a stand-in with the kinds of rules the built-in Log grammar has (dates,
 * numbers, log levels, dotted names); the registry injects exactly as package.json declares it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { dump, hasScope, repoRoot, scopesOf, tokenize } from './tokenize';

const HOST_LOG = {
  scopeName: 'text.log',
  patterns: [
    { match: '\\b(WARNING|WARN|ERROR|INFO)\\b', name: 'markup.deleted log.warning' },
    { match: '\\b\\d{4}-\\d{2}-\\d{2}(?=T|\\b)', name: 'comment log.date' },
    { match: 'T?\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d{1,})?)?(Z| ?[+-]\\d{1,2}:\\d{2})?\\b', name: 'comment log.date' },
    { match: '\\b([0-9]+|true|false|null)\\b', name: 'constant.language log.constant' },
    { match: '"[^"]*"', name: 'string log.string' },
    { match: '(?<![\\w/\\\\])([\\w-]+\\.)+([\\w-])+(?![\\w/\\\\])', name: 'constant.language log.constant' },
  ],
};

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const grammars: { scopeName: string; path: string; injectTo?: string[] }[] = pkg.contributes.grammars;

async function logGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }));
  const registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async scopeName => {
      if (scopeName === 'text.log') return vsctm.parseRawGrammar(JSON.stringify(HOST_LOG), 'log.json');
      const g = grammars.find(x => x.scopeName === scopeName);
      if (!g) return null;
      const full = path.join(repoRoot, g.path);
      return vsctm.parseRawGrammar(fs.readFileSync(full, 'utf8'), full);
    },
    // as VS Code does: grammars whose `injectTo` names the scope are injected into it
    getInjections: scopeName => grammars.filter(g => g.injectTo?.includes(scopeName)).map(g => g.scopeName),
  });
  const g = await registry.loadGrammar('text.log');
  if (!g) throw new Error('text.log did not load');
  return g;
}

const LOG = [
  '2024-05-01T10:00:01Z node7 app[912]: INFO request served in 12 ms by api.example.com',
  '2024-05-01T10:00:02Z node7 kernel: java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0',
  '2024-05-01T10:00:02Z node7 kernel: [   1843]  1000  1843  2043312   455210  4239360        0             0 java',
  '2024-05-01T10:00:02Z node7 kernel: Out of memory: Killed process 1843 (java) total-vm:8173248kB, anon-rss:1820840kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4140kB oom_score_adj:0',
].join('\n');

test('package.json injects the OOM grammar into text.log', () => {
  const inj = grammars.find(g => g.injectTo?.includes('text.log'));
  assert.ok(inj, 'a grammar with injectTo text.log');
  const file = JSON.parse(fs.readFileSync(path.join(repoRoot, inj.path), 'utf8'));
  assert.equal(file.scopeName, inj.scopeName);
  assert.equal(file.injectionSelector, 'L:text.log');
});

test('in Log mode the trigger, task row and kill line carry the OOM scopes', async () => {
  const [plain, trigger, row, kill] = tokenize(await logGrammar(), LOG);
  assert.ok(hasScope(scopesOf(trigger, 'java'), 'entity.name.type.process.trigger'), dump(trigger));
  assert.ok(hasScope(scopesOf(trigger, 'invoked oom-killer:'), 'keyword.control.oom-killer'), dump(trigger));
  assert.ok(hasScope(scopesOf(row, 'java'), 'entity.name.type.process'), dump(row));
  assert.ok(hasScope(scopesOf(kill, 'Killed process'), 'keyword.control.kill'), dump(kill));
  assert.ok(hasScope(scopesOf(kill, 'Out of memory'), 'keyword.control.event'), dump(kill));
  // the host's own rules still apply around them
  assert.ok(hasScope(scopesOf(trigger, '2024-05-01'), 'comment'), dump(trigger));
  // an ordinary line is the host's alone
  assert.ok(plain.every(t => !t.scopes.some(s => s.endsWith('.oom-log'))), dump(plain));
  assert.ok(hasScope(scopesOf(plain, 'INFO'), 'markup.deleted'), dump(plain));
});
