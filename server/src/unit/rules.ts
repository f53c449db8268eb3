/**
 * Unit-file rule catalogue (spec Table A): one entry per rule id with its default severity,
 * man page and check. Adding a rule = one entry here + one good and one bad case in
 * test/unit/unit/rule-cases.ts. Checks read the shared UnitModel (model.ts) and never throw.
 *
 * Not in the catalogue, because one file does not decide them: SDU026 (the ancestor slices'
 * files: crossfile/sliceProtection.ts) and SDU069 (the workspace's OOM logs: crossfile/logEvidence.ts); and SDU048
 * (hover text for OOMPolicy=, served by hover.ts).
 */
import type { Finding, Fix, Range, Severity, TextEdit } from '../common/types';
import { runRules as runEngine, type Emit, type Rule as EngineRule } from '../common/rules';
import type { RuleSeverities } from '../common/severity';
import { firstIndex } from '../common/search';
import {
  ALL_KEYS, ENUM_VALUES, SECTION_OWNER, SECTIONS_BY_TYPE, ZERO_ALLOWED, directive, docUrlFor, isAncientLegacy, isMemoryKey, keysOfSection, sinceVersion,
} from './catalog';
import { ANCIENT_LEGACY, COMPAT_ALIASES, MAN_BASE } from './docs';
import { enumValueSince, VALUE_ENUMS } from './data/valueEnums';
import { RESOURCE_KEYS, resourceProblem } from './resourceValues';
import { deleteEntry, entryText, insertIntoSection, nearest, rangeOf, type EntryInfo, type EntryView, type UnitModel } from './model';
import type { Directive } from './catalog';
import type { ValueKind } from './docs';
import { moveFixes } from './fixes';
import { lineAt, type UnitEntry } from './parse';
import {
  formatBytes, formatTimespan, normaliseMemory, parseBoolean, parseCInt, parseMemory, parseTimespan, parseUnsigned, parsePermyriad, type MemoryValue,
} from './values';

/** A unit rule: one catalogue entry, run by the shared engine (common/rules.ts). */
export type Rule = EngineRule<RuleModel>;
export type { Emit };

const UNIT_MAN = MAN_BASE + 'systemd.unit.html';
const SYNTAX_MAN = MAN_BASE + 'systemd.syntax.html';
const RC = (a: string) => `${MAN_BASE}systemd.resource-control.html#${a}`;
const SV = (a: string) => `${MAN_BASE}systemd.service.html#${a}`;
const EX = (a: string) => `${MAN_BASE}systemd.exec.html#${a}`;

/** Keeps file text short inside a message (a value may be very long). */
function clip(s: string, max: number): string { return s.length > max ? `${s.slice(0, max)}…` : s; }
function replace(range: Range, newText: string): TextEdit { return { range, newText }; }
function fix(title: string, edits: TextEdit[], isPreferred = false): Fix { return isPreferred ? { title, edits, isPreferred } : { title, edits }; }

/**
 * The model as the rules see it, with what many rules ask for worked out once per file (by
 * runRules) rather than once per rule. Entries are read by index from `view` (model.ts EntryView);
 * an entry becomes an object (view.infoAt) only when a rule looks closer or reports it.
 */
export interface RuleModel extends UnitModel {
  /** Entries systemd parses in a readable section but does not recognise for it (and not X-). */
  unknown: EntryInfo[];
  /** Indexes of the recognised entries, without the ones already reported for quotes or inline comments (file order). */
  valued: Int32Array;
  /** The same, per key. */
  valuedByKey: Map<string, Int32Array>;
  /** eff() per key, filled in as rules ask. */
  effective: Map<string, EntryInfo | undefined>;
  /** The known directive an unknown entry misspells (suggestKey), looked for in the first MAX_SUGGESTED distinct unknown keys only. */
  misspelling(i: EntryInfo): { name: string; via?: string } | undefined;
}

/**
 * Distinct unknown keys of one file searched for a near known directive. A unit file has a few
 * dozen keys; a file with thousands of made-up ones is not one (SDU006 says so at its cap), and
 * the search costs microseconds per key: a million junk keys would take the linter seconds per edit.
 */
export const MAX_SUGGESTED = 5000;

function misspellings(): (i: EntryInfo) => { name: string; via?: string } | undefined {
  const searched = new Set<string>();
  return i => {
    const ck = i.sectionName + '\0' + i.entry.key;
    if (!searched.has(ck)) {
      if (searched.size >= MAX_SUGGESTED) return undefined;
      searched.add(ck);
    }
    return suggestKey(i.entry.key, i.sectionName!);
  };
}

/** True when entry k is quoted or has an inline comment that breaks it (reported by SDU013/SDU012, skipped by the value rules). */
function reportedAsText(v: EntryView, k: number): boolean {
  const meta = v.metaAt(k);
  const value = v.valueAt(k);
  return quoted(meta.kind, value) || commentBreaks(meta, v.keyAt(k), value);
}

export function ruleModel(m: UnitModel): RuleModel {
  // Usually no entry is left out: then the model's index lists serve as they are
  const view = m.view;
  let valued: Int32Array = view.known;
  let valuedByKey: Map<string, Int32Array> = view.byKey;
  let kept = 0;
  const keep = new Int32Array(view.known.length);
  for (const k of view.known) if (!reportedAsText(view, k)) keep[kept++] = k;
  if (kept < view.known.length) {
    valued = keep.slice(0, kept);
    const lists = new Map<string, number[]>();
    for (const k of valued) {
      const key = view.keyAt(k);
      const list = lists.get(key);
      if (list) list.push(k); else lists.set(key, [k]);
    }
    valuedByKey = new Map();
    for (const [key, list] of lists) valuedByKey.set(key, Int32Array.from(list));
  }
  const unknown: EntryInfo[] = [];
  for (let k = 0; k < view.count; k++) {
    const meta = view.metaAt(k);
    if (meta.parsed && !meta.known) unknown.push(view.infoAt(k));
  }
  // Every field written out (no spread): the object then has one fixed shape, which the 60 checks
  // read fast; the model's entry lists are made only if something asks for them.
  return {
    file: m.file, settings: m.settings, type: m.type, sections: m.sections,
    get entries() { return m.entries; }, get known() { return m.known; }, get all() { return m.all; },
    last: m.last, userUnit: m.userUnit, view,
    unknown, valued, valuedByKey, effective: new Map(), misspelling: misspellings(),
  };
}

const NONE: readonly EntryInfo[] = [];

/**
 * Recognised entries of these keys, skipping ones already reported for quotes or inline comments
 * (file order). Most rules look at one or two keys: a lookup, not a pass over the file.
 */
function valueEntries(m: RuleModel, ...keys: string[]): readonly EntryInfo[] {
  const idx: number[] = [];
  for (const key of keys) { const list = m.valuedByKey.get(key); if (list) for (const k of list) idx.push(k); }
  if (!idx.length) return NONE;
  if (keys.length > 1) idx.sort((a, b) => a - b);
  return idx.map(k => m.view.infoAt(k));
}

/** A quoted value of a setting whose value systemd parses (it does not remove the quotes). */
function quoted(kind: ValueKind, v: string): boolean {
  return kind !== 'other' && v.length >= 2 && (v[0] === '"' || v[0] === "'");
}

function hasQuotes(i: EntryInfo): boolean {
  return quoted(i.kind, i.entry.value);
}

/** Position of an inline comment (` #` / ` ;`) in a single-valued setting's value, or -1. */
function inlineCommentAt(i: EntryInfo): number {
  return commentAt(i, i.entry.value);
}

function commentAt(meta: { readonly directive?: Directive }, v: string): number {
  if (meta.directive?.list) return -1;
  for (let k = 1; k < v.length; k++) {
    const c = v[k];
    if ((c === '#' || c === ';') && (v[k - 1] === ' ' || v[k - 1] === '\t')) return k;
  }
  return -1;
}

/** True when the value is valid without the comment but invalid with it (the comment breaks it). */
function inlineCommentBreaks(i: EntryInfo): boolean {
  return commentBreaks(i, i.entry.key, i.entry.value);
}

function commentBreaks(meta: { readonly directive?: Directive; readonly kind: ValueKind }, key: string, v: string): boolean {
  const at = commentAt(meta, v);
  if (at < 0) return false;
  const kind = meta.kind;
  if (kind === 'other') return false;
  return !valueValid(key, kind, v) && valueValid(key, kind, v.slice(0, at).trim());
}

const ENUMS = ENUM_VALUES;
/** Enumerations that accept an empty value (reset to default). */
const ENUM_EMPTY_OK = new Set(['ManagedOOMSwap', 'ManagedOOMMemoryPressure', 'MemoryPressureWatch']);

function valueValid(key: string, kind: string, v: string): boolean {
  switch (kind) {
    case 'memory': { const r = parseMemory(v); return r.kind !== 'invalid'; }
    case 'boolean': return parseBoolean(v) !== null;
    case 'timespan': return parseTimespan(v) !== null || (v === '' && key === 'ManagedOOMMemoryPressureDurationSec');
    case 'oomscore': return v === '' || parseCInt(v) !== null;
    case 'pressure-percent': return v === '' || parsePermyriad(v) !== null && v.endsWith('%');
    case 'unsigned': return parseUnsigned(v) !== null;
    case 'choice': return choiceValid(key, v);
    case 'enum': return ENUMS[key] ? ENUMS[key].includes(v) || (v === '' && ENUM_EMPTY_OK.has(key)) || (key === 'MemoryPressureWatch' && (ENUMS[key].includes(v.toLowerCase()) || parseBoolean(v) !== null)) : true;
    default: return true;
  }
}

/** A boolean-or-word setting (data/valueEnums.ts): a boolean where the key takes one, or a word of any release. */
function choiceValid(key: string, v: string): boolean {
  const e = VALUE_ENUMS[key];
  return (e?.boolean && parseBoolean(v) !== null) || enumValueSince(key, v) !== null || (v === '' && !!e?.emptyOk);
}

