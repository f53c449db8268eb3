/**
 * OOM Lens language server: wiring only. Every request goes to the core of the document's
 * language (languages.ts) and the answer is converted to LSP (features/). Runs in VS Code (IPC)
 * and on its own for any editor: `node dist/server.js --stdio` (main.ts, which loads this file's
 * bundle, dist/server-main.js, through V8's code cache when it may).
 */
import {
  type CancellationToken, CodeAction, CodeActionKind, createConnection, DidChangeConfigurationNotification, LSPErrorCodes,
  ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind, type InitializeResult,
} from 'vscode-languageserver/node';
import { ChunkedDocument } from './document';
import { releaseMemorySoon, releaseMemoryWhenIdle } from './memory';
import type { ChunkedText } from './common/chunkedText';
import { fileURLToPath } from 'url';
import type { DocumentContext, Settings } from './common/service';
import { defaultSettings } from './common/service';
import { readSettings } from './common/settings';
import { CONFIG_FILE_NAME, ConfigFiles } from './lintConfig';
import type { Finding } from './common/types';
import { toCompletionItem, toDiagnostic, toDocumentSymbol } from './features/convert';
import { encodeTokens, legend } from './features/semanticTokens';
import { languageOf, services, type LanguageName } from './languages';
import { WorkspaceFiles } from './workspace';
import { buildReportView, reportSummary, type ReportView } from './report/model';
import { DiskLogError, diskReportView } from './diskLog';
import type { OomLogAnalysis } from './oomlog/model';
import { registerMachineRequests } from './features/machine';
import { composeChanges, composeEdits, finishAnalysis, ProgressiveParse, reparseOomLog, sameLineModel, type LineEdit } from './oomlog/incremental';

const connection = createConnection(ProposedFeatures.all);
/**
 * Line edits made since the cached analysis of an OOM log, recorded as TextDocuments applies
 * them (edit undefined: none yet; null: not expressible as one line span, parse everything).
 */
const editLogs = new Map<string, { fromVersion: number; toVersion: number; edit: LineEdit | null | undefined }>();

const documents = new TextDocuments<ChunkedDocument>({
  create(uri, languageId, version, content) {
    // (re)opened: whatever we knew about an earlier copy is void
    editLogs.delete(uri);
    firstAnalyses.get(uri)?.stop();
    firstAnalyses.delete(uri);
    cancelledAnalyses.delete(uri);
    return ChunkedDocument.create(uri, languageId, version, content);
  },
  update(doc, changes, version) {
    const log = editLogs.get(doc.uri);
    if (log && log.toVersion === doc.version) {
      // an inserted \r could make the parser's lines differ from the editor's: no shortcuts then
      // (LSP positions cannot split a \r\n, so deletions cannot leave a lone \r)
      const e = changes.some(c => c.text.includes('\r')) ? null : composeChanges(changes);
      log.edit = log.edit === undefined ? e : log.edit && e ? composeEdits(log.edit, e) : null;
      log.toVersion = version;
    } else editLogs.delete(doc.uri);
    doc.update(changes, version);
    return doc;
  },
});

let settings: Settings = defaultSettings;
let canPullConfiguration = false;

