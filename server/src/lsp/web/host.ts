/**
 * The server's host in a browser web worker (vscode.dev, github.dev): no file system and no
 * machine. The workspace's files come through the client (workspace.ts); `.oom-lens.json` files
 * are not read (the editor's settings apply); logs VS Code keeps from extensions get no report,
 * and memory is left to the browser.
 */
import type { ServerHost } from '../host';
import { WebWorkspace } from './workspace';

/**
 * The path part of a document URI: file names decide unit types and sysctl.d order
 * (`vscode-vfs://github/owner/repo/etc/sysctl.d/10-a.conf` → `/owner/repo/etc/sysctl.d/10-a.conf`).
 */
export function webFilePath(uri: string): string {
  const m = /^[a-z][a-z0-9+.-]*:(\/\/[^/?#]*)?([^?#]*)/i.exec(uri);
  if (!m) return uri;
  let p = m[2];
  try { p = decodeURIComponent(p); } catch { /* keep it encoded */ }
  if (/^\/[A-Za-z]:/.test(p)) p = p.slice(1); // file:///c:/… as Windows writes it
  return p.startsWith('/') || /^[A-Za-z]:/.test(p) ? p : '/' + p;
}

export function webHost(): ServerHost {
  return {
    filePath: webFilePath,
    workspace: (connection, openDocuments, onChanged) => new WebWorkspace(connection, webFilePath, openDocuments, onChanged),
    releaseMemorySoon: () => undefined,
    releaseMemoryWhenIdle: () => undefined,
  };
}
