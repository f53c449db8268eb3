/** What a sysctl rule sees and how it reports. Rules are data: one entry per rule id (rules-*.ts). */
import type { Settings } from '../common/service';
import type { Finding } from '../common/types';
import type { Rule as EngineRule, RuleReport } from '../common/rules';
import { effective, type Merged, type Setting, type SourceFile } from './merge';
import type { Entry, ParsedSysctl } from './parse';
import { kernelAccepts, keyDoc, type KeyDoc } from './catalog';

export interface RuleInput {
  uri: string;
  path: string;
  parsed: ParsedSysctl;
  merged: Merged;
  settings: Settings;
  /** Memory limits the workspace's units set (at most 20; crossfile/sysctl.ts reads them). */
  unitLimits: () => UnitLimit[];
}

/** A unit's memory limit: where it is written and the `Key=value` text. */
export interface UnitLimit { uri: string; path: string; line: number; start: number; end: number; text: string }

/** What a check reports (the engine's RuleReport). */
export type Report = RuleReport;

/** A sysctl rule: one catalogue entry, run by the shared engine (common/rules.ts). */
export type Rule = EngineRule<RuleInput>;

/** Assignments of the current document (explicit keys, not globs or exclusions). */
const assignmentCache = new WeakMap<ParsedSysctl, Entry[]>();
export function assignments(input: RuleInput): Entry[] {
  let list = assignmentCache.get(input.parsed);
  if (!list) {
    list = input.parsed.entries.filter(e => e.kind === 'assign' && !e.glob && e.key);
    assignmentCache.set(input.parsed, list);
  }
  return list;
}

/** Assignments of the current document to keys with a catalogue entry, with the entry. */
export function documented(input: RuleInput): { e: Entry; doc: KeyDoc }[] {
  const out: { e: Entry; doc: KeyDoc }[] = [];
  for (const e of assignments(input)) {
    const doc = keyDoc(e.key);
    if (doc) out.push({ e, doc });
  }
  return out;
}

/** The setting that decides `key`: the last one the kernel accepts (merge.ts effective). */
export function eff(input: RuleInput, key: string): Setting | undefined {
  return effective(input.merged, key, s => kernelAccepts(key, s.entry.value, input.settings.kernelVersion));
}

/** Whether the kernel takes this setting's value at the targeted kernel (a refused write changes nothing). */
export function accepted(input: RuleInput, s: Setting): boolean {
  return kernelAccepts(s.entry.key, s.entry.value, input.settings.kernelVersion);
}

export function inCurrent(input: RuleInput, s: Setting | undefined): boolean {
  return !!s && s.file.uri === input.uri;
}

/** Keeps user text short inside messages (a value may be megabytes long). */
export function clip(s: string | null | undefined, max = 80): string {
  const t = s ?? '';
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

export function fileLabel(f: SourceFile): string {
  return f.path || f.uri;
}

/** `related` entries pointing at the other settings of a cross-key finding. */
export function relatedOf(input: RuleInput, settings: (Setting | undefined)[], self: Setting): NonNullable<Finding['related']> {
  const out: NonNullable<Finding['related']> = [];
  for (const s of settings) {
    if (!s || s === self) continue;
    out.push({
      uri: s.file.uri,
      range: s.entry.range,
      message: `${s.entry.key} = ${clip(s.entry.value)}${s.file.uri === input.uri ? '' : ` (in ${fileLabel(s.file)})`}`,
    });
  }
  return out;
}

/**
 * Reports a cross-key finding once, on the first participant that lives in the current document,
 * with related information pointing at the others: one problem is one diagnostic, not one per line.
 */
export function reportOnParticipants(
  input: RuleInput,
  participants: (Setting | undefined)[],
  report: (r: Report) => void,
  make: (self: Setting) => Omit<Report, 'range' | 'related'>,
): void {
  const s = participants.find(p => inCurrent(input, p));
  if (s) report({ ...make(s), range: s.entry.range, related: relatedOf(input, participants, s) });
}
