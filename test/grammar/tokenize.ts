/**
 * Grammar test helper: loads our TextMate grammars with vscode-textmate + vscode-oniguruma (the
 * same engines VS Code uses) and tokenizes text line by line.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

const grammarFiles: Record<string, string> = {
  'source.oom-log': 'syntaxes/oom-log.tmLanguage.json',
  'source.systemd-unit': 'syntaxes/systemd-unit.tmLanguage.json',
  'source.sysctl': 'syntaxes/sysctl.tmLanguage.json',
};

let registry: vsctm.Registry | undefined;
function getRegistry(): vsctm.Registry {
  if (registry) return registry;
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }));
  registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async scopeName => {
      const file = grammarFiles[scopeName];
      if (!file) return null;
      const full = path.join(repoRoot, file);
      return vsctm.parseRawGrammar(fs.readFileSync(full, 'utf8'), full);
    },
  });
  return registry;
}

export async function loadGrammar(scopeName: string): Promise<vsctm.IGrammar> {
  const grammar = await getRegistry().loadGrammar(scopeName);
  if (!grammar) throw new Error(`grammar ${scopeName} did not load`);
  return grammar;
}

export interface Tok { text: string; scopes: string[] }

/** Tokenizes each line of `text` (state carried across lines); one array of tokens per line. */
export function tokenize(grammar: vsctm.IGrammar, text: string): Tok[][] {
  let state = vsctm.INITIAL;
  const out: Tok[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, state);
    out.push(r.tokens.map(t => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    state = r.ruleStack;
  }
  return out;
}

/** Scopes of the first token whose text equals `text` (throws if none does, so a test fails loudly). */
export function scopesOf(tokens: Tok[], text: string): string[] {
  const t = tokens.find(x => x.text === text);
  if (!t) throw new Error(`no token "${text}" in: ${tokens.map(x => JSON.stringify(x.text)).join(' ')}`);
  return t.scopes;
}

/** True when one of `scopes` equals `prefix` or starts with `prefix.` (TextMate scope matching). */
export function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some(s => s === prefix || s.startsWith(prefix + '.'));
}

/** Readable dump of a tokenized line, for assertion messages. */
export function dump(tokens: Tok[]): string {
  return tokens.map(t => `${JSON.stringify(t.text)}=${t.scopes.slice(1).join(' ') || '-'}`).join('  ');
}
