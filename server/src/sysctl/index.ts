import type { LanguageService } from '../common/service';

/** Placeholder wiring until the sysctl linter lands; replaced by the real service. */
export const sysctlService: LanguageService<unknown> = {
  analyze: () => null,
  diagnostics: () => [],
  hover: () => null,
  tokens: () => [],
  symbols: () => [],
};
