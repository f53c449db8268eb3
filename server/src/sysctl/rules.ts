/** The sysctl rule catalogue: every rule id, in one list. Adding a rule = one entry in a rules-*.ts file. */
import type { Finding } from '../common/types';
import { capNote, MAX_FINDINGS_PER_RULE, RULE_STOPPED } from '../common/findingCap';
import type { Rule, RuleInput } from './rule';
import { FILE_RULES } from './rules-file';
import { VALUE_RULES } from './rules-values';
import { CROSS_RULES } from './rules-cross';

export const RULES: Rule[] = [...FILE_RULES, ...VALUE_RULES, ...CROSS_RULES];

/** Runs every rule; a rule that throws loses only its own findings; a rule stops at the cap (findingCap.ts). */
export function runRules(input: RuleInput): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    let emitted = 0;
    try {
      rule.check(input, r => {
        if (emitted === MAX_FINDINGS_PER_RULE) { out.push(capNote(rule.id, r.range, 'sysctl file')); throw RULE_STOPPED; }
        emitted++;
        // properties set one by one: spreading three small objects per finding was most of the
        // cost on junk files with hundreds of thousands of findings
        const f: Finding = { ruleId: rule.id, severity: r.severity ?? rule.severity, message: r.message, range: r.range, docUrl: r.docUrl ?? rule.docUrl };
        if (r.fixes?.length) f.fixes = r.fixes;
        if (r.related?.length) f.related = r.related;
        if (r.tags?.length) f.tags = r.tags;
        out.push(f);
      });
    } catch {
      // stopped at the cap, or failed: keep the other rules' findings
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}
