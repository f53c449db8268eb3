/** The custom requests behind the client's OOM report view and status bar. */
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import { buildReportView, reportSummary, type ReportView } from '../report/model';
import type { OomLogAnalysis } from '../oomlog/model';
import { eventJson } from '../oomlog/report';
import type { AnalysisCache } from './analyses';
import type { DocumentStore } from './documents';
import { StorageLogError, type ServerHost } from './host';
import { errorText } from './safe';

export function registerReportRequests(
  connection: Connection, host: ServerHost, docs: DocumentStore, analyses: AnalysisCache,
  safe: <T>(fallback: T, fn: () => T) => T,
): void {
  /** The events of an OOM log as `oom-lens analyze --json` prints them (document lines, 1-based). */
  connection.onRequest('oomLens/report', (p: { uri: string }) => safe(null, () => {
    const a = analyses.analysisOf(p.uri);
    if (!a || a.lang !== 'oom-log') return null;
    return { events: (a.analysis as OomLogAnalysis).events.map(eventJson) };
  }));

  /**
   * The view model (report/model.ts) of an OOM log. A `file:` URI that is not an open document is
   * read from storage when the host can (node/diskLog): VS Code does not pass files over 50 MB to
   * extensions, and this is how such a log still gets its report.
   */
  connection.onRequest('oomLens/reportView', async (p: { uri: string }, token) => {
    if (typeof p?.uri === 'string' && p.uri.startsWith('file:') && !docs.get(p.uri) && host.reportViewFromStorage) {
      return reportViewFromStorage(p.uri, token);
    }
    return safe(null, () => {
      const a = analyses.analysisOf(p.uri);
      if (!a || a.lang !== 'oom-log') return null;
      const file = a.ctx.path.split(/[\\/]/).pop() || a.ctx.path;
      return buildReportView(a.analysis as OomLogAnalysis, file, p.uri);
    });
  });

  /**
   * Sent on every edit of a log, for the status bar: how many events an open log has and the first
   * one's headline, not the whole view model (which grows with every kill line of the log). Never reads from disk.
   */
  connection.onRequest('oomLens/reportSummary', (p: { uri: string }) => safe(null, () => {
    const a = analyses.analysisOf(p.uri);
    if (!a || a.lang !== 'oom-log') return null;
    return reportSummary(a.analysis as OomLogAnalysis);
  }));

  async function reportViewFromStorage(uri: string, token: CancellationToken): Promise<ReportView | null> {
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin(`OOM Lens: reading ${decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1))} from disk`, 0, undefined, true);
    let shown = 0;
    try {
      return await host.reportViewFromStorage!(uri, {
        progress: f => { const pct = Math.floor(f * 100); if (pct > shown) { shown = pct; progress?.report(pct); } },
        cancelled: () => token.isCancellationRequested || !!progress?.token.isCancellationRequested,
        token,
      });
    } catch (e) {
      if (e instanceof StorageLogError) throw new ResponseError(LSPErrorCodes.RequestFailed, e.message);
      connection.console.error(`oom-lens: reading ${uri}: ${errorText(e)}`);
      return null;
    } finally {
      progress?.done();
      host.releaseMemorySoon(); // the file's text and its analysis are garbage now
    }
  }
}
