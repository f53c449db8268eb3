/**
 * Resolved view of a parsed unit file that the rules share: which sections systemd reads,
 * which assignments it recognises, the effective (last) assignment per key, and helpers to
 * build fix edits. Computed once per analysis, linear in the file size.
 */
import type { Settings } from '../common/service';
import { editDistance } from '../common/text';
import type { Range, TextEdit } from '../common/types';
import { ALL_KEYS, ALL_SECTIONS, SECTIONS_BY_TYPE, directive, keysOfSection, valueKindOf, type Directive } from './catalog';
import type { ValueKind } from './docs';
import { entryTable, lineAt, lineCount, type EntryMeta, type EntryPart, type EntryTable, type UnitEntry, type UnitFile, type UnitSection, type UnitType } from './parse';

export type SectionStatus = 'ok' | 'x' | 'miscased' | 'unknown' | 'other-type';

export interface SectionInfo {
  section: UnitSection;
  status: SectionStatus;
  /** Canonical name for miscased headers, nearest name for unknown ones. */
  suggestion?: string;
}

export interface EntryInfo {
  entry: UnitEntry;
  /** Section name when systemd reads the section, else null. */
  sectionName: string | null;
  /** systemd parses this assignment: section read, key not X-. */
  parsed: boolean;
  /** Key known in this section (valid, legacy or not). */
  known: boolean;
  directive?: Directive;
  /** How systemd parses the value of a known entry ('other' for entries that are not known). */
  kind: ValueKind;
}

export interface UnitModel {
  readonly file: UnitFile;
  readonly settings: Settings;
  /** Unit type used for section rules (service when the file name says nothing). */
  readonly type: UnitType;
  readonly sections: SectionInfo[];
  /** Every entry's model info, made on first use (the rules read `view`). */
  readonly entries: EntryInfo[];
  /** Entries systemd recognises, in order (made on first use). */
  readonly known: EntryInfo[];
  /** Last recognised assignment per key (what takes effect within this file). */
  readonly last: Map<string, EntryInfo>;
  /** All recognised assignments per key (each key's list made when asked for). */
  readonly all: Map<string, EntryInfo[]>;
  /** True for user units (~/.config/systemd/user, /usr/lib/systemd/user ...). */
  readonly userUnit: boolean;
  /** The entries as columns: what the rules read, making objects only for what they report. */
  readonly view: EntryView;
}

/**
 * The model's entries by index, without an object per entry: a generated unit file may have a
 * million assignments, and the rules look at each but report few.
 */
export interface EntryView {
  readonly count: number;
  /** Indexes of the recognised entries, in order. */
  readonly known: Int32Array;
  /** Indexes of the recognised entries per key, in order (key order: first assignment). */
  readonly byKey: Map<string, Int32Array>;
  metaAt(k: number): EntryMeta;
  keyAt(k: number): string;
  valueAt(k: number): string;
  /** The section entry k stands in (null before any header), read or not. */
  sectionAt(k: number): UnitSection | null;
  /** Entry k's model info (a new object unless the file's entry list was made). */
  infoAt(k: number): EntryInfo;
}

/**
 * A candidate list prepared for nearest(): its names lower-cased once, grouped by length (a name
 * more than `max` characters longer or shorter cannot be within `max` edits), the first name of
 * each lower-cased spelling, and the suggestions already computed (a file may repeat the same
 * unknown key thousands of times).
 */
interface NameIndex {
  exact: Map<string, string>;
  byLength: { lower: string; name: string; order: number }[][];
  cache: Map<string, string | undefined>;
}
const nameIndexes = new WeakMap<readonly string[], NameIndex>();

function nameIndex(candidates: readonly string[]): NameIndex {
  let ix = nameIndexes.get(candidates);
  if (ix) return ix;
  ix = { exact: new Map(), byLength: [], cache: new Map() };
  candidates.forEach((name, order) => {
    const lower = name.toLowerCase();
    if (!ix!.exact.has(lower)) ix!.exact.set(lower, name);
    (ix!.byLength[lower.length] ??= []).push({ lower, name, order });
  });
  nameIndexes.set(candidates, ix);
  return ix;
}

