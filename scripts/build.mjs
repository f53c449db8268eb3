// Bundles the client, the language server and the CLI with esbuild into dist/, and the browser
// build into dist/web/: the client for VS Code's web extension host and the server as a web worker.
import { build } from 'esbuild';
import { builtinModules } from 'module';

const minify = process.argv.includes('--minify');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', sourcemap: false, minify, logLevel: 'warning' };

/**
 * The browser bundles must not reach a Node module: fail the build naming the importer, instead of
 * shipping a bundle that throws when the web worker loads it.
 */
const NODE_BUILTINS = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));
const noNodeModules = {
  name: 'no-node-modules',
  setup(b) {
    b.onResolve({ filter: /.*/ }, args => {
      if (!NODE_BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
      return { errors: [{ text: `Node module "${args.path}" reached the browser build (imported by ${args.importer}); put it behind the host (server/src/lsp/host.ts; Node-only code lives in lsp/node/, files/, start/, cli/, machine/) or keep it out of client/src/browser.ts` }] };
    });
  },
};
const web = { ...common, platform: 'browser', target: 'es2022', plugins: [noNodeModules], define: { 'process.env.NODE_ENV': '"production"' } };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // dist/server.js is the small entry that loads dist/server-main.js (the server) through V8's code cache
  build({ ...common, entryPoints: ['server/src/start/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' }),
  // dist/cli.js (the bin) runs dist/cli-analyze.js for `analyze` and dist/cli-main.js for the other commands
  build({ ...common, entryPoints: ['server/src/cli/entry.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli/analyzeMain.ts'], outfile: 'dist/cli-analyze.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js' }),
  build({ ...web, entryPoints: ['client/src/browser.ts'], outfile: 'dist/web/extension.js', external: ['vscode'] }),
  build({ ...web, format: 'iife', entryPoints: ['server/src/lsp/web/main.ts'], outfile: 'dist/web/server.js', inject: ['server/src/lsp/web/buffer.ts'] }),
]);
