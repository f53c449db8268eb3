/**
 * Requests the web-worker server sends to the client for the workspace's files (it has no file
 * system of its own); the client answers them with vscode.workspace.findFiles and
 * vscode.workspace.fs (client/src/workspaceFiles.ts). Shared by both sides.
 */

/** `oomLens/workspace/findFiles`: files matching `include` in the workspace folders, with their sizes and modification times. */
export const FIND_FILES = 'oomLens/workspace/findFiles';
export interface FindFilesParams { include: string; exclude: string; maxResults: number }
export interface FoundFile { uri: string; size: number; mtime: number }

/** `oomLens/workspace/readFile`: a file's text, or why not (too big, unreadable). */
export const READ_FILE = 'oomLens/workspace/readFile';
export interface ReadFileParams { uri: string; maxBytes: number }
export type ReadFileResult = { text: string } | { error: string };

/** The files cross-file checks look at (files/languages.ts: unit files, drop-ins, sysctl files, kernel logs). */
export const WORKSPACE_INCLUDE = '**/{*.service,*.socket,*.mount,*.automount,*.swap,*.slice,*.scope,*.timer,*.path,*.target,*.device,*.conf,kern.log*,dmesg*,messages*,syslog*,*.dmesg,*.oom}';
export const WORKSPACE_EXCLUDE = '**/{node_modules,.git,.hg,.svn,out,dist,.e2e-work,.vscode-test}/**';
