/** The sysctl rule catalogue: every rule id, in one list. Adding a rule = one entry in a rules-*.ts file. */
import type { Finding } from '../common/types';
import { runRules as runEngine } from '../common/rules';
import type { Rule, RuleInput } from './rule';
import { FILE_RULES } from './rules-file';
import { VALUE_RULES } from './rules-values';
import { CROSS_RULES } from './rules-cross';
import { PREFIX_RULES } from './rules-prefix';

export const RULES: Rule[] = [...FILE_RULES, ...PREFIX_RULES, ...VALUE_RULES, ...CROSS_RULES];

/** Runs the catalogue on one file with the user's rule severities (common/rules.ts). */
export function runRules(input: RuleInput): Finding[] {
  return runEngine(RULES, input, { fileKind: 'sysctl file', severities: input.settings.rules });
}
