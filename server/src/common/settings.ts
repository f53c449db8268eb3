/**
 * Settings from what users write: VS Code's `oomLens` section (`{ systemd: { version }, lint: { rules } }`),
 * the same keys flat or dotted (`"systemd.version"`, `systemdVersion`), wrapped in `{ oomLens: … }`
 * (initializationOptions of other editors), and `.oom-lens.json` files. Pure: the caller reads files.
 */
import type { Settings } from './service';
import { ruleLevel, type RuleSeverities } from './severity';

export interface SettingsResult {
  settings: Settings;
  /** What was ignored and why, one sentence each (a typo in a config file must not pass unnoticed). */
  problems: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** `{ "systemd.version": 252 }` → `{ systemd: { version: 252 } }`, merged with nested keys. */
function undot(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const parts = k.split('.');
    let at = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = at[parts[i]];
      at = (at[parts[i]] = isObject(next) ? next : {}) as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    at[last] = isObject(v) && isObject(at[last]) ? { ...(at[last] as object), ...undot(v) } : isObject(v) && last !== 'rules' ? undot(v) : v;
  }
  return out;
}

/**
 * `base` with the settings found in `raw` on top. Unknown keys are ignored (an editor sends all of
 * its settings); values of known keys that are not valid are reported in `problems`.
 */
export function readSettings(raw: unknown, base: Settings): SettingsResult {
  const s: Settings = { ...base, rules: { ...base.rules } };
  const problems: string[] = [];
  if (!isObject(raw)) {
    if (raw !== undefined && raw !== null) problems.push('settings must be a JSON object');
    return { settings: s, problems };
  }
  const r = undot(isObject(raw.oomLens) ? raw.oomLens : raw);
  const sub = (k: string) => (isObject(r[k]) ? r[k] as Record<string, unknown> : undefined);

  const systemd = r.systemdVersion ?? sub('systemd')?.version;
  if (systemd !== undefined) {
    const n = typeof systemd === 'string' && /^\d+$/.test(systemd.trim()) ? Number(systemd) : systemd;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 200 && n <= 400) s.systemdVersion = n;
    else problems.push(`systemd.version ${JSON.stringify(systemd)} is not a systemd version (a whole number such as 252)`);
  }
  const kernel = r.kernelVersion ?? sub('kernel')?.version;
  if (kernel !== undefined) {
    const k = typeof kernel === 'number' ? String(kernel) : kernel;
    if (typeof k === 'string' && /^\d+\.\d+/.test(k.trim())) s.kernelVersion = k.trim();
    else problems.push(`kernel.version ${JSON.stringify(kernel)} is not a kernel version (such as "6.1")`);
  }
  const rules = r.rules ?? sub('lint')?.rules;
  if (rules !== undefined) {
    if (!isObject(rules)) problems.push('lint.rules must be an object of rule id → off, error, warning, information or hint');
    else for (const [id, v] of Object.entries(rules)) {
      const level = ruleLevel(v);
      if (level) (s.rules as RuleSeverities)[id] = level;
      else problems.push(`lint.rules.${id}: ${JSON.stringify(v)} is not off, error, warning, information or hint`);
    }
  }
  const inlay = r.inlayHints;
  if (typeof inlay === 'boolean') s.inlayHints = inlay;
  else if (isObject(inlay) && typeof inlay.enabled === 'boolean') s.inlayHints = inlay.enabled;
  const lens = r.codeLens;
  if (typeof lens === 'boolean') s.codeLens = lens;
  else if (isObject(lens) && typeof lens.enabled === 'boolean') s.codeLens = lens.enabled;
  return { settings: s, problems };
}

/** The project settings file (files/lintConfig.ts reads it; the server re-reads settings when one changes). */
export const CONFIG_FILE_NAME = '.oom-lens.json';
