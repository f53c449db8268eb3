/** Key catalogue types and lookups. The entries themselves are data in keys-*.ts. */
import { editDistance } from '../common/text';
import { VM_KEYS } from './keys-vm';
import { KERNEL_KEYS } from './keys-kernel';
import { OTHER_KEYS } from './keys-other';
import { readInt } from './values';
import { KNOWN_KEY_NAMES } from './data/known-keys';

export type KeyType =
  | 'int'       // one integer
  | 'bool-int'  // 0 or 1
  | 'enum'      // one of `values`
  | 'bytes'     // an amount of bytes
  | 'kbytes'    // an amount of KiB
  | 'ratio'     // a percentage
  | 'bitmask'   // integer whose bits are flags
  | 'string'    // free text, stored verbatim
  | 'list'      // several numbers separated by blanks
  | 'trigger';  // writing performs an action; nothing is stored

export interface ValueDoc { value: string; meaning: string }

export interface RangeDoc {
  min?: number;
  max?: number;
  /** Kernel version the range applies from ("major.minor"); earlier ranges listed first. */
  since?: string;
}

export interface KeyDoc {
  name: string;
  summary: string;
  type: KeyType;
  /** Ranges by kernel version, oldest first; the last one whose `since` ≤ target applies. */
  ranges?: RangeDoc[];
  default?: string;
  unit?: string;
  /** Documented values (enums and flags), each explained. */
  values?: ValueDoc[];
  /** Longer explanation for the OOM-relevant keys. */
  details?: string;
  /** Rule that reports an out-of-range value for this key (SYS014 when absent). */
  rangeRule?: string;
  /** Only exists with some kernel configurations or architectures. */
  conditional?: string;
  /** Gone from current kernels or never upstream. */
  removed?: { note: string; replacement?: string };
  /** Kernel version the key first appeared in, when recent. */
  since?: string;
  doc: string;
}

export const VM_DOC = 'https://docs.kernel.org/admin-guide/sysctl/vm.html';
export const KERNEL_DOC = 'https://docs.kernel.org/admin-guide/sysctl/kernel.html';
export const FS_DOC = 'https://docs.kernel.org/admin-guide/sysctl/fs.html';
export const NET_DOC = 'https://docs.kernel.org/admin-guide/sysctl/net.html';
export const SYSCTL_D_MAN = 'https://man7.org/linux/man-pages/man5/sysctl.d.5.html';
export const SYSCTL_CONF_MAN = 'https://man7.org/linux/man-pages/man5/sysctl.conf.5.html';
export const OVERCOMMIT_DOC = 'https://docs.kernel.org/mm/overcommit-accounting.html';
export const UNIT_MEMORY_MAN = 'https://www.freedesktop.org/software/systemd/man/latest/systemd.resource-control.html#MemoryMax=bytes';

