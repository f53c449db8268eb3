/**
 * OOM Lens language server in Node: wiring only. The server itself is server/src/lsp/ (the same
 * in the web worker, lsp/web/main.ts); here it gets its Node host (files from disk) and the
 * requests about the live machine. Runs in VS Code (IPC) and on its own for any editor:
 * `node dist/server.js --stdio` (start/main.ts, which loads this file's bundle, dist/server-main.js,
 * through V8's code cache when it may).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerMachineRequests } from './features/machine';
import { startServer } from './lsp/server';
import { nodeFilePath, nodeHost } from './lsp/node/host';

const connection = createConnection(ProposedFeatures.all);
const { docs, analyses, workspace } = startServer(connection, nodeHost());
registerMachineRequests(connection, {
  logAnalysis: uri => analyses.openLogAnalysis(uri),
  document: uri => { const d = docs.get(uri); return d ? { text: d.getText(), path: nodeFilePath(uri), lang: docs.languageOf(d) } : null; },
  sysctlFiles: () => workspace.sysctlFiles(),
});
connection.listen();
