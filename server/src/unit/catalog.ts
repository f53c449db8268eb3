/**
 * Directive catalogue: the generated table (data/directives.ts) joined with the hand-written
 * docs (docs.ts). Answers: which sections a unit type has, which keys a section has, what a key
 * is (value kind, list or single, legacy, version), where its man page is.
 */
import type { UnitType } from './parse';
import { DIRECTIVE_ROWS, type DirectiveRow } from './data/directives';
import { VALUE_ENUMS } from './data/valueEnums';
import { ANCIENT_LEGACY, DIRECTIVE_DOCS, MAN_BASE, type DirectiveDoc, type ValueKind } from './docs';
import { directiveSince } from './data/valueEnums';

export const SECTIONS_BY_TYPE: Record<UnitType, readonly string[]> = {
  service: ['Unit', 'Service', 'Install'],
  socket: ['Unit', 'Socket', 'Install'],
  mount: ['Unit', 'Mount', 'Install'],
  automount: ['Unit', 'Automount', 'Install'],
  swap: ['Unit', 'Swap', 'Install'],
  timer: ['Unit', 'Timer', 'Install'],
  path: ['Unit', 'Path', 'Install'],
  slice: ['Unit', 'Slice', 'Install'],
  scope: ['Unit', 'Scope', 'Install'],
  target: ['Unit', 'Install'],
  device: ['Unit', 'Install'],
};

export const ALL_SECTIONS = ['Unit', 'Service', 'Socket', 'Mount', 'Automount', 'Swap', 'Timer', 'Path', 'Slice', 'Scope', 'Install'];

/** Type-specific section → unit type that owns it. */
export const SECTION_OWNER: Record<string, UnitType> = {
  Service: 'service', Socket: 'socket', Mount: 'mount', Automount: 'automount', Swap: 'swap', Timer: 'timer', Path: 'path', Slice: 'slice', Scope: 'scope',
};

export interface Directive {
  name: string;
  sections: string[];
  /** Value type systemd 252 prints for the key in `section` (or the first section). */
  type252(section?: string): string | undefined;
  inV252: boolean;
  legacy: boolean;
  list: boolean;
  pages: string[];
  doc?: DirectiveDoc;
}

const cache = new Map<string, Directive>();

function build(name: string, row: DirectiveRow): Directive {
  return {
    name,
    sections: row.s.split(' '),
    type252: (section?: string) => (section && row.ts ? row.ts[section] : row.t),
    inV252: !!row.v252,
    legacy: !!row.legacy,
    list: !!row.list,
    pages: row.man.split(' '),
    doc: Object.prototype.hasOwnProperty.call(DIRECTIVE_DOCS, name) ? DIRECTIVE_DOCS[name] : undefined,
  };
}

export function directive(name: string): Directive | undefined {
  const d = cache.get(name);
  if (d) return d;
  if (!Object.prototype.hasOwnProperty.call(DIRECTIVE_ROWS, name)) return undefined;
  const built = build(name, DIRECTIVE_ROWS[name]);
  cache.set(name, built);
  return built;
}

export const ALL_KEYS: readonly string[] = Object.keys(DIRECTIVE_ROWS);

const bySection = new Map<string, string[]>();
for (const k of ALL_KEYS) for (const s of DIRECTIVE_ROWS[k].s.split(' ')) {
  const list = bySection.get(s) ?? [];
  list.push(k);
  bySection.set(s, list);
}

export function keysOfSection(section: string): readonly string[] {
  return bySection.get(section) ?? [];
}

export function isKeyInSection(key: string, section: string): boolean {
  const d = directive(key);
  return !!d && d.sections.includes(section);
}

/**
 * Release that introduced the key, when known: from its documentation entry, else from systemd's
 * man pages (data/valueEnums.ts directiveSince, generated from the man pages of each release). What systemd 252 itself lists is surer than a man page note
 * (a note shared by several keys, or one about a value): a key 252 knows is never newer than 252,
 * and one it does not know is never older than 253.
 */
export function sinceVersion(d: Directive): number | undefined {
  if (d.doc?.since) return d.doc.since;
  const man = directiveSince(d.name) ?? undefined;
  if (d.inV252) return man !== undefined && man <= 252 ? man : undefined;
  if (!d.legacy) return Math.max(man ?? 253, 253);
  return man;
}

const MEMORY_LIMIT_KEYS = new Set([
  'MemoryMin', 'MemoryLow', 'MemoryHigh', 'MemoryMax', 'MemorySwapMax', 'MemoryZSwapMax', 'MemoryLimit', 'DefaultMemoryMin', 'DefaultMemoryLow',
  'DefaultStartupMemoryLow', 'StartupMemoryLow', 'StartupMemoryHigh', 'StartupMemoryMax', 'StartupMemorySwapMax', 'StartupMemoryZSwapMax',
]);
export function isMemoryKey(key: string): boolean { return MEMORY_LIMIT_KEYS.has(key); }