/** Nearest name: exact case-insensitive match first, then edit distance ≤ max for names longer than 3 (ties: first in list). */
export function nearest(name: string, candidates: readonly string[], max = 2): string | undefined {
  if (name.length > 200) return undefined;
  const ix = nameIndex(candidates);
  const id = `${max}\u0000${name}`;
  if (ix.cache.has(id)) return ix.cache.get(id);
  const result = computeNearest(name, ix, max);
  if (ix.cache.size > 5000) ix.cache.clear();
  ix.cache.set(id, result);
  return result;
}

function computeNearest(name: string, ix: NameIndex, max: number): string | undefined {
  const lower = name.toLowerCase();
  const exact = ix.exact.get(lower);
  if (exact !== undefined || name.length <= 3) return exact;
  let best: { name: string; order: number } | undefined;
  let bestD = max + 1;
  for (let len = Math.max(0, lower.length - max); len <= lower.length + max; len++) {
    for (const c of ix.byLength[len] ?? []) {
      const d = editDistance(lower, c.lower, Math.min(max, bestD));
      if (d < bestD || (d === bestD && best && c.order < best.order)) { bestD = d; best = c; }
    }
  }
  return bestD <= max ? best?.name : undefined;
}

/** Metas per section name (null: a section systemd does not read) and key; the catalogue decides them, so they are shared by all files. */
const metas = new Map<string | null, Map<string, EntryMeta>>();

function entryMeta(key: string, section: string | null): EntryMeta {
  let bySection = metas.get(section);
  if (!bySection) {
    if (metas.size > 1000) metas.clear(); // files with thousands of made-up section names
    metas.set(section, bySection = new Map());
  }
  let meta = bySection.get(key);
  if (!meta) {
    if (bySection.size > 10000) bySection.clear(); // or of made-up keys
    bySection.set(key, meta = newMeta(key, section));
  }
  return meta;
}

function newMeta(key: string, section: string | null): EntryMeta {
  const parsed = section !== null && !key.startsWith('X-');
  const d = parsed ? directive(key) : undefined;
  const isKnown = !!d && d.sections.includes(section!);
  return { section, parsed, known: isKnown, directive: d, kind: isKnown ? valueKindOf(d!, section!) : 'other' };
}

/**
 * An EntryInfo for an entry that parseUnitFile did not make (parsed entries are their own
 * EntryInfo, read from their shared part): the entry and the meta shared by every entry of the same key and section.
 */
class Info implements EntryInfo {
  constructor(readonly entry: UnitEntry, readonly meta: EntryMeta) {}
  get sectionName(): string | null { return this.meta.section; }
  get parsed(): boolean { return this.meta.parsed; }
  get known(): boolean { return this.meta.known; }
  get directive(): Directive | undefined { return this.meta.directive; }
  get kind(): ValueKind { return this.meta.kind; }
}

/** EntryView over a parsed file's columns. */
class TableView implements EntryView {
  readonly count: number;
  known!: Int32Array;
  readonly byKey = new Map<string, Int32Array>();
  constructor(private readonly table: EntryTable) { this.count = table.count; }
  metaAt(k: number): EntryMeta { return this.table.partAt(k).meta!; }
  keyAt(k: number): string { return this.table.partAt(k).key; }
  valueAt(k: number): string { return this.table.valueAt(k); }
  sectionAt(k: number): UnitSection | null { return this.table.partAt(k).section; }
  infoAt(k: number): EntryInfo { return this.table.entryAt(k); }
}

/** EntryView over a list of EntryInfo objects (a file that parseUnitFile did not make). */
class ListView implements EntryView {
  readonly count: number;
  known!: Int32Array;
  readonly byKey = new Map<string, Int32Array>();
  constructor(readonly infos: Info[]) { this.count = infos.length; }
  metaAt(k: number): EntryMeta { return this.infos[k].meta; }
  keyAt(k: number): string { return this.infos[k].entry.key; }
  valueAt(k: number): string { return this.infos[k].entry.value; }
  sectionAt(k: number): UnitSection | null { return this.infos[k].entry.section; }
  infoAt(k: number): EntryInfo { return this.infos[k]; }
}

