/**
 * Which folder of server/src may import which. The language folders (oomlog/, unit/, sysctl/)
 * import only themselves and common/, and common/ imports only itself: what crosses languages
 * lives in crossfile/. None of them imports the editor (vscode, vscode-languageserver) or Node's
 * modules: the cores are plain functions from text to typed results, run by the server, the CLI
 * and the web build alike. Data generators (*.mjs, run by hand to rebuild a table) may read files.
 *
 * Above them: report/ and machine/ use the languages and crossfile/; files/ (reading logs, the
 * language of a path, `.oom-lens.json`) serves the CLI and the server alike; start/ (how the
 * server process starts, V8's code cache) stands alone. The command line (cli/) never imports the
 * language server (lsp/, features/), and the server never imports the command line. Only lsp/,
 * features/ and the entry server.ts import the editor's protocol.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../../server/src');
const CORES = ['oomlog', 'unit', 'sysctl', 'common'];
const LANGUAGES = ['common', 'oomlog', 'unit', 'sysctl'];

/** The folders (and loose files) of server/src and what each may import besides itself. */
export const MAY_IMPORT: Record<string, readonly string[]> = {
  common: [],
  oomlog: ['common'],
  unit: ['common'],
  sysctl: ['common'],
  crossfile: LANGUAGES,
  report: [...LANGUAGES, 'crossfile'],
  machine: [...LANGUAGES, 'crossfile'],
  files: [...LANGUAGES, 'crossfile'],
  start: [],
  cli: [...LANGUAGES, 'crossfile', 'report', 'machine', 'files', 'start'],
  features: [...LANGUAGES, 'crossfile', 'report', 'machine'],
  lsp: [...LANGUAGES, 'crossfile', 'report', 'machine', 'files', 'start', 'features'],
  'server.ts': ['lsp', 'features'],
};

/** Where the editor's packages (vscode, vscode-languageserver…) may be imported. */
const EDITOR_ALLOWED = new Set(['lsp', 'features', 'server.ts']);
/** Where Node's modules and other packages may be imported (the rest are plain functions from text). */
const NODE_ALLOWED = new Set(['machine', 'files', 'start', 'cli', 'lsp', 'features', 'server.ts']);

/** Module specifiers of `text`: static and dynamic imports, re-exports and require() calls. */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

