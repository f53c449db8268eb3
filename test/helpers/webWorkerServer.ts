/**
 * The web build of the language server (dist/web/server.js) in headless Chromium, as a web worker,
 * with an LSP connection to it from the test: messages go through the page to the worker's
 * postMessage and back. Like the VS Code browser client, the test answers the server's requests
 * for the workspace's files (oomLens/workspace/findFiles, readFile) from `files`.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { execFileSync } from 'child_process';
import type { AddressInfo } from 'net';
import type { Browser, Page } from 'playwright-core';
import {
  AbstractMessageReader, AbstractMessageWriter, createMessageConnection, type DataCallback, type Disposable,
  type Message, type MessageConnection, type MessageReader, type MessageWriter,
} from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { launch } from '../e2e/browser';
import { repoRoot } from './lspClient';

/** Chromium for the test, or why there is none. */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM && fs.existsSync(process.env.CHROMIUM)) return process.env.CHROMIUM;
  try { return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined; } catch { return undefined; }
}

class PageReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  listen(callback: DataCallback): Disposable { this.callback = callback; return { dispose: () => { this.callback = undefined; } }; }
  deliver(m: Message): void { this.callback?.(m); }
}

class PageWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly page: Page) { super(); }
  async write(msg: Message): Promise<void> {
    await this.page.evaluate(m => (globalThis as any).__oomLensWorker.postMessage(m), msg as any);
  }
  end(): void { /* the page goes with the browser */ }
}

export interface WebTestServer {
  conn: MessageConnection;
  /** The server's answer to initialize. */
  initialized: InitializeResult;
  diagnostics: Map<string, any[]>;
  /** Errors the worker or the page reported (the server must not have any). */
  errors: string[];
  /** Files the server asked to read, in order. */
  reads: string[];
  waitForDiagnostics(uri: string, predicate?: (d: any[]) => boolean, timeoutMs?: number): Promise<any[]>;
  open(uri: string, languageId: string, text: string, version?: number): void;
  stop(): Promise<void>;
}

export async function startWebServer(opts: {
  rootUri?: string; files?: Record<string, string>; initializationOptions?: unknown; browser?: Browser;
} = {}): Promise<WebTestServer> {
  const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'web', 'server.js'));
  const httpServer = http.createServer((req, res) => {
    if (req.url === '/server.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(bundle); return; }
    res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>oom-lens web worker</title>');
  });
  await new Promise<void>(resolve => httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const browser = opts.browser ?? await launch();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', e => errors.push(`page: ${e.message}`));
  const reader = new PageReader();
  await page.exposeFunction('__oomLensFromWorker', (m: any) => {
    if (m && typeof m === 'object' && 'workerError' in m) errors.push(`worker: ${m.workerError}`);
    else reader.deliver(m);
  });
  await page.goto(base + '/');
  await page.evaluate(() => {
    const g = globalThis as any;
    g.__oomLensWorker = new g.Worker('/server.js');
    g.__oomLensWorker.onmessage = (e: any) => g.__oomLensFromWorker(e.data);
    g.__oomLensWorker.onerror = (e: any) => g.__oomLensFromWorker({ workerError: String(e.message) });
  });
  const conn = createMessageConnection(reader, new PageWriter(page));
  const diagnostics = new Map<string, any[]>();
  const waiters: (() => void)[] = [];
  const reads: string[] = [];
  const files = opts.files ?? {};
  conn.onNotification('textDocument/publishDiagnostics', (p: any) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  conn.onRequest('workspace/configuration', (p: any) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('window/logMessage', (p: any) => { if (p.type === 1) errors.push(`server: ${p.message}`); });
  conn.onRequest('oomLens/workspace/findFiles', () => Object.entries(files).map(([uri, text]) => ({ uri, size: Buffer.byteLength(text), mtime: 1 })));
  conn.onRequest('oomLens/workspace/readFile', (p: any) => {
    reads.push(p.uri);
    return p.uri in files ? { text: files[p.uri] } : { error: 'no such file' };
  });
  conn.listen();
  const initialized = await conn.sendRequest<InitializeResult>('initialize', {
    processId: null,
    rootUri: opts.rootUri ?? null,
    workspaceFolders: opts.rootUri ? [{ uri: opts.rootUri, name: 'ws' }] : null,
    capabilities: { workspace: { configuration: false } },
    initializationOptions: opts.initializationOptions,
  });
  conn.sendNotification('initialized', {});
  return {
    conn, initialized, diagnostics, errors, reads,
    open(uri, languageId, text, version = 1) {
      diagnostics.delete(uri);
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    waitForDiagnostics(uri, predicate = () => true, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms (got ${JSON.stringify(diagnostics.get(uri)?.map(d => d.code))}; errors: ${errors.join(' | ')})`)), timeoutMs);
        const check = () => {
          const d = diagnostics.get(uri);
          if (d && predicate(d)) { clearTimeout(deadline); resolve(d); } else waiters.push(check);
        };
        check();
      });
    },
    async stop() {
      try { await conn.sendRequest('shutdown'); } catch { /* already gone */ }
      conn.dispose();
      await page.close();
      if (!opts.browser) await browser.close();
      await new Promise(resolve => httpServer.close(resolve));
    },
  };
}
