/**
 * Plain result types shared by every analysis core (oom log, systemd unit, sysctl).
 *
 * They are structurally identical to the LSP types of the same names, but this file imports
 * nothing from LSP or VS Code: the cores are plain functions from text to these values, so the
 * server, the CLI and the tests can all use them.
 */

/** 0-based line, 0-based UTF-16 column (what LSP and VS Code use). */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export interface TextEdit { range: Range; newText: string }

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A quick fix: a titled set of edits to the same document. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix an editor may apply with "auto fix". */
  isPreferred?: boolean;
}

/** One lint result: what is wrong, where, why, and how to fix it. */
export interface Finding {
  /** Stable rule id, e.g. `SDU009`, `SYS003`, `OOM002`. Shown as the diagnostic code. */
  ruleId: string;
  severity: Severity;
  /** One sentence, what is wrong and what it causes (at most MESSAGE_MAX characters); plain text. */
  message: string;
  /** Why it matters and what to write instead, when there is more to say than the message (plain text). */
  detail?: string;
  range: Range;
  /** Man page / kernel documentation for the rule. */
  docUrl?: string;
  fixes?: Fix[];
  /** Other places that take part (the earlier duplicate, the overriding file ...). */
  related?: { uri?: string; range: Range; message: string }[];
  tags?: ('unnecessary' | 'deprecated')[];
}

export interface HoverResult {
  range: Range;
  markdown: string;
  /** Set when building the hover threw (common/featureCrash.ts): the error, also shown in `markdown`. */
  failure?: string;
}

export type CompletionKind = 'section' | 'key' | 'value' | 'keyword' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert; defaults to the label. */
  insertText?: string;
  /** Range the insert replaces; defaults to the word at the cursor. */
  range?: Range;
  sortText?: string;
  deprecated?: boolean;
  /** Accepting it should open the next list right away (a key whose values are offered next). */
  retrigger?: boolean;
  /** Set on the one item offered when completing threw (common/featureCrash.ts): the error. */
  failure?: string;
}

export type SymbolKindName = 'event' | 'block' | 'process' | 'section' | 'key' | 'field';

export interface SymbolEntry {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  range: Range;
  selectionRange: Range;
  children?: SymbolEntry[];
}

/**
 * Token kinds the cores emit. The server maps them to an LSP semantic-token legend
 * (server/src/features/semanticTokens.ts); the cores never see the legend.
 */
export type TokenKind =
  | 'timestamp'   // wrapper prefix: [ 123.45], syslog date, host
  | 'keyword'     // fixed report text: "invoked oom-killer", "Killed process", "Mem-Info:"
  | 'field'       // a field name: anon-rss, gfp_mask, MemoryMax, vm.swappiness
  | 'number'      // a numeric value
  | 'unit'        // kB, pages, %, G
  | 'process'     // a process name (comm)
  | 'victim'      // the killed process (name and pid on the kill line)
  | 'flag'        // a decoded flag or enumerated value: GFP_KERNEL, CONSTRAINT_MEMCG, on-failure
  | 'path'        // a cgroup path, a file path
  | 'section'     // [Service]
  | 'comment'
  | 'string'      // other values
  | 'stack';      // stack frames and register dumps

export interface Token { line: number; start: number; length: number; kind: TokenKind; deprecated?: boolean }

export interface InlayHintEntry { position: Position; label: string; tooltip?: string }

export interface CodeLensEntry { range: Range; title: string; command?: string; arguments?: unknown[] }

export interface LinkEntry { range: Range; target: string; tooltip?: string }
