/**
 * Rule metadata of the unit and sysctl linters, for SARIF's tool.driver.rules: read from each
 * linter's rule catalogue (id, title, severity, docUrl, optional help). Rules no catalogue
 * describes get metadata built from their findings (sarif.ts rulesFromFindings).
 */
import { RULES as SYSCTL_RULES } from '../sysctl/rules';
import { RULES as UNIT_RULES } from '../unit/rules';
import type { RuleMeta } from './sarif';

interface CatalogueEntry { id: string; title: string; severity: RuleMeta['severity']; docUrl?: string; help?: string }

function meta(rules: readonly CatalogueEntry[]): RuleMeta[] {
  return rules.map(r => ({ id: r.id, title: r.title, severity: r.severity, docUrl: r.docUrl, help: r.help }));
}

export function lintRuleCatalogue(): RuleMeta[] {
  return [...meta(UNIT_RULES), ...meta(SYSCTL_RULES)];
}
