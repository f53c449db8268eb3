/** Shared helpers for the OOM-log feature tests: corpus access and a hand-made event builder. */
import * as fs from 'fs';
import * as path from 'path';
import type { OomEvent, TaskRow } from '../../../server/src/oomlog/model';
import type { DocumentContext } from '../../../server/src/common/service';
import { defaultSettings, emptyWorkspace } from '../../../server/src/common/service';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const CORPUS_DIRS = [path.join(root, 'test', 'fixtures', 'corpus')];

export function corpusDir(): string {
  for (const d of CORPUS_DIRS) if (fs.existsSync(d)) return d;
  throw new Error('OOM corpus not found');
}

export function corpusFiles(): string[] {
  const dir = corpusDir();
  return fs.readdirSync(dir).filter(f => f.endsWith('.log')).sort();
}

export function corpus(prefix: string): string {
  const dir = corpusDir();
  const f = fs.readdirSync(dir).find(n => n.startsWith(prefix) && n.endsWith('.log'));
  if (!f) throw new Error(`corpus file ${prefix}* not found`);
  return fs.readFileSync(path.join(dir, f), 'utf8');
}

export function ctx(uri = 'file:///tmp/test.log'): DocumentContext {
  return { uri, path: uri.replace('file://', ''), settings: defaultSettings, workspace: emptyWorkspace };
}

export function row(pid: number, rss: number, opts: Partial<TaskRow> = {}): TaskRow {
  return { pid, uid: 0, tgid: pid, totalVmPages: rss * 2, rssPages: rss, name: `p${pid}`, line: 0, oomScoreAdj: 0, ...opts };
}

export function event(opts: Partial<OomEvent> = {}): OomEvent {
  return { index: 0, startLine: 0, span: 0, kind: 'unknown', victims: [], missing: [], problems: [], ...opts };
}

/** Line and column of the first occurrence of `needle` in line `line`'s text (or anywhere). */
export function find(text: string, needle: string, fromLine = 0): { line: number; character: number } {
  const lines = text.split('\n');
  for (let i = fromLine; i < lines.length; i++) {
    const c = lines[i].indexOf(needle);
    if (c >= 0) return { line: i, character: c };
  }
  throw new Error(`"${needle}" not found`);
}
