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
import { DOC_URLS } from '../oomlog/knowledge';

/**
 * Where each rule's page is published: `docs/rules/<ID>.md` in the project's repository, as a
 * web page. One constant, because the diagnostics' links, SARIF's helpUri and the CLI's JSON all
 * use it. The host is a placeholder (package.json's repository URL is one too): set it to the
 * real repository before publishing.
 */
export const RULE_DOCS_BASE = 'https://example.invalid/oom-lens/blob/main/docs/rules/';

interface CatalogueEntry { id: string; title: string; severity: RuleMeta['severity']; docUrl?: string; help?: string }

/** What a rule page needs beyond the metadata: where the rule applies. */
export interface PageRule extends RuleMeta { kind: 'unit' | 'sysctl' | 'engine' | 'oomlog' }

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

/**
 * What the OOM-log analyser says about a report it could not read whole (oomlog/finalize.ts): not
 * lint rules (the CLI's lint does not read logs), but the editor shows them as diagnostics with
 * these ids, and `oomLens.lint.rules` sets their severity as for any other id.
 */
export const OOM_LOG_RULES: PageRule[] = [
  {
    id: 'OOM001', kind: 'oomlog', severity: 'information', title: 'The report has no readable kill line', docUrl: DOC_URLS.oomKill,
    help: 'The kernel ends every OOM kill with a "Killed process PID (name)" line (or "Out of memory: Killed process" / "Memory cgroup out of memory: Killed process"). Without it the report does not say which process died: the log was cut off, the kill line was logged at error level into another file, or it is in a form OOM Lens cannot read. Look for the victim in the rest of the log or in journalctl -k before concluding that nothing was killed.',
  },
  {
    id: 'OOM002', kind: 'oomlog', severity: 'information', title: 'The killed process is not in the task table of its report', docUrl: DOC_URLS.oomKill,
    help: 'The kernel chooses the victim from the tasks it lists in the "Tasks state" table, so the killed pid should be a row of it (unless a child was sacrificed in its place). When it is not, rows of the table were lost or the kill line belongs to another report interleaved with this one, and the ranking of the table says nothing about this kill.',
  },
  {
    id: 'OOM003', kind: 'oomlog', severity: 'information', title: 'The oom-kill summary and the kill line name different processes', docUrl: DOC_URLS.oomKill,
    help: 'The "oom-kill:constraint=…,task=…,pid=…" summary line and the "Killed process" line of one report name the same victim. Different pids mean lines of two reports got mixed together (several CPUs or cgroups hitting OOM at once, or merged log files): read the lines of each report by their timestamps before trusting either.',
  },
  {
    id: 'OOM004', kind: 'oomlog', severity: 'information', title: 'The beginning of the report is missing', docUrl: DOC_URLS.oomKill,
    help: 'A report starts with "… invoked oom-killer: gfp_mask=…, order=…, oom_score_adj=…" and the CPU/kernel line. Without them the allocating task, the allocation (GFP mask and order) and the kernel version are unknown, which decide whether this was a cgroup limit, a global shortage or a failed high-order allocation. Paste or collect the lines above the report.',
  },
];

function meta(rules: readonly CatalogueEntry[], kind: PageRule['kind']): PageRule[] {
  return rules.map(r => ({ id: r.id, kind, title: r.title, severity: r.severity, docUrl: r.docUrl, help: r.help, pageUrl: rulePageUrl(r.id) }));
}

/** Every rule that has a page in docs/rules/, in id order. */
export function pageRules(): PageRule[] {
  return [...meta(UNIT_RULES, 'unit'), ...meta(SYSCTL_RULES, 'sysctl'), ...[...OTHER_RULES, ...OOM_LOG_RULES].map(r => ({ ...r, pageUrl: rulePageUrl(r.id) }))]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

let pageIds: Set<string> | undefined;

/** The web address of a rule's page, or undefined for ids without one. */
export function rulePageUrl(id: string): string | undefined {
  pageIds ??= new Set([...UNIT_RULES, ...SYSCTL_RULES, ...OTHER_RULES, ...OOM_LOG_RULES].map(r => r.id));
  return pageIds.has(id) ? `${RULE_DOCS_BASE}${id}.md` : undefined;
}

export function lintRuleCatalogue(): RuleMeta[] {
  return [...meta(UNIT_RULES, 'unit'), ...meta(SYSCTL_RULES, 'sysctl'), ...OTHER_RULES.map(r => ({ ...r, pageUrl: rulePageUrl(r.id) }))];
}
