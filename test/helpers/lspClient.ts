/** A minimal LSP client over stdio for protocol tests: spawns `node dist/server.js --stdio`. */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface TestServer {
  conn: MessageConnection;
  proc: ChildProcess;
  /** Diagnostics published per uri (latest wins). */
  diagnostics: Map<string, any[]>;
  waitForDiagnostics(uri: string, predicate?: (d: any[]) => boolean, timeoutMs?: number): Promise<any[]>;
  open(uri: string, languageId: string, text: string, version?: number): void;
  stop(): Promise<void>;
}

export async function startServer(opts: { rootUri?: string; initializationOptions?: unknown; configuration?: unknown; env?: Record<string, string> } = {}): Promise<TestServer> {
  const env = opts.env ? { ...process.env, ...opts.env } : process.env;
  const proc = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  proc.stderr!.on('data', () => undefined);
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, any[]>();
  const waiters: (() => void)[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: any) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  conn.onRequest('workspace/configuration', (p: any) => p.items.map(() => opts.configuration ?? null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: opts.rootUri ?? null,
    workspaceFolders: opts.rootUri ? [{ uri: opts.rootUri, name: 'ws' }] : null,
    capabilities: { workspace: { configuration: opts.configuration !== undefined } },
    initializationOptions: opts.initializationOptions,
  });
  conn.sendNotification('initialized', {});
  const server: TestServer = {
    conn,
    proc,
    diagnostics,
    open(uri, languageId, text, version = 1) {
      diagnostics.delete(uri);
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    waitForDiagnostics(uri, predicate = () => true, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          const d = diagnostics.get(uri);
          if (d && predicate(d)) { clearTimeout(deadline); resolve(d); } else waiters.push(check);
        };
        check();
      });
    },
    async stop() {
      const exited = new Promise<void>(resolve => {
        if (proc.exitCode !== null) resolve();
        proc.once('exit', () => resolve());
      });
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
      } catch { /* already gone */ }
      const timer = setTimeout(() => proc.kill(), 2000);
      await exited;
      clearTimeout(timer);
      conn.dispose();
    },
  };
  return server;
}
