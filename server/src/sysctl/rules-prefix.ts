/**
 * Keys outside every /proc/sys directory: a misspelt or miscased top level (`on_oovm.panic_on_oom`,
 * `VM.swappiness`) names no file, so systemd-sysctl skips the line and nothing is set.
 */
import type { Rule } from './rule';
import { assignments, clip } from './rule';
import { ALL_KEYS, SYSCTL_D_MAN, topOf } from './catalog';
import { keyRange } from './parse';
import { replaceKey } from './edits';

/** The directories directly under /proc/sys on Linux. */
const TOP_LEVELS = new Set(['abi', 'crypto', 'debug', 'dev', 'fs', 'kernel', 'net', 'sunrpc', 'user', 'vm']);

/** Catalogue keys by their last component (`panic_on_oom` → vm.panic_on_oom). */
let byLeaf: Map<string, string[]> | undefined;
export function keysWithLeaf(leaf: string): string[] {
  if (!byLeaf) {
    byLeaf = new Map();
    for (const k of ALL_KEYS) {
      if (k.removed) continue;
      const l = k.name.slice(k.name.lastIndexOf('.') + 1);
      const list = byLeaf.get(l);
      if (list) list.push(k.name); else byLeaf.set(l, [k.name]);
    }
  }
  return byLeaf.get(leaf) ?? [];
}

export const PREFIX_RULES: Rule[] = [
  {
    id: 'SYS043', severity: 'warning', docUrl: SYSCTL_D_MAN,
    title: 'Key outside every /proc/sys directory (misspelt or miscased prefix)',
    check(input, report) {
      for (const e of assignments(input)) {
        const top = topOf(e.key);
        if (TOP_LEVELS.has(top) || !e.key.includes('.')) continue;
        const lower = e.key.toLowerCase();
        const leaf = lower.slice(lower.lastIndexOf('.') + 1);
        const guess = TOP_LEVELS.has(topOf(lower)) ? lower : keysWithLeaf(leaf)[0];
        report({
          range: keyRange(e),
          message: `${clip(e.key, 60)} is not under any /proc/sys directory, so systemd-sysctl skips the line and nothing is set.`
            + (guess === lower ? ' Sysctl names are case-sensitive.' : '')
            + (guess ? ` Did you mean ${guess}?` : '') + ` The directories are ${[...TOP_LEVELS].join(', ')}.`,
          fixes: guess ? [{ title: `Change to ${guess}`, isPreferred: true, edits: [replaceKey(e, guess)] }] : undefined,
        });
      }
    },
  },
];
