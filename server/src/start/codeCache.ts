/**
 * Start-up of the server bundle through V8's code cache.
 *
 * Compiling the server bundle is the largest part of the server's own start-up (node itself
 * aside). V8 can save what it compiled (bytecode of the functions that ran) and reuse it
 * the next time the same source is loaded, which skips most of that compilation (`npm run bench`
 * measures start-up with and without the cache).
 *
 * Only used when the editor gives us a directory to keep the cache in (the VS Code client passes
 * its global storage); without one the bundle is simply `require`d. Cached code is code: whoever
 * can write the directory can make the server run anything. So the directory must be a real
 * directory (not a link) owned by the user and not writable by group or others; it is created
 * 0700, and a directory that fails the check is not used (said once on stderr). Cache files are
 * written to a fresh temporary file (O_EXCL | O_NOFOLLOW, 0600) and renamed into place, and read
 * only when they are regular files owned by the user.
 *
 * V8 itself only checks the cached source's length. Each file therefore starts with a header: the
 * sha256 of the source, node's version and the V8 flags (also in the file name), and the sha256 of
 * the cached data; a file whose header does not match this source, or whose data does not match
 * its hash, is never offered to V8 (a cache of another bundle of the same length would run the
 * other bundle's code). A file V8 rejects anyway costs nothing but the normal compile, and is
 * replaced. Nothing from a workspace is ever read here.
 */
import type * as Crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Module = require('module');

/**
 * crypto, loaded on first use: a command run with the cache turned off, or without a safe
 * directory for it, never hashes anything and does not pay for loading it.
 */
function crypto(): typeof Crypto {
  return require('crypto') as typeof Crypto;
}

/** Written this long after start-up, so it holds what initialize and the first requests compiled. */
export const WRITE_AFTER_MS = 5000;

function isCacheFile(name: string, bundle: string): boolean {
  return name.startsWith(`${bundle}-`) && name.endsWith('.codecache');
}

/** The code cache files of `bundle` (the server's by default) in `dir` (none when it does not exist). */
export function cacheFilesIn(dir: string, bundle = 'server'): string[] {
  try { return fs.readdirSync(dir).filter(name => isCacheFile(name, bundle)); } catch { return []; }
}

export interface CodeCacheLoad {
  /** The module's exports. */
  exports: unknown;
  /** The cache file for this source, node and flags; undefined when no directory was given or the source could not be read. */
  file?: string;
  /** True when V8 took the cached code, false when it compiled from source. */
  usedCache: boolean;
  /** Writes the cache file now (atomically; errors ignored). Also runs by itself `writeAfterMs` after loading, unless the cache was used. */
  save(): void;
}

const MAGIC = Buffer.from('OOMLENS-CODECACHE-1\n');
const HEADER = MAGIC.length + 64;

/** `dir` is safe to keep executable cache in: why not, or undefined when it is. Creates it (0700) when missing. */
export function unsafeCacheDir(dir: string): string | undefined {
  try { fs.mkdirSync(dir, { recursive: true, mode: 0o700 }); } catch (e: any) {
    return `cannot create it (${e?.code ?? e?.message ?? String(e)})`;
  }
  let st: fs.Stats;
  try { st = fs.lstatSync(dir); } catch (e: any) { return `cannot read it (${e?.code ?? String(e)})`; }
  if (st.isSymbolicLink()) return 'it is a symbolic link';
  if (!st.isDirectory()) return 'it is not a directory';
  if (process.platform === 'win32') return undefined; // no owner or mode bits to check
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return `it belongs to uid ${st.uid}, not to this user`;
  if (st.mode & 0o022) return `it is writable by ${st.mode & 0o020 ? 'its group' : ''}${(st.mode & 0o022) === 0o022 ? ' and ' : ''}${st.mode & 0o002 ? 'others' : ''} (mode ${(st.mode & 0o777).toString(8)}); run chmod go-w on it`;
  return undefined;
}

/** The cached data of `cacheFile` when its header matches `key` and its data its hash; undefined otherwise. */
function readCache(cacheFile: string, key: Buffer): Buffer | undefined {
  let fd: number;
  try { fd = fs.openSync(cacheFile, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0)); } catch { return undefined; }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size <= HEADER) return undefined;
    if (process.platform !== 'win32' && ((typeof process.getuid === 'function' && st.uid !== process.getuid()) || (st.mode & 0o022))) return undefined;
    const all = Buffer.alloc(st.size);
    let got = 0;
    while (got < all.length) {
      const n = fs.readSync(fd, all, got, all.length - got, got);
      if (n === 0) return undefined;
      got += n;
    }
    if (!all.subarray(0, MAGIC.length).equals(MAGIC) || !all.subarray(MAGIC.length, MAGIC.length + 32).equals(key)) return undefined;
    const data = all.subarray(HEADER);
    if (!crypto().createHash('sha256').update(data).digest().equals(all.subarray(MAGIC.length + 32, HEADER))) return undefined;
    return data;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `data` with its header to `cacheFile` through a fresh temporary file in the same directory. */
function writeCache(cacheFile: string, key: Buffer, data: Buffer): void {
  const tmp = `${cacheFile}.${process.pid}.${crypto().randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    fs.writeSync(fd, Buffer.concat([MAGIC, key, crypto().createHash('sha256').update(data).digest(), data]));
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, cacheFile); // replaces a link of that name instead of writing through it
}

/**
 * Run the CommonJS file `file` like `require(file)`, with V8's code cache kept in `cacheDir` when one is given and safe.
 * @param bundle names the cache files (`bundle-HASH.codecache`): each bundle sharing a directory needs its own name
 */
export function loadWithCodeCache(file: string, cacheDir: string | undefined, writeAfterMs = WRITE_AFTER_MS, bundle = 'server'): CodeCacheLoad {
  let source: string | undefined;
  if (cacheDir) {
    const unsafe = unsafeCacheDir(cacheDir);
    if (unsafe) {
      process.stderr.write(`oom-lens: not using ${cacheDir} for the code cache: ${unsafe}. The server starts without it.\n`);
      cacheDir = undefined;
    }
  }
  if (cacheDir) {
    try { source = fs.readFileSync(file, 'utf8'); } catch { source = undefined; }
  }
  if (!cacheDir || source === undefined) {
    return { exports: require(file), usedCache: false, save: () => undefined };
  }
  const dir = cacheDir;
  const key = crypto().createHash('sha256').update(source).update('\0' + process.version + '\0' + process.execArgv.join(' ')).digest();
  const cacheFile = path.join(dir, `${bundle}-${key.toString('hex').slice(0, 20)}.codecache`);
  const cachedData = readCache(cacheFile, key);

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
      writeCache(cacheFile, key, script.createCachedData());
      // caches of earlier bundles, node versions or flags: no longer of use
      for (const name of cacheFilesIn(dir, bundle)) {
        if (path.join(dir, name) !== cacheFile) {
          try { fs.unlinkSync(path.join(dir, name)); } catch { /* another server may be using it */ }
        }
      }
    } catch {
      // read-only or full disk: the next start compiles from source, as without a cache
    }
  };
  if (!usedCache && Number.isFinite(writeAfterMs)) setTimeout(save, writeAfterMs).unref(); // Infinity: only save() writes
  return { exports: mod.exports, file: cacheFile, usedCache, save };
}