function filePath(uri: string): string {
  if (!uri.startsWith('file:')) return uri.replace(/^[a-z-]+:\/*/i, '/');
  try { return fileURLToPath(uri); } catch { return uri; }
}

const languageCache = new Map<string, { version: number; lang: LanguageName | null }>();
function languageOfDocument(doc: ChunkedDocument): LanguageName | null {
  const hit = languageCache.get(doc.uri);
  // A plain-text document may become an OOM log when one is pasted in: re-check on each version
  // until it does (then it stays one until closed: no rescan of a huge log per keystroke).
  if (hit && (hit.version === doc.version || hit.lang === 'oom-log')) return hit.lang;
  const lang = languageOf(doc.languageId, filePath(doc.uri), () => doc.getText());
  languageCache.set(doc.uri, { version: doc.version, lang });
  return lang;
}

// `text` is read only for documents of the language asked for: listing unit files must not
// build the whole text of an edited 50 MB log
const workspace = new WorkspaceFiles(() => documents.all().map(d => {
  const lang = languageOfDocument(d);
  return { uri: d.uri, path: filePath(d.uri), lang, get text() { return d.getText(); }, oomLog: lang === 'oom-log' ? () => openLogAnalysis(d.uri) : undefined };
}), () => revalidateCrossFile()); // logs on disk are read in the background: units are checked again as they come in

/**
 * The current analysis of an open OOM log, for the units' cross-file rules: the one the server
 * keeps anyway (incremental after edits), instead of a second parse of the whole text. Null while
 * the first analysis of a huge log is running; the units are checked again when it is done.
 */
function openLogAnalysis(uri: string): OomLogAnalysis | null {
  const a = analysisOf(uri);
  return a && a.lang === 'oom-log' ? a.analysis as OomLogAnalysis : null;
}

function contextFor(doc: ChunkedDocument): DocumentContext {
  const p = filePath(doc.uri);
  return { uri: doc.uri, path: p, settings: doc.uri.startsWith('file:') ? projectSettings(p) : settings, workspace };
}

/** The editor's settings with the nearest `.oom-lens.json` on top (lintConfig.ts); its problems are shown once. */
const configFiles = new ConfigFiles();
const configWarned = new Set<string>();
function projectSettings(p: string): Settings {
  const { settings: s, config } = configFiles.settingsFor(p, settings);
  if (config?.problems.length && !configWarned.has(config.file)) {
    configWarned.add(config.file);
    void connection.window.showWarningMessage(`OOM Lens: ${config.file}: ${config.problems.join('; ')}`);
  }
  return s;
}

/** Analysis results cached per document version: every request on the same version reuses one parse. */
interface CacheEntry { version: number; lang: LanguageName; analysis: unknown; findings?: Finding[]; sameLines?: boolean }
const analyses = new Map<string, CacheEntry>();

function analysisOf(uri: string) {
  const doc = documents.get(uri);
  if (!doc) return null;
  const lang = languageOfDocument(doc);
  if (!lang) return null;
  let entry = analyses.get(uri);
  if (!entry || entry.version !== doc.version || entry.lang !== lang) {
    const next: CacheEntry | null = lang === 'oom-log'
      ? oomLogEntry(doc, entry)
      : { version: doc.version, lang, analysis: services[lang].analyze(doc.getText(), contextFor(doc)) };
    if (!next) return null; // the first analysis of a huge log is still running (or was cancelled)
    entry = next;
    analyses.set(uri, entry);
  }
  return { doc, lang, service: services[lang], analysis: entry.analysis, entry, ctx: contextFor(doc) };
}

/** Logs at least this big are analysed in steps, with progress, the first time. */
const HUGE_LOG = 4 * 1024 * 1024;

/**
 * OOM logs: after an edit, re-parse only the reports it touches (oomlog/incremental.ts); a huge
 * log without a usable earlier analysis is parsed in the background in steps.
 */
function oomLogEntry(doc: ChunkedDocument, prev: CacheEntry | undefined): CacheEntry | null {
  const log = editLogs.get(doc.uri);
  if (prev && prev.lang === 'oom-log' && prev.sameLines && log && log.fromVersion === prev.version &&
      log.toVersion === doc.version && log.edit) {
    // read from the chunks: the whole text as one string is never built for a local edit
    const text = doc.snapshot;
    const analysis = reparseOomLog(prev.analysis as OomLogAnalysis, text, log.edit, line => text.lineStart(line));
    if (analysis) {
      editLogs.set(doc.uri, { fromVersion: doc.version, toVersion: doc.version, edit: undefined });
      return { version: doc.version, lang: 'oom-log', analysis: finishAnalysis(analysis, text), sameLines: true };
    }
  }
  if (cancelledAnalyses.has(doc.uri)) return null;
  if (doc.snapshot.length >= HUGE_LOG) {
    startFirstAnalysis(doc.uri, doc.version, doc.snapshot);
    return null;
  }
  const text = doc.getText();
  editLogs.set(doc.uri, { fromVersion: doc.version, toVersion: doc.version, edit: undefined });
  const analysis = services['oom-log'].analyze(text, contextFor(doc)) as OomLogAnalysis;
  // line lookups (hover, tokens) through the document's chunks: no line table of the whole text
  finishAnalysis(analysis, doc.snapshot);
  return { version: doc.version, lang: 'oom-log', analysis, sameLines: sameLineModel(text) };
}

/** Background first analyses of huge logs, one per document; edits meanwhile go to the edit log. */
const firstAnalyses = new Map<string, { version: number; stop(): void }>();
/** Logs whose first analysis the user cancelled: left alone until reopened. */
const cancelledAnalyses = new Set<string>();

function startFirstAnalysis(uri: string, version: number, snapshot: ChunkedText): void {
  if (firstAnalyses.has(uri)) return;
  const text = snapshot.getText(); // after the check: every request during the reading comes through here
  let stopped = false;
  const job = { version, stop: () => { stopped = true; } };
  firstAnalyses.set(uri, job);
  editLogs.set(uri, { fromVersion: version, toVersion: version, edit: undefined });
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
        await new Promise(resolve => setImmediate(resolve)); // let requests, edits and cancellation in
        if (progress?.token.isCancellationRequested) { cancelledAnalyses.add(uri); stopped = true; }
        if (stopped || !documents.get(uri)) return;
      }
      const analysis = finishAnalysis(parse.result(), snapshot);
      if (firstAnalyses.get(uri) !== job) return;
      analyses.set(uri, { version, lang: 'oom-log', analysis, sameLines: sameLineModel(text) });
      done = true;
    } catch (e) {
      connection.console.error(`oom-lens: analysing ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      progress?.done();
      if (firstAnalyses.get(uri) === job) firstAnalyses.delete(uri);
    }
    if (done) {
      releaseMemorySoon(); // the transport's copies of the text are garbage now
      scheduleValidation(uri);
      revalidateCrossFile(uri); // units skipped this log while it was being read
      // requests answered empty while we were reading: ask the client to come back
      for (const m of ['workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh']) {
        connection.sendRequest(m).catch(() => undefined);
      }
    }
  })();
}

function findingsOf(uri: string): Finding[] {
  const a = analysisOf(uri);
  if (!a) return [];
  if (!a.entry.findings) a.entry.findings = a.service.diagnostics(a.analysis, a.ctx);
  return a.entry.findings;
}

/** Never let one bad document take the server down: a failing handler answers with its fallback. */
function safe<T>(fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    connection.console.error(`oom-lens: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return fallback;
  }
}

// ---- diagnostics -----------------------------------------------------------------------------

const pending = new Set<string>();
function scheduleValidation(uri: string): void {
  if (pending.has(uri)) return;
  pending.add(uri);
  setImmediate(() => {
    pending.delete(uri);
    validate(uri);
  });
}

function validate(uri: string): void {
  const doc = documents.get(uri);
  if (!doc) return;
  const diagnostics = safe([], () => {
    const out = [];
    for (const f of findingsOf(uri)) out.push(toDiagnostic(f, f.severity, uri)); // severities applied by the cores
    return out;
  });
  connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
}

/**
 * Files whose findings depend on other files: sysctl (merge order, SYX004) and units (SYX004,
 * what the workspace's OOM logs say). An edit inside a log only counts once saved: re-reading a
 * huge log for every unit on each keystroke would stall the server.
 */
function revalidateDependents(changed: string, how: 'open' | 'change' | 'save' | 'close'): void {
  const changedDoc = documents.get(changed);
  if (how === 'change' && changedDoc && languageOfDocument(changedDoc) === 'oom-log') return;
  revalidateCrossFile(changed);
}

function revalidateCrossFile(except?: string): void {
  for (const d of documents.all()) {
    if (d.uri === except) continue;
    const lang = languageOfDocument(d);
    if (lang === 'sysctl' || lang === 'systemd-unit') {
      // cross-file results live in the analysis too: drop it so the next request recomputes
      analyses.delete(d.uri);
      scheduleValidation(d.uri);
    }
  }
}

documents.onDidOpen(e => { scheduleValidation(e.document.uri); revalidateDependents(e.document.uri, 'open'); });
documents.onDidChangeContent(e => {
  scheduleValidation(e.document.uri);
  revalidateDependents(e.document.uri, 'change');
  if (e.document.snapshot.length >= HUGE_LOG) releaseMemoryWhenIdle();
});
documents.onDidSave(e => {
  if (e.document.uri.endsWith('/' + CONFIG_FILE_NAME)) { dropSettingsDependentAnalyses(); return; }
  scheduleValidation(e.document.uri); revalidateDependents(e.document.uri, 'save');
});
documents.onDidClose(e => {
  if (e.document.snapshot.length >= HUGE_LOG) releaseMemorySoon();
  analyses.delete(e.document.uri);
  languageCache.delete(e.document.uri);
  connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  revalidateDependents(e.document.uri, 'close');
});

// ---- lifecycle -------------------------------------------------------------------------------

connection.onInitialize(params => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  const roots = (params.workspaceFolders ?? []).map(f => filePath(f.uri));
  if (!roots.length && params.rootUri) roots.push(filePath(params.rootUri));
  workspace.setRoots(roots.filter(r => r.startsWith('/') || /^[A-Za-z]:/.test(r)));
  const opts = params.initializationOptions;
  if (opts && typeof opts === 'object') settings = mergeSettings(opts);
  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['=', '.', '[', '/'], resolveProvider: false },
      documentSymbolProvider: true,
      semanticTokensProvider: { legend, full: true, range: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentLinkProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'oom-lens', version: '0.1.0' },
  };
  return result;
});

