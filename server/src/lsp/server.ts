/**
 * The language server over any transport: document store, settings, analyses, diagnostics and the
 * request handlers, wired to `connection`. What depends on where the server runs comes from
 * `host` (host.ts). The caller registers its own extra requests, then calls connection.listen().
 */
import { CodeActionKind, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../common/settings';
import { legend } from '../features/semanticTokens';
import { AnalysisCache, HUGE_LOG } from './analyses';
import { DocumentStore } from './documents';
import { registerFeatures } from './features';
import type { ServerHost, WorkspaceSource } from './host';
import { registerReportRequests } from './report';
import { safeRunner } from './safe';
import { SettingsStore } from './settings';
import { Validation } from './validation';

export interface RunningServer {
  docs: DocumentStore;
  analyses: AnalysisCache;
  workspace: WorkspaceSource;
}

export function startServer(connection: Connection, host: ServerHost): RunningServer {
  const safe = safeRunner(connection);
  const filePath = (uri: string) => host.filePath(uri);
  const docs = new DocumentStore(filePath);
  const settings = new SettingsStore(connection, host.projectConfig);
  const analyses: AnalysisCache = new AnalysisCache(connection, docs, settings, filePath, {
    firstAnalysisDone: uri => {
      validation.schedule(uri);
      validation.revalidateCrossFile(uri); // units skipped this log while it was being read
    },
    releaseMemorySoon: () => host.releaseMemorySoon(),
  });
  const validation: Validation = new Validation(connection, docs, analyses, settings, safe);

  // `text` is read only for documents of the language asked for: listing unit files must not
  // build the whole text of an edited 50 MB log
  const workspace = host.workspace(connection, () => docs.all().map(d => {
    const lang = docs.languageOf(d);
    return { uri: d.uri, path: filePath(d.uri), lang, get text() { return d.getText(); }, oomLog: lang === 'oom-log' ? () => analyses.openLogAnalysis(d.uri) : undefined };
  }), () => validation.revalidateCrossFile()); // files read in the background: units are checked again as they come in
  analyses.workspace = workspace;

  // ---- diagnostics ---------------------------------------------------------------------------

  const { documents } = docs;
  documents.onDidOpen(e => { validation.schedule(e.document.uri); validation.revalidateDependents(e.document.uri, 'open'); });
  documents.onDidChangeContent(e => {
    validation.schedule(e.document.uri);
    validation.revalidateDependents(e.document.uri, 'change');
    if (e.document.snapshot.length >= HUGE_LOG) host.releaseMemoryWhenIdle();
  });
  documents.onDidSave(e => {
    if (e.document.uri.endsWith('/' + CONFIG_FILE_NAME)) { validation.dropSettingsDependentAnalyses(); return; }
    validation.schedule(e.document.uri); validation.revalidateDependents(e.document.uri, 'save');
  });
  documents.onDidClose(e => {
    if (e.document.snapshot.length >= HUGE_LOG) host.releaseMemorySoon();
    analyses.entries.delete(e.document.uri);
    docs.closed(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    validation.revalidateDependents(e.document.uri, 'close');
  });

  // ---- lifecycle -----------------------------------------------------------------------------

  connection.onInitialize(params => {
    settings.canPullConfiguration = !!params.capabilities.workspace?.configuration;
    const roots = (params.workspaceFolders ?? []).map(f => f.uri);
    if (!roots.length && params.rootUri) roots.push(params.rootUri);
    workspace.setRoots(roots);
    const opts = params.initializationOptions;
    if (opts && typeof opts === 'object') settings.current = settings.merge(opts);
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
    if (settings.canPullConfiguration) {
      settings.register();
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    await settings.pull();
    validation.dropSettingsDependentAnalyses();
  }

  connection.onDidChangeConfiguration(change => {
    if (settings.canPullConfiguration) { void refreshSettings(); return; }
    const raw = (change.settings as any)?.oomLens;
    if (raw && typeof raw === 'object') settings.current = settings.merge(raw);
    validation.dropSettingsDependentAnalyses();
  });

  connection.onDidChangeWatchedFiles(p => {
    workspace.invalidate();
    if (p.changes.some(c => c.uri.endsWith('/' + CONFIG_FILE_NAME))) validation.dropSettingsDependentAnalyses();
    else validation.revalidateCrossFile();
  });

  // ---- requests ------------------------------------------------------------------------------

  registerFeatures(connection, docs, analyses, settings, safe);
  registerReportRequests(connection, host, docs, analyses, safe);
  documents.listen(connection);
  return { docs, analyses, workspace };
}
