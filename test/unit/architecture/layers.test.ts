/**
 * The language folders (oomlog/, unit/, sysctl/) import only themselves and common/, and common/
 * imports only itself: what crosses languages lives in crossfile/. None of them imports the editor
 * (vscode, vscode-languageserver) or Node's modules: the cores are plain functions from text to
 * typed results, run by the server, the CLI and the web build alike. Data generators (*.mjs, run
 * by hand to rebuild a table) may read files.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../../server/src');
const CORES = ['oomlog', 'unit', 'sysctl', 'common'];

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
  if (/^vscode(-|$)/.test(spec)) return `imports the editor (${spec})`;
  if (!spec.startsWith('.')) {
    return file.endsWith('.mjs') ? null : `imports the package or Node module '${spec}' (cores are plain functions from text)`;
  }
  const target = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
  if (target === folder || target === 'common') return null;
  return `imports ${target}/ ('${spec}'): ${folder}/ may import only itself and common/`;
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
