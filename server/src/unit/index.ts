/**
 * systemd unit linter: LanguageService for unit files and drop-ins (parse → model → rules,
 * hover, completion, semantic tokens, symbols). Plain functions; nothing from LSP.
 */
import type { DocumentContext, LanguageService } from '../common/service';
import { defaultSettings } from '../common/service';
import { guarded } from '../common/rules';
import type { CompletionEntry, Finding, HoverResult, Position, Range, SymbolEntry, Token } from '../common/types';
import { directive, isMemoryKey, valueKind } from './catalog';
import { unitCompletion } from './complete';
import { unitHover } from './hover';
import { buildModel, rangeOf, type UnitModel } from './model';
import { lineAt, parseUnitFile } from './parse';
import { runRules } from './rules';
import { capSymbols } from '../common/symbolCap';

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

/** The model of `a` under `settings` (rules ask for the systemd version the settings target). */
export function modelWith(a: UnitAnalysis, settings: DocumentContext['settings'] | undefined): UnitModel {
  const s = settings ?? a.model.settings;
  return a.model.settings !== s ? buildModel(a.model.file, s) : a.model;
}

/**
 * The unit service on the file by itself. What other files decide (SDU026, SDU069, log evidence
 * in hovers) is added by the cross-file layer (crossfile/index.ts), which the editor and the CLI use.
 */
export const unitService: LanguageService<UnitAnalysis> = {
  analyze(text: string, ctx: DocumentContext): UnitAnalysis {
    return analyzeUnit(text, ctx);
  },

  diagnostics(a: UnitAnalysis, ctx: DocumentContext): Finding[] {
    const model = modelWith(a, ctx?.settings);
    const findings = runRules(model, model.settings.rules);
    if (a.failure !== undefined) findings.unshift(...guarded('The unit parser', 'unit file', () => { throw a.failure; }));
    return findings;
  },

  hover(a: UnitAnalysis, pos: Position, ctx: DocumentContext): HoverResult | null {
    try {
      return unitHover(a.model, pos);
    } catch {
      return null;
    }
  },

  completion(a: UnitAnalysis, pos: Position): CompletionEntry[] {
    try { return unitCompletion(a.model, pos); } catch { return []; }
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
