/**
 * Rule metadata of the unit and sysctl linters, for SARIF's tool.driver.rules.
 * Rules no catalogue describes get metadata built from their findings (sarif.ts rulesFromFindings).
 */
import type { RuleMeta } from './sarif';

export function lintRuleCatalogue(): RuleMeta[] {
  return [];
}
