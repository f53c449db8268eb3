/**
 * Entry of the language server as a browser web worker (`dist/web/server.js`, loaded by
 * client/src/browser.ts): the same server as in Node (../server.ts) over the worker's messages,
 * with the web host (files through the client, no machine).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from '../server';
import { webHost } from './host';

/** The worker's global scope (postMessage / onmessage): what the reader and writer take. */
const worker = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
startServer(connection, webHost());
connection.listen();