/** The recognised entries per key as lists of model infos, each list made when asked for (from EntryView.byKey). */
class KeyLists extends Map<string, EntryInfo[]> {
  constructor(private readonly view: EntryView) { super(); }
  private list(idx: Int32Array): EntryInfo[] {
    const out: EntryInfo[] = new Array(idx.length);
    for (let j = 0; j < idx.length; j++) out[j] = this.view.infoAt(idx[j]);
    return out;
  }
  override get(key: string): EntryInfo[] | undefined {
    const idx = this.view.byKey.get(key);
    return idx ? this.list(idx) : undefined;
  }
  override has(key: string): boolean { return this.view.byKey.has(key); }
  override get size(): number { return this.view.byKey.size; }
  override keys(): MapIterator<string> { return this.view.byKey.keys(); }
  override *entries(): MapIterator<[string, EntryInfo[]]> { for (const [key, idx] of this.view.byKey) yield [key, this.list(idx)]; }
  override *values(): MapIterator<EntryInfo[]> { for (const idx of this.view.byKey.values()) yield this.list(idx); }
  override [Symbol.iterator](): MapIterator<[string, EntryInfo[]]> { return this.entries(); }
  override forEach(fn: (value: EntryInfo[], key: string, map: Map<string, EntryInfo[]>) => void, thisArg?: unknown): void {
    for (const [key, list] of this.entries()) fn.call(thisArg, list, key, this);
  }
  override set(): this { throw new Error('the model\'s key lists are read-only'); }
  override delete(): boolean { throw new Error('the model\'s key lists are read-only'); }
  override clear(): void { throw new Error('the model\'s key lists are read-only'); }
}

class Model implements UnitModel {
  private entryList: EntryInfo[] | undefined;
  private knownList: EntryInfo[] | undefined;
  private keyLists: KeyLists | undefined;
  constructor(
    readonly file: UnitFile, readonly settings: Settings, readonly type: UnitType, readonly sections: SectionInfo[],
    readonly view: TableView | ListView, readonly last: Map<string, EntryInfo>, readonly userUnit: boolean,
  ) {}
  get entries(): EntryInfo[] {
    if (!this.entryList) {
      const v = this.view;
      this.entryList = v instanceof ListView ? v.infos : this.file.entries as unknown as EntryInfo[];
    }
    return this.entryList;
  }
  get known(): EntryInfo[] {
    if (!this.knownList) {
      const idx = this.view.known;
      if (idx.length === this.view.count) this.knownList = this.entries;
      else {
        const all = this.entries;
        const out: EntryInfo[] = new Array(idx.length);
        for (let j = 0; j < idx.length; j++) out[j] = all[idx[j]];
        this.knownList = out;
      }
    }
    return this.knownList;
  }
  get all(): Map<string, EntryInfo[]> { return this.keyLists ??= new KeyLists(this.view); }
}

