/**
 * Cross-file view: every sysctl file of the workspace applied in systemd-sysctl's order (spec §1.2).
 *  - files are applied by file name across directories, lexicographically;
 *  - for equal names /etc beats /run beats /usr/local/lib beats /usr/lib beats /lib: the loser is not read;
 *  - a `sysctl.conf` is applied last (Debian's 99-sysctl.conf → ../sysctl.conf link, and procps --system).
 * Later assignments of a key override earlier ones; globs write every matching key that is not
 * assigned explicitly or excluded with `-key`.
 */
import type { WorkspaceFile } from '../common/service';
import { parseSysctl, type Entry, type ParsedSysctl } from './parse';

export interface SourceFile { uri: string; path: string; name: string; parsed: ParsedSysctl }
export interface Setting { file: SourceFile; entry: Entry; order: number }

export interface Merged {
  /** Files in application order. */
  files: SourceFile[];
  /** Files not applied because a file of the same name in a stronger directory wins. */
  shadowed: { file: SourceFile; by: SourceFile }[];
  /** Explicit (non-glob) assignments per canonical key, in application order. */
  byKey: Map<string, Setting[]>;
  globs: Setting[];
  excludes: Setting[];
}

const parsedCache = new Map<string, { text: string; parsed: ParsedSysctl }>();

/** Parses with a small cache keyed by uri and text, so each keystroke re-parses only the edited file. */
export function parseCached(uri: string, text: string): ParsedSysctl {
  const hit = parsedCache.get(uri);
  if (hit && hit.text === text) return hit.parsed;
  const parsed = parseSysctl(text);
  if (parsedCache.size > 500) parsedCache.clear();
  parsedCache.set(uri, { text, parsed });
  return parsed;
}

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** Strength of the directory a file lives in (lower wins for equal file names). */
export function dirRank(path: string): number {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)etc\/sysctl\.d\//.test(p) || /(^|\/)etc\/sysctl\.conf$/.test(p)) return 0;
  if (/(^|\/)run\/sysctl\.d\//.test(p)) return 1;
  if (/(^|\/)usr\/local\/lib\/sysctl\.d\//.test(p)) return 2;
  if (/(^|\/)usr\/lib\/sysctl\.d\//.test(p)) return 3;
  if (/(^|\/)lib\/sysctl\.d\//.test(p)) return 4;
  return 5;
}

/** Sort key of a file name: sysctl.conf goes after every sysctl.d file. */
function orderName(name: string): string {
  return name === 'sysctl.conf' ? '\uffff' : name;
}

export function mergeFiles(files: WorkspaceFile[], current: WorkspaceFile): Merged {
  const list: SourceFile[] = [];
  const seen = new Set<string>();
  const add = (f: WorkspaceFile) => {
    const id = f.path || f.uri;
    if (seen.has(id) || seen.has(f.uri)) return;
    seen.add(id);
    seen.add(f.uri);
    list.push({ uri: f.uri, path: f.path, name: baseName(f.path || f.uri), parsed: parseCached(f.uri, f.text) });
  };
  add(current);
  for (const f of files) add(f);

  // Equal names: the strongest directory wins; ties go to the first path in sort order.
  const byName = new Map<string, SourceFile>();
  const shadowed: { file: SourceFile; by: SourceFile }[] = [];
  // Rank each file once: dirRank runs five regular expressions, too many to repeat in every comparison.
  const ranked = list.map(f => ({ f, rank: dirRank(f.path) }));
  ranked.sort((a, b) => a.rank - b.rank || (a.f.path < b.f.path ? -1 : a.f.path > b.f.path ? 1 : 0));
  for (const { f } of ranked) {
    const winner = byName.get(f.name);
    if (winner) shadowed.push({ file: f, by: winner });
    else byName.set(f.name, f);
  }
  const applied = [...byName.values()].sort((a, b) => {
    const x = orderName(a.name);
    const y = orderName(b.name);
    return x < y ? -1 : x > y ? 1 : 0;
  });

  const byKey = new Map<string, Setting[]>();
  const globs: Setting[] = [];
  const excludes: Setting[] = [];
  let order = 0;
  for (const file of applied) {
    for (const entry of file.parsed.entries) {
      const s: Setting = { file, entry, order: order++ };
      if (!entry.key) continue;
      if (entry.kind === 'exclude') excludes.push(s);
      else if (entry.glob) globs.push(s);
      else {
        const l = byKey.get(entry.key);
        if (l) l.push(s); else byKey.set(entry.key, [s]);
      }
    }
  }
  return { files: applied, shadowed, byKey, globs, excludes };
}

/** Longest pattern or name matched as a glob (see globMatch). */
const MAX_GLOB = 1024;

/**
 * fnmatch() without flags over canonical names: `*` any run, `?` one character, `[...]` a class.
 * Iterative with one backtrack point, so linear-ish (bounded by key lengths, never exponential).
 */
export function globMatch(pattern: string, name: string): boolean {
  // /proc/sys paths are short (the longest are ~60 characters); a "key" of thousands of
  // characters is junk, and matching it as a glob costs length² per call (each `[` looks ahead
  // for its `]`), times every glob and exclusion in the files: compare junk literally instead.
  if (pattern.length > MAX_GLOB || name.length > MAX_GLOB) return pattern === name;
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length) {
      const c = pattern[p];
      if (c === '*') { starP = p++; starN = n; continue; }
      if (c === '?') { p++; n++; continue; }
      if (c === '[') {
        const close = pattern.indexOf(']', p + 2);
        if (close > 0) {
          let body = pattern.slice(p + 1, close);
          const negate = body[0] === '!' || body[0] === '^';
          if (negate) body = body.slice(1);
          let hit = false;
          for (let i = 0; i < body.length; i++) {
            if (body[i + 1] === '-' && i + 2 < body.length) {
              if (name[n] >= body[i] && name[n] <= body[i + 2]) hit = true;
              i += 2;
            } else if (body[i] === name[n]) hit = true;
          }
          if (hit !== negate) { p = close + 1; n++; continue; }
        } else if (name[n] === '[') { p++; n++; continue; }
      } else if (c === name[n]) { p++; n++; continue; }
    }
    if (starP < 0) return false;
    p = starP + 1;
    n = ++starN;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * The setting that decides a key's value: the last explicit assignment the kernel takes, else the
 * last glob that covers the key. `accepts` says whether the kernel takes a setting's value (a
 * refused write leaves the value before it in place); without it every assignment counts.
 */
export function effective(m: Merged, key: string, accepts?: (s: Setting) => boolean): Setting | undefined {
  const l = m.byKey.get(key);
  if (l) for (let i = l.length - 1; i >= 0; i--) if (!accepts || accepts(l[i])) return l[i];
  if (!m.globs.length) return undefined;
  if (m.excludes.some(x => x.entry.glob ? globMatch(x.entry.key, key) : x.entry.key === key)) return undefined;
  for (let i = m.globs.length - 1; i >= 0; i--) if (globMatch(m.globs[i].entry.key, key) && (!accepts || accepts(m.globs[i]))) return m.globs[i];
  return undefined;
}
