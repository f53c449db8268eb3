/**
 * Analysis results cached per document version: every request on the same version reuses one
 * parse. OOM logs are re-parsed incrementally after an edit (oomlog/incremental.ts), and a huge
 * log without a usable earlier analysis is parsed in the background in steps, with progress.
 */
import type { Connection } from 'vscode-languageserver';
import type { ChunkedDocument } from './document';
import type { ChunkedText } from '../common/chunkedText';
import type { DocumentContext, WorkspaceView } from '../common/service';
import type { Finding } from '../common/types';
import { services, type LanguageName } from '../files/languages';
import type { OomLogAnalysis } from '../oomlog/model';
import { finishAnalysis, ProgressiveParse, reparseOomLog, sameLineModel } from '../oomlog/incremental';
import type { DocumentStore } from './documents';
import type { SettingsStore } from './settings';
import { errorText } from './safe';
import { yieldToRequests } from './tick';

export interface CacheEntry { version: number; lang: LanguageName; analysis: unknown; findings?: Finding[]; sameLines?: boolean }

/** Logs at least this big are analysed in steps, with progress, the first time. */
export const HUGE_LOG = 4 * 1024 * 1024;

export interface AnalysisHooks {
  /** The first analysis of a huge log is done: validate it, and what depends on it. */
  firstAnalysisDone(uri: string): void;
  /** Give back the memory the transport's copies of a huge text took. */
  releaseMemorySoon(): void;
}

export class AnalysisCache {
  readonly entries = new Map<string, CacheEntry>();
  /** Background first analyses of huge logs, one per document; edits meanwhile go to the edit log. */
  private readonly firstAnalyses = new Map<string, { version: number; stop(): void }>();
  /** Logs whose first analysis the user cancelled: left alone until reopened. */
  private readonly cancelledAnalyses = new Set<string>();
  /** Set once the workspace listing exists (it needs this cache for the open logs). */
  workspace!: WorkspaceView;

  constructor(
    private readonly connection: Connection,
    private readonly docs: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly filePath: (uri: string) => string,
    private readonly hooks: AnalysisHooks,
  ) {
    docs.onReopen(uri => {
      this.firstAnalyses.get(uri)?.stop();
      this.firstAnalyses.delete(uri);
      this.cancelledAnalyses.delete(uri);
    });
  }

  contextFor(doc: ChunkedDocument): DocumentContext {
    const p = this.filePath(doc.uri);
    return { uri: doc.uri, path: p, settings: this.settings.forFile(doc.uri, p), workspace: this.workspace };
  }

  /**
   * The current analysis of an open OOM log, for the units' cross-file rules: the one the server
   * keeps anyway (incremental after edits), instead of a second parse of the whole text. Null while
   * the first analysis of a huge log is running; the units are checked again when it is done.
   */
  openLogAnalysis(uri: string): OomLogAnalysis | null {
    const a = this.analysisOf(uri);
    return a && a.lang === 'oom-log' ? a.analysis as OomLogAnalysis : null;
  }

  analysisOf(uri: string) {
    const doc = this.docs.get(uri);
    if (!doc) return null;
    const lang = this.docs.languageOf(doc);
    if (!lang) return null;
    let entry = this.entries.get(uri);
    if (!entry || entry.version !== doc.version || entry.lang !== lang) {
      const next: CacheEntry | null = lang === 'oom-log'
        ? this.oomLogEntry(doc, entry)
        : { version: doc.version, lang, analysis: services[lang].analyze(doc.getText(), this.contextFor(doc)) };
      if (!next) return null; // the first analysis of a huge log is still running (or was cancelled)
      entry = next;
      this.entries.set(uri, entry);
    }
    return { doc, lang, service: services[lang], analysis: entry.analysis, entry, ctx: this.contextFor(doc) };
  }

