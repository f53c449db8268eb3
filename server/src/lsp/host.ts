/**
 * What the language server needs from where it runs. The LSP layer (this folder) is the same in
 * Node and in a browser web worker; what differs sits behind ServerHost, with one implementation
 * per transport: node/host.ts (files from disk, the machine's memory, logs VS Code keeps from
 * extensions) and web/host.ts (the workspace's files through the client's vscode.workspace.fs).
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { Settings, WorkspaceView } from '../common/service';
import type { LogFile } from '../crossfile/unitEvidence';
import type { LanguageName } from '../files/languages';
import type { ReportView } from '../report/model';

/** An open document as the workspace listing sees it: open documents win over the stored copy. */
export interface OpenDocumentFile extends LogFile { lang: LanguageName | null }

/** The workspace's unit, sysctl and log files for cross-file checks. */
export interface WorkspaceSource extends WorkspaceView {
  /** The workspace folders, as URIs (initialize). */
  setRoots(rootUris: string[]): void;
  /** Files were created, deleted or renamed: list them again. */
  invalidate(): void;
}

/** Project settings files (`.oom-lens.json`, files/lintConfig.ts), found from a file's folder upward. */
export interface ProjectConfig {
  settingsFor(filePath: string, base: Settings): { settings: Settings; config: { file: string; problems: string[] } | null };
  clear(): void;
}

/** Progress and cancellation of a long request, for ServerHost.reportViewFromStorage. */
export interface LongRequest {
  progress(fraction: number): void;
  cancelled(): boolean;
  token: CancellationToken;
}

export interface ServerHost {
  /** The file-system path a document URI stands for (file names decide unit types and sysctl.d order). */
  filePath(uri: string): string;
  /** The workspace listing; `onChanged` is called when files read in the background may change findings. */
  workspace(connection: Connection, openDocuments: () => OpenDocumentFile[], onChanged: () => void): WorkspaceSource;
  /** `.oom-lens.json` files, where the host can read them (undefined: the editor's settings only). */
  projectConfig?: ProjectConfig;
  /** Give the memory of a huge document back soon / once the edits pause (no-ops where the host cannot). */
  releaseMemorySoon(): void;
  releaseMemoryWhenIdle(): void;
  /**
   * The report view of a log that is not an open document (VS Code keeps files over 50 MB from
   * extensions), read from storage; null when it is not a readable file or the reading was
   * cancelled. Hosts without it answer as for any document that is not open. Throws
   * StorageLogError when the file cannot be analysed (too big).
   */
  reportViewFromStorage?(uri: string, request: LongRequest): Promise<ReportView | null>;
}

/** A file the host could not analyse for the report view: `message` is meant for the user. */
export class StorageLogError extends Error {}
