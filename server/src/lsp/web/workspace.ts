/**
 * The workspace's unit, sysctl and log files in the web worker, which has no file system: the
 * client lists and reads them for it (vscode.workspace.findFiles and vscode.workspace.fs, through
 * the requests of ../workspaceProtocol.ts), so this works over any file system VS Code has,
 * github.dev's and vscode.dev's included.
 *
 * Everything is read in the background, after the first listing is asked for, within the same
 * bounds as the Node walk (WorkspaceLimits): unit and sysctl files the smallest first up to
 * `maxConfigBytes`, logs up to `maxLogBytes` / `maxLogFiles`, each analysed in steps that let
 * requests in and kept only as the few facts the unit evidence needs. Until then, logNote() says
 * so, and the findings are computed again when the reading is done (`onChanged`). Open documents
 * override the stored copies. When the files change, what was read before is kept for the files
 * whose size and modification time are the same.
 */
import type { Connection } from 'vscode-languageserver';
import type { WorkspaceFile } from '../../common/service';
import { languageOfPath, type LanguageName } from '../../files/languages';
import { ProgressiveParse } from '../../oomlog/incremental';
import { logFacts, type LogFacts, type LogFile } from '../../crossfile/unitEvidence';
import type { OpenDocumentFile, WorkspaceSource } from '../host';
import { yieldToRequests } from '../tick';
import { DEFAULT_LIMITS, mb, type WorkspaceLimits } from '../workspaceLimits';
import {
  FIND_FILES, READ_FILE, WORKSPACE_EXCLUDE, WORKSPACE_INCLUDE,
  type FindFilesParams, type FoundFile, type ReadFileParams, type ReadFileResult,
} from '../workspaceProtocol';

interface Stored { uri: string; path: string; lang: LanguageName; size: number; mtime: number; text?: string; facts?: LogFacts }

interface Reading {
  files: Map<string, Stored>;
  planned: number;
  done: number;
  finished: boolean;
  notes: string[];
}

export class WebWorkspace implements WorkspaceSource {
  private reading: Reading | null = null;
  /** The files of the reading before this one: reused when unchanged. */
  private previous = new Map<string, Stored>();
  private generation = 0;
  private hasRoots = false;
  readonly limits: WorkspaceLimits;

