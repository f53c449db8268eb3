/**
 * Lint findings → SARIF 2.1.0, the format GitHub code scanning (and other CI dashboards) read.
 * Rule metadata (title, help text, documentation link) comes from the rule catalogues so the
 * alert page shows our explanation, not just the one-line message.
 */
import type { Finding, Severity } from '../common/types';
import { mdText } from '../common/markdown';

/** What a rule catalogue entry tells SARIF about one rule. */
export interface RuleMeta {
  id: string;
  /** Short title, one line: "MemoryMax= set but memory accounting is off". */
  title: string;
  severity: Severity;
  docUrl?: string;
  /** The rule's own page (docs/rules/<ID>.md, report/rules.ts rulePageUrl): SARIF's helpUri. */
  pageUrl?: string;
  /** Longer explanation: why it matters and what to write instead. Plain text, from the catalogue
   * only (a finding's message holds file text, which must not reach the rule's help Markdown). */
  help?: string;
}

export interface SarifFile {
  /** Path relative to the SARIF root (forward slashes), e.g. `units/app.service`. */
  path: string;
  findings: Finding[];
}

export interface SarifOptions {
  toolVersion: string;
  /** Absolute file:// URI of the directory the relative paths start from (ends with `/`). */
  rootUri?: string;
  informationUri?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** `SDU009` + "MemoryMax= set but memory accounting is off" → `MemoryMaxSetButMemoryAccountingIsOff`. */
export function ruleName(title: string, id: string): string {
  const words = title.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const name = words.map(w => w[0].toUpperCase() + w.slice(1)).join('');
  return name || id;
}

/**
 * Metadata for rules that no catalogue describes: their id and severity only. A finding's message
 * holds file text (values, names), so it is not used: rule metadata is shown as Markdown.
 */
export function rulesFromFindings(findings: Finding[]): RuleMeta[] {
  const seen = new Map<string, RuleMeta>();
  for (const f of findings) {
    if (seen.has(f.ruleId)) continue;
    seen.set(f.ruleId, { id: f.ruleId, title: f.ruleId, severity: f.severity, docUrl: f.docUrl, help: `${f.ruleId}: see the message of each result.` });
  }
  return [...seen.values()];
}

/** A catalogue text as Markdown: literal (our titles hold `=`, `*` and `_` in names). */
function helpMarkdown(r: RuleMeta & { help: string }): string {
  return `${mdText(r.help)}${r.docUrl && /^https:\/\//.test(r.docUrl) ? `\n\n[Reference](<${r.docUrl.replace(/[<>\s]/g, encodeURIComponent)}>)` : ''}`;
}

/** Encode each path segment for a SARIF `uri` (a URI reference). */
function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function toSarif(files: SarifFile[], catalogue: RuleMeta[], opts: SarifOptions): Record<string, unknown> {
  const all = files.flatMap(f => f.findings);
  const known = new Map(catalogue.map(r => [r.id, r]));
  for (const r of rulesFromFindings(all)) {
    const c = known.get(r.id);
    if (!c) known.set(r.id, r);
  }
  // Only the rules that fired, in id order: a stable, small driver.rules array.
  const used = [...new Set(all.map(f => f.ruleId))].sort();
  const rules = used.map(id => known.get(id)!);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = [];
  for (const file of files) {
    for (const f of file.findings) {
      const r = f.range;
      const region: Record<string, number> = {
        startLine: r.start.line + 1,
        startColumn: r.start.character + 1,
        endLine: Math.max(r.end.line, r.start.line) + 1,
        // SARIF endColumn is the column after the last character: LSP's exclusive end + 1.
        endColumn: r.end.character + 1,
      };
      if (region.endLine === region.startLine && region.endColumn < region.startColumn) region.endColumn = region.startColumn;
      const result: Record<string, unknown> = {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: LEVEL[f.severity] ?? 'warning',
        // the message and, when the finding has one, its detail (why, what to write): SARIF has no one-line limit
        message: { text: f.detail ? `${f.message} ${f.detail}` : f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: opts.rootUri ? { uri: uriOf(file.path), uriBaseId: 'SRCROOT' } : { uri: uriOf(file.path) },
            region,
          },
        }],
      };
      if (f.related?.length) {
        result.relatedLocations = f.related.map((rel, i) => ({
          id: i,
          message: { text: rel.message },
          physicalLocation: {
            ...(rel.uri ? { artifactLocation: { uri: rel.uri } } : { artifactLocation: opts.rootUri ? { uri: uriOf(file.path), uriBaseId: 'SRCROOT' } : { uri: uriOf(file.path) } }),
            region: { startLine: rel.range.start.line + 1, startColumn: rel.range.start.character + 1 },
          },
        }));
      }
      results.push(result);
    }
  }
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'oom-lens',
        version: opts.toolVersion,
        ...(opts.informationUri ? { informationUri: opts.informationUri } : {}),
        rules: rules.map(r => ({ ...r, help: r.help ?? r.title })).map(r => ({
          id: r.id,
          name: ruleName(r.title, r.id),
          shortDescription: { text: r.title },
          fullDescription: { text: r.help },
          help: { text: r.help + (r.docUrl ? `\n\nReference: ${r.docUrl}` : ''), markdown: helpMarkdown(r) },
          ...(r.pageUrl ?? r.docUrl ? { helpUri: r.pageUrl ?? r.docUrl } : {}),
          defaultConfiguration: { level: LEVEL[r.severity] ?? 'warning' },
        })),
      },
    },
    results,
  };
  if (opts.rootUri) run.originalUriBaseIds = { SRCROOT: { uri: opts.rootUri } };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
}