/** What is wrong with `spec` imported by `file` (a path under SRC), or null when it is allowed. */
export function layerProblem(file: string, spec: string): string | null {
  const folder = path.relative(SRC, file).split(path.sep)[0];
  if (/^vscode(-|$)/.test(spec)) return EDITOR_ALLOWED.has(folder) ? null : `imports the editor (${spec})`;
  if (!spec.startsWith('.')) {
    return file.endsWith('.mjs') || NODE_ALLOWED.has(folder) ? null : `imports the package or Node module '${spec}' (cores are plain functions from text)`;
  }
  const target = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
  const allowed = MAY_IMPORT[folder];
  if (!allowed) return `is in ${folder}, which has no entry in MAY_IMPORT`;
  if (target === folder || allowed.includes(target)) return null;
  return `imports ${target}/ ('${spec}'): ${folder}/ may import only itself${allowed.length ? ` and ${allowed.map(a => a + '/').join(', ')}` : ''}`;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ts|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

test('the checker sees each kind of import and each kind of problem', () => {
  assert.deepEqual(
    importsOf(`import { a } from './a';\nimport type { B } from "../b";\nexport { c } from './c';\nimport './side';\nconst d = require('fs');\nconst e = await import('./e');\n// import { x } from '../commented';\n/* import { y } from '../block'; */`),
    ['./a', '../b', './c', './side', './e', 'fs'],
  );
  const unitFile = path.join(SRC, 'unit', 'x.ts');
  assert.equal(layerProblem(unitFile, './model'), null);
  assert.equal(layerProblem(unitFile, '../common/types'), null);
  assert.equal(layerProblem(unitFile, '../oomlog/parse'), "imports oomlog/ ('../oomlog/parse'): unit/ may import only itself and common/");
  assert.equal(layerProblem(unitFile, '../crossfile/cgroup'), "imports crossfile/ ('../crossfile/cgroup'): unit/ may import only itself and common/");
  assert.equal(layerProblem(unitFile, 'vscode-languageserver/node'), 'imports the editor (vscode-languageserver/node)');
  assert.match(layerProblem(unitFile, 'fs') ?? '', /Node module 'fs'/);
  assert.equal(layerProblem(path.join(SRC, 'unit', 'data', 'generate.mjs'), 'fs'), null);
  assert.match(layerProblem(path.join(SRC, 'common', 'x.ts'), '../unit/model') ?? '', /common\/ may import only itself/);
  // the command line and the language server stay apart; only the server side speaks the editor's protocol
  const at = (...p: string[]) => path.join(SRC, ...p);
  assert.equal(layerProblem(at('cli', 'x.ts'), '../lsp/host'), "imports lsp/ ('../lsp/host'): cli/ may import only itself and common/, oomlog/, unit/, sysctl/, crossfile/, report/, machine/, files/, start/");
  assert.match(layerProblem(at('cli', 'x.ts'), '../features/machine') ?? '', /imports features\/.*cli\/ may import only itself/);
  assert.match(layerProblem(at('lsp', 'node', 'x.ts'), '../../cli/ps') ?? '', /imports cli\/.*lsp\/ may import only itself/);
  assert.match(layerProblem(at('features', 'x.ts'), '../cli/ps') ?? '', /imports cli\/.*features\/ may import only itself/);
  assert.match(layerProblem(at('files', 'x.ts'), '../lsp/workspaceLimits') ?? '', /imports lsp\/.*files\/ may import only itself/);
  assert.equal(layerProblem(at('start', 'x.ts'), '../files/readLog'), "imports files/ ('../files/readLog'): start/ may import only itself");
  assert.equal(layerProblem(at('lsp', 'node', 'x.ts'), '../../files/readLog'), null);
  assert.equal(layerProblem(at('lsp', 'x.ts'), 'vscode-languageserver'), null);
  assert.equal(layerProblem(at('cli', 'x.ts'), 'vscode-languageserver-textdocument'), 'imports the editor (vscode-languageserver-textdocument)');
  assert.equal(layerProblem(at('files', 'x.ts'), 'vscode-uri'), 'imports the editor (vscode-uri)');
  assert.equal(layerProblem(at('cli', 'x.ts'), 'fs'), null);
  assert.match(layerProblem(at('report', 'x.ts'), 'fs') ?? '', /Node module 'fs'/);
  assert.match(layerProblem(at('crossfile', 'x.ts'), 'path') ?? '', /Node module 'path'/);
  assert.equal(layerProblem(at('server.ts'), './lsp/server'), null);
  assert.match(layerProblem(at('server.ts'), './cli/main') ?? '', /server\.ts\/ may import only itself and lsp\/, features\//);
  assert.equal(layerProblem(at('newfolder', 'x.ts'), '../common/types'), 'is in newfolder, which has no entry in MAY_IMPORT');
});

test('oomlog/, unit/, sysctl/ import only themselves and common/; common/ only itself', () => {
  const problems: string[] = [];
  let files = 0;
  for (const core of CORES) {
    for (const file of filesUnder(path.join(SRC, core))) {
      files++;
      for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
        const p = layerProblem(file, spec);
        if (p) problems.push(`${path.relative(SRC, file)} ${p}`);
      }
    }
  }
  assert.ok(files > 50, `the cores' files were found under ${SRC} (${files})`);
  assert.deepEqual(problems, []);
});

test('every file of server/src imports only what MAY_IMPORT allows its folder; no loose file but server.ts', () => {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of filesUnder(SRC)) {
    seen.add(path.relative(SRC, file).split(path.sep)[0]);
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      const p = layerProblem(file, spec);
      if (p) problems.push(`${path.relative(SRC, file)} ${p}`);
    }
  }
  assert.deepEqual(problems, []);
  // each folder of the table is there (a renamed folder would leave its rule checking nothing)
  assert.deepEqual([...seen].sort(), Object.keys(MAY_IMPORT).sort());
});

/**
 * One layout for the features of the three languages: the same file per feature, exporting
 * `<prefix><Feature>`; index.ts only wires them into the LanguageService.
 */
const LAYOUT: { folder: string; prefix: string; files: Record<string, string> }[] = [
  { folder: 'oomlog', prefix: 'oom', files: { 'hover.ts': 'Hover', 'tokens.ts': 'Tokens', 'symbols.ts': 'Symbols', 'diagnostics.ts': 'Diagnostics', 'inlay.ts': 'InlayHints', 'codeLens.ts': 'CodeLenses' } },
  { folder: 'unit', prefix: 'unit', files: { 'hover.ts': 'Hover', 'complete.ts': 'Completion', 'tokens.ts': 'Tokens', 'symbols.ts': 'Symbols', 'rules.ts': 'runRules' } },
  { folder: 'sysctl', prefix: 'sysctl', files: { 'hover.ts': 'Hover', 'complete.ts': 'Completion', 'tokens.ts': 'Tokens', 'symbols.ts': 'Symbols', 'rules.ts': 'runRules' } },
];

test('each language keeps its features in the same files, exporting <prefix><Feature>', () => {
  for (const { folder, prefix, files } of LAYOUT) {
    for (const [file, feature] of Object.entries(files)) {
      const name = feature === 'runRules' ? feature : prefix + feature;
      const text = fs.readFileSync(path.join(SRC, folder, file), 'utf8');
      assert.match(text, new RegExp(`export function ${name}\\b`), `${folder}/${file} exports ${name}`);
    }
  }
});
