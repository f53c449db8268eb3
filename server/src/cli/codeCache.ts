/**
 * The command line's bundles loaded through V8's code cache (../start/codeCache.ts), kept per user:
 * $XDG_CACHE_HOME/oom-lens, else ~/.cache/oom-lens, else oom-lens-UID in the temporary directory.
 * Never next to the bundles: the package directory may be read-only or shared by several users.
 *
 * A directory that cannot be created or is not safe to hold code (a link, another user's, writable
 * by others: unsafeCacheDir) is not used, without a word: the command runs as it would without a
 * cache, and its output stays the same. OOM_LENS_CLI_CODE_CACHE=off turns the cache off.
 *
 * A command that compiled from source saves what V8 compiled when the process exits, so the cache
 * holds the functions that command ran; later runs of the same bundle, node version and flags
 * start from it (a cache of another bundle or node version is never offered to V8).
 */
import * as os from 'os';
import * as path from 'path';
import { loadWithCodeCache, unsafeCacheDir } from '../start/codeCache';

export const CLI_CODE_CACHE_ENV = 'OOM_LENS_CLI_CODE_CACHE';

/** Where the CLI keeps its code cache: undefined when turned off. */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env[CLI_CODE_CACHE_ENV] === 'off' || env[CLI_CODE_CACHE_ENV] === '0') return undefined;
  // XDG: a relative XDG_CACHE_HOME is invalid and to be ignored
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'oom-lens');
  let home = '';
  try { home = os.homedir(); } catch { home = ''; }
  if (home && path.isAbsolute(home) && process.platform !== 'win32') return path.join(home, '.cache', 'oom-lens');
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `oom-lens-${uid}`);
}

/** `require(file)` through the code cache when there is a safe cache directory; `bundle` names its cache files. */
export function loadCliBundle(file: string, bundle: string): unknown {
  let dir = cliCacheDir();
  if (dir && unsafeCacheDir(dir)) dir = undefined;
  if (!dir) return require(file);
  const load = loadWithCodeCache(file, dir, Infinity, bundle);
  if (!load.usedCache) process.once('exit', () => load.save());
  return load.exports;
}