/** The assignment that takes effect in this file: the last one systemd accepts (invalid lines are skipped). */
function eff(m: RuleModel, key: string): EntryInfo | undefined {
  if (m.effective.has(key)) return m.effective.get(key);
  // the last accepted of the key's entries, found by index (one object, not one per assignment)
  const idx = m.view.byKey.get(key);
  let found: EntryInfo | undefined;
  if (idx) {
    for (let j = idx.length - 1; j >= 0; j--) {
      const k = idx[j];
      const kind = m.view.metaAt(k).kind, v = m.view.valueAt(k);
      if (!quoted(kind, v) && valueValid(key, kind, v)) { found = m.view.infoAt(k); break; }
    }
  }
  m.effective.set(key, found);
  return found;
}

/** The last entry of `list` (one key's assignments in one file) that systemd accepts: unquoted and valid for its kind. */
export function lastAccepted(list: readonly EntryInfo[]): EntryInfo | undefined {
  for (let k = list.length - 1; k >= 0; k--) {
    const i = list[k];
    if (!hasQuotes(i) && valueValid(i.entry.key, i.kind, i.entry.value)) return i;
  }
  return undefined;
}

function memoryOf(m: RuleModel, key: string): MemoryValue | undefined {
  const i = eff(m, key);
  if (!i || hasQuotes(i) || inlineCommentBreaks(i)) return undefined;
  const r = parseMemory(i.entry.value);
  return r.kind === 'invalid' || r.kind === 'empty' ? undefined : r;
}

