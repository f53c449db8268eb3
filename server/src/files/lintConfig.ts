/**
 * `.oom-lens.json`: a project's lint settings, found from a file's folder upward (the nearest one
 * wins), with the keys of the editor settings:
 *
 *   { "systemd": { "version": 252 }, "kernel": { "version": "6.1" }, "lint": { "rules": { "SDU042": "off" } } }
 *
 * (flat `"rules"`, `"systemdVersion"`, dotted `"systemd.version"` and an `"oomLens"` wrapper are read
 * too: common/settings.ts). The file's settings go on top of the editor's, and the command line's
 * flags on top of the file's. Used by the CLI and the language server alike; the cores never read files.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Settings } from '../common/service';
import { CONFIG_FILE_NAME, readSettings } from '../common/settings';

export { CONFIG_FILE_NAME };

export interface ConfigFile {
  file: string;
  /** The file's contents as read, or undefined when it could not be read or parsed (see problems). */
  raw: unknown;
  problems: string[];
}

export class ConfigFiles {
  /** Per directory: the nearest config file at or above it (null: none). */
  private byDir = new Map<string, ConfigFile | null>();
  /** Settings per (config file, base settings): the same object while neither changes, so analyses are reused. */
  private merged = new Map<string, { base: Settings; settings: Settings }>();

  /** Forget what was read (a config file was created, changed or deleted). */
  clear(): void { this.byDir.clear(); this.merged.clear(); }

  /** The nearest `.oom-lens.json` at or above `dir`, or null. */
  find(dir: string): ConfigFile | null {
    const seen: string[] = [];
    let d = path.resolve(dir);
    let found: ConfigFile | null = null;
    for (;;) {
      const hit = this.byDir.get(d);
      if (hit !== undefined) { found = hit; break; }
      seen.push(d);
      const candidate = path.join(d, CONFIG_FILE_NAME);
      const read = readConfigFile(candidate);
      if (read) { found = read; break; }
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
    for (const s of seen) this.byDir.set(s, found);
    return found;
  }

  /**
   * `base` with the nearest config file of `filePath` on top; `base` itself when there is none.
   * `config` says which file was used and what in it was ignored.
   */
  settingsFor(filePath: string, base: Settings): { settings: Settings; config: ConfigFile | null } {
    const config = this.find(path.dirname(filePath));
    if (!config || config.raw === undefined) return { settings: base, config };
    const hit = this.merged.get(config.file);
    if (hit && hit.base === base) return { settings: hit.settings, config };
    const { settings, problems } = readSettings(config.raw, base);
    if (!hit) config.problems.push(...problems);
    this.merged.set(config.file, { base, settings });
    return { settings, config };
  }
}

/** The config file at `file`: null when there is none; problems when it is not valid JSON. */
function readConfigFile(file: string): ConfigFile | null {
  let text: string;
  try {
    if (!fs.statSync(file).isFile()) return null;
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    if (e?.code === 'ENOENT' || e?.code === 'ENOTDIR') return null;
    return { file, raw: undefined, problems: [`cannot read it (${e?.message ?? String(e)}); its settings are not used`] };
  }
  try {
    return { file, raw: JSON.parse(text), problems: [] };
  } catch (e) {
    return { file, raw: undefined, problems: [`not valid JSON (${e instanceof Error ? e.message : String(e)}); its settings are not used`] };
  }
}

/** What the command line sets: on top of the config file (flags win). */
export interface SettingsOverrides { systemdVersion?: number; kernelVersion?: string; rules: Settings['rules'] }

/** `base` with the command line's flags on top (rules merged per id). */
export function withOverrides(base: Settings, o: SettingsOverrides): Settings {
  return {
    ...base,
    systemdVersion: o.systemdVersion ?? base.systemdVersion,
    kernelVersion: o.kernelVersion ?? base.kernelVersion,
    rules: { ...base.rules, ...o.rules },
  };
}
