/**
 * Answers the web-worker server's requests for the workspace's files
 * (server/src/lsp/workspaceProtocol.ts): it has no file system, VS Code's API reaches every file
 * system the workspace is on (github.dev's and vscode.dev's included).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  FIND_FILES, READ_FILE, type FindFilesParams, type FoundFile, type ReadFileParams, type ReadFileResult,
} from '../../server/src/lsp/protocol';

export function serveWorkspaceFiles(client: BaseLanguageClient): vscode.Disposable[] {
  return [
    client.onRequest(FIND_FILES, async (p: FindFilesParams): Promise<FoundFile[]> => {
      const uris = await vscode.workspace.findFiles(p.include, p.exclude, p.maxResults);
      const out: FoundFile[] = [];
      // the sizes decide what is read within the bounds; a file gone since the listing is left out
      await Promise.all(uris.map(async uri => {
        const st = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
        if (st && st.type & vscode.FileType.File) out.push({ uri: uri.toString(), size: st.size, mtime: st.mtime });
      }));
      return out.sort((a, b) => (a.uri < b.uri ? -1 : 1));
    }),
    client.onRequest(READ_FILE, async (p: ReadFileParams): Promise<ReadFileResult> => {
      try {
        const uri = vscode.Uri.parse(p.uri, true);
        const st = await vscode.workspace.fs.stat(uri);
        if (st.size > p.maxBytes) return { error: `${st.size} bytes, more than the ${p.maxBytes} read for cross-file checks` };
        return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
      } catch (e) {
        return { error: `cannot read it (${e instanceof Error ? e.message : String(e)})` };
      }
    }),
  ];
}
