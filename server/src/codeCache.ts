/**
 * Start-up of the server bundle through V8's code cache.
 *
 * Compiling the ~0.5 MB server bundle is the largest part of the server's own start-up (node
 * itself aside). V8 can save what it compiled (bytecode of the functions that ran) and reuse it
 * the next time the same source is loaded: measured on the bench machine with the launch flags,
 * 821 → 697 M instructions from spawn to the first answer (`node -e 0` alone: 496 M).
 *
 * Only used when the editor gives us a directory to keep the cache in (the VS Code client passes
 * its global storage); without one the bundle is simply `require`d. The cache file's name holds a
 * hash of the source, node's version and the V8 flags, because V8 itself only checks the source's
 * length: a stale file is never offered for a changed bundle. A file V8 rejects anyway (corrupt,
 * cut short) costs nothing but the normal compile, and is replaced. Nothing from a workspace is
 * ever read here.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Module = require('module');

/** Written this long after start-up, so it holds what initialize and the first requests compiled. */
export const WRITE_AFTER_MS = 5000;

function isCacheFile(name: string): boolean {
  return name.startsWith('server-') && name.endsWith('.codecache');
}

/** The code cache files in `dir` (none when it does not exist). */
export function cacheFilesIn(dir: string): string[] {
  try { return fs.readdirSync(dir).filter(isCacheFile); } catch { return []; }
}

export interface CodeCacheLoad {
  /** The module's exports. */
  exports: unknown;
  /** The cache file for this source, node and flags; undefined when no directory was given or the source could not be read. */
  file?: string;
  /** True when V8 took the cached code, false when it compiled from source. */
  usedCache: boolean;
  /** Writes the cache file now (atomically; errors ignored). Also runs by itself WRITE_AFTER_MS after loading, unless the cache was used. */
  save(): void;
}

/** Run the CommonJS file `file` like `require(file)`, with V8's code cache kept in `cacheDir` when one is given. */
export function loadWithCodeCache(file: string, cacheDir: string | undefined, writeAfterMs = WRITE_AFTER_MS): CodeCacheLoad {
  let source: string | undefined;
  if (cacheDir) {
    try { source = fs.readFileSync(file, 'utf8'); } catch { source = undefined; }
  }
  if (!cacheDir || source === undefined) {
    return { exports: require(file), usedCache: false, save: () => undefined };
  }
  const hash = createHash('sha256').update(source).update('\0' + process.version + '\0' + process.execArgv.join(' ')).digest('hex').slice(0, 20);
  const cacheFile = path.join(cacheDir, `server-${hash}.codecache`);
  let cachedData: Buffer | undefined;
  try { cachedData = fs.readFileSync(cacheFile); } catch { cachedData = undefined; }

  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(file, module);
  mod.filename = file;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, mod.require.bind(mod) as NodeJS.Require, mod, file, path.dirname(file));
  mod.loaded = true;

  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
      // caches of earlier bundles, node versions or flags: no longer of use
      for (const name of cacheFilesIn(cacheDir)) {
        if (path.join(cacheDir, name) !== cacheFile) {
          try { fs.unlinkSync(path.join(cacheDir, name)); } catch { /* another server may be using it */ }
        }
      }
    } catch {
      // read-only or full disk: the next start compiles from source, as without a cache
    }
  };
  if (!usedCache) setTimeout(save, writeAfterMs).unref();
  return { exports: mod.exports, file: cacheFile, usedCache, save };
}
