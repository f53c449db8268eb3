/** Core result types → LSP types. The shapes already match; only enums need mapping. */
import {
  CompletionItem, CompletionItemKind, Diagnostic, DiagnosticSeverity, DiagnosticTag, DocumentSymbol, InsertTextFormat,
  MarkupKind, SymbolKind,
} from 'vscode-languageserver/node';
import type { CompletionEntry, Finding, Severity, SymbolEntry } from '../common/types';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, severity: Severity): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: severities[severity],
    code: f.ruleId,
    source: 'oom-lens',
    message: f.message,
  };
  if (f.docUrl) d.codeDescription = { href: f.docUrl };
  if (f.tags?.length) {
    d.tags = f.tags.map(t => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary));
  }
  if (f.related?.length) {
    d.relatedInformation = f.related.filter(r => r.uri).map(r => ({ location: { uri: r.uri!, range: r.range }, message: r.message }));
  }
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
