/**
 * sysctl language service: parse (parse.ts), merge with the other sysctl files given
 * (merge.ts: systemd-sysctl's order), then rules (rules.ts), hover.ts, complete.ts, tokens.ts,
 * symbols.ts. Which workspace files are merged, and the memory limits of the
 * workspace's units, come from the cross-file layer (crossfile/index.ts); without it a file is
 * judged by itself.
 */
import type { DocumentContext, LanguageService, Settings } from '../common/service';
import { defaultSettings } from '../common/service';
import type { WorkspaceFile } from '../common/service';
import { mergeFiles, parseCached, type Merged } from './merge';
import type { ParsedSysctl } from './parse';
import { guarded } from '../common/rules';
import type { UnitLimit } from './rule';
import { runRules } from './rules';
import { sysctlHover } from './hover';
import { sysctlCompletion } from './complete';
import { sysctlTokens } from './tokens';
import { sysctlSymbols } from './symbols';
import { crashCompletion, crashHover } from '../common/featureCrash';

export interface SysctlAnalysis {
  uri: string;
  path: string;
  parsed: ParsedSysctl;
  merged: Merged;
  settings: Settings;
  /** Why the other files could not be listed (then the file is merged alone); reported by diagnostics as a crash. */
  failure?: unknown;
}

/** What the rest of the workspace adds to a sysctl file (crossfile/sysctl.ts provides it). */
export interface SysctlWorkspaceHooks {
  /** The other sysctl files applied with this one (not the file itself). */
  siblings(ctx: DocumentContext): WorkspaceFile[];
  /** Memory limits set by the workspace's units (SYX004: panic_on_oom = 2 panics on them). */
  unitLimits(ctx: DocumentContext): UnitLimit[];
}

export function analyzeSysctl(text: string, ctx: DocumentContext, workspace?: SysctlWorkspaceHooks): SysctlAnalysis {
  const t = typeof text === 'string' ? text : '';
  const current: WorkspaceFile = { uri: ctx.uri, path: ctx.path, text: t };
  const parsed = parseCached(ctx.uri, t);
  let siblings: WorkspaceFile[] = [];
  let failure: unknown;
  try {
    siblings = workspace ? workspace.siblings(ctx) : [];
  } catch (e) {
    // the file is still checked by itself, and the diagnostics say what went wrong
    failure = e;
  }
  const merged = mergeFiles(siblings, current);
  const a: SysctlAnalysis = { uri: ctx.uri, path: ctx.path, parsed, merged, settings: ctx.settings ?? defaultSettings };
  if (failure !== undefined) a.failure = failure;
  return a;
}

/** The sysctl service; `workspace` adds the other files (the editor and the CLI use crossfile's). */
export function createSysctlService(workspace?: SysctlWorkspaceHooks): LanguageService<SysctlAnalysis> {
  return { ...sysctlService, analyze: (text, ctx) => analyzeSysctl(text, ctx, workspace), diagnostics: (a, ctx) => sysctlDiagnostics(a, ctx, workspace) };
}

function sysctlDiagnostics(a: SysctlAnalysis, ctx: DocumentContext, workspace?: SysctlWorkspaceHooks) {
  let limits: UnitLimit[] | undefined;
  const findings = runRules({
    uri: a.uri, path: a.path, parsed: a.parsed, merged: a.merged, settings: ctx.settings ?? a.settings,
    unitLimits: () => (limits ??= workspace && ctx.workspace ? workspace.unitLimits(ctx) : []),
  });
  if (a.failure !== undefined) findings.unshift(...guarded('Listing the other sysctl files', 'sysctl file', () => { throw a.failure; }));
  return findings;
}

/** The sysctl service on the file by itself. */
export const sysctlService: LanguageService<SysctlAnalysis> = {
  analyze: (text, ctx) => analyzeSysctl(text, ctx),
  diagnostics: (a, ctx) => sysctlDiagnostics(a, ctx),
  hover(a, pos, ctx) {
    try {
      return sysctlHover({ uri: a.uri, parsed: a.parsed, merged: a.merged, kernelVersion: (ctx?.settings ?? a.settings).kernelVersion }, pos);
    } catch (e) { return crashHover('sysctl file', e, pos); }
  },
  completion(a, pos, ctx) {
    try {
      return sysctlCompletion({ uri: a.uri, parsed: a.parsed, merged: a.merged, kernelVersion: (ctx?.settings ?? a.settings).kernelVersion }, pos);
    } catch (e) { return crashCompletion('sysctl file', e); }
  },
  tokens(a, range) { return sysctlTokens(a.parsed, range); },
  symbols(a) { return sysctlSymbols(a.parsed); },
};
