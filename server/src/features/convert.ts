/** Core result types → LSP types. The shapes already match; only enums need mapping. */
import {
  CompletionItem, CompletionItemKind, Diagnostic, DiagnosticSeverity, DiagnosticTag, DocumentSymbol, InsertTextFormat,
  MarkupKind, SymbolKind,
} from 'vscode-languageserver/node';
import type { CompletionEntry, Finding, Severity, SymbolEntry } from '../common/types';
import { rulePageUrl } from '../report/rules';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * `uri` is the document's: related places without a uri of their own are in it, and so is the
 * finding's detail, shown as related information at the finding itself, after the other places
 * (the Problems panel and the hover list it under the one-line message, as rustc's notes are shown).
 */
export function toDiagnostic(f: Finding, severity: Severity, uri?: string): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: severities[severity],
    code: f.ruleId,
    source: 'oom-lens',
    message: f.message,
  };
  const href = rulePageUrl(f.ruleId) ?? f.docUrl;
  if (href) d.codeDescription = { href };
  if (f.tags?.length) {
    d.tags = f.tags.map(t => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary));
  }
  const related: NonNullable<Diagnostic['relatedInformation']> = [];
  for (const r of f.related ?? []) {
    const at = r.uri ?? uri;
    if (at) related.push({ location: { uri: at, range: r.range }, message: r.message });
  }
  if (f.detail && uri) related.push({ location: { uri, range: f.range }, message: f.detail });
  if (related.length) d.relatedInformation = related;
  return d;
}

const completionKinds: Record<CompletionEntry['kind'], CompletionItemKind> = {
  section: CompletionItemKind.Module,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
};

export function toCompletionItem(c: CompletionEntry): CompletionItem {
  const item: CompletionItem = { label: c.label, kind: completionKinds[c.kind] };
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
  if (c.sortText) item.sortText = c.sortText;
  if (c.deprecated) item.tags = [1];
  const text = c.insertText ?? c.label;
  if (c.range) item.textEdit = { range: c.range, newText: text };
  else if (c.insertText) item.insertText = c.insertText;
  if (c.kind === 'snippet') item.insertTextFormat = InsertTextFormat.Snippet;
  if (c.retrigger) item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
  return item;
}

const symbolKinds: Record<SymbolEntry['kind'], SymbolKind> = {
  event: SymbolKind.Event,
  block: SymbolKind.Namespace,
  process: SymbolKind.Object,
  section: SymbolKind.Module,
  key: SymbolKind.Property,
  field: SymbolKind.Field,
};

export function toDocumentSymbol(s: SymbolEntry): DocumentSymbol {
  return {
    name: s.name || '?',
    detail: s.detail,
    kind: symbolKinds[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children?.map(toDocumentSymbol),
  };
}