  constructor(
    private readonly connection: Connection,
    private readonly filePath: (uri: string) => string,
    private readonly openDocuments: () => OpenDocumentFile[],
    private readonly onChanged: () => void,
    limits: Partial<WorkspaceLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  setRoots(rootUris: string[]): void {
    this.hasRoots = rootUris.length > 0;
    this.invalidate();
  }

  invalidate(): void {
    if (this.reading) this.previous = this.reading.files;
    this.reading = null;
    this.generation++;
  }

  unitFiles(): WorkspaceFile[] { return this.listed('systemd-unit'); }
  sysctlFiles(): WorkspaceFile[] { return this.listed('sysctl'); }
  logFiles(): LogFile[] { return this.listed('oom-log'); }

  logNote(): string | undefined {
    const r = this.reading;
    if (!r) return undefined;
    const parts: string[] = [];
    if (!r.finished) parts.push(`still reading the workspace's files (${r.done} of ${r.planned} read)`);
    parts.push(...r.notes);
    return parts.length ? parts.join('; ') + '.' : undefined;
  }

  /** True once the background reading is done (for tests). */
  get filesRead(): boolean { return !!this.reading?.finished; }

  private listed(lang: LanguageName): LogFile[] {
    const byPath = new Map<string, LogFile>();
    const r = this.read();
    // while the files are read again, what the last reading found stands in for what is not read yet
    const found = r.finished ? r.files.values() : [...this.previous.values(), ...r.files.values()];
    for (const f of found) {
      if (f.lang !== lang) continue;
      if (lang === 'oom-log') {
        const facts = f.facts;
        if (facts) byPath.set(f.path, { uri: f.uri, path: f.path, text: '', oomFacts: () => facts });
      } else if (f.text !== undefined) {
        byPath.set(f.path, { uri: f.uri, path: f.path, text: f.text });
      }
    }
    for (const d of this.openDocuments()) {
      if (d.lang === lang) byPath.set(d.path, { uri: d.uri, path: d.path, get text() { return d.text; }, ...(lang === 'oom-log' ? { oomLog: d.oomLog } : {}) });
    }
    return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The current reading, started on first use after the roots were set or the files changed. */
  private read(): Reading {
    if (this.reading) return this.reading;
    const r: Reading = { files: new Map(), planned: 0, done: 0, finished: !this.hasRoots, notes: [] };
    this.reading = r;
    if (this.hasRoots) {
      const generation = this.generation;
      void this.readAll(r, () => generation !== this.generation).catch(e => {
        r.notes.push(`reading the workspace's files failed (${e instanceof Error ? e.message : String(e)})`);
      }).finally(() => {
        if (generation !== this.generation) return;
        r.finished = true;
        this.onChanged();
      });
    }
    return r;
  }

  private async readAll(r: Reading, abandoned: () => boolean): Promise<void> {
    const params: FindFilesParams = { include: WORKSPACE_INCLUDE, exclude: WORKSPACE_EXCLUDE, maxResults: this.limits.maxFiles };
    const found = await this.connection.sendRequest<FoundFile[]>(FIND_FILES, params);
    if (abandoned()) return;
    const configs: (FoundFile & { lang: LanguageName; path: string })[] = [];
    const logs: typeof configs = [];
    for (const f of found) {
      const path = this.filePath(f.uri);
      const lang = languageOfPath(path);
      if (!lang) continue;
      (lang === 'oom-log' ? logs : configs).push({ ...f, lang, path });
    }
    // the smallest first, up to the totals: one huge crafted file does not push out the real ones
    const bySize = (a: { size: number; path: string }, b: { size: number; path: string }) => a.size - b.size || (a.path < b.path ? -1 : 1);
    configs.sort(bySize);
    logs.sort(bySize);
    const plan: typeof configs = [];
    let total = 0;
    let left = 0;
    for (const f of configs) {
      if (f.size > this.limits.maxConfigFileBytes || total + f.size > this.limits.maxConfigBytes) { left++; continue; }
      total += f.size;
      plan.push(f);
    }
    if (left) r.notes.push(`${left} unit or sysctl file${left === 1 ? '' : 's'} not read (over ${mb(this.limits.maxConfigFileBytes)} each or ${mb(this.limits.maxConfigBytes)} in all)`);
    const logPlan: typeof configs = [];
    total = 0;
    left = 0;
    let leftBytes = 0;
    for (const f of logs) {
      if (f.size > this.limits.maxLogFileBytes || logPlan.length >= this.limits.maxLogFiles || total + f.size > this.limits.maxLogBytes) {
        left++; leftBytes += f.size; continue;
      }
      total += f.size;
      logPlan.push(f);
    }
    if (left) {
      r.notes.push(`${left} log${left === 1 ? '' : 's'} (${mb(leftBytes)}) not read: OOM Lens reads at most ${this.limits.maxLogFiles} logs, ` +
        `${mb(this.limits.maxLogBytes)} in all and ${mb(this.limits.maxLogFileBytes)} each, the smallest first (open one to analyse it)`);
    }
    r.planned = plan.length + logPlan.length;
    const unchanged = (f: FoundFile) => {
      const hit = this.previous.get(f.uri);
      return hit && hit.size === f.size && hit.mtime === f.mtime ? hit : undefined;
    };
    for (const f of plan) {
      const known = unchanged(f);
      const text = known ? known.text : await this.readText(f.uri, this.limits.maxConfigFileBytes);
      if (abandoned()) return;
      if (text !== undefined) r.files.set(f.uri, { uri: f.uri, path: f.path, lang: f.lang, size: f.size, mtime: f.mtime, text });
      r.done++;
    }
    // the unit and sysctl files are there: findings that use them need not wait for the logs
    if (plan.length) this.onChanged();
    for (const f of logPlan) {
      const known = unchanged(f);
      if (known?.facts) { r.files.set(f.uri, known); r.done++; continue; }
      const text = await this.readText(f.uri, this.limits.maxLogFileBytes);
      if (abandoned()) return;
      if (text !== undefined) {
        const parse = new ProgressiveParse(text, 256 << 10);
        while (!parse.step()) {
          await yieldToRequests();
          if (abandoned()) return;
        }
        r.files.set(f.uri, { uri: f.uri, path: f.path, lang: 'oom-log', size: f.size, mtime: f.mtime, facts: logFacts(parse.result()) });
      }
      r.done++;
    }
  }

  /** A file's text from the client; undefined (and a note) when it cannot be read. */
  private async readText(uri: string, maxBytes: number): Promise<string | undefined> {
    const params: ReadFileParams = { uri, maxBytes };
    const got = await this.connection.sendRequest<ReadFileResult>(READ_FILE, params);
    if ('text' in got) return got.text;
    this.connection.console.warn(`oom-lens: ${uri}: ${got.error}`);
    return undefined;
  }
}
