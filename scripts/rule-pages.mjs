// Writes docs/rules/<ID>.md, one page per lint rule, from the rule catalogues and their test cases
// (test/unit/unit/rule-pages.ts does the work; test/unit/unit/rule-pages.test.ts checks the pages are current).
// Run after adding or changing a rule: node scripts/rule-pages.mjs
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'out', 'rule-pages.cjs');
await build({ entryPoints: [path.join(root, 'test/unit/unit/rule-pages.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' });
const { writePages } = createRequire(import.meta.url)(outfile);
const { written, removed } = writePages(root);
console.log(`docs/rules: ${written} pages written${removed.length ? `, removed ${removed.join(', ')}` : ''}`);
