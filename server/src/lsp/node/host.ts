/**
 * The server's host in Node: files come from disk (workspace.ts walks the workspace folders,
 * diskLog.ts reads logs VS Code keeps from extensions, files/lintConfig.ts finds `.oom-lens.json`), and
 * memory is handed back after huge documents (memory.ts).
 */
import { fileURLToPath } from 'url';
import { DiskLogError, diskReportView } from './diskLog';
import { ConfigFiles } from '../../files/lintConfig';
import { releaseMemorySoon, releaseMemoryWhenIdle } from './memory';
import { WorkspaceFiles } from './workspace';
import { StorageLogError, type ServerHost, type WorkspaceSource } from '../host';

/** The path of a `file:` URI; other schemes (untitled:, oom-lens-kernel-log:) keep their path part. */
export function nodeFilePath(uri: string): string {
  if (!uri.startsWith('file:')) return uri.replace(/^[a-z-]+:\/*/i, '/');
  try { return fileURLToPath(uri); } catch { return uri; }
}

export function nodeHost(): ServerHost {
  return {
    filePath: nodeFilePath,
    workspace(_connection, openDocuments, onChanged): WorkspaceSource {
      const files = new WorkspaceFiles(openDocuments, onChanged);
      return {
        unitFiles: () => files.unitFiles(),
        sysctlFiles: () => files.sysctlFiles(),
        logFiles: () => files.logFiles(),
        logNote: () => files.logNote(),
        // only folders on disk are walked
        setRoots: uris => files.setRoots(uris.map(nodeFilePath).filter(r => r.startsWith('/') || /^[A-Za-z]:/.test(r))),
        invalidate: () => files.invalidate(),
      };
    },
    projectConfig: new ConfigFiles(),
    releaseMemorySoon,
    releaseMemoryWhenIdle,
    async reportViewFromStorage(uri, request) {
      try {
        return await diskReportView(uri, request);
      } catch (e) {
        throw e instanceof DiskLogError ? new StorageLogError(e.message) : e;
      }
    },
  };
}