/** The kernel documentation anchor of a key: `panic_on_oom` → `#panic-on-oom`. */
export function anchorOf(base: string, leaf: string): string {
  return `${base}#${leaf.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export const ALL_KEYS: KeyDoc[] = [...VM_KEYS, ...KERNEL_KEYS, ...OTHER_KEYS];

const byName = new Map<string, KeyDoc>();
for (const k of ALL_KEYS) byName.set(k.name, k);

export function keyDoc(name: string): KeyDoc | undefined {
  return byName.get(name);
}

const versionParts = new Map<string, number[]>();

/** "5.8" → [5, 8], remembered (rules compare the same few versions once per line of a file). */
function partsOf(v: string): number[] {
  let parts = versionParts.get(v);
  if (!parts) {
    parts = v.split('.').map(x => parseInt(x, 10) || 0);
    if (versionParts.size > 1000) versionParts.clear();
    versionParts.set(v, parts);
  }
  return parts;
}

/** Compares "major.minor" versions; unparsable parts count as 0. */
export function compareVersion(a: string, b: string): number {
  const pa = partsOf(a);
  const pb = partsOf(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The range that applies to a key on the target kernel. */
export function rangeFor(doc: KeyDoc, kernel: string): RangeDoc | undefined {
  if (!doc.ranges?.length) return undefined;
  let pick = doc.ranges[0];
  for (const r of doc.ranges) if (!r.since || compareVersion(kernel, r.since) >= 0) pick = r;
  return pick;
}

export function describeRange(r: RangeDoc | undefined): string {
  if (!r) return 'any';
  if (r.min !== undefined && r.max !== undefined) return `${r.min}–${r.max}`;
  if (r.min !== undefined) return `≥ ${r.min}`;
  if (r.max !== undefined) return `≤ ${r.max}`;
  return 'any';
}

/**
 * Whether the kernel takes `value` for `key` (targeting `kernel`): a catalogued number key refuses
 * a value that is not a number or is out of its range, a catalogued word key a word it does not
 * know; the write then fails and the key keeps its old value. Keys without a catalogue entry: true.
 */
export function kernelAccepts(key: string, value: string | null, kernel: string): boolean {
  const doc = byName.get(key);
  if (!doc || doc.removed || value === null) return true;
  if (doc.type === 'string' || doc.type === 'list') {
    return !(doc.type === 'string' && doc.values?.length && value && !doc.values.some(v => v.value.toLowerCase() === value.toLowerCase()));
  }
  if (doc.type === 'trigger' && !doc.ranges) return true;
  const r = readInt(value);
  if (!r) return false;
  const range = rangeFor(doc, kernel);
  return !range || ((range.min === undefined || r.value >= range.min) && (range.max === undefined || r.value <= range.max));
}

const KNOWN_NAMES = new Set(KNOWN_KEY_NAMES);
/** Directories whose next component is an interface or device name (as in data/generate-known.mjs). */
const PER_NAME = /^(net\.ipv[46]\.(?:conf|neigh)|net\.mpls\.conf|dev\.(?:cdrom|raid|parport|tty|scsi))\.[^.]+\./;

/** Whether real machines have a key of this name (data/known-keys.ts), catalogued here or not. */
export function isKnownName(key: string): boolean {
  return byName.has(key) || KNOWN_NAMES.has(key) || KNOWN_NAMES.has(key.replace(PER_NAME, (_, dir: string) => `${dir}.*.`));
}

/** Closest known keys under the same top-level prefix. */
const suggestionCache = new Map<string, string[]>();

export function suggestKeys(name: string, max = 3): string[] {
  const id = `${max}\u0000${name}`;
  const hit = suggestionCache.get(id);
  if (hit) return hit;
  const result = computeSuggestions(name, max);
  if (suggestionCache.size > 2000) suggestionCache.clear();
  suggestionCache.set(id, result);
  return result;
}

/** `vm` of `vm.swappiness` (the whole name when it has no dot). */
export function topOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** Current key names by top-level prefix (`vm`, `kernel` …), built on first use. */
let keysByTop: Map<string, string[]> | undefined;

function currentKeysUnder(top: string): string[] {
  if (!keysByTop) {
    keysByTop = new Map();
    for (const k of ALL_KEYS) {
      if (k.removed) continue;
      const t = topOf(k.name);
      const list = keysByTop.get(t);
      if (list) list.push(k.name); else keysByTop.set(t, [k.name]);
    }
  }
  return keysByTop.get(top) ?? [];
}

function computeSuggestions(name: string, max: number): string[] {
  if (name.length > 200) return [];
  const top = topOf(name);
  const cap = Math.max(2, Math.min(4, Math.floor(name.length / 5)));
  const scored: { k: string; d: number }[] = [];
  for (const k of currentKeysUnder(top)) {
    if (Math.abs(k.length - name.length) > cap) continue;
    const d = editDistance(name, k, cap);
    if (d <= cap) scored.push({ k, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : 1));
  return scored.slice(0, max).map(s => s.k);
}