/** Keys for which 0 is accepted (protections and swap). */
/**
 * Values systemd accepts for enumerated directives (case-sensitive, exact spelling). Completion
 * offers them in this order. MemoryPressureWatch= also takes any boolean spelling.
 */
export const ENUM_VALUES: Record<string, readonly string[]> = {
  Restart: ['no', 'on-success', 'on-failure', 'on-abnormal', 'on-watchdog', 'on-abort', 'always'],
  OOMPolicy: ['continue', 'stop', 'kill'],
  ManagedOOMSwap: ['auto', 'kill'],
  ManagedOOMMemoryPressure: ['auto', 'kill'],
  ManagedOOMPreference: ['none', 'avoid', 'omit'],
  RestartMode: ['normal', 'direct', 'debug'],
  MemoryPressureWatch: ['auto', 'on', 'off', 'skip'],
};

export const ZERO_ALLOWED = new Set(['MemorySwapMax', 'MemoryLow', 'MemoryMin', 'DefaultMemoryLow', 'DefaultMemoryMin', 'MemoryZSwapMax', 'StartupMemorySwapMax', 'StartupMemoryZSwapMax', 'StartupMemoryLow', 'DefaultStartupMemoryLow']);

/** Service timeouts use their own parser in systemd (dump type OTHER) but take plain time spans. */
const SERVICE_TIMEOUTS = new Set(['TimeoutSec', 'TimeoutStartSec', 'TimeoutStopSec']);

/** How we validate a key's value in a section. */
export function valueKind(key: string, section: string): ValueKind {
  const d = directive(key);
  return d ? valueKindOf(d, section) : 'other';
}

/** valueKind for a directive already looked up. */
export function valueKindOf(d: Directive, section: string): ValueKind {
  const key = d.name;
  if (d.doc) return d.doc.kind;
  if (MEMORY_LIMIT_KEYS.has(key)) return 'memory';
  if (Object.prototype.hasOwnProperty.call(VALUE_ENUMS, key)) return 'choice';
  if (section === 'Service' && SERVICE_TIMEOUTS.has(key)) return 'timespan';
  const t = d.type252(section);
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'SECONDS') return 'timespan';
  return 'other';
}

/** Man page URL for a key (section picks the page when the key lives in several). */
export function docUrlFor(key: string, section?: string): string {
  const d = directive(key);
  if (!d) return MAN_BASE + 'systemd.directives.html';
  if (d.doc) return `${MAN_BASE}${d.doc.page}.html#${d.doc.anchor}`;
  const idx = section ? Math.max(0, d.sections.indexOf(section)) : 0;
  const page = d.pages[Math.min(idx, d.pages.length - 1)] ?? d.pages[0];
  return `${MAN_BASE}${page}.html#${key}=`;
}

export function manPageFor(key: string, section?: string): string {
  const d = directive(key);
  if (!d) return 'systemd.directives';
  if (d.doc) return d.doc.page;
  const idx = section ? Math.max(0, d.sections.indexOf(section)) : 0;
  return d.pages[Math.min(idx, d.pages.length - 1)] ?? d.pages[0];
}

export const TYPE_DESCRIPTIONS: Record<string, string> = {
  BOOLEAN: 'boolean (yes/no, true/false, on/off, 1/0)',
  SECONDS: 'time span (e.g. 5s, 1min 30s, infinity)',
  LIMIT: 'size or limit',
  UNSIGNED: 'unsigned integer',
  INTEGER: 'integer',
  STRING: 'string',
  PATH: 'absolute path',
  'PATH [...]': 'space-separated list of paths',
  'UNIT [...]': 'space-separated list of unit names',
  CONDITION: 'condition expression (prefix ! to negate, | to make it a trigger condition)',
  ENVIRON: 'VAR=value assignments (quoted, space separated)',
  'PATH [ARGUMENT [...]]': 'command line (absolute path or name, with arguments and specifiers)',
  OTHER: 'setting-specific value',
};

/** The one-line generated summary every known key gets. */
export function generatedSummary(d: Directive, section?: string): string {
  const t = d.type252(section);
  const type = t ? TYPE_DESCRIPTIONS[t] ?? t.toLowerCase() : 'value (see the man page)';
  const where = d.sections.map(s => `[${s}]`).join(' ');
  const extra = d.legacy ? ' Legacy: recognised but ignored by current systemd.' : '';
  const ver = !d.inV252 && !d.legacy ? ' Added after systemd 252.' : '';
  return `\`${d.name}=\` — ${type}. Valid in ${where}; documented in ${manPageFor(d.name, section)}(5).${ver}${extra}`;
}

export function isAncientLegacy(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(ANCIENT_LEGACY, key);
}
