// Bundles the integration suite for the browser's web-worker extension host
// (test/integration/web.ts → out/test/web/integration.js): one CommonJS file that requires only
// `vscode`. Node modules imported by test files that also run in Node's host (fs, os, path) are
// replaced by a module that throws when used: the tests that need them skip themselves there.
// `assert` is test/integration/webAssert.ts (what the tests use of it, with Node's semantics).
import { build } from 'esbuild';
import { builtinModules } from 'module';
import * as path from 'path';

const NODE = new RegExp(`^(node:)?(${builtinModules.map(m => m.replace(/[/]/g, '\\/')).join('|')})$`);
await build({
  entryPoints: ['test/integration/web.ts'],
  outfile: 'out/test/web/integration.js',
  bundle: true, platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], logLevel: 'warning',
  plugins: [{
    name: 'node-modules-unavailable',
    setup(b) {
      b.onResolve({ filter: /^(node:)?assert$/ }, () => ({ path: path.resolve('test/integration/webAssert.ts') }));
      b.onResolve({ filter: NODE }, args => ({ path: args.path, namespace: 'node-unavailable' }));
      b.onLoad({ filter: /.*/, namespace: 'node-unavailable' }, args => ({
        contents: `module.exports = new Proxy({}, { get(_, key) { if (key === '__esModule') return false; ` +
          `throw new Error(${JSON.stringify(`Node module "${args.path}" used in the web-worker extension host: the test must skip itself there (WEB_HOST)`)} + ' (' + String(key) + ')'); } });`,
      }));
    },
  }],
});
