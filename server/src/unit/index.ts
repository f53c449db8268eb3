/**
 * systemd unit linter: LanguageService for unit files and drop-ins (parse → model → rules,
 * hover, completion, semantic tokens, symbols). Plain functions; nothing from LSP.
 */
import type { DocumentContext, LanguageService } from '../common/service';
import { defaultSettings } from '../common/service';
import { guarded } from '../common/rules';
import { applySeverity } from '../common/severity';
import type { CompletionEntry, Finding, HoverResult, Position, Range, SymbolEntry, Token } from '../common/types';
import { directive, isMemoryKey, valueKind } from './catalog';
import { unitCompletion } from './complete';
import { unitHover } from './hover';
import { buildModel, rangeOf, type UnitModel } from './model';
import { lineAt, parseUnitFile } from './parse';
import { runRules } from './rules';
import { EVIDENCE_KEYS, evidenceFindings, evidenceFor, evidenceMarkdown, evidenceNoteMarkdown } from './logEvidence';
import { sliceProtectionFindings } from './sliceProtection';
import { capSymbols } from '../common/symbolCap';
import { crashCompletion, crashHover } from '../common/featureCrash';

export { parseUnitFile } from './parse';
export type { UnitFile, UnitEntry, UnitSection, UnitType } from './parse';

export interface UnitAnalysis {
  model: UnitModel;
  /** Why the parser failed on this text (then `model` is empty); reported by diagnostics as a crash. */
  failure?: unknown;
}

function analyzeUnit(text: string, ctx: DocumentContext | undefined): UnitAnalysis {
  const settings = ctx?.settings ?? defaultSettings;
  try {
    return { model: buildModel(parseUnitFile(typeof text === 'string' ? text : '', ctx?.path ?? ''), settings) };
  } catch (e) {
    // a parser bug: the editor keeps working on an empty model, and the diagnostics say what happened
    return { model: buildModel(parseUnitFile('', ctx?.path ?? ''), settings), failure: e };
  }
}

function valueTokens(m: UnitModel, out: Token[], line: number, start: number, text: string, key: string, section: string | null): void {
  if (!text.length) return;
  if (isMemoryKey(key)) {
    // number + unit pieces: 512M, 1.5G, 50%
    const re = /(\d+(?:\.\d+)?)([A-Za-z%\u2030\u2031]*)/g;
    let mm: RegExpExecArray | null;
    let any = false;
    while ((mm = re.exec(text)) !== null) {
      any = true;
      out.push({ line, start: start + mm.index, length: mm[1].length, kind: 'number' });
      if (mm[2]) out.push({ line, start: start + mm.index + mm[1].length, length: mm[2].length, kind: 'unit' });
    }
    if (!any) out.push({ line, start, length: text.length, kind: text === 'infinity' ? 'flag' : 'string' });
    return;
  }
  const kind = section ? valueKind(key, section) : 'other';
  if (kind === 'enum' || kind === 'boolean' || kind === 'choice') out.push({ line, start, length: text.length, kind: 'flag' });
  else if ((kind === 'oomscore' || kind === 'unsigned') && /^[+-]?\d+$/.test(text)) out.push({ line, start, length: text.length, kind: 'number' });
  else if (text.startsWith('/')) out.push({ line, start, length: text.length, kind: 'path' });
  else out.push({ line, start, length: text.length, kind: 'string' });
}

export const unitService: LanguageService<UnitAnalysis> = {
  analyze(text: string, ctx: DocumentContext): UnitAnalysis {
    return analyzeUnit(text, ctx);
  },

  diagnostics(a: UnitAnalysis, ctx: DocumentContext): Finding[] {
    const settings = ctx?.settings ?? a.model.settings;
    const model = a.model.settings !== settings ? buildModel(a.model.file, settings) : a.model;
    const findings = runRules(model, settings.rules);
    if (a.failure !== undefined) findings.unshift(...guarded('The unit parser', 'unit file', () => { throw a.failure; }));
    if (ctx?.workspace) {
      // cross-file findings: not in the catalogue (other files decide them), same severities and crash reporting
      const extra = [
        ...guarded('Rule SDU069', 'unit file', () => evidenceFindings(model, evidenceFor(model, ctx.workspace))),
        ...guarded('Rule SDU026', 'unit file', () => sliceProtectionFindings(model, ctx.workspace)),
      ];
      if (extra.length) findings.push(...applySeverity(extra, settings.rules));
    }
    return findings;
  },

  hover(a: UnitAnalysis, pos: Position, ctx: DocumentContext): HoverResult | null {
    try {
      const h = unitHover(a.model, pos);
      if (!h || !ctx?.workspace) return h;
      // Memory and OOM settings also say what the workspace's OOM logs show for this unit.
      const entry = a.model.file.entries.find(e => e.range.start.line <= pos.line && e.range.end.line >= pos.line);
      if (!entry || !EVIDENCE_KEYS.has(entry.key)) return h;
      const ev = evidenceFor(a.model, ctx.workspace);
      const note = evidenceNoteMarkdown(ctx.workspace.logNote?.(), !!ev);
      return ev || note ? { range: h.range, markdown: h.markdown + (ev ? '\n' + evidenceMarkdown(ev) : '') + note } : h;
    } catch (e) {
      return crashHover('unit file', e, pos);
    }
  },

  completion(a: UnitAnalysis, pos: Position): CompletionEntry[] {
    try { return unitCompletion(a.model, pos); } catch (e) { return crashCompletion('unit file', e); }
  },

  tokens(a: UnitAnalysis, range?: Range): Token[] {
    const m = a.model;
    const out: Token[] = [];
    const from = range ? range.start.line : 0;
    const to = range ? range.end.line : Infinity;
    for (const c of m.file.comments) {
      if (c.line < from || c.line > to) continue;
      out.push({ line: c.line, start: c.range.start.character, length: c.range.end.character - c.range.start.character, kind: 'comment' });
    }
    for (const s of m.file.sections) {
      if (s.line < from || s.line > to) continue;
      out.push({ line: s.line, start: s.headerRange.start.character, length: s.headerRange.end.character - s.headerRange.start.character, kind: 'section' });
    }
    for (const e of m.file.entries) {
      if (e.range.end.line < from || e.range.start.line > to) continue;
      const d = directive(e.key);
      out.push({
        line: e.keyRange.start.line, start: e.keyRange.start.character, length: e.key.length, kind: 'field',
        deprecated: d?.legacy || undefined,
      });
      const section = e.section?.name ?? null;
      for (const seg of e.segments) {
        if (seg.line < from || seg.line > to) continue;
        valueTokens(m, out, seg.line, seg.start, seg.text, e.key, section);
      }
    }
    out.sort((x, y) => x.line - y.line || x.start - y.start);
    return out;
  },

  symbols(a: UnitAnalysis): SymbolEntry[] {
    const m = a.model;
    const out: SymbolEntry[] = [];
    for (const s of m.file.sections) {
      const endLine = s.endLine;
      const children: SymbolEntry[] = s.entries.map(e => ({
        name: e.key,
        detail: e.value.length > 60 ? e.value.slice(0, 57) + '…' : e.value,
        kind: 'key' as const,
        range: e.range,
        selectionRange: e.keyRange,
      }));
      out.push({
        name: `[${s.name}]`,
        kind: 'section',
        range: rangeOf(s.line, s.headerRange.start.character, endLine, lineAt(m.file, endLine)?.length ?? 0),
        selectionRange: s.headerRange,
        children,
      });
    }
    return capSymbols(out); // 500,000 `[Service]` headers: a bounded answer (common/symbolCap.ts)
  },
};
