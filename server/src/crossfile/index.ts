/**
 * The cross-file layer: what one file means given the others in the workspace.
 *
 *  - cgroup.ts: cgroup paths in OOM reports → systemd units and their files;
 *  - links.ts: document links from an OOM log's cgroup paths to those unit files;
 *  - unitEvidence.ts, logEvidence.ts: what the workspace's OOM logs say about a unit (hover text,
 *    SDU069 when the logged limit differs from MemoryMax=);
 *  - sliceProtection.ts: SDU026, MemoryMin=/MemoryLow= that the slices above the unit do not pass on;
 *  - sysctl.ts: the sysctl files a file is applied with, and the units' memory limits for SYX004.
 *
 * The language folders (oomlog/, unit/, sysctl/) import only themselves and common/; this layer
 * imports them and adds its findings, hover text and links to their services. The services below
 * are the ones the editor and the CLI use (files/languages.ts).
 */
import type { DocumentContext, LanguageService } from '../common/service';
import { guarded } from '../common/rules';
import { applySeverity } from '../common/severity';
import type { Finding } from '../common/types';
import { oomLogService as oomLogCore } from '../oomlog';
import type { OomLogAnalysis } from '../oomlog/model';
import { createSysctlService, type SysctlAnalysis } from '../sysctl';
import { modelWith, unitService as unitCore, type UnitAnalysis } from '../unit';
import type { UnitModel } from '../unit/model';
import { oomLogLinks } from './links';
import { EVIDENCE_KEYS, evidenceFindings, evidenceFor, evidenceMarkdown, evidenceNoteMarkdown, LOG_MISMATCH_RULE } from './logEvidence';
import { SLICE_PROTECTION_RULE, sliceProtectionFindings } from './sliceProtection';
import { sysctlWorkspace } from './sysctl';
import { crashHover } from '../common/featureCrash';

/** Unit rules other files decide: not in the catalogue, same severities and crash reporting. */
const UNIT_WORKSPACE_RULES: readonly { id: string; findings(model: UnitModel, ctx: DocumentContext): Finding[] }[] = [
  { id: LOG_MISMATCH_RULE, findings: (model, ctx) => evidenceFindings(model, evidenceFor(model, ctx.workspace)) },
  { id: SLICE_PROTECTION_RULE, findings: (model, ctx) => sliceProtectionFindings(model, ctx.workspace) },
];

export const unitService: LanguageService<UnitAnalysis> = {
  ...unitCore,
  diagnostics(a, ctx) {
    const findings = unitCore.diagnostics(a, ctx);
    if (!ctx?.workspace) return findings;
    const model = modelWith(a, ctx.settings);
    const extra: Finding[] = [];
    for (const rule of UNIT_WORKSPACE_RULES) extra.push(...guarded(`Rule ${rule.id}`, 'unit file', () => rule.findings(model, ctx)));
    if (extra.length) findings.push(...applySeverity(extra, model.settings.rules));
    return findings;
  },
  hover(a, pos, ctx) {
    const h = unitCore.hover(a, pos, ctx);
    if (!h || !ctx?.workspace) return h;
    // Memory and OOM settings also say what the workspace's OOM logs show for this unit.
    const entry = a.model.file.entries.find(e => e.range.start.line <= pos.line && e.range.end.line >= pos.line);
    if (!entry || !EVIDENCE_KEYS.has(entry.key)) return h;
    try {
      const ev = evidenceFor(a.model, ctx.workspace);
      const note = evidenceNoteMarkdown(ctx.workspace.logNote?.(), !!ev);
      return ev || note ? { range: h.range, markdown: h.markdown + (ev ? '\n' + evidenceMarkdown(ev) : '') + note } : h;
    } catch (e) {
      return crashHover('unit file (the OOM-log evidence)', e, pos);
    }
  },
};

export const sysctlService: LanguageService<SysctlAnalysis> = createSysctlService(sysctlWorkspace);

export const oomLogService: LanguageService<OomLogAnalysis> = {
  ...oomLogCore,
  links: (analysis, ctx) => oomLogLinks(analysis, ctx),
};