connection.onInitialized(() => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'oomLens' }).catch(() => undefined);
    void refreshSettings();
  }
});

/** Editor settings over the defaults (common/settings.ts reads every spelling README lists). */
function mergeSettings(raw: unknown): Settings {
  const { settings: s, problems } = readSettings(raw, defaultSettings);
  if (problems.length) connection.console.warn(`oom-lens settings: ${problems.join('; ')}`);
  return s;
}

async function refreshSettings(): Promise<void> {
  try {
    const raw = await connection.workspace.getConfiguration('oomLens');
    if (raw && typeof raw === 'object') settings = mergeSettings(raw);
  } catch {
    // keep what we have
  }
  dropSettingsDependentAnalyses();
}

connection.onDidChangeConfiguration(change => {
  if (canPullConfiguration) { void refreshSettings(); return; }
  const raw = (change.settings as any)?.oomLens;
  if (raw && typeof raw === 'object') settings = mergeSettings(raw);
  dropSettingsDependentAnalyses();
});

/**
 * Unit and sysctl results depend on the target versions; OOM-log analyses do not (only their
 * findings carry the rule severities), so a huge log is not re-read on a settings change.
 */
function dropSettingsDependentAnalyses(): void {
  configFiles.clear();
  configWarned.clear();
  for (const [uri, e] of analyses) if (e.lang !== 'oom-log') analyses.delete(uri); else e.findings = undefined;
  for (const d of documents.all()) scheduleValidation(d.uri);
}

