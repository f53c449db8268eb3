/**
 * Per-rule severities (`oomLens.lint.rules`, `--rule ID=LEVEL`, `.oom-lens.json`), applied by the
 * cores so that the editor and the command line report the same findings at the same levels.
 */
import type { Finding, Severity } from './types';

export type RuleLevel = Severity | 'off';
export type RuleSeverities = Record<string, RuleLevel>;

export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'error', 'warning', 'information', 'hint'];

/** Also accepted: the spellings ESLint and LSP users type (`warn`, `info`, 0/1/2 as in ESLint). */
const ALIASES: Record<string, RuleLevel> = { warn: 'warning', info: 'information', '0': 'off', '1': 'warning', '2': 'error' };

/** A level as the user wrote it → the level, or null when it is not one. */
export function ruleLevel(raw: unknown): RuleLevel | null {
  if (typeof raw === 'number') raw = String(raw);
  if (typeof raw !== 'string') return null;
  const l = raw.trim().toLowerCase();
  if ((RULE_LEVELS as readonly string[]).includes(l)) return l as RuleLevel;
  return ALIASES[l] ?? null;
}

/** The severity a finding ends up with under the user's levels, or null when its rule is off. */
export function severityOf(f: Finding, levels: RuleSeverities): Severity | null {
  const level = Object.prototype.hasOwnProperty.call(levels, f.ruleId) ? levels[f.ruleId] : undefined;
  if (level === 'off') return null;
  return level ?? f.severity;
}

/** Findings with the user's levels applied: rules set to `off` dropped, others re-levelled (same array when nothing changes). */
export function applySeverity(findings: Finding[], levels: RuleSeverities): Finding[] {
  let any = false;
  for (const id in levels) if (Object.prototype.hasOwnProperty.call(levels, id)) { any = true; break; }
  if (!any) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const sev = severityOf(f, levels);
    if (sev === null) continue;
    out.push(sev === f.severity ? f : { ...f, severity: sev });
  }
  return out;
}
