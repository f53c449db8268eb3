/**
 * The LSP requests every language answers: each goes to the core of the document's language
 * (files/languages.ts) and the answer is converted to LSP (features/).
 */
import { type CodeAction, CodeActionKind, type Connection } from 'vscode-languageserver';
import { toCompletionItem, toDiagnostic, toDocumentSymbol } from '../features/convert';
import { encodeTokens } from '../features/semanticTokens';
import type { AnalysisCache } from './analyses';
import type { DocumentStore } from './documents';
import type { SettingsStore } from './settings';

export function registerFeatures(
  connection: Connection, docs: DocumentStore, analyses: AnalysisCache, settings: SettingsStore,
  safe: <T>(fallback: T, fn: () => T) => T,
): void {
  connection.onHover(p => safe(null, () => {
    const a = analyses.analysisOf(p.textDocument.uri);
    if (!a) return null;
    const h = a.service.hover(a.analysis, p.position, a.ctx);
    return h ? { range: h.range, contents: { kind: 'markdown' as const, value: h.markdown } } : null;
  }));

  connection.onCompletion(p => safe([], () => {
    const a = analyses.analysisOf(p.textDocument.uri);
    if (!a || !a.service.completion) return [];
    return a.service.completion(a.analysis, p.position, a.ctx).map(toCompletionItem);
  }));

  connection.onDocumentSymbol(p => safe([], () => {
    const a = analyses.analysisOf(p.textDocument.uri);
    return a ? a.service.symbols(a.analysis).map(toDocumentSymbol) : [];
  }));

  connection.languages.semanticTokens.on(p => safe({ data: [] }, () => {
    const a = analyses.analysisOf(p.textDocument.uri);
    return a ? encodeTokens(a.service.tokens(a.analysis)) : { data: [] };
  }));

  connection.languages.semanticTokens.onRange(p => safe({ data: [] }, () => {
    const a = analyses.analysisOf(p.textDocument.uri);
    return a ? encodeTokens(a.service.tokens(a.analysis, p.range), p.range) : { data: [] };
  }));

  connection.languages.inlayHint.on(p => safe([], () => {
    const a = analyses.analysisOf(p.textDocument.uri);
    if (!a || !a.service.inlayHints || !settings.current.inlayHints) return [];
    return a.service.inlayHints(a.analysis, p.range, a.ctx).map(h => ({
      position: h.position, label: h.label, paddingLeft: true, tooltip: h.tooltip,
    }));
  }));

  connection.onCodeLens(p => safe([], () => {
    const a = analyses.analysisOf(p.textDocument.uri);
    if (!a || !a.service.codeLenses || !settings.current.codeLens) return [];
    return a.service.codeLenses(a.analysis, a.ctx).map(l => ({
      range: l.range,
      command: { title: l.title, command: l.command ?? '', arguments: l.arguments },
    }));
  }));

  connection.onDocumentLinks(p => safe([], () => {
    const a = analyses.analysisOf(p.textDocument.uri);
    if (!a || !a.service.links) return [];
    return a.service.links(a.analysis, a.ctx).map(l => ({ range: l.range, target: l.target, tooltip: l.tooltip }));
  }));

  connection.onCodeAction(p => safe([], () => {
    const doc = docs.get(p.textDocument.uri);
    if (!doc) return [];
    const actions: CodeAction[] = [];
    const wanted = new Set(p.context.diagnostics.map(d => `${d.code}@${d.range.start.line}:${d.range.start.character}`));
    for (const f of analyses.findingsOf(p.textDocument.uri)) {
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
}