connection.onDidChangeWatchedFiles(p => {
  workspace.invalidate();
  if (p.changes.some(c => c.uri.endsWith('/' + CONFIG_FILE_NAME))) dropSettingsDependentAnalyses();
  else revalidateCrossFile();
});

// ---- requests --------------------------------------------------------------------------------

connection.onHover(p => safe(null, () => {
  const a = analysisOf(p.textDocument.uri);
  if (!a) return null;
  const h = a.service.hover(a.analysis, p.position, a.ctx);
  return h ? { range: h.range, contents: { kind: 'markdown' as const, value: h.markdown } } : null;
}));

connection.onCompletion(p => safe([], () => {
  const a = analysisOf(p.textDocument.uri);
  if (!a || !a.service.completion) return [];
  return a.service.completion(a.analysis, p.position, a.ctx).map(toCompletionItem);
}));

connection.onDocumentSymbol(p => safe([], () => {
  const a = analysisOf(p.textDocument.uri);
  return a ? a.service.symbols(a.analysis).map(toDocumentSymbol) : [];
}));

connection.languages.semanticTokens.on(p => safe({ data: [] }, () => {
  const a = analysisOf(p.textDocument.uri);
  return a ? encodeTokens(a.service.tokens(a.analysis)) : { data: [] };
}));

connection.languages.semanticTokens.onRange(p => safe({ data: [] }, () => {
  const a = analysisOf(p.textDocument.uri);
  return a ? encodeTokens(a.service.tokens(a.analysis, p.range), p.range) : { data: [] };
}));

connection.languages.inlayHint.on(p => safe([], () => {
  const a = analysisOf(p.textDocument.uri);
  if (!a || !a.service.inlayHints || !settings.inlayHints) return [];
  return a.service.inlayHints(a.analysis, p.range, a.ctx).map(h => ({
    position: h.position, label: h.label, paddingLeft: true, tooltip: h.tooltip,
  }));
}));

