/**
 * sysctl language service: parse (parse.ts), merge with the other sysctl files of the workspace
 * (merge.ts), then rules (rules.ts), hover / completion / tokens / symbols (features.ts).
 */
import type { DocumentContext, LanguageService, Settings } from '../common/service';
import { defaultSettings } from '../common/service';
import type { WorkspaceFile } from '../common/service';
import { mergeFiles, parseCached, type Merged } from './merge';
import type { ParsedSysctl } from './parse';
import { runRules } from './rules';
import { completion, hover, symbols, tokens } from './features';
import { crashCompletion, crashHover } from '../common/featureCrash';

export interface SysctlAnalysis {
  uri: string;
  path: string;
  parsed: ParsedSysctl;
  merged: Merged;
  settings: Settings;
}

function safeList(fn: () => WorkspaceFile[]): WorkspaceFile[] {
  try { return fn() ?? []; } catch { return []; }
}

export function analyzeSysctl(text: string, ctx: DocumentContext): SysctlAnalysis {
  const t = typeof text === 'string' ? text : '';
  const current: WorkspaceFile = { uri: ctx.uri, path: ctx.path, text: t };
  const others = ctx.workspace ? safeList(() => ctx.workspace.sysctlFiles()) : [];
  const parsed = parseCached(ctx.uri, t);
  const merged = mergeFiles(others.filter(f => f.uri !== ctx.uri && f.path !== ctx.path), current);
  return { uri: ctx.uri, path: ctx.path, parsed, merged, settings: ctx.settings ?? defaultSettings };
}

export const sysctlService: LanguageService<SysctlAnalysis> = {
  analyze: analyzeSysctl,
  diagnostics(a, ctx) {
    return runRules({
      uri: a.uri, path: a.path, parsed: a.parsed, merged: a.merged, settings: ctx.settings ?? a.settings,
      units: () => (ctx.workspace ? safeList(() => ctx.workspace.unitFiles()) : []),
    });
  },
  hover(a, pos, ctx) {
    try {
      return hover({ uri: a.uri, parsed: a.parsed, merged: a.merged, kernelVersion: (ctx?.settings ?? a.settings).kernelVersion }, pos);
    } catch (e) { return crashHover('sysctl file', e, pos); }
  },
  completion(a, pos, ctx) {
    try {
      return completion({ uri: a.uri, parsed: a.parsed, merged: a.merged, kernelVersion: (ctx?.settings ?? a.settings).kernelVersion }, pos);
    } catch (e) { return crashCompletion('sysctl file', e); }
  },
  tokens(a, range) { return tokens(a.parsed, range); },
  symbols(a) { return symbols(a.parsed); },
};