export function buildModel(file: UnitFile, settings: Settings): UnitModel {
  const type: UnitType = file.unitType ?? 'service';
  const allowed = SECTIONS_BY_TYPE[type];
  const sections: SectionInfo[] = [];
  const statusOf = new Map<UnitSection, SectionInfo>();
  for (const s of file.sections) {
    let info: SectionInfo;
    if (s.name.startsWith('X-')) info = { section: s, status: 'x' };
    else if (allowed.includes(s.name)) info = { section: s, status: 'ok' };
    else {
      const trimmed = s.name.trim();
      const ci = allowed.find(a => a.toLowerCase() === trimmed.toLowerCase());
      if (ci) info = { section: s, status: 'miscased', suggestion: ci };
      else if (ALL_SECTIONS.includes(s.name)) info = { section: s, status: 'other-type' };
      else info = { section: s, status: 'unknown', suggestion: nearest(trimmed, allowed, 2) };
    }
    sections.push(info);
    statusOf.set(s, info);
  }
  const metaFor = (key: string, s: UnitSection | null): EntryMeta => entryMeta(key, s && statusOf.get(s)?.status === 'ok' ? s.name : null);
  const table = entryTable(file);
  let view: TableView | ListView;
  if (table) {
    // the meta is the same for every entry of a shared part (one key in one section)
    for (const part of table.parts) (part as EntryPart).meta = metaFor(part.key, part.section);
    view = new TableView(table);
  } else {
    view = new ListView(file.entries.map(e => new Info(e, metaFor(e.key, e.section))));
  }
  // the recognised entries and each key's, as indexes in typed arrays of their final length
  const n = view.count;
  const count = new Map<string, number>();
  let nKnown = 0;
  for (let k = 0; k < n; k++) {
    if (!view.metaAt(k).known) continue;
    nKnown++;
    const key = view.keyAt(k);
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const known = new Int32Array(nKnown);
  const filled = new Map<string, number>();
  for (const [key, c] of count) { view.byKey.set(key, new Int32Array(c)); filled.set(key, 0); }
  let j = 0;
  for (let k = 0; k < n; k++) {
    if (!view.metaAt(k).known) continue;
    known[j++] = k;
    const key = view.keyAt(k);
    const at = filled.get(key)!;
    view.byKey.get(key)![at] = k;
    filled.set(key, at + 1);
  }
  view.known = known;
  const last = new Map<string, EntryInfo>();
  for (const [key, idx] of view.byKey) last.set(key, view.infoAt(idx[idx.length - 1]));
  const p = file.path.replace(/\\/g, '/');
  const userUnit = /\/systemd\/user(?:\/|$)|\/\.config\/systemd\/user\//.test(p);
  return new Model(file, settings, type, sections, view, last, userUnit);
}

// ---- fix edit helpers ------------------------------------------------------------------------

export function rangeOf(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

/** Deletes the whole lines of an entry (continuation lines included). */
export function deleteEntry(file: UnitFile, e: UnitEntry): TextEdit {
  const sl = e.range.start.line;
  const el = e.range.end.line;
  if (el + 1 < lineCount(file)) return { range: rangeOf(sl, 0, el + 1, 0), newText: '' };
  if (sl > 0) return { range: rangeOf(sl - 1, lineAt(file, sl - 1)!.length, el, lineAt(file, el)!.length), newText: '' };
  return { range: rangeOf(sl, 0, el, lineAt(file, el)!.length), newText: '' };
}

/** The source text of an entry's lines (for moving it elsewhere). */
export function entryText(file: UnitFile, e: UnitEntry): string {
  const out: string[] = [];
  for (let l = e.range.start.line; l <= e.range.end.line; l++) out.push(lineAt(file, l)!.trimStart());
  return out.join('\n');
}

// Rules build an insert fix for many findings of one file; both lookups below are remembered per
// file so that a file with thousands of sections, findings or blank lines stays linear.
const lastSectionByName = new WeakMap<UnitFile, Map<string, UnitSection>>();
const lastFilledLineOf = new WeakMap<UnitSection, number>();

/** The last `[name]` section of the file (systemd merges repeated sections; new lines go in the last). */
function lastSectionNamed(file: UnitFile, name: string): UnitSection | undefined {
  let byName = lastSectionByName.get(file);
  if (!byName) {
    byName = new Map();
    for (const s of file.sections) byName.set(s.name, s);
    lastSectionByName.set(file, byName);
  }
  return byName.get(name);
}

/** The section's last non-blank line (its header when it has no content). */
function lastFilledLine(file: UnitFile, section: UnitSection): number {
  let line = lastFilledLineOf.get(section);
  if (line === undefined) {
    line = section.endLine;
    while (line > section.line && lineAt(file, line)!.trim() === '') line--;
    lastFilledLineOf.set(section, line);
  }
  return line;
}

/**
 * Inserts lines at the end of the last `[section]` block (after its last non-blank line),
 * creating the header when the section does not exist: [Unit] at the top, others at the end.
 */
export function insertIntoSection(file: UnitFile, section: string, lines: string[]): TextEdit {
  const body = lines.join('\n');
  const target = lastSectionNamed(file, section);
  if (target) {
    const line = lastFilledLine(file, target);
    const at = lineAt(file, line)!.length;
    return { range: rangeOf(line, at, line, at), newText: '\n' + body };
  }
  if (section === 'Unit') return { range: rangeOf(0, 0, 0, 0), newText: `[Unit]\n${body}\n\n` };
  const lastLine = lineCount(file) - 1;
  const end = lineAt(file, lastLine)!.length;
  const lead = end === 0 ? (lastLine > 0 && lineAt(file, lastLine - 1)!.trim() !== '' ? '\n' : '') : '\n\n';
  return { range: rangeOf(lastLine, end, lastLine, end), newText: `${lead}[${section}]\n${body}\n` };
}

export function keysFor(section: string): readonly string[] {
  return keysOfSection(section);
}

export { ALL_KEYS };
