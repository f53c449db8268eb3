/**
 * systemd unit linter: LanguageService for unit files and drop-ins (parse → model → rules,
 * hover, completion, semantic tokens, symbols). Plain functions; nothing from LSP.
 */
import type { DocumentContext, LanguageService } from '../common/service';
import { defaultSettings } from '../common/service';
import { guarded } from '../common/rules';
import type { CompletionEntry, Finding, HoverResult, Position, Range, SymbolEntry, Token } from '../common/types';
import { unitCompletion } from './complete';
import { unitHover } from './hover';
import { buildModel, type UnitModel } from './model';
import { parseUnitFile } from './parse';
import { runRules } from './rules';
import { unitTokens } from './tokens';
import { unitSymbols } from './symbols';
import { crashCompletion, crashHover } from '../common/featureCrash';

export { parseUnitFile } from './parse';
export type { UnitFile, UnitEntry, UnitSection, UnitType } from './parse';

export interface UnitAnalysis {
  model: UnitModel;
  /** Why the parser failed on this text (then `model` is empty); reported by diagnostics as a crash. */
  failure?: unknown;
}

function analyzeUnit(text: string, ctx: DocumentContext | undefined): UnitAnalysis {
  const settings = ctx?.settings ?? defaultSettings;
  try {
    return { model: buildModel(parseUnitFile(typeof text === 'string' ? text : '', ctx?.path ?? ''), settings) };
  } catch (e) {
    // a parser bug: the editor keeps working on an empty model, and the diagnostics say what happened
    return { model: buildModel(parseUnitFile('', ctx?.path ?? ''), settings), failure: e };
  }
}

/** The model of `a` under `settings` (rules ask for the systemd version the settings target). */
export function modelWith(a: UnitAnalysis, settings: DocumentContext['settings'] | undefined): UnitModel {
  const s = settings ?? a.model.settings;
  return a.model.settings !== s ? buildModel(a.model.file, s) : a.model;
}

/**
 * The unit service on the file by itself. What other files decide (SDU026, SDU069, log evidence
 * in hovers) is added by the cross-file layer (crossfile/index.ts), which the editor and the CLI use.
 */
export const unitService: LanguageService<UnitAnalysis> = {
  analyze(text: string, ctx: DocumentContext): UnitAnalysis {
    return analyzeUnit(text, ctx);
  },

  diagnostics(a: UnitAnalysis, ctx: DocumentContext): Finding[] {
    const model = modelWith(a, ctx?.settings);
    const findings = runRules(model, model.settings.rules);
    if (a.failure !== undefined) findings.unshift(...guarded('The unit parser', 'unit file', () => { throw a.failure; }));
    return findings;
  },

  hover(a: UnitAnalysis, pos: Position): HoverResult | null {
    try {
      return unitHover(a.model, pos);
    } catch (e) {
      return crashHover('unit file', e, pos);
    }
  },

  completion(a: UnitAnalysis, pos: Position): CompletionEntry[] {
    try { return unitCompletion(a.model, pos); } catch (e) { return crashCompletion('unit file', e); }
  },

  tokens(a: UnitAnalysis, range?: Range): Token[] {
    return unitTokens(a.model, range);
  },

  symbols(a: UnitAnalysis): SymbolEntry[] {
    return unitSymbols(a.model);
  },
};
