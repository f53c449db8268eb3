/**
 * Rule metadata of the unit and sysctl linters, for SARIF's tool.driver.rules, the rule pages and
 * the links to them: read from each linter's rule catalogue (id, title, severity, docUrl, optional
 * help), plus the rules that live outside a catalogue (workspace rules, the engine's crash
 * finding). Rules no list describes get metadata built from their findings (sarif.ts
 * rulesFromFindings).
 */
import { RULE_CRASH_ID } from '../common/rules';
import { MAN_BASE } from '../unit/docs';
import { RULES as SYSCTL_RULES } from '../sysctl/rules';
import { RULES as UNIT_RULES } from '../unit/rules';
import { SLICE_PROTECTION_RULE } from '../crossfile/sliceProtection';
import { LOG_MISMATCH_RULE } from '../crossfile/logEvidence';
import type { RuleMeta } from './sarif';

/**
 * Where each rule's page is published: `docs/rules/<ID>.md` in the project's repository, as a
 * web page. One constant, because the diagnostics' links, SARIF's helpUri and the CLI's JSON all
 * use it. The host is a placeholder (package.json's repository URL is one too): set it to the
 * real repository before publishing.
 */
export const RULE_DOCS_BASE = 'https://example.invalid/oom-lens/blob/main/docs/rules/';

interface CatalogueEntry { id: string; title: string; severity: RuleMeta['severity']; docUrl?: string; help?: string }

/** What a rule page needs beyond the metadata: where the rule applies. */
export interface PageRule extends RuleMeta { kind: 'unit' | 'sysctl' | 'engine' }

/** Rules that run outside the catalogues: their checks need the workspace, or stand for a crash. */
export const OTHER_RULES: PageRule[] = [
  {
    id: SLICE_PROTECTION_RULE, kind: 'unit', severity: 'hint', title: 'Memory protection that the parent slices do not pass on',
    docUrl: `${MAN_BASE}systemd.resource-control.html#MemoryMin=bytes`,
    help: 'MemoryMin= and MemoryLow= protect a unit only as far as every slice above it is protected too: the kernel gives a cgroup at most the protection its parent has. The rule reads the ancestor slices\' unit files in the workspace and names the ones that set no protection. Set MemoryMin=/MemoryLow= on those slices as well, or accept that the protection does not hold.',
  },
  {
    id: LOG_MISMATCH_RULE, kind: 'unit', severity: 'hint', title: 'The logs show this unit killed at another limit',
    docUrl: `${MAN_BASE}systemd.resource-control.html#MemoryMax=bytes`,
    help: 'An OOM report in the workspace\'s logs shows this unit killed in its cgroup at a memory limit other than the MemoryMax= written here: the file on disk is not what ran (a drop-in, a runtime change with systemctl set-property, or an older version of the file). Compare with systemctl show -p MemoryMax on the machine.',
  },
  {
    id: RULE_CRASH_ID, kind: 'engine', severity: 'error', title: 'A rule or parser of OOM Lens failed',
    help: 'A rule (or the parser) threw an error on this file, so its findings are missing. This is a bug in OOM Lens, not in the file: please report it with the file attached. The other rules still ran.',
  },
];

function meta(rules: readonly CatalogueEntry[], kind: PageRule['kind']): PageRule[] {
  return rules.map(r => ({ id: r.id, kind, title: r.title, severity: r.severity, docUrl: r.docUrl, help: r.help, pageUrl: rulePageUrl(r.id) }));
}

/** Every rule that has a page in docs/rules/, in id order. */
export function pageRules(): PageRule[] {
  return [...meta(UNIT_RULES, 'unit'), ...meta(SYSCTL_RULES, 'sysctl'), ...OTHER_RULES.map(r => ({ ...r, pageUrl: rulePageUrl(r.id) }))]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

let pageIds: Set<string> | undefined;

/** The web address of a rule's page, or undefined for ids without one (the OOM log's OOM00x). */
export function rulePageUrl(id: string): string | undefined {
  pageIds ??= new Set([...UNIT_RULES, ...SYSCTL_RULES, ...OTHER_RULES].map(r => r.id));
  return pageIds.has(id) ? `${RULE_DOCS_BASE}${id}.md` : undefined;
}

export function lintRuleCatalogue(): RuleMeta[] {
  return [...meta(UNIT_RULES, 'unit'), ...meta(SYSCTL_RULES, 'sysctl'), ...OTHER_RULES.map(r => ({ ...r, pageUrl: rulePageUrl(r.id) }))];
}
