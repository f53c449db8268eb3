/**
 * The contract between the analysis cores and the protocol layer.
 *
 * Each language folder (oomlog/, unit/, sysctl/) exports one LanguageService. The server only
 * converts what these functions return into LSP messages; the CLI and the tests call them
 * directly. Nothing here may throw on bad input: garbage in gives an empty or partial result.
 */
import type { RuleSeverities } from './severity';
import type {
  CodeLensEntry, CompletionEntry, Finding, HoverResult, InlayHintEntry, LinkEntry, Position, Range, SymbolEntry, Token,
} from './types';

export interface Settings {
  /** systemd version the units target (oomLens.systemd.version). */
  systemdVersion: number;
  /** Kernel version the sysctl files target, as "major.minor" (oomLens.kernel.version). */
  kernelVersion: string;
  /** Severity per rule id (oomLens.lint.rules, `.oom-lens.json`, `--rule`), applied by the cores (common/severity.ts). */
  rules: RuleSeverities;
  inlayHints: boolean;
  codeLens: boolean;
}

export const defaultSettings: Settings = {
  systemdVersion: 258,
  kernelVersion: '6.12',
  rules: {},
  inlayHints: true,
  codeLens: true,
};

/**
 * A file somewhere in the workspace, read by the caller (server or CLI), never by a core. Log files
 * may carry their analysis or facts (crossfile/unitEvidence.ts LogFile).
 */
export interface WorkspaceFile {
  uri: string;
  path: string;
  text: string;
}

/**
 * The rest of the workspace, as the caller lists it: read by the cross-file layer (crossfile/) for
 * sysctl merging, panic_on_oom vs units with MemoryMax=, links from logs to units, log evidence.
 */
export interface WorkspaceView {
  unitFiles(): WorkspaceFile[];
  sysctlFiles(): WorkspaceFile[];
  logFiles(): WorkspaceFile[];
  /** When the logs behind logFiles() are not all there (still being read, or past the workspace bounds): what to tell the user. */
  logNote?(): string | undefined;
}

export const emptyWorkspace: WorkspaceView = { unitFiles: () => [], sysctlFiles: () => [], logFiles: () => [] };

export interface DocumentContext {
  uri: string;
  /** File-system path when known (file name decides the unit type, sysctl.d order ...). */
  path: string;
  settings: Settings;
  workspace: WorkspaceView;
}

export interface LanguageService<A> {
  /** Parse and analyse. Must never throw. */
  analyze(text: string, ctx: DocumentContext): A;
  diagnostics(analysis: A, ctx: DocumentContext): Finding[];
  hover(analysis: A, pos: Position, ctx: DocumentContext): HoverResult | null;
  tokens(analysis: A, range?: Range): Token[];
  symbols(analysis: A): SymbolEntry[];
  completion?(analysis: A, pos: Position, ctx: DocumentContext): CompletionEntry[];
  inlayHints?(analysis: A, range: Range, ctx: DocumentContext): InlayHintEntry[];
  codeLenses?(analysis: A, ctx: DocumentContext): CodeLensEntry[];
  links?(analysis: A, ctx: DocumentContext): LinkEntry[];
}
