import type { LanguageService } from '../common/service';

/** Placeholder wiring until the unit linter lands; replaced by the real service. */
export const unitService: LanguageService<unknown> = {
  analyze: () => null,
  diagnostics: () => [],
  hover: () => null,
  tokens: () => [],
  symbols: () => [],
};