connection.onCodeLens(p => safe([], () => {
  const a = analysisOf(p.textDocument.uri);
  if (!a || !a.service.codeLenses || !settings.codeLens) return [];
  return a.service.codeLenses(a.analysis, a.ctx).map(l => ({
    range: l.range,
    command: { title: l.title, command: l.command ?? '', arguments: l.arguments },
  }));
}));

connection.onDocumentLinks(p => safe([], () => {
  const a = analysisOf(p.textDocument.uri);
  if (!a || !a.service.links) return [];
  return a.service.links(a.analysis, a.ctx).map(l => ({ range: l.range, target: l.target, tooltip: l.tooltip }));
}));

connection.onCodeAction(p => safe([], () => {
  const doc = documents.get(p.textDocument.uri);
  if (!doc) return [];
  const actions: CodeAction[] = [];
  const wanted = new Set(p.context.diagnostics.map(d => `${d.code}@${d.range.start.line}:${d.range.start.character}`));
  for (const f of findingsOf(p.textDocument.uri)) {
    if (!f.fixes?.length) continue;
    const key = `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`;
    const overlaps = f.range.start.line <= p.range.end.line && f.range.end.line >= p.range.start.line;
    if (!wanted.has(key) && !overlaps) continue;
    const sev = f.severity;
    for (const fix of f.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.isPreferred,
        diagnostics: [toDiagnostic(f, sev, p.textDocument.uri)],
        edit: { changes: { [p.textDocument.uri]: fix.edits } },
      });
    }
  }
  return actions;
}));

/** Custom request for the client's report view: the analysis of an OOM log as JSON. */
connection.onRequest('oomLens/report', (p: { uri: string }) => safe(null, () => {
  const a = analysisOf(p.uri);
  if (!a || a.lang !== 'oom-log') return null;
  return a.analysis;
}));

/**
 * Custom request for the OOM report webview: the view model (report/model.ts) of an OOM log. A
 * `file:` URI that is not an open document is read from disk (diskLog.ts): VS Code does not pass
 * files over 50 MB to extensions, and this is how such a log still gets its report.
 */
connection.onRequest('oomLens/reportView', async (p: { uri: string }, token) => {
  if (typeof p?.uri === 'string' && p.uri.startsWith('file:') && !documents.get(p.uri)) return reportViewFromDisk(p.uri, token);
  return safe(null, () => {
    const a = analysisOf(p.uri);
    if (!a || a.lang !== 'oom-log') return null;
    const file = a.ctx.path.split(/[\\/]/).pop() || a.ctx.path;
    return buildReportView(a.analysis as OomLogAnalysis, file, p.uri);
  });
});

/**
 * Custom request for the status bar, sent on every edit of a log: how many events an open log
 * has and the first one's headline, not the whole view model (30,000 kill lines made that 21 MB).
 * Never reads from disk.
 */
connection.onRequest('oomLens/reportSummary', (p: { uri: string }) => safe(null, () => {
  const a = analysisOf(p.uri);
  if (!a || a.lang !== 'oom-log') return null;
  return reportSummary(a.analysis as OomLogAnalysis);
}));

async function reportViewFromDisk(uri: string, token: CancellationToken): Promise<ReportView | null> {
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin(`OOM Lens: reading ${decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1))} from disk`, 0, undefined, true);
  let shown = 0;
  try {
    return await diskReportView(uri, {
      progress: f => { const pct = Math.floor(f * 100); if (pct > shown) { shown = pct; progress?.report(pct); } },
      cancelled: () => token.isCancellationRequested || !!progress?.token.isCancellationRequested,
    });
  } catch (e) {
    if (e instanceof DiskLogError) throw new ResponseError(LSPErrorCodes.RequestFailed, e.message);
    connection.console.error(`oom-lens: reading ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return null;
  } finally {
    progress?.done();
    releaseMemorySoon(); // the file's text and its analysis are garbage now
  }
}

documents.listen(connection);
registerMachineRequests(connection, {
  logAnalysis: openLogAnalysis,
  document: uri => { const d = documents.get(uri); return d ? { text: d.getText(), path: filePath(uri), lang: languageOfDocument(d) } : null; },
  sysctlFiles: () => workspace.sysctlFiles(),
});
connection.listen();