/** Compare two memory values when comparable (both bytes, both %, or infinity). */
function cmpMemory(a: MemoryValue, b: MemoryValue): number | null {
  const num = (x: MemoryValue) => (x.kind === 'infinity' ? Infinity : x.kind === 'bytes' ? Number(x.bytes) : x.kind === 'percent' ? x.permyriad : NaN);
  const kindA = a.kind === 'infinity' ? '*' : a.kind;
  const kindB = b.kind === 'infinity' ? '*' : b.kind;
  if (kindA !== '*' && kindB !== '*' && kindA !== kindB) return null;
  const x = num(a);
  const y = num(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return null;
  return x === y ? 0 : x < y ? -1 : 1;
}

function showMemory(v: MemoryValue, raw: string): string {
  if (v.kind === 'bytes') return `${raw} = ${formatBytes(v.bytes)}`;
  return raw;
}

function timeOf(m: RuleModel, key: string): number | undefined {
  const i = eff(m, key);
  if (!i) return undefined;
  const t = parseTimespan(i.entry.value);
  return t === null ? undefined : t;
}

function enumOf(m: RuleModel, key: string): string | undefined {
  return eff(m, key)?.entry.value;
}

function legacySeverity(key: string, version: number): Severity {
  if (isAncientLegacy(key)) return 'error';
  const d = directive(key)?.doc;
  if (key === 'CPUAccounting') return version >= 258 ? 'warning' : 'information';
  if (d?.ignoredSince && version >= d.ignoredSince) return 'error';
  if (d?.deprecated && version >= d.deprecated) return 'warning';
  return 'information';
}

/** Replacement for a legacy key: the modern key (and whether the value may be copied). */
function legacyReplacement(key: string): { to?: string; sameScale: boolean } {
  const doc = directive(key)?.doc;
  if (doc?.replacement) return { to: doc.replacement, sameScale: !!doc.sameScale };
  return { sameScale: false };
}

/** SDU014 for a boolean-or-word setting: a word no release knows (a word too new for the target is SDU032's). */
function choiceFinding(m: RuleModel, i: EntryInfo, emit: Emit): void {
  const key = i.entry.key;
  const v = i.entry.value;
  const e = VALUE_ENUMS[key];
  const why = e.deprecated && Object.prototype.hasOwnProperty.call(e.deprecated, v) ? e.deprecated[v] : undefined;
  if (why) {
    emit({ range: i.entry.valueRange, severity: 'warning', message: `${key}=${v} is deprecated and unsafe: ${why}.`, docUrl: docUrlFor(key, i.sectionName!) });
    return;
  }
  if (choiceValid(key, v)) return;
  const words = Object.keys(e.values);
  const lower = v.toLowerCase();
  const near = words.find(w => w === lower);
  emit({
    range: v && i.entry.valueRange.start.line === i.entry.valueRange.end.line ? i.entry.valueRange : i.entry.keyRange,
    message: `${key}=${v} is not valid, so systemd ignores the line and keeps the default. ${key}= takes ${e.boolean ? 'yes, no or ' : ''}${words.join(', ')} (lowercase).`,
    docUrl: docUrlFor(key, i.sectionName!),
    fixes: near ? [fix(`Change to ${near}`, [replace(i.entry.valueRange, near)], true)] : undefined,
  });
}

/** Key suggestion for a misspelt key in a section, chained to the modern key when the match is legacy. */
const suggestCache = new Map<string, { name: string; via?: string } | undefined>();
export function suggestKey(key: string, section: string): { name: string; via?: string } | undefined {
  const ck = section + '\0' + key;
  if (suggestCache.has(ck)) return suggestCache.get(ck);
  const r = computeSuggestion(key, section);
  if (suggestCache.size > 5000) suggestCache.clear();
  suggestCache.set(ck, r);
  return r;
}

function computeSuggestion(key: string, section: string): { name: string; via?: string } | undefined {
  const cands = keysOfSection(section);
  const hit = nearest(key, cands, 2);
  if (!hit) return undefined;
  const rep = legacyReplacement(hit);
  if (directive(hit)?.legacy && rep.to) return { name: rep.to, via: hit };
  return { name: hit };
}


/** Where a key belongs for this unit type, if anywhere. */
function homeSection(m: UnitModel, key: string): string | undefined {
  const d = directive(key);
  if (!d) return undefined;
  return SECTIONS_BY_TYPE[m.type].find(s => d.sections.includes(s));
}

function sectionList(key: string): string {
  const d = directive(key);
  return d ? d.sections.map(s => `[${s}]`).join(', ') : '';
}

/** Settings where an empty value is not "the default" (systemd.exec(5)). */
const EMPTY_MEANS: Record<string, string> = {
  CapabilityBoundingSet: 'means no capabilities at all (an empty bounding set), not the default of all capabilities',
  AmbientCapabilities: 'empties the ambient capability set',
};

/**
 * A cgroup-v1 weight on the cgroup-v2 scale, as systemd converts it (cgroup-util.h): BlockIOWeight=
 * 10–1000 (default 500) → IOWeight= 1–10000 (default 100); CPUShares= 2–262144 (default 1024) →
 * CPUWeight= 1–10000 (default 100). Null when the value is not a number in the old range.
 */
export function rescaleWeight(key: string, value: string): string | null {
  if (!/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  const [min, max, def] = key.includes('BlockIO') ? [10, 1000, 500] : key.includes('CPUShares') ? [2, 262144, 1024] : [NaN, NaN, NaN];
  if (!(n >= min && n <= max)) return null;
  return String(Math.min(10000, Math.max(1, Math.round((n * 100) / def))));
}

const RESTARTS_AFTER_OOM = new Set(['always', 'on-failure', 'on-abnormal']);

// ---------------------------------------------------------------------------------------------

export const RULES: Rule[] = [
  {
    id: 'SDU001', severity: 'error', title: 'Unknown section', docUrl: UNIT_MAN,
    check(m, emit) {
      for (const s of m.sections) {
        if (s.status !== 'unknown') continue;
        const name = s.section.name;
        emit({
          range: s.section.headerRange,
          message: `Unknown section [${name}]: systemd skips this header and every line under it, so none of these settings (memory limits included) apply.` +
            (s.suggestion ? ` Did you mean [${s.suggestion}]?` : ` A .${m.type} unit reads ${SECTIONS_BY_TYPE[m.type].map(x => `[${x}]`).join(', ')}; prefix custom sections with X-.`),
          fixes: s.suggestion ? [fix(`Rename to [${s.suggestion}]`, [replace(s.section.nameRange, s.suggestion)], true)] : undefined,
        });
      }
      for (const p of m.file.problems) {
        if (p.kind !== 'bad-header') continue;
        emit({ range: p.range, message: `Broken section header "${p.text}": it must end with "]". systemd refuses to load the whole unit ("Invalid section header").` });
      }
    },
  },
  {
    id: 'SDU002', severity: 'error', title: 'Section name case or spaces', docUrl: UNIT_MAN,
    check(m, emit) {
      for (const s of m.sections) {
        if (s.status !== 'miscased') continue;
        emit({
          range: s.section.headerRange,
          message: `Section names are exact: [${s.section.name}] is not [${s.suggestion}]. systemd ignores the whole section, so its settings silently do not apply. Write [${s.suggestion}].`,
          fixes: [fix(`Rename to [${s.suggestion}]`, [replace(s.section.nameRange, s.suggestion!)], true)],
        });
      }
    },
  },
  {
    id: 'SDU003', severity: 'error', title: 'Section of another unit type', docUrl: UNIT_MAN,
    check(m, emit) {
      for (const s of m.sections) {
        if (s.status !== 'other-type') continue;
        const owner = SECTION_OWNER[s.section.name];
        emit({
          range: s.section.headerRange,
          message: `[${s.section.name}] is not read in a .${m.type} unit; systemd ignores it and everything under it.` +
            (owner ? ` These settings belong in a .${owner} unit (or its drop-in).` : ''),
        });
      }
    },
  },
  {
    id: 'SDU004', severity: 'error', title: 'Assignment outside of any section', docUrl: UNIT_MAN,
    check(m, emit) {
      const noHeaders = m.file.sections.length === 0;
      const outside: UnitEntry[] = [];
      for (let k = 0; k < m.view.count; k++) {
        if (m.view.sectionAt(k) !== null) continue;
        const e = m.view.infoAt(k).entry;
        if (m.file.sections.length === 0 || e.range.start.line < m.file.sections[0].line) outside.push(e);
      }
      const problems = m.file.problems.filter(p => (p.kind === 'missing-equals' || p.kind === 'missing-key') && (noHeaders || p.range.start.line < m.file.sections[0].line));
      const first = outside[0];
      const guess = first ? homeSection(m, first.key) ?? SECTIONS_BY_TYPE[m.type][1] ?? 'Unit' : 'Unit';
      for (const e of outside) {
        emit({
          range: e.keyRange,
          message: (m.file.isDropIn && noHeaders
            ? `This drop-in has no section header: systemd ignores ${e.key}= because every drop-in needs its own [Section] line.`
            : `${e.key}= stands before any [Section] header, so systemd ignores it.`) + ` Add [${guess}] above it.`,
          fixes: [fix(`Insert [${guess}] header`, [replace(rangeOf(first.range.start.line, 0, first.range.start.line, 0), `[${guess}]\n`)], true)],
        });
      }
      for (const p of problems) emit({ range: p.range, message: 'Text before any [Section] header is ignored by systemd.' });
    },
  },
  {
    id: 'SDU005', severity: 'error', title: 'Line is not an assignment', docUrl: SYNTAX_MAN,
    check(m, emit) {
      const firstHeader = m.file.sections.length ? m.file.sections[0].line : Infinity;
      for (const p of m.file.problems) {
        if (p.kind === 'nul-byte') { emit({ range: p.range, message: 'NUL byte in the file: systemd cuts the line here and reads the rest as a new line. Remove it (binary data or a bad copy?).' }); continue; }
        if (p.kind === 'line-too-long') { emit({ range: p.range, message: 'Line longer than 1 MiB: systemd refuses to load the unit.' }); continue; }
        if (p.kind === 'not-utf8') {
          emit({ range: p.range, message: 'A byte here is not valid UTF-8 (shown as \ufffd), so systemd refuses to load the whole unit and none of its settings apply. systemd says "String is not UTF-8 clean". Save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8).' });
          continue;
        }
        if (p.kind !== 'missing-equals' && p.kind !== 'missing-key') continue;
        if (p.range.start.line < firstHeader) continue;
        const s = sectionOfLine(m, p.range.start.line);
        if (!s || s.status !== 'ok') continue;
        emit({
          range: p.range,
          message: p.kind === 'missing-key'
            ? 'Assignment without a key name before "=": systemd ignores the line.'
            : `"${p.text.slice(0, 60)}" has no "=", so systemd ignores it. Write Key=value, or start the line with # to make it a comment.`,
        });
      }
    },
  },
  {
    id: 'SDU006', severity: 'error', title: 'Unknown directive', docUrl: MAN_BASE + 'systemd.directives.html',
    check(m, emit) {
      for (const i of m.unknown) {
        if (i.directive) continue;
        if (m.misspelling(i)) continue;
        const elsewhere = nearest(i.entry.key, ALL_KEYS, 2);
        emit({
          range: i.entry.keyRange,
          message: `Unknown directive ${i.entry.key}= in [${i.sectionName}]: systemd ignores the line.` +
            (elsewhere && directive(elsewhere) ? ` The closest known directive is ${elsewhere}= (valid in ${sectionList(elsewhere)}).` : ' Check the spelling; prefix custom keys with X-.'),
        });
      }
    },
  },
  {
    id: 'SDU007', severity: 'error', title: 'Misspelt or miscased directive', docUrl: MAN_BASE + 'systemd.directives.html',
    check(m, emit) {
      for (const i of m.unknown) {
        if (i.directive) continue;
        const s = m.misspelling(i);
        if (!s) continue;
        const via = s.via ? ` (${s.via}= is the old cgroup-v1 spelling; its modern replacement is ${s.name}=)` : '';
        emit({
          range: i.entry.keyRange,
          message: `Unknown directive ${i.entry.key}= — did you mean ${s.name}=${via}? Directive names are case-sensitive and matched exactly; systemd ignores this line.`,
          docUrl: docUrlFor(s.name, i.sectionName!),
          fixes: [fix(`Rename to ${s.name}=`, [replace(i.entry.keyRange, s.name)], true)],
        });
      }
    },
  },
  {
    id: 'SDU008', severity: 'error', title: 'Directive in the wrong section', docUrl: MAN_BASE + 'systemd.directives.html',
    check(m, emit) {
      for (const i of m.unknown) {
        const d = i.directive;
        if (!d || wrongPlaceRule(m, i) !== 'SDU008') continue;
        const home = homeSection(m, d.name);
        emit({
          range: i.entry.keyRange,
          message: `${d.name}= is not valid in [${i.sectionName}], so systemd ignores it; it belongs in ${sectionList(d.name)}.` +
            (home ? ` Move it to [${home}].` : ` A .${m.type} unit has none of those sections.`),
          docUrl: docUrlFor(d.name),
          fixes: home ? moveFixes(m, i.entry, home) : undefined,
        });
      }
    },
  },
  {
    id: 'SDU009', severity: 'warning', title: 'Removed cgroup-v1 / legacy directive', docUrl: RC('History'),
    check(m, emit) {
      const v = m.settings.systemdVersion;
      for (const k of m.view.known) {
        if (!m.view.metaAt(k).directive!.legacy) continue;
        const i = m.view.infoAt(k);
        const d = i.directive!;
        const key = d.name;
        const sev = legacySeverity(key, v);
        const rep = legacyReplacement(key);
        const fixes: Fix[] = [];
        let message: string;
        if (isAncientLegacy(key)) {
          message = `${key}= was removed from systemd long ago and is ignored: ${ANCIENT_LEGACY[key]}.`;
          fixes.push(fix(`Delete ${key}=`, [deleteEntry(m.file, i.entry)]));
        } else if (key === 'CPUAccounting') {
          message = `CPUAccounting= has no effect on cgroup v2 (CPU accounting is always on) and is deprecated since systemd 258. Delete the line.`;
          fixes.push(fix('Delete CPUAccounting=', [deleteEntry(m.file, i.entry)], true));
        } else {
          const status = v >= 258 ? `ignored by systemd ${v} (cgroup v1 support was removed in 258), so this setting does nothing`
            : v >= 252 ? `deprecated since systemd 252 and ignored from 258 — upgrading systemd silently drops it`
            : `a cgroup-v1 setting that systemd 252 deprecates and 258 ignores`;
          message = `${key}= is ${status}.` + (rep.to ? ` Use ${rep.to}=${rep.sameScale ? ' with the same value' : ' (different value scale: convert the number, do not copy it)'}.` : '');
          if (key === 'MemoryLimit' && v >= 258) message += eff(m, 'MemoryMax') ? ' MemoryMax= is set here too, so that is the limit that applies; delete this line.' : ' Without it the service has no memory limit at all.';
          if (rep.to) {
            const present = eff(m, rep.to);
            if (present) fixes.push(fix(`Delete ${key}= (${rep.to}= is already set)`, [deleteEntry(m.file, i.entry)], true));
            else if (rep.sameScale) fixes.push(fix(`Replace with ${rep.to}=`, [replace(i.entry.keyRange, rep.to)], true));
            else {
              const scaled = rescaleWeight(key, i.entry.value);
              fixes.push(fix(scaled !== null ? `Replace with ${rep.to}=${scaled} (same share on the new scale)` : `Replace with ${rep.to}= (choose a new value)`,
                [replace(i.entry.keyRange, rep.to), replace(i.entry.valueRange, scaled ?? (rep.to.includes('CPUWeight') ? '100' : i.entry.value))], scaled !== null));
            }
          }
        }
        emit({ range: i.entry.keyRange, severity: sev, message, docUrl: docUrlFor(key), fixes, tags: ['deprecated'] });
      }
    },
  },
  {
    id: 'SDU010', severity: 'information', title: 'Compatibility alias or location', docUrl: UNIT_MAN,
    check(m, emit) {
      for (const k of m.view.known) {
        if (!COMPAT_ALIASES[m.view.keyAt(k)] && !UNIT_KEYS_IN_SERVICE.includes(m.view.keyAt(k))) continue;
        const i = m.view.infoAt(k);
        const key = i.entry.key;
        const inService = i.sectionName === 'Service' && UNIT_KEYS_IN_SERVICE.includes(key);
        const alias = COMPAT_ALIASES[key];
        if (!inService && !alias) continue;
        const modern = alias && !alias.includes('=') ? alias : key;
        const fixes: Fix[] = [];
        if (inService) fixes.push(...moveFixes(m, i.entry, 'Unit', modern !== key ? modern : undefined));
        else if (alias && !alias.includes('=')) fixes.push(fix(`Rename to ${alias}=`, [replace(i.entry.keyRange, alias)], true));
        emit({
          range: i.entry.keyRange,
          message: inService
            ? `${key}= in [Service] is accepted only for compatibility; it belongs in [Unit]${modern !== key ? ` as ${modern}=` : ''}.`
            : `${key}= is an old spelling kept for compatibility; write ${alias}${alias.includes('=') ? '' : '='}.`,
          tags: ['deprecated'],
          fixes,
        });
      }
    },
  },
  {
    id: 'SDU011', severity: 'warning', title: 'Directive set twice', docUrl: SYNTAX_MAN,
    check(m, emit) {
      const v = m.view;
      for (const [key, all] of v.byKey) {
        if (all.length < 2 || v.metaAt(all[0]).directive?.list) continue;
        const accepted = all.filter(k => { const kind = v.metaAt(k).kind, value = v.valueAt(k); return !quoted(kind, value) && valueValid(key, kind, value); });
        if (accepted.length < 2) continue;
        for (let j = 0; j < accepted.length - 1; j++) {
          if (v.valueAt(accepted[j]) === '') continue; // an empty assignment is a deliberate reset
          const earlier = v.infoAt(accepted[j]);
          const later = v.infoAt(accepted[j + 1]);
          emit({
            range: earlier.entry.keyRange,
            message: `${key}= is set again on line ${later.entry.range.start.line + 1}; the later value wins and this one (${earlier.entry.value || 'empty'}) is silently ignored. Delete one of them.`,
            related: [{ range: later.entry.keyRange, message: `${key}= set again here` }],
            tags: ['unnecessary'],
            fixes: [fix(`Remove the overridden ${key}= line`, [deleteEntry(m.file, earlier.entry)], true)],
          });
        }
      }
    },
  },
  {
    id: 'SDU012', severity: 'warning', title: 'Inline comment', docUrl: SYNTAX_MAN,
    check(m, emit) {
      for (const k of m.view.known) {
        if (commentAt(m.view.metaAt(k), m.view.valueAt(k)) < 0) continue;
        const i = m.view.infoAt(k);
        const at = inlineCommentAt(i);
        if (at < 0 || hasQuotes(i)) continue;
        const breaks = inlineCommentBreaks(i);
        const kind = i.kind;
        if (kind !== 'other' && !breaks) continue; // invalid even without the comment: the value rule reports it
        const seg = i.entry.segments[i.entry.segments.length - 1];
        const v = i.entry.value;
        const comment = v.slice(at);
        const clean = v.slice(0, at).trimEnd();
        const line = i.entry.range.start.line;
        const text = lineAt(m.file, line)!;
        const indent = text.length - text.trimStart().length;
        const edits: TextEdit[] = i.entry.segments.length === 1
          ? [replace(rangeOf(line, indent, line, indent), comment + '\n' + text.slice(0, indent)), replace(rangeOf(seg.line, seg.start, seg.line, seg.start + seg.text.length), clean)]
          : [];
        emit({
          range: rangeOf(seg.line, seg.start + Math.max(0, seg.text.indexOf(comment)), seg.line, seg.start + seg.text.length),
          severity: breaks ? 'error' : 'warning',
          message: breaks
            ? `Inline comments are not supported: systemd reads "${v}" as the value, rejects it and ignores ${i.entry.key}= entirely. Put the comment on its own line.`
            : `"${comment}" is part of the value of ${i.entry.key}=, not a comment — only # or ; at the start of a line starts a comment. Move it to its own line.`,
          fixes: edits.length ? [fix('Move the comment to its own line', edits, true)] : undefined,
        });
      }
    },
  },
  {
    id: 'SDU013', severity: 'error', title: 'Quoted value', docUrl: SYNTAX_MAN,
    check(m, emit) {
      for (const k of m.view.known) {
        if (!quoted(m.view.metaAt(k).kind, m.view.valueAt(k))) continue;
        const i = m.view.infoAt(k);
        const v = i.entry.value;
        const inner = v[v.length - 1] === v[0] ? v.slice(1, -1) : v.slice(1);
        emit({
          range: i.entry.valueRange,
          message: `${i.entry.key}= does not remove quotes: systemd reads ${v} literally, rejects it and ignores the setting. Write ${i.entry.key}=${inner}.`,
          docUrl: docUrlFor(i.entry.key, i.sectionName!),
          fixes: [fix('Remove the quotes', [replace(i.entry.valueRange, inner)], true)],
        });
      }
    },
  },
  {
    id: 'SDU014', severity: 'error', title: 'Not a boolean (or not one of the setting\'s words)', docUrl: SYNTAX_MAN,
    check(m, emit) {
      for (const k of m.valued) {
        const kind = m.view.metaAt(k).kind;
        if (kind !== 'choice' && (kind !== 'boolean' || parseBoolean(m.view.valueAt(k)) !== null)) continue;
        const i = m.view.infoAt(k);
        if (i.kind === 'choice') { choiceFinding(m, i, emit); continue; }
        if (i.kind !== 'boolean' || parseBoolean(i.entry.value) !== null) continue;
        emit({
          range: i.entry.valueRange.start.line === i.entry.valueRange.end.line && i.entry.value ? i.entry.valueRange : i.entry.keyRange,
          message: `${i.entry.key}=${i.entry.value} is not a boolean, so systemd ignores the line and keeps the default. Use yes or no (also true/false, on/off, 1/0).`,
          docUrl: docUrlFor(i.entry.key, i.sectionName!),
          fixes: [fix('Set to yes', [replace(i.entry.valueRange, 'yes')]), fix('Set to no', [replace(i.entry.valueRange, 'no')])],
        });
      }
    },
  },
  {
    id: 'SDU015', severity: 'error', title: 'Unknown % specifier', docUrl: UNIT_MAN + '#Specifiers',
    check(m, emit) {
      for (const k of m.view.known) {
        if (!SPECIFIER_KEYS.has(m.view.keyAt(k)) || !m.view.valueAt(k).includes('%')) continue;
        const i = m.view.infoAt(k);
        for (const seg of i.entry.segments) {
          const t = seg.text;
          for (let k = 0; k < t.length; k++) {
            if (t[k] !== '%') continue;
            const c = t[k + 1];
            if (c === '%') { k++; continue; }
            if (c !== undefined && VALID_SPECIFIERS.has(c)) { k++; continue; }
            emit({
              range: rangeOf(seg.line, seg.start + k, seg.line, seg.start + k + (c === undefined ? 1 : 2)),
              message: `Unknown specifier "%${c ?? ''}": systemd rejects the whole ${i.entry.key}= line. For a literal percent sign write %%.`,
              fixes: [fix('Escape as %%', [replace(rangeOf(seg.line, seg.start + k, seg.line, seg.start + k + 1), '%%')], true)],
            });
            k++;
          }
        }
      }
    },
  },
  {
    id: 'SDU016', severity: 'warning', title: 'Drop-in not ending in .conf', docUrl: UNIT_MAN,
    check(m, emit) {
      if (!m.file.dropInIgnored) return;
      emit({
        range: rangeOf(0, 0, 0, lineAt(m.file, 0)?.length ?? 0),
        message: `systemd only reads files ending in .conf from a drop-in directory; "${m.file.fileName}" is silently ignored. Rename it to end in .conf.`,
      });
    },
  },
  {
    id: 'SDU017', severity: 'warning', title: 'Line continuation swallows a line', docUrl: SYNTAX_MAN,
    check(m, emit) {
      for (const p of m.file.problems) {
        if (p.kind === 'continuation-eof') emit({ range: p.range, message: 'The last line ends with a backslash: it continues into nothing. Remove the trailing \\.' });
        if (p.kind === 'continuation-swallow') {
          emit({ range: p.range, message: `The backslash at the end of the previous line joins "${p.text.slice(0, 60)}" into that value, so it is not read as its own line. Remove the trailing \\ if this line is meant to stand alone.` });
        }
      }
    },
  },
  {
    id: 'SDU018', severity: 'hint', title: 'Empty assignment resets', docUrl: SYNTAX_MAN,
    check(m, emit) {
      for (const k of m.view.known) {
        if (m.view.valueAt(k) !== '') continue;
        const i = m.view.infoAt(k);
        if (!valueValid(i.entry.key, i.kind, '')) continue;
        const means = EMPTY_MEANS[i.entry.key];
        emit({
          range: i.entry.keyRange,
          message: means
            ? `${i.entry.key}= with an empty value ${means}. It also drops earlier assignments, including those from the vendor unit when this is a drop-in.`
            : `${i.entry.key}= with an empty value resets it to the default and drops earlier assignments. That includes those from the vendor unit when this is a drop-in.`,
        });
      }
    },
  },
  {
    id: 'SDU020', severity: 'error', title: 'Invalid memory size', docUrl: RC('MemoryMax=bytes'),
    check(m, emit) {
      for (const k of m.valued) {
        if (!isMemoryKey(m.view.keyAt(k))) continue;
        const r = parseMemory(m.view.valueAt(k));
        if (r.kind !== 'invalid') continue;
        const i = m.view.infoAt(k);
        const norm = normaliseMemory(i.entry.value);
        const v = i.entry.value;
        const why = r.reason === 'range' ? (v.trim().startsWith('-') ? 'negative sizes are not allowed' : 'the number is too large (the limit is below 16E)')
          : /%$/.test(v) ? 'percentages must be between 0% and 100% with at most two decimals' : 'only uppercase K, M, G, T (base 1024), a percentage or infinity are understood';
        emit({
          range: i.entry.valueRange,
          message: `Invalid memory size "${clip(v, 40)}" for ${i.entry.key}=, so systemd ignores the line and the unit runs without this limit. ${why[0].toUpperCase()}${why.slice(1)}.` + (norm && norm !== v ? ` Write ${i.entry.key}=${norm}.` : ''),
          docUrl: docUrlFor(i.entry.key),
          fixes: norm && norm !== v ? [fix(`Change to ${norm}`, [replace(i.entry.valueRange, norm)], true)] : undefined,
        });
      }
    },
  },
  {
    id: 'SDU021', severity: 'error', title: 'Zero memory limit', docUrl: RC('MemoryMax=bytes'),
    check(m, emit) {
      for (const k of m.valued) {
        const key = m.view.keyAt(k);
        if (!isMemoryKey(key) || ZERO_ALLOWED.has(key)) continue;
        const r = parseMemory(m.view.valueAt(k));
        const zero = (r.kind === 'bytes' && r.bytes === 0n) || (r.kind === 'percent' && r.permyriad === 0);
        if (!zero) continue;
        const i = m.view.infoAt(k);
        emit({
          range: i.entry.valueRange,
          message: `${i.entry.key}=${i.entry.value} is out of range and ignored, so there is no limit. To remove a limit write infinity; to forbid swap use MemorySwapMax=0; otherwise give a real size.`,
          docUrl: docUrlFor(i.entry.key),
          fixes: [fix('Change to infinity', [replace(i.entry.valueRange, 'infinity')], true)],
        });
      }
    },
  },
  {
    id: 'SDU022', severity: 'information', title: 'Undocumented size suffix', docUrl: RC('MemoryMax=bytes'),
    check(m, emit) {
      for (const k of m.valued) {
        if (!isMemoryKey(m.view.keyAt(k))) continue;
        const r = parseMemory(m.view.valueAt(k));
        if (r.kind !== 'bytes' || !r.undocumentedSuffix) continue;
        const i = m.view.infoAt(k);
        emit({
          range: i.entry.valueRange,
          message: `Suffix "${r.undocumentedSuffix}" works (${formatBytes(r.bytes)}) but the man page only documents K, M, G and T; prefer those so readers and other tools agree.`,
        });
      }
    },
  },
  {
    id: 'SDU023', severity: 'warning', title: 'MemoryHigh= not below MemoryMax=', docUrl: RC('MemoryHigh=bytes'),
    keys: ['MemoryHigh', 'MemoryMax', 'StartupMemoryHigh', 'StartupMemoryMax'],
    check(m, emit) {
      for (const [hk, mk] of [['MemoryHigh', 'MemoryMax'], ['StartupMemoryHigh', 'StartupMemoryMax']]) {
        const h = memoryOf(m, hk);
        const x = memoryOf(m, mk);
        if (!h || !x || h.kind === 'infinity' || x.kind === 'infinity') continue;
        const c = cmpMemory(h, x);
        if (c === null || c < 0) continue;
        const hi = eff(m, hk)!;
        const mi = eff(m, mk)!;
        const suggestion = x.kind === 'bytes' ? suggestHigh(x.bytes) : x.kind === 'percent' ? `${Math.floor(x.permyriad * 0.9) / 100}%` : undefined;
        emit({
          range: hi.entry.valueRange,
          message: `${hk}=${hi.entry.value} is not below ${mk}=${mi.entry.value}: the unit hits the hard limit and is OOM-killed before throttling ever starts. Set ${hk}= to about 80–90 % of ${mk}=${suggestion ? ` (e.g. ${suggestion})` : ''}, or remove it.`,
          related: [{ range: mi.entry.valueRange, message: `${mk}= here` }],
          fixes: suggestion ? [fix(`Set ${hk}=${suggestion}`, [replace(hi.entry.valueRange, suggestion)], true)] : undefined,
        });
      }
    },
  },
  {
    id: 'SDU024', severity: 'information', title: 'MemoryLow= below MemoryMin=', docUrl: RC('MemoryMin=bytes'),
    keys: ['MemoryLow', 'MemoryMin'],
    check(m, emit) {
      const lo = memoryOf(m, 'MemoryLow');
      const mi = memoryOf(m, 'MemoryMin');
      if (!lo || !mi) return;
      const c = cmpMemory(lo, mi);
      if (c === null || c >= 0) return;
      const li = eff(m, 'MemoryLow')!;
      emit({
        range: li.entry.valueRange,
        message: `MemoryLow=${li.entry.value} is below MemoryMin=${eff(m, 'MemoryMin')!.entry.value}: the hard protection already covers it, so MemoryLow= adds nothing. Raise it above MemoryMin= or remove it.`,
        related: [{ range: eff(m, 'MemoryMin')!.entry.valueRange, message: 'MemoryMin= here' }],
      });
    },
  },
  {
    id: 'SDU025', severity: 'warning', title: 'Protection above the limit', docUrl: RC('MemoryMin=bytes'),
    keys: ['MemoryMin', 'MemoryLow'],
    check(m, emit) {
      for (const pk of ['MemoryMin', 'MemoryLow']) {
        const p = memoryOf(m, pk);
        if (!p || p.kind === 'infinity') continue;
        for (const lk of ['MemoryMax', 'MemoryHigh']) {
          const l = memoryOf(m, lk);
          if (!l || l.kind === 'infinity') continue;
          const c = cmpMemory(p, l);
          if (c === null || c <= 0) continue;
          const pi = eff(m, pk)!;
          emit({
            range: pi.entry.valueRange,
            message: `${pk}=${pi.entry.value} protects more memory than ${lk}=${eff(m, lk)!.entry.value} lets the unit use, which hides a sizing mistake. The excess protection can never be used. Lower ${pk}= below ${lk}=.`,
            related: [{ range: eff(m, lk)!.entry.valueRange, message: `${lk}= here` }],
          });
          break;
        }
      }
    },
  },
  {
    id: 'SDU027', severity: 'error', title: 'Resource setting in a unit type without a cgroup', docUrl: RC('Description'),
    check(m, emit) {
      for (const i of m.unknown) {
        if (!i.directive || wrongPlaceRule(m, i) !== 'SDU027') continue;
        const target = m.type === 'timer' || m.type === 'path' ? `the service this .${m.type} activates` : 'the service or slice that runs the processes';
        emit({
          range: i.entry.keyRange,
          message: `${i.entry.key}= has no effect in a .${m.type} unit (it has no processes or cgroup), so systemd ignores it. Put it on ${target}, e.g. in a <name>.service.d/override.conf drop-in.`,
          docUrl: docUrlFor(i.entry.key),
        });
      }
    },
  },
  {
    id: 'SDU028', severity: 'hint', title: 'Memory setting on a socket/mount/swap unit', docUrl: RC('Description'),
    check(m, emit) {
      for (const k of m.view.known) {
        if (!isMemoryKey(m.view.keyAt(k)) || !['Socket', 'Mount', 'Swap'].includes(m.view.metaAt(k).section!)) continue;
        const i = m.view.infoAt(k);
        emit({
          range: i.entry.keyRange,
          message: `${i.entry.key}= here limits only the ${i.sectionName!.toLowerCase()} unit's own processes (ExecStartPre=, mount helpers …), not the service it activates. Set limits on the .service to protect the machine from it.`,
        });
      }
    },
  },
  {
    id: 'SDU029', severity: 'information', title: 'Percentage for MemoryZSwapMax=', docUrl: RC('MemoryZSwapMax=bytes'),
    keys: ['MemoryZSwapMax', 'StartupMemoryZSwapMax'],
    check(m, emit) {
      for (const i of valueEntries(m, 'MemoryZSwapMax', 'StartupMemoryZSwapMax')) {
        if (parseMemory(i.entry.value).kind !== 'percent') continue;
        emit({ range: i.entry.valueRange, message: `${i.entry.key}= is documented for sizes and infinity only; a percentage is not documented for zswap. Give an absolute size such as 512M.` });
      }
    },
  },
  {
    id: 'SDU030', severity: 'information', title: 'MemoryAccounting=no with limits', docUrl: RC('MemoryAccounting='),
    keys: ['MemoryAccounting'],
    check(m, emit) {
      const acc = eff(m, 'MemoryAccounting');
      if (!acc || parseBoolean(acc.entry.value) !== false) return;
      const limit = ['MemoryMax', 'MemoryHigh', 'MemoryMin', 'MemoryLow', 'MemorySwapMax', 'MemoryLimit'].find(k => eff(m, k) && eff(m, k)!.entry.value !== '');
      if (!limit) return;
      emit({ range: acc.entry.valueRange, message: `MemoryAccounting=no does not switch off ${limit}=: setting a limit turns the memory controller on anyway. Remove MemoryAccounting=no to avoid confusion.` });
    },
  },
  {
    id: 'SDU031', severity: 'warning', title: 'systemd-oomd without memory accounting', docUrl: MAN_BASE + 'systemd-oomd.service.html',
    keys: ['MemoryAccounting'],
    check(m, emit) {
      const acc = eff(m, 'MemoryAccounting');
      if (!acc || parseBoolean(acc.entry.value) !== false) return;
      const kill = ['ManagedOOMSwap', 'ManagedOOMMemoryPressure'].find(k => enumOf(m, k) === 'kill');
      if (!kill) return;
      emit({
        range: acc.entry.valueRange,
        message: `MemoryAccounting=no while ${kill}=kill: systemd-oomd needs memory accounting on every unit it monitors, so it cannot judge this one. Remove MemoryAccounting=no.`,
        fixes: [fix('Remove MemoryAccounting=no', [deleteEntry(m.file, acc.entry)], true)],
      });
    },
  },
  {
    id: 'SDU032', severity: 'warning', title: 'Directive newer than the target systemd', docUrl: RC('History'),
    check(m, emit) {
      const v = m.settings.systemdVersion;
      for (const k of m.view.known) {
        const meta = m.view.metaAt(k);
        const since0 = sinceVersion(meta.directive!);
        if (!(since0 && since0 > v)) {
          const value = m.view.valueAt(k);
          const vs0 = meta.directive!.doc?.valueSince?.[value] ?? enumValueSince(meta.directive!.name, value);
          if (!(vs0 && vs0 > v)) continue;
        }
        const i = m.view.infoAt(k);
        const d = i.directive!;
        const since = sinceVersion(d);
        if (since && since > v) {
          emit({
            range: i.entry.keyRange,
            message: `${d.name}= needs systemd ${since === 253 && !d.doc?.since ? '253 or newer (added after 252)' : `${since} or newer`}; the targeted systemd ${v} logs "Unknown key" and ignores it. Raise oomLens.systemd.version if your hosts are newer.`,
            docUrl: docUrlFor(d.name, i.sectionName!),
          });
          continue;
        }
        const vs = d.doc?.valueSince?.[i.entry.value] ?? enumValueSince(d.name, i.entry.value);
        if (vs && vs > v) emit({ range: i.entry.valueRange, message: `${d.name}=${i.entry.value} needs systemd ${vs}; systemd ${v} rejects this value and ignores the line.`, docUrl: docUrlFor(d.name, i.sectionName!) });
      }
      // OOMPolicy= in [Scope] arrived upstream in 253.
      for (const k of m.view.byKey.get('OOMPolicy') ?? []) {
        const i = m.view.infoAt(k);
        if (i.entry.key === 'OOMPolicy' && i.sectionName === 'Scope' && v < 253) {
          emit({ range: i.entry.keyRange, message: `OOMPolicy= in [Scope] needs systemd 253 or newer (upstream); older managers ignore it.`, docUrl: docUrlFor('OOMPolicy') });
        }
      }
    },
  },
  {
    id: 'SDU040', severity: 'error', title: 'OOMScoreAdjust= not an integer', docUrl: EX('OOMScoreAdjust='),
    keys: ['OOMScoreAdjust'],
    check(m, emit) {
      for (const i of valueEntries(m, 'OOMScoreAdjust')) {
        if (i.entry.value === '' || parseCInt(i.entry.value) !== null) continue;
        emit({ range: i.entry.valueRange, message: `OOMScoreAdjust=${i.entry.value} is not an integer, so systemd ignores it and the default score applies. Write a whole number from -1000 to 1000.` });
      }
    },
  },
  {
    id: 'SDU041', severity: 'error', title: 'OOMScoreAdjust= out of range', docUrl: EX('OOMScoreAdjust='),
    keys: ['OOMScoreAdjust'],
    check(m, emit) {
      for (const i of valueEntries(m, 'OOMScoreAdjust')) {
        const n = parseCInt(i.entry.value);
        if (n === null || (n >= -1000 && n <= 1000)) continue;
        const clamp = n < -1000 ? '-1000' : '1000';
        emit({
          range: i.entry.valueRange,
          message: `OOMScoreAdjust=${i.entry.value} is outside -1000…1000, so systemd ignores it and the default score applies. The kernel only accepts that range.`,
          fixes: [fix(`Change to ${clamp}`, [replace(i.entry.valueRange, clamp)], true)],
        });
      }
    },
  },
  {
    id: 'SDU042', severity: 'warning', title: 'Unkillable service (OOMScoreAdjust=-1000)', docUrl: EX('OOMScoreAdjust='),
    keys: ['OOMScoreAdjust'],
    check(m, emit) {
      for (const i of valueEntries(m, 'OOMScoreAdjust')) {
        if (parseCInt(i.entry.value) !== -1000) continue;
        emit({
          range: i.entry.valueRange,
          message: 'OOMScoreAdjust=-1000 makes these processes unkillable by the OOM killer, which then kills others even if this service is the one leaking. When memory runs out the kernel must kill other processes instead (or panic with vm.panic_on_oom). Use -900 to strongly prefer keeping it alive while leaving it killable, or protect its memory with MemoryMin=.',
          fixes: [fix('Change to -900 (still killable as a last resort)', [replace(i.entry.valueRange, '-900')], true)],
        });
      }
    },
  },
  {
    id: 'SDU043', severity: 'hint', title: 'Near-unkillable OOM score', docUrl: EX('OOMScoreAdjust='),
    keys: ['OOMScoreAdjust'],
    check(m, emit) {
      for (const i of valueEntries(m, 'OOMScoreAdjust')) {
        const n = parseCInt(i.entry.value);
        if (n === null || n <= -1000 || n > -900) continue;
        emit({ range: i.entry.valueRange, message: `OOMScoreAdjust=${n}: the kernel will almost never pick these processes; others die first even when this service uses far more memory.` });
      }
    },
  },
  {
    id: 'SDU044', severity: 'hint', title: 'Preferred OOM victim', docUrl: EX('OOMScoreAdjust='),
    keys: ['OOMScoreAdjust'],
    check(m, emit) {
      for (const i of valueEntries(m, 'OOMScoreAdjust')) {
        const n = parseCInt(i.entry.value);
        if (n === null || n <= 0 || n > 1000) continue;
        emit({
          range: i.entry.valueRange,
          severity: n === 1000 ? 'information' : 'hint',
          message: n === 1000
            ? 'OOMScoreAdjust=1000: these processes are the first the kernel kills under memory pressure, whatever their size.'
            : `OOMScoreAdjust=${n} adds ${n / 10} percentage points of "memory use" to these processes' badness, making them preferred OOM victims.`,
        });
      }
    },
  },
  {
    id: 'SDU045', severity: 'hint', title: 'OOMScoreAdjust= in a user unit', docUrl: MAN_BASE + 'systemd-system.conf.html#DefaultOOMScoreAdjust=',
    keys: ['OOMScoreAdjust'],
    check(m, emit) {
      if (!m.userUnit) return;
      for (const i of valueEntries(m, 'OOMScoreAdjust')) {
        const n = parseCInt(i.entry.value);
        if (n === null || n >= 100) continue;
        emit({ range: i.entry.valueRange, message: `OOMScoreAdjust=${n} in a user service will most likely fail to apply: an unprivileged manager cannot lower a score. User services start at the user manager's OOM score + 100.` });
      }
    },
  },
  {
    id: 'SDU046', severity: 'error', title: 'Invalid OOMPolicy=', docUrl: SV('OOMPolicy='),
    keys: ['OOMPolicy'],
    check(m, emit) {
      for (const i of valueEntries(m, 'OOMPolicy')) {
        const v = i.entry.value;
        if (ENUMS.OOMPolicy.includes(v)) continue;
        const lower = v.toLowerCase();
        const hint = lower === 'restart' ? ' To restart after an OOM kill, use Restart=on-failure.' : '';
        const fixes = ENUMS.OOMPolicy.map(x => fix(`Change to ${x}`, [replace(i.entry.valueRange, x)], x === lower));
        emit({ range: i.entry.valueRange.start.character === i.entry.valueRange.end.character ? i.entry.keyRange : i.entry.valueRange, message: `OOMPolicy=${v} is invalid, so systemd ignores it and the default (stop) applies. Use continue, stop or kill (lowercase).${hint}`, fixes });
      }
    },
  },
  {
    id: 'SDU047', severity: 'error', title: 'OOMPolicy= outside [Service]/[Scope]', docUrl: SV('OOMPolicy='),
    check(m, emit) {
      for (const i of m.unknown) {
        if (!i.directive || wrongPlaceRule(m, i) !== 'SDU047') continue;
        const home = homeSection(m, 'OOMPolicy');
        emit({
          range: i.entry.keyRange,
          message: `OOMPolicy= is only read in [Service] and [Scope]; in [${i.sectionName}] systemd ignores it. Set it on the service whose processes get OOM-killed.`,
          fixes: home ? moveFixes(m, i.entry, home) : undefined,
        });
      }
    },
  },
  {
    id: 'SDU049', severity: 'warning', title: 'OOMPolicy=kill with OOMScoreAdjust=-1000', docUrl: SV('OOMPolicy='),
    keys: ['OOMPolicy'],
    check(m, emit) {
      const p = eff(m, 'OOMPolicy');
      const s = eff(m, 'OOMScoreAdjust');
      if (!p || !s || p.entry.value !== 'kill' || parseCInt(s.entry.value) !== -1000) return;
      emit({
        range: p.entry.valueRange,
        message: 'OOMPolicy=kill kills the whole unit on an OOM kill, but its processes with OOMScoreAdjust=-1000 are exempt and survive. Choose one: drop -1000 or use OOMPolicy=stop.',
        related: [{ range: s.entry.valueRange, message: 'OOMScoreAdjust=-1000 here' }],
      });
    },
  },
  {
    id: 'SDU050', severity: 'error', title: 'Invalid ManagedOOMSwap=/ManagedOOMMemoryPressure=', docUrl: RC('ManagedOOMSwap=auto%7Ckill'),
    keys: ['ManagedOOMSwap', 'ManagedOOMMemoryPressure'],
    check(m, emit) {
      for (const i of valueEntries(m, 'ManagedOOMSwap', 'ManagedOOMMemoryPressure')) {
        const v = i.entry.value;
        if (v === '' || v === 'auto' || v === 'kill') continue;
        const guess = v.toLowerCase() === 'auto' || parseBoolean(v) === false ? 'auto' : 'kill';
        emit({
          range: i.entry.valueRange,
          message: `${i.entry.key}=${v} is invalid, so systemd ignores it and systemd-oomd does not act on this unit. The only values are auto and kill (lowercase).`,
          fixes: [fix(`Change to ${guess}`, [replace(i.entry.valueRange, guess)], true), fix(`Change to ${guess === 'kill' ? 'auto' : 'kill'}`, [replace(i.entry.valueRange, guess === 'kill' ? 'auto' : 'kill')])],
        });
      }
    },
  },
  {
    id: 'SDU051', severity: 'error', title: 'ManagedOOM*= on an unsupported unit type', docUrl: RC('ManagedOOMSwap=auto%7Ckill'),
    check(m, emit) {
      for (const k of m.view.known) {
        if (!m.view.keyAt(k).startsWith('ManagedOOM')) continue;
        const i = m.view.infoAt(k);
        // ManagedOOMPreference= is read in every unit with a cgroup (systemd checks the unit type only for the other three)
        if (!i.entry.key.startsWith('ManagedOOM') || i.entry.key === 'ManagedOOMPreference' || ['service', 'scope', 'slice'].includes(m.type)) continue;
        emit({ range: i.entry.keyRange, message: `${i.entry.key}= is not supported for .${m.type} units, so systemd ignores it. The systemd-oomd settings apply to services, scopes and slices only: set it there.` });
      }
    },
  },
  {
    id: 'SDU052', severity: 'error', title: 'Invalid ManagedOOMMemoryPressureLimit=', docUrl: RC('ManagedOOMMemoryPressureLimit='),
    keys: ['ManagedOOMMemoryPressureLimit'],
    check(m, emit) {
      for (const i of valueEntries(m, 'ManagedOOMMemoryPressureLimit')) {
        const v = i.entry.value;
        if (valueValid('ManagedOOMMemoryPressureLimit', 'pressure-percent', v)) continue;
        const bare = /^\d{1,3}(\.\d{1,2})?$/.test(v) && Number(v) <= 100;
        emit({
          range: i.entry.valueRange,
          message: `ManagedOOMMemoryPressureLimit=${v} is not a percentage between 0% and 100%, so systemd ignores it and the oomd default (60%) applies.` + (bare ? ` Write ${v}%.` : ''),
          fixes: bare ? [fix(`Change to ${v}%`, [replace(i.entry.valueRange, v + '%')], true)] : undefined,
        });
      }
    },
  },
  {
    id: 'SDU053', severity: 'warning', title: 'Pressure settings without ManagedOOMMemoryPressure=kill', docUrl: RC('ManagedOOMMemoryPressureLimit='),
    keys: ['ManagedOOMMemoryPressureLimit', 'ManagedOOMMemoryPressureDurationSec'],
    check(m, emit) {
      if (m.file.isDropIn || enumOf(m, 'ManagedOOMMemoryPressure') === 'kill' || m.type === 'slice') return;
      for (const key of ['ManagedOOMMemoryPressureLimit', 'ManagedOOMMemoryPressureDurationSec']) {
        const i = eff(m, key);
        if (!i || i.entry.value === '') continue;
        const home = i.sectionName!;
        const existing = eff(m, 'ManagedOOMMemoryPressure');
        emit({
          range: i.entry.keyRange,
          message: `${key}= is ignored unless ManagedOOMMemoryPressure=kill applies to this unit. Without it systemd-oomd never watches this unit's pressure.`,
          fixes: [fix('Add ManagedOOMMemoryPressure=kill', [existing ? replace(existing.entry.valueRange, 'kill') : insertIntoSection(m.file, home, ['ManagedOOMMemoryPressure=kill'])], true)],
        });
      }
    },
  },
  {
    id: 'SDU054', severity: 'hint', title: 'ManagedOOMMemoryPressureLimit=0%', docUrl: RC('ManagedOOMMemoryPressureLimit='),
    keys: ['ManagedOOMMemoryPressureLimit'],
    check(m, emit) {
      for (const i of valueEntries(m, 'ManagedOOMMemoryPressureLimit')) {
        if (parsePermyriad(i.entry.value) !== 0) continue;
        emit({ range: i.entry.valueRange, message: '0% does not mean "kill at any pressure": it means "use DefaultMemoryPressureLimit= from oomd.conf" (60% unless changed).' });
      }
    },
  },
  {
    id: 'SDU055', severity: 'error', title: 'ManagedOOMMemoryPressureDurationSec= below 1s', docUrl: RC('ManagedOOMMemoryPressureDurationSec='),
    keys: ['ManagedOOMMemoryPressureDurationSec'],
    check(m, emit) {
      for (const i of valueEntries(m, 'ManagedOOMMemoryPressureDurationSec')) {
        if (i.entry.value === '') continue;
        const t = parseTimespan(i.entry.value);
        if (t !== null && t >= 1e6) continue;
        emit({ range: i.entry.valueRange, message: `ManagedOOMMemoryPressureDurationSec=${clip(i.entry.value, 40)} ${t === null ? 'is not a time span' : 'is below 1s'}, so systemd ignores it and the oomd default (30s) applies. Leave it empty or use a time span of at least 1s.` });
      }
    },
  },
  {
    id: 'SDU056', severity: 'error', title: 'Invalid ManagedOOMPreference=', docUrl: RC('ManagedOOMPreference=none%7Cavoid%7Comit'),
    keys: ['ManagedOOMPreference'],
    check(m, emit) {
      for (const i of valueEntries(m, 'ManagedOOMPreference')) {
        if (ENUMS.ManagedOOMPreference.includes(i.entry.value)) continue;
        emit({
          range: i.entry.value ? i.entry.valueRange : i.entry.keyRange,
          message: `ManagedOOMPreference=${i.entry.value} is invalid, so systemd ignores it. Use none, avoid (pick this unit last) or omit (never pick it).`,
          fixes: ['avoid', 'omit', 'none'].map((x, k) => fix(`Change to ${x}`, [replace(i.entry.valueRange, x)], k === 0)),
        });
      }
    },
  },
  {
    id: 'SDU057', severity: 'hint', title: 'ManagedOOMSwap=kill below the root slice', docUrl: MAN_BASE + 'systemd-oomd.service.html',
    keys: ['ManagedOOMSwap'],
    check(m, emit) {
      const i = eff(m, 'ManagedOOMSwap');
      if (!i || i.entry.value !== 'kill' || m.file.unitName === '-.slice') return;
      emit({ range: i.entry.valueRange, message: 'Swap-based killing looks at system-wide swap use; systemd-oomd recommends enabling it once on the root slice (-.slice) rather than per unit. It does nothing on machines without swap.' });
    },
  },
  {
    id: 'SDU058', severity: 'information', title: 'ManagedOOM*=kill without default dependencies', docUrl: RC('ManagedOOMSwap=auto%7Ckill'),
    keys: ['DefaultDependencies'],
    check(m, emit) {
      const dd = eff(m, 'DefaultDependencies');
      if (!dd || parseBoolean(dd.entry.value) !== false) return;
      const kill = ['ManagedOOMSwap', 'ManagedOOMMemoryPressure'].find(k => enumOf(m, k) === 'kill');
      if (!kill) return;
      const i = eff(m, kill)!;
      emit({
        range: i.entry.valueRange,
        message: `${kill}=kill normally pulls in systemd-oomd.service, but DefaultDependencies=no turns that off: nothing makes sure systemd-oomd runs. Add Wants=systemd-oomd.service and After=systemd-oomd.service to [Unit].`,
        fixes: [fix('Add Wants=/After=systemd-oomd.service', [insertIntoSection(m.file, 'Unit', ['Wants=systemd-oomd.service', 'After=systemd-oomd.service'])], true)],
      });
    },
  },
  {
    id: 'SDU059', severity: 'error', title: 'Invalid memory pressure watch setting', docUrl: RC('MemoryPressureWatch='),
    keys: ['MemoryPressureWatch', 'MemoryPressureThresholdSec'],
    check(m, emit) {
      for (const i of valueEntries(m, 'MemoryPressureWatch', 'MemoryPressureThresholdSec')) {
        const ok = i.entry.key === 'MemoryPressureWatch' ? valueValid('MemoryPressureWatch', 'enum', i.entry.value) : parseTimespan(i.entry.value) !== null;
        if (ok) continue;
        emit({
          range: i.entry.value ? i.entry.valueRange : i.entry.keyRange,
          message: i.entry.key === 'MemoryPressureWatch'
            ? `MemoryPressureWatch=${i.entry.value} is invalid; use auto, on, off or skip.`
            : `MemoryPressureThresholdSec=${i.entry.value} is not a time span (e.g. 200ms, 1s).`,
        });
      }
    },
  },
  {
    id: 'SDU060', severity: 'error', title: 'Invalid Restart=', docUrl: SV('Restart='),
    keys: ['Restart'],
    check(m, emit) {
      for (const i of valueEntries(m, 'Restart')) {
        const v = i.entry.value;
        if (ENUMS.Restart.includes(v)) continue;
        const lower = v.toLowerCase();
        const b = parseBoolean(v);
        const fixes: Fix[] = [];
        if (ENUMS.Restart.includes(lower)) fixes.push(fix(`Change to ${lower}`, [replace(i.entry.valueRange, lower)], true));
        else if (b === false) fixes.push(fix('Change to no', [replace(i.entry.valueRange, 'no')], true));
        else {
          fixes.push(fix('Change to on-failure (restart after crashes and OOM kills)', [replace(i.entry.valueRange, 'on-failure')], true));
          fixes.push(fix('Change to always', [replace(i.entry.valueRange, 'always')]));
        }
        emit({
          range: v ? i.entry.valueRange : i.entry.keyRange,
          message: `Restart=${v} is not valid, so systemd ignores the line and the service is never restarted — not even after an OOM kill. ` +
            (b !== null ? 'Restart= is not a yes/no switch; use' : 'Use') + ' on-failure (usual for daemons), always, on-abnormal, on-abort, on-watchdog, on-success or no (lowercase).',
          fixes,
        });
      }
    },
  },
  {
    id: 'SDU061', severity: 'error', title: 'Type=oneshot with Restart=always/on-success', docUrl: SV('Restart='),
    keys: ['Restart'],
    check(m, emit) {
      const t = enumOf(m, 'Type');
      const r = eff(m, 'Restart');
      if (t !== 'oneshot' || !r || (r.entry.value !== 'always' && r.entry.value !== 'on-success')) return;
      emit({
        range: r.entry.valueRange,
        message: `Restart=${r.entry.value} is not allowed with Type=oneshot: systemd refuses to load the unit ("bad unit file setting"). Use Restart=on-failure, or RemainAfterExit=yes if the unit should stay active.`,
        related: [{ range: eff(m, 'Type')!.entry.valueRange, message: 'Type=oneshot here' }],
        fixes: [fix('Change to on-failure', [replace(r.entry.valueRange, 'on-failure')], true)],
      });
    },
  },
  {
    id: 'SDU062', severity: 'error', title: 'Start rate limit written in [Service]', docUrl: UNIT_MAN + '#StartLimitIntervalSec=interval',
    check(m, emit) {
      for (const i of m.unknown) {
        if (!i.directive || wrongPlaceRule(m, i) !== 'SDU062') continue;
        emit({
          range: i.entry.keyRange,
          message: 'StartLimitIntervalSec= is not read in [Service], so the defaults (10s, 5 starts) decide whether an OOM restart loop ever stops. Move it to [Unit].',
          fixes: moveFixes(m, i.entry, 'Unit'),
        });
      }
    },
  },
  {
    id: 'SDU063', severity: 'warning', title: 'OOM restart loop never stops', docUrl: UNIT_MAN + '#StartLimitIntervalSec=interval',
    keys: ['Restart'],
    check(m, emit) { const r = restartLoop(m); if (r?.kind === 'loop') emit(r.finding); },
  },
  {
    id: 'SDU064', severity: 'information', title: 'Default restart timing after OOM kills', docUrl: SV('RestartSec='),
    keys: ['Restart'],
    check(m, emit) { const r = restartLoop(m); if (r?.kind === 'defaults') emit(r.finding); },
  },
  {
    id: 'SDU065', severity: 'warning', title: 'RestartSteps= without its partners', docUrl: SV('RestartSteps='),
    keys: ['RestartSteps', 'RestartMaxDelaySec'],
    check(m, emit) {
      const steps = eff(m, 'RestartSteps');
      const max = eff(m, 'RestartMaxDelaySec');
      const sec = timeOf(m, 'RestartSec');
      const at = steps ?? max;
      if (!at || (steps && steps.entry.value === '') || (max && max.entry.value === '')) return;
      let problem = '';
      if (steps && !max) problem = 'RestartSteps= does nothing without RestartMaxDelaySec=';
      else if (max && !steps) problem = 'RestartMaxDelaySec= does nothing without RestartSteps=';
      else if (sec === 0) problem = 'the restart back-off does nothing while RestartSec=0';
      if (!problem) return;
      const fixes = steps && !max ? [fix('Add RestartMaxDelaySec=5min', [insertIntoSection(m.file, 'Service', ['RestartMaxDelaySec=5min'])], true)]
        : max && !steps ? [fix('Add RestartSteps=5', [insertIntoSection(m.file, 'Service', ['RestartSteps=5'])], true)] : undefined;
      emit({ range: at.entry.keyRange, message: `${problem}: the delay between restarts stays at RestartSec=. Set RestartSteps=, RestartMaxDelaySec= and a non-zero RestartSec= together.`, fixes });
    },
  },
  {
    id: 'SDU066', severity: 'error', title: 'Invalid RestartMode=', docUrl: SV('RestartMode='),
    keys: ['RestartMode'],
    check(m, emit) {
      for (const i of valueEntries(m, 'RestartMode')) {
        if (ENUMS.RestartMode.includes(i.entry.value)) continue;
        emit({ range: i.entry.value ? i.entry.valueRange : i.entry.keyRange, message: `RestartMode=${i.entry.value} is invalid; systemd ignores it. Use normal, direct or debug (257+).` });
      }
    },
  },
  {
    id: 'SDU067', severity: 'error', title: 'Invalid time span or count', docUrl: MAN_BASE + 'systemd.time.html',
    check(m, emit) {
      for (const x of m.valued) {
        const kind0 = m.view.metaAt(x).kind;
        if (kind0 !== 'timespan' && kind0 !== 'unsigned') continue;
        const value = m.view.valueAt(x);
        if (kind0 === 'timespan' ? parseTimespan(value) !== null : parseUnsigned(value) !== null) continue;
        const i = m.view.infoAt(x);
        const kind = i.kind;
        const k = i.entry.key;
        if (k === 'ManagedOOMMemoryPressureDurationSec' || k === 'MemoryPressureThresholdSec') continue; // own rules
        if (kind === 'timespan' && parseTimespan(i.entry.value) === null) {
          emit({
            range: i.entry.value ? i.entry.valueRange : i.entry.keyRange,
            message: `${k}=${i.entry.value} is not a time span, so systemd ignores it and the default applies. Write e.g. 500ms, 5s, 2min 30s or infinity (units are case-sensitive: s, min, h, ms, us).`,
            docUrl: docUrlFor(k, i.sectionName!),
          });
        } else if (kind === 'unsigned' && parseUnsigned(i.entry.value) === null) {
          emit({ range: i.entry.value ? i.entry.valueRange : i.entry.keyRange, message: `${k}=${i.entry.value} is not a plain non-negative number; systemd ignores it and the default applies.`, docUrl: docUrlFor(k, i.sectionName!) });
        }
      }
    },
  },
  {
    id: 'SDU070', severity: 'error', title: 'Invalid resource or limit value', docUrl: EX('LimitCPU='),
    keys: RESOURCE_KEYS,
    check(m, emit) {
      for (const i of valueEntries(m, ...RESOURCE_KEYS)) {
        const problem = resourceProblem(i.entry.key, i.entry.value);
        if (!problem) continue;
        emit({
          range: i.entry.valueRange.start.line === i.entry.valueRange.end.line ? i.entry.valueRange : i.entry.keyRange,
          message: `${i.entry.key}=${i.entry.value} is not valid: ${problem}. systemd ignores the line, so the default applies.`,
          docUrl: docUrlFor(i.entry.key, i.sectionName!),
        });
      }
    },
  },
  {
    id: 'SDU068', severity: 'error', title: 'Restart= outside a service', docUrl: SV('Restart='),
    check(m, emit) {
      for (const i of m.unknown) {
        if (!i.directive || wrongPlaceRule(m, i) !== 'SDU068') continue;
        emit({ range: i.entry.keyRange, message: `${i.entry.key}= only exists in [Service]; in a .${m.type} unit systemd ignores it. Set it on the .service unit this one starts.` });
      }
    },
  },
];

export const RULES_BY_ID = new Map(RULES.map(r => [r.id, r]));

// ---- shared checks --------------------------------------------------------------------------

/** The section a line belongs to: the last header at or above it (binary search, sections are in line order). */
function sectionOfLine(m: UnitModel, line: number) {
  const next = firstIndex(0, m.sections.length, i => m.sections[i].section.line > line);
  return next > 0 ? m.sections[next - 1] : undefined;
}

/** Which rule reports a known key in a section that does not take it. */
export function wrongPlaceRule(m: UnitModel, i: EntryInfo): string | undefined {
  const d = i.directive;
  if (!d || i.known || !i.parsed) return undefined;
  const key = d.name;
  if (key === 'StartLimitIntervalSec' && i.sectionName === 'Service') return 'SDU062';
  if ((key === 'Restart' || key === 'RestartSec' || key === 'RestartMode' || key === 'RestartSteps' || key === 'RestartMaxDelaySec') && m.type !== 'service') return 'SDU068';
  if (key === 'OOMPolicy' && m.type !== 'service' && m.type !== 'scope') return 'SDU047';
  if (key.startsWith('ManagedOOM') && key !== 'ManagedOOMPreference' && !['service', 'scope', 'slice'].includes(m.type)) return 'SDU051';
  if (d.sections.includes('Slice') && ['timer', 'path', 'automount', 'target', 'device'].includes(m.type)) return 'SDU027';
  return 'SDU008';
}

function suggestHigh(max: bigint): string {
  const target = (max * 9n) / 10n;
  for (const [suf, f] of [['G', 1n << 30n], ['M', 1n << 20n], ['K', 1n << 10n]] as const) {
    if (target >= f && target % f === 0n) return `${target / f}${suf}`;
    if (target >= f * 10n) return `${target / f}${suf}`;
  }
  return String(target);
}

/** SDU063 / SDU064: an OOM-able service that restarts, and what its start limit does about it. */
function restartLoop(m: RuleModel): { kind: 'loop' | 'defaults'; finding: Parameters<Emit>[0] } | undefined {
  if (m.type !== 'service' || m.file.isDropIn) return undefined;
  const r = eff(m, 'Restart');
  if (!r || !RESTARTS_AFTER_OOM.has(r.entry.value)) return undefined;
  const limited = ['MemoryMax', 'MemorySwapMax', 'MemoryHigh'].find(k => {
    const v = memoryOf(m, k);
    return v && v.kind !== 'infinity';
  });
  const managed = ['ManagedOOMSwap', 'ManagedOOMMemoryPressure'].find(k => enumOf(m, k) === 'kill');
  const cause = limited ?? managed;
  if (!cause) return undefined;
  if (eff(m, 'RestartSteps') && eff(m, 'RestartMaxDelaySec')) return undefined; // back-off in place
  const hasSec = !!eff(m, 'RestartSec');
  const intervalEntry = eff(m, 'StartLimitIntervalSec') ?? eff(m, 'StartLimitInterval');
  const burstEntry = eff(m, 'StartLimitBurst');
  const restartUs = timeOf(m, 'RestartSec') ?? 100e3;
  const intervalUs = intervalEntry ? timeOf(m, intervalEntry.entry.key) ?? 10e6 : 10e6;
  const burst = burstEntry ? parseUnsigned(burstEntry.entry.value) ?? 5 : 5;
  const why = cause === limited ? `${cause}=${eff(m, cause)!.entry.value} can get it OOM-killed` : `${cause}=kill lets systemd-oomd kill it`;
  if (!hasSec && !intervalEntry && !burstEntry) {
    return {
      kind: 'defaults',
      finding: {
        range: r.entry.valueRange,
        message: `Restart=${r.entry.value} and ${why}. With the defaults (RestartSec=100ms, 5 starts per 10s) a service that runs out of memory right after starting burns its 5 restarts in about half a second and then stays failed (start-limit-hit). Set RestartSec= (e.g. 5s) and an explicit StartLimitIntervalSec=/StartLimitBurst= in [Unit].`,
      },
    };
  }
  const never = intervalUs === 0 || restartUs * burst > intervalUs;
  if (!never) return undefined;
  const explain = intervalUs === 0
    ? 'StartLimitIntervalSec=0 turns start rate limiting off'
    : `RestartSec=${formatTimespan(restartUs)} × StartLimitBurst=${burst} = ${formatTimespan(restartUs * burst)} is longer than StartLimitIntervalSec=${formatTimespan(intervalUs)}, so the start limit can never trip`;
  const needUs = Math.max(restartUs * burst * 2, 10e6);
  const needSec = Math.ceil(needUs / 1e6);
  const edits: TextEdit[] = intervalEntry && intervalEntry.sectionName === 'Unit' && intervalEntry.entry.key === 'StartLimitIntervalSec'
    ? [replace(intervalEntry.entry.valueRange, `${needSec}s`)]
    : [insertIntoSection(m.file, 'Unit', [`StartLimitIntervalSec=${needSec}s`])];
  const fixes: Fix[] = [fix(`Set StartLimitIntervalSec=${needSec}s so ${burst} restarts fit in the window`, edits, true)];
  if (m.settings.systemdVersion >= 254) {
    const add = [!eff(m, 'RestartSteps') ? 'RestartSteps=5' : '', !eff(m, 'RestartMaxDelaySec') ? 'RestartMaxDelaySec=5min' : ''].filter(Boolean);
    fixes.push(fix('Add an exponential restart back-off (RestartSteps=/RestartMaxDelaySec=)', [insertIntoSection(m.file, 'Service', add)]));
  }
  return {
    kind: 'loop',
    finding: {
      range: r.entry.valueRange,
      message: `This service restarts forever after OOM kills: the start limit never trips. Restart=${r.entry.value}, ${why}, and ${explain}. Expect an OOM-kill/restart cycle every ${formatTimespan(restartUs)} that never ends in a failed state anyone notices. Make the window longer than RestartSec × StartLimitBurst, add RestartSteps=/RestartMaxDelaySec= back-off, or set MemoryHigh= below MemoryMax= so it is throttled first.`,
      fixes,
    },
  };
}

// Settings whose values are specifier-expanded (a subset: the common string and command settings).
const SPECIFIER_KEYS = new Set([
  'Description', 'Documentation', 'ExecStart', 'ExecStartPre', 'ExecStartPost', 'ExecStop', 'ExecStopPost', 'ExecReload', 'ExecCondition',
  'Environment', 'WorkingDirectory', 'RootDirectory', 'PIDFile', 'User', 'Group', 'SyslogIdentifier', 'ReadWritePaths', 'ReadOnlyPaths',
  'InaccessiblePaths', 'RuntimeDirectory', 'StateDirectory', 'CacheDirectory', 'LogsDirectory', 'ConfigurationDirectory', 'EnvironmentFile',
]);
/** [Unit] settings that [Service] accepts for compatibility (SDU010). */
const UNIT_KEYS_IN_SERVICE = ['StartLimitBurst', 'StartLimitAction', 'FailureAction', 'RebootArgument', 'StartLimitInterval'];
const VALID_SPECIFIERS = new Set('aAbBCdEfgGhHiIjJlLmMnNopPqsStTuUvVwWyY'.split(''));

/** True when the file has a recognised assignment of one of the keys. */
function setsAny(m: UnitModel, keys: readonly string[]): boolean {
  for (const k of keys) if (m.view.byKey.has(k)) return true;
  return false;
}

/** Runs the catalogue on one file with the user's rule severities (common/rules.ts). */
export function runRules(model: UnitModel, severities: RuleSeverities = model.settings.rules): Finding[] {
  const m = ruleModel(model);
  return runEngine(RULES, m, { fileKind: 'unit file', severities, mentions: keys => setsAny(m, keys) });
}
