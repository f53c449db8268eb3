/**
 * Reads unit, sysctl and log files of the workspace folders for cross-file checks.
 *
 * A repository is untrusted input: logs of repeated reports compress to almost nothing in git, so
 * a small clone can hold gigabytes. Everything here is bounded in total, not only per file
 * (WorkspaceLimits; the OOM_LENS_WORKSPACE_* variables lower or raise them):
 * - the folder walk: at most `maxFiles` files, 8 directories deep, never following links;
 * - unit and sysctl files: the smallest first, up to `maxConfigBytes` in all (each at most
 *   `maxConfigFileBytes`); their text is read only when a rule asks for it, and kept in a cache of
 *   `cacheBytes` (least recently used dropped first);
 * - logs: never read in front of a request. A background job reads the smallest first, up to
 *   `maxLogBytes` and `maxLogFiles` (each at most `maxLogFileBytes`), analyses each in steps that
 *   let requests in, and keeps only the few facts the unit evidence needs (crossfile/unitEvidence.ts),
 *   not the text or the analysis, up to `factBytes` (least recently used dropped first). Until it is done, and when it had to leave logs out, logNote()
 *   says so, and the unit hover shows it.
 * Open documents override what is on disk, and open logs are the editor's own analysis. Nothing
 * from the workspace is ever executed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DEFAULT_LIMITS, mb, type WorkspaceLimits } from '../workspaceLimits';
import type { WorkspaceFile, WorkspaceView } from '../../common/service';
import type { LogFile } from '../../crossfile/unitEvidence';
import { languageOfPath, type LanguageName } from '../../files/languages';
import { ProgressiveParse } from '../../oomlog/incremental';
import { heapNearlyFull, readLogFileAsync } from '../../files/readLog';
import { factsBytes, logFacts, type LogFacts } from '../../crossfile/unitEvidence';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.e2e-work', '.vscode-test']);
const MAX_DEPTH = 8;

export { DEFAULT_LIMITS, type WorkspaceLimits };

/** DEFAULT_LIMITS with OOM_LENS_WORKSPACE_MAX_FILES, _MAX_CONFIG_BYTES, … (the key in upper snake case) applied. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkspaceLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(out) as (keyof WorkspaceLimits)[]) {
    const name = `OOM_LENS_WORKSPACE_${key.replace(/[A-Z]/g, c => `_${c}`).toUpperCase()}`;
    const v = env[name];
    if (v !== undefined && /^\d+$/.test(v)) out[key] = Number(v);
  }
  return out;
}

interface Listed { lang: LanguageName; path: string; size: number; mtimeMs: number }

interface LogJob {
  /** Logs chosen, smallest first, and what was left out. */
  plan: Listed[];
  skipped: { files: number; bytes: number; reason: string[] };
  done: number;
  finished: boolean;
  stopped?: string;
  /** Logs left to the editor because they were open when the job was planned. */
  openAtPlan: Set<string>;
}

export class WorkspaceFiles implements WorkspaceView {
  private roots: string[] = [];
  private scanned: Map<string, Listed> | null = null;
  /** Unit and sysctl texts, least recently used first. */
  private texts = new Map<string, { mtimeMs: number; size: number; text: string }>();
  private textBytes = 0;
  /** Facts of logs read from disk, by path, least recently used first. */
  private facts = new Map<string, { mtimeMs: number; size: number; facts: LogFacts; bytes: number }>();
  private factBytes = 0;
  /** Logs whose facts were dropped to stay within cacheBytes: read again with the next listing. */
  private evicted = 0;
  private job: LogJob | null = null;
  private generation = 0;
  readonly limits: WorkspaceLimits;

