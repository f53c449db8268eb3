/**
 * Completion for unit files: sections at `[`, directives at line start, values after `=`.
 * A key the section already sets (and that is not a list) sorts last and says where it is set:
 * a second assignment would override the first. Accepting a key that has known values asks the
 * editor to open the value list right away (`retrigger`).
 */
import type { CompletionEntry, Position } from '../common/types';
import { directive, ENUM_VALUES, isMemoryKey, keysOfSection, SECTIONS_BY_TYPE, sinceVersion, valueKind } from './catalog';
import { DIRECTIVE_DOCS, SECTION_DOCS } from './docs';
import { own } from '../common/lookup';
import { keyMarkdown } from './hover';
import { rangeOf, type UnitModel } from './model';
import { lineAt, sectionAtLine, type UnitEntry } from './parse';
import { enumValueSince, VALUE_ENUMS } from './data/valueEnums';

const BOOLEANS = ['yes', 'no', 'true', 'false', 'on', 'off'];
const VALUE_SETS: Record<string, readonly string[]> = {
  ...ENUM_VALUES,
  Type: ['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle'],
  OOMScoreAdjust: ['-1000', '-900', '-500', '0', '500', '1000'],
  ManagedOOMMemoryPressureLimit: ['50%', '60%', '80%'],
};

export function unitCompletion(m: UnitModel, pos: Position): CompletionEntry[] {
  const line = lineAt(m.file, pos.line);
  if (line === undefined) return [];
  const before = line.slice(0, Math.min(pos.character, line.length));
  const trimmed = before.trimStart();
  const indent = before.length - trimmed.length;
  const version = m.settings.systemdVersion;

  if (trimmed.startsWith('[')) {
    const range = rangeOf(pos.line, indent, pos.line, line.length);
    return SECTIONS_BY_TYPE[m.type].map((s, k) => ({
      label: `[${s}]`, kind: 'section' as const, detail: `.${m.type} section`, documentation: SECTION_DOCS[s]?.summary,
      insertText: `[${s}]`, range, sortText: String(k).padStart(2, '0'),
    }));
  }
  if (trimmed.startsWith('#') || trimmed.startsWith(';')) return [];

  const eq = trimmed.indexOf('=');
  const section = sectionAtLine(m.file, pos.line)?.name;
  if (eq >= 0) {
    const key = trimmed.slice(0, eq).trim();
    if (!section) return [];
    const valStart = indent + eq + 1;
    const range = rangeOf(pos.line, valStart, pos.line, pos.character);
    const doc = own(DIRECTIVE_DOCS, key);
    const values = valuesFor(key, section);
    return values.map((v, k) => ({
      label: v, kind: 'value' as const, range, sortText: String(k).padStart(2, '0'),
      documentation: doc?.values?.[v],
      detail: (doc?.valueSince?.[v] ?? enumValueSince(key, v) ?? 0) > version ? `needs systemd ${doc?.valueSince?.[v] ?? enumValueSince(key, v)}` : `${key}=`,
    }));
  }
  if (!section) return [];
  const range = rangeOf(pos.line, indent, pos.line, pos.character);
  const set = keysSetInSection(m, section, pos.line);
  const out: CompletionEntry[] = [];
  for (const key of keysOfSection(section)) {
    const d = directive(key)!;
    const since = sinceVersion(d);
    const doc = d.doc;
    const important = !!own(DIRECTIVE_DOCS, key);
    const already = d.list ? undefined : set.get(key);
    const entry: CompletionEntry = {
      label: key,
      kind: 'key',
      detail: already ? `already set: ${clip(`${key}=${already.value}`)} (line ${already.range.start.line + 1})`
        : doc ? doc.summary : d.type252(section)?.toLowerCase() ?? '',
      // the summary is the detail line; the documentation goes on from there
      documentation: keyMarkdown(key, section, { heading: !!already || !doc }) ?? undefined,
      insertText: `${key}=`,
      range,
      deprecated: d.legacy || undefined,
      sortText: `${already ? '~' : d.legacy ? 'z' : since && since > version ? 'y' : important ? 'a' : 'm'}${key}`,
    };
    if (valuesFor(key, section).length) entry.retrigger = true;
    out.push(entry);
  }
  return out;
}

/** Values offered after `key=` in `section`. */
function valuesFor(key: string, section: string): readonly string[] {
  const values = own(VALUE_SETS, key);
  if (values?.length) return values;
  const choice = own(VALUE_ENUMS, key);
  if (choice) return [...(choice.boolean ? ['yes', 'no'] : []), ...Object.keys(choice.values).filter(w => !choice.deprecated?.[w])];
  if (valueKind(key, section) === 'boolean') return BOOLEANS;
  if (isMemoryKey(key)) return MEMORY_VALUES;
  return [];
}

const MEMORY_VALUES = ['infinity', '512M', '1G', '2G', '50%'];

/** The last assignment of each key in the sections named `section`, the line being typed left out. */
function keysSetInSection(m: UnitModel, section: string, typing: number): Map<string, UnitEntry> {
  const out = new Map<string, UnitEntry>();
  for (const s of m.file.sections) {
    if (s.name !== section) continue;
    for (const e of s.entries) if (e.range.start.line > typing || e.range.end.line < typing) out.set(e.key, e);
  }
  return out;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}
