/**
 * The settings the cores get: the editor's (pulled with workspace/configuration, or pushed with
 * didChangeConfiguration, or the initialization options) over the defaults, with the nearest
 * `.oom-lens.json` on top where the host can read one (ProjectConfig).
 */
import { DidChangeConfigurationNotification, type Connection } from 'vscode-languageserver';
import type { Settings } from '../common/service';
import { defaultSettings } from '../common/service';
import { readSettings } from '../common/settings';
import type { ProjectConfig } from './host';

export class SettingsStore {
  current: Settings = defaultSettings;
  canPullConfiguration = false;
  private readonly configWarned = new Set<string>();

  constructor(private readonly connection: Connection, private readonly projectConfig: ProjectConfig | undefined) {}

  /** The settings for a file: the editor's with its project's `.oom-lens.json` on top; its problems are shown once. */
  forFile(uri: string, path: string): Settings {
    if (!this.projectConfig || !uri.startsWith('file:')) return this.current;
    const { settings: s, config } = this.projectConfig.settingsFor(path, this.current);
    if (config?.problems.length && !this.configWarned.has(config.file)) {
      this.configWarned.add(config.file);
      void this.connection.window.showWarningMessage(`OOM Lens: ${config.file}: ${config.problems.join('; ')}`);
    }
    return s;
  }

  /** Forget what was read from project files (one was created, changed or deleted; or the editor's settings changed). */
  clearProjectFiles(): void {
    this.projectConfig?.clear();
    this.configWarned.clear();
  }

  /** Editor settings over the defaults (common/settings.ts reads every spelling README lists). */
  merge(raw: unknown): Settings {
    const { settings: s, problems } = readSettings(raw, defaultSettings);
    if (problems.length) this.connection.console.warn(`oom-lens settings: ${problems.join('; ')}`);
    return s;
  }

  /** Asks the client to send configuration changes of `oomLens` (when it can be asked for them). */
  register(): void {
    void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'oomLens' }).catch(() => undefined);
  }

  /** Pulls the editor's settings; keeps the current ones when the client does not answer. */
  async pull(): Promise<void> {
    try {
      const raw = await this.connection.workspace.getConfiguration('oomLens');
      if (raw && typeof raw === 'object') this.current = this.merge(raw);
    } catch {
      // keep what we have
    }
  }
}