  findingsOf(uri: string): Finding[] {
    const a = this.analysisOf(uri);
    if (!a) return [];
    if (!a.entry.findings) a.entry.findings = a.service.diagnostics(a.analysis, a.ctx);
    return a.entry.findings;
  }

  /**
   * OOM logs: after an edit, re-parse only the reports it touches (oomlog/incremental.ts); a huge
   * log without a usable earlier analysis is parsed in the background in steps.
   */
  private oomLogEntry(doc: ChunkedDocument, prev: CacheEntry | undefined): CacheEntry | null {
    const log = this.docs.editLogs.get(doc.uri);
    if (prev && prev.lang === 'oom-log' && prev.sameLines && log && log.fromVersion === prev.version &&
        log.toVersion === doc.version && log.edit) {
      // read from the chunks: the whole text as one string is never built for a local edit
      const text = doc.snapshot;
      const analysis = reparseOomLog(prev.analysis as OomLogAnalysis, text, log.edit, line => text.lineStart(line));
      if (analysis) {
        this.docs.editLogs.set(doc.uri, { fromVersion: doc.version, toVersion: doc.version, edit: undefined });
        return { version: doc.version, lang: 'oom-log', analysis: finishAnalysis(analysis, text), sameLines: true };
      }
    }
    if (this.cancelledAnalyses.has(doc.uri)) return null;
    if (doc.snapshot.length >= HUGE_LOG) {
      this.startFirstAnalysis(doc.uri, doc.version, doc.snapshot);
      return null;
    }
    const text = doc.getText();
    this.docs.editLogs.set(doc.uri, { fromVersion: doc.version, toVersion: doc.version, edit: undefined });
    const analysis = services['oom-log'].analyze(text, this.contextFor(doc)) as OomLogAnalysis;
    // line lookups (hover, tokens) through the document's chunks: no line table of the whole text
    finishAnalysis(analysis, doc.snapshot);
    return { version: doc.version, lang: 'oom-log', analysis, sameLines: sameLineModel(text) };
  }

  private startFirstAnalysis(uri: string, version: number, snapshot: ChunkedText): void {
    if (this.firstAnalyses.has(uri)) return;
    const text = snapshot.getText(); // after the check: every request during the reading comes through here
    let stopped = false;
    const job = { version, stop: () => { stopped = true; } };
    this.firstAnalyses.set(uri, job);
    this.docs.editLogs.set(uri, { fromVersion: version, toVersion: version, edit: undefined });
    const connection = this.connection;
    void (async () => {
      const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
      progress?.begin(`OOM Lens: reading ${decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1))}`, 0,
        `${(text.length / 1048576).toFixed(0)} MB`, true);
      const parse = new ProgressiveParse(text);
      let done = false;
      try {
        let shown = 0;
        while (!parse.step()) {
          const pct = Math.floor(parse.fraction * 100);
          if (pct > shown) { shown = pct; progress?.report(pct); }
          await yieldToRequests(); // let requests, edits and cancellation in
          if (progress?.token.isCancellationRequested) { this.cancelledAnalyses.add(uri); stopped = true; }
          if (stopped || !this.docs.get(uri)) return;
        }
        const analysis = finishAnalysis(parse.result(), snapshot);
        if (this.firstAnalyses.get(uri) !== job) return;
        this.entries.set(uri, { version, lang: 'oom-log', analysis, sameLines: sameLineModel(text) });
        done = true;
      } catch (e) {
        connection.console.error(`oom-lens: analysing ${uri}: ${errorText(e)}`);
      } finally {
        progress?.done();
        if (this.firstAnalyses.get(uri) === job) this.firstAnalyses.delete(uri);
      }
      if (done) {
        this.hooks.releaseMemorySoon(); // the transport's copies of the text are garbage now
        this.hooks.firstAnalysisDone(uri);
        // requests answered empty while we were reading: ask the client to come back
        for (const m of ['workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh']) {
          connection.sendRequest(m).catch(() => undefined);
        }
      }
    })();
  }
}
