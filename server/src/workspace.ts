/**
 * Reads unit, sysctl and log files of the workspace folders for cross-file checks.
 * Only reads: nothing from the workspace is ever executed. Bounded in count, depth and size so a
 * huge folder cannot stall the server. Open documents override what is on disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { WorkspaceFile, WorkspaceView } from './common/service';
import { languageOfPath, type LanguageName } from './languages';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.e2e-work', '.vscode-test']);
const MAX_FILES = 5000;
const MAX_DEPTH = 8;
const MAX_UNIT_BYTES = 1 << 20;
const MAX_LOG_BYTES = 64 << 20;

export class WorkspaceFiles implements WorkspaceView {
  private roots: string[] = [];
  private scanned: Map<string, { lang: LanguageName; path: string }> | null = null;
  private cache = new Map<string, { mtimeMs: number; text: string }>();

  /**
   * @param openDocuments the documents open in the editor; they win over the disk copy. Their
   *   `text` is read only by the rules that need it (a getter: an edited 50 MB log is not joined
   *   into one string just to be listed).
   */
  constructor(private readonly openDocuments: () => (WorkspaceFile & { lang: LanguageName | null })[]) {}

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.invalidate();
  }

  /** Forget the folder listing (files created, deleted or renamed). */
  invalidate(): void {
    this.scanned = null;
  }

  unitFiles(): WorkspaceFile[] { return this.files('systemd-unit'); }
  sysctlFiles(): WorkspaceFile[] { return this.files('sysctl'); }
  logFiles(): WorkspaceFile[] { return this.files('oom-log'); }

  private files(lang: LanguageName): WorkspaceFile[] {
    const byPath = new Map<string, WorkspaceFile>();
    for (const [uri, f] of this.scan()) {
      if (f.lang !== lang) continue;
      const text = this.read(f.path, lang === 'oom-log' ? MAX_LOG_BYTES : MAX_UNIT_BYTES);
      if (text !== undefined) byPath.set(f.path, { uri, path: f.path, text });
    }
    for (const d of this.openDocuments()) {
      if (d.lang === lang) byPath.set(d.path, { uri: d.uri, path: d.path, get text() { return d.text; }, oomLog: d.oomLog });
    }
    return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private read(file: string, limit: number): string | undefined {
    try {
      const st = fs.statSync(file);
      if (!st.isFile() || st.size > limit) return undefined;
      const hit = this.cache.get(file);
      if (hit && hit.mtimeMs === st.mtimeMs) return hit.text;
      const text = fs.readFileSync(file, 'utf8');
      this.cache.set(file, { mtimeMs: st.mtimeMs, text });
      return text;
    } catch {
      return undefined;
    }
  }

  private scan(): Map<string, { lang: LanguageName; path: string }> {
    if (this.scanned) return this.scanned;
    const found = new Map<string, { lang: LanguageName; path: string }>();
    const walk = (dir: string, depth: number) => {
      if (depth > MAX_DEPTH || found.size >= MAX_FILES) return;
      let entries: fs.Dirent[];
      try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (found.size >= MAX_FILES) return;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) walk(p, depth + 1);
        } else if (e.isFile()) {
          const lang = languageOfPath(p.split(path.sep).join('/'));
          if (lang) found.set(pathToFileURL(p).href, { lang, path: p });
        }
      }
    };
    for (const r of this.roots) walk(r, 0);
    this.scanned = found;
    return found;
  }
}
