/**
 * The OOM-log language service: parse once per document version, then answer hover, tokens,
 * outline, inlay hints, code lenses and diagnostics from the analysis (links to unit files come
 * from the cross-file layer, crossfile/links.ts).
 */
import type { LanguageService } from '../common/service';
import { applySeverity } from '../common/severity';
import type { OomLogAnalysis } from './model';
import { parseOomLog } from './parse';
import { FieldIndex } from './fieldstore';
import { attachSource } from './sourceText';
import { oomHover } from './hover';
import { oomTokens } from './tokens';
import { oomSymbols } from './symbols';
import { oomInlayHints } from './inlay';
import { oomCodeLenses } from './codeLens';
import { oomDiagnostics } from './diagnostics';

function analyzeOomLog(text: string): OomLogAnalysis {
  let analysis: OomLogAnalysis;
  try {
    analysis = parseOomLog(text);
  } catch {
    // The parser must not throw; if it ever does, the editor still gets an empty, working document.
    analysis = { events: [], lineCount: text.split('\n').length, prefixes: { lines: [], lengths: [] }, fields: new FieldIndex() };
  }
  attachSource(analysis, text);
  return analysis;
}

export const oomLogService: LanguageService<OomLogAnalysis> = {
  analyze: text => analyzeOomLog(text),
  diagnostics: (analysis, ctx) => applySeverity(oomDiagnostics(analysis), ctx?.settings?.rules ?? {}),
  hover: (analysis, pos) => oomHover(analysis, pos),
  tokens: (analysis, range) => oomTokens(analysis, range),
  symbols: analysis => oomSymbols(analysis),
  inlayHints: (analysis, range) => oomInlayHints(analysis, range),
  codeLenses: (analysis, ctx) => oomCodeLenses(analysis, ctx.uri),
};