  /**
   * @param openDocuments the documents open in the editor; they win over the disk copy. Their
   *   `text` is read only by the rules that need it (a getter: an edited 50 MB log is not joined
   *   into one string just to be listed).
   * @param onLogsRead called when the background job has read logs (units may now have evidence)
   */
  constructor(
    private readonly openDocuments: () => (LogFile & { lang: LanguageName | null })[],
    private readonly onLogsRead: () => void = () => undefined,
    limits: Partial<WorkspaceLimits> = {},
  ) {
    this.limits = { ...limitsFromEnv(), ...limits };
  }

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.invalidate();
  }

  /** Forget the folder listing (files created, deleted or renamed); the logs are looked at again. */
  invalidate(): void {
    this.scanned = null;
    this.job = null;
    this.evicted = 0;
    this.generation++;
  }

  unitFiles(): WorkspaceFile[] { return this.configFiles('systemd-unit'); }
  sysctlFiles(): WorkspaceFile[] { return this.configFiles('sysctl'); }

  /** Logs: the open ones, and those on disk that the background job has read (it starts on the first call). */
  logFiles(): LogFile[] {
    const byPath = new Map<string, LogFile>();
    const openNow = new Set(this.openDocuments().filter(d => d.lang === 'oom-log').map(d => d.path));
    // a log closed since the plan is read from disk again: plan anew (what was read stays cached)
    if (this.job && [...this.job.openAtPlan].some(p => !openNow.has(p))) { this.job = null; this.generation++; }
    const job = this.logJob();
    for (const f of job.plan) {
      const self = this;
      byPath.set(f.path, {
        uri: pathToFileURL(f.path).href, path: f.path,
        get text() { return self.readText(f, self.limits.maxLogFileBytes); },
        oomFacts: () => this.factsOf(f),
      });
    }
    for (const d of this.openDocuments()) {
      if (d.lang === 'oom-log') byPath.set(d.path, { uri: d.uri, path: d.path, get text() { return d.text; }, oomLog: d.oomLog });
    }
    return sorted(byPath);
  }

  logNote(): string | undefined {
    const job = this.job;
    if (!job) return undefined;
    const parts: string[] = [];
    if (!job.finished) parts.push(`still reading the workspace's logs (${job.done} of ${job.plan.length} read)`);
    if (job.stopped) parts.push(job.stopped);
    if (this.evicted) parts.push(`what ${this.evicted} log${this.evicted === 1 ? ' says was' : 's say was'} dropped to stay within ${mb(this.limits.factBytes)} of memory`);
    if (job.skipped.files) {
      parts.push(`${job.skipped.files} log${job.skipped.files === 1 ? '' : 's'} (${mb(job.skipped.bytes)}) not read: ${job.skipped.reason.join('; ')}`);
    }
    return parts.length ? parts.join('; ') + '.' : undefined;
  }

  /** True once the background job has read every log it chose (for tests and the bench). */
  get logsRead(): boolean { return !!this.job?.finished; }

  private configFiles(lang: LanguageName): WorkspaceFile[] {
    const byPath = new Map<string, WorkspaceFile>();
    const listed = [...this.scan().values()].filter(f => f.lang === lang && f.size <= this.limits.maxConfigFileBytes);
    // the smallest first, up to the total: one huge crafted file does not push out the real ones
    listed.sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
    let total = 0;
    for (const f of listed) {
      if (total + f.size > this.limits.maxConfigBytes) break;
      total += f.size;
      const self = this;
      byPath.set(f.path, { uri: pathToFileURL(f.path).href, path: f.path, get text() { return self.readText(f, self.limits.maxConfigFileBytes); } });
    }
    for (const d of this.openDocuments()) {
      if (d.lang === lang) byPath.set(d.path, { uri: d.uri, path: d.path, get text() { return d.text; } });
    }
    return sorted(byPath);
  }

  /** A unit or sysctl file's text ('' when it is gone, grew past its limit or cannot be read), through the cache. */
  private readText(f: Listed, limit: number): string {
    try {
      const st = fs.statSync(f.path);
      if (!st.isFile() || st.size > limit) return '';
      const hit = this.texts.get(f.path);
      if (hit) {
        this.texts.delete(f.path);
        if (hit.mtimeMs === st.mtimeMs && hit.size === st.size) { this.texts.set(f.path, hit); return hit.text; }
        this.textBytes -= hit.size;
      }
      const text = fs.readFileSync(f.path, 'utf8');
      this.texts.set(f.path, { mtimeMs: st.mtimeMs, size: st.size, text });
      this.textBytes += st.size;
      for (const [p, e] of this.texts) {
        if (this.textBytes <= this.limits.cacheBytes || this.texts.size <= 1) break;
        this.texts.delete(p);
        this.textBytes -= e.size;
      }
      return text;
    } catch {
      return '';
    }
  }

  private factsOf(f: Listed): LogFacts | null {
    const hit = this.facts.get(f.path);
    if (!hit || hit.mtimeMs !== f.mtimeMs || hit.size !== f.size) return null;
    this.facts.delete(f.path);
    this.facts.set(f.path, hit);
    return hit.facts;
  }

  private keepFacts(f: Listed, facts: LogFacts): void {
    const old = this.facts.get(f.path);
    if (old) { this.facts.delete(f.path); this.factBytes -= old.bytes; }
    const bytes = factsBytes(facts);
    this.facts.set(f.path, { mtimeMs: f.mtimeMs, size: f.size, facts, bytes });
    this.factBytes += bytes;
    // the facts are small (a few hundred bytes a report); still bounded, like everything read from the workspace
    for (const [p, e] of this.facts) {
      if (this.factBytes <= this.limits.factBytes || this.facts.size <= 1) break;
      this.facts.delete(p);
      this.factBytes -= e.bytes;
      this.evicted++;
    }
  }

  /** The log job of the current listing: planned now (from the walk's sizes), run in the background. */
  private logJob(): LogJob {
    if (this.job) return this.job;
    const open = new Set(this.openDocuments().filter(d => d.lang === 'oom-log').map(d => d.path));
    const logs = [...this.scan().values()].filter(f => f.lang === 'oom-log' && !open.has(f.path));
    logs.sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
    const job: LogJob = { plan: [], skipped: { files: 0, bytes: 0, reason: [] }, done: 0, finished: false, openAtPlan: open };
    let total = 0;
    const why = new Set<string>();
    for (const f of logs) {
      let reason: string | undefined;
      if (f.size > this.limits.maxLogFileBytes) reason = `larger than ${mb(this.limits.maxLogFileBytes)} each (open one to analyse it)`;
      else if (job.plan.length >= this.limits.maxLogFiles) reason = `more than ${this.limits.maxLogFiles} logs`;
      else if (total + f.size > this.limits.maxLogBytes) reason = `OOM Lens reads at most ${mb(this.limits.maxLogBytes)} of logs in a workspace, the smallest first`;
      if (reason) { job.skipped.files++; job.skipped.bytes += f.size; why.add(reason); continue; }
      total += f.size;
      job.plan.push(f);
    }
    job.skipped.reason = [...why];
    this.job = job;
    const generation = this.generation;
    setImmediate(() => void this.runLogJob(job, generation));
    return job;
  }

  private async runLogJob(job: LogJob, generation: number): Promise<void> {
    let lastNotice = Date.now();
    try {
      for (const f of job.plan) {
        if (generation !== this.generation) return;
        if (!this.factsOf(f)) {
          const facts = await this.readLog(f, () => generation !== this.generation);
          if (facts === 'stop') { job.stopped = 'the server is short of memory, so it stopped reading logs'; break; }
          if (facts) this.keepFacts(f, facts);
        }
        job.done++;
        if (Date.now() - lastNotice > 2000) { lastNotice = Date.now(); this.onLogsRead(); }
      }
    } finally {
      if (generation === this.generation) {
        job.finished = true;
        this.onLogsRead();
      }
    }
  }

  /** One log analysed in steps (other requests run between them); its facts, null when unreadable or abandoned, 'stop' when memory is short. */
  private async readLog(f: Listed, abandoned: () => boolean): Promise<LogFacts | null | 'stop'> {
    const text = await readLogFileAsync(f.path).catch(() => undefined);
    if (text === undefined) return null;
    const parse = new ProgressiveParse(text, 256 << 10);
    while (!parse.step()) {
      await new Promise(resolve => setImmediate(resolve));
      if (abandoned()) return null;
      if (heapNearlyFull()) return 'stop';
    }
    return logFacts(parse.result());
  }

  private scan(): Map<string, Listed> {
    if (this.scanned) return this.scanned;
    const found = new Map<string, Listed>();
    const max = this.limits.maxFiles;
    const walk = (dir: string, depth: number) => {
      if (depth > MAX_DEPTH || found.size >= max) return;
      let entries: fs.Dirent[];
      try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (found.size >= max) return;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) walk(p, depth + 1);
        } else if (e.isFile()) {
          const lang = languageOfPath(p.split(path.sep).join('/'));
          if (!lang) continue;
          let st: fs.Stats;
          try { st = fs.statSync(p); } catch { continue; }
          found.set(p, { lang, path: p, size: st.size, mtimeMs: st.mtimeMs });
        }
      }
    };
    for (const r of this.roots) walk(r, 0);
    this.scanned = found;
    return found;
  }
}

function sorted<F extends WorkspaceFile>(byPath: Map<string, F>): F[] {
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
