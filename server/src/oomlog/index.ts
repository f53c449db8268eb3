import type { LanguageService } from '../common/service';
import type { OomLogAnalysis } from './model';

/** Placeholder wiring until the parser lands; replaced by the real service. */
export const oomLogService: LanguageService<OomLogAnalysis> = {
  analyze: () => ({ events: [], lineCount: 0, prefixes: [] }),
  diagnostics: () => [],
  hover: () => null,
  tokens: () => [],
  symbols: () => [],
};
