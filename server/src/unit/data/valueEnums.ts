/**
 * Settings whose value is a boolean or one of a few words, with the systemd release that added
 * each word. The words and releases are generated from systemd's own sources (valueEnumsData.ts,
 * made by generate-value-enums.mjs from the parsers, string tables, man pages and NEWS of several
 * releases); OVERLAY below holds the few facts the sources do not state in a form the generator reads.
 * A key whose parser differs by section (Type=) is left out of VALUE_ENUMS but its words are still dated.
 * A word newer than the targeted systemd is reported as "needs systemd N"; a word no release knows is
 * invalid.
 *
 * boolean: the key also takes yes/no (every spelling of parse_boolean); emptyOk: an empty value
 * resets the key (the others refuse it); deprecated: words systemd still takes but warns about.
 */
import { DIRECTIVE_SINCE, GENERATED_VALUE_ENUMS } from './valueEnumsData';

export interface ValueEnum {
  boolean: boolean; values: Record<string, number>; emptyOk?: true; deprecated?: Record<string, string>;
  /** Words that may also be followed by `:ARGUMENT` (ProtectHostname=private:NAME), with the release that added that form. */
  withArgument?: Record<string, number>;
}

/** Hand-written facts, each with the reason the generator cannot derive it. */
const OVERLAY: Record<string, Partial<ValueEnum>> = {
  // The parser reads private or private:HOSTNAME itself (no string table); NEWS 258 announces "private".
  ProtectHostname: { boolean: true, values: { private: 258 }, withArgument: { private: 258 } },
  // The parser takes none and logs a warning; why it is unsafe is ours to say.
  KillMode: { deprecated: { none: 'systemd then neither tracks nor stops the service\'s processes, so they outlive it (and its restarts stack up); use mixed or control-group' } },
};

const own = <T>(o: Record<string, T>, k: string): T | undefined => Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

function build(): Record<string, ValueEnum> {
  const out: Record<string, ValueEnum> = {};
  for (const key of Object.keys(GENERATED_VALUE_ENUMS)) {
    const g = GENERATED_VALUE_ENUMS[key];
    // a key with another parser in some section (Type= of [Mount] is a file system name) is no word set everywhere
    if (g.partial) continue;
    out[key] = { boolean: g.boolean, values: { ...g.values }, ...(g.emptyOk ? { emptyOk: true as const } : {}) };
  }
  for (const key of Object.keys(OVERLAY)) {
    const o = OVERLAY[key];
    const e = out[key] ?? (out[key] = { boolean: !!o.boolean, values: {} });
    if (o.boolean !== undefined) e.boolean = o.boolean;
    if (o.values) Object.assign(e.values, o.values);
    if (o.emptyOk) e.emptyOk = true;
    if (o.deprecated) e.deprecated = { ...o.deprecated };
    if (o.withArgument) e.withArgument = { ...o.withArgument };
  }
  return out;
}

export const VALUE_ENUMS: Record<string, ValueEnum> = build();

/** The release that added `value` for `key` (0 when the key takes it since the key exists), or null when it is not a value of the key. */
export function enumValueSince(key: string, value: string): number | null {
  const e = own(VALUE_ENUMS, key) ?? own(GENERATED_VALUE_ENUMS, key);
  if (!e) return null;
  const v = own(e.values, value);
  if (v !== undefined) return v;
  const colon = value.indexOf(':');
  const withArg = colon > 0 && colon < value.length - 1 && 'withArgument' in e ? own(e.withArgument ?? {}, value.slice(0, colon)) : undefined;
  return withArg ?? null;
}

/** The release the man pages name for a unit-file directive (its version-info), or null when they name none. */
export function directiveSince(key: string): number | null {
  return own(DIRECTIVE_SINCE, key) ?? null;
}
