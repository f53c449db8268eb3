/**
 * The bundled CLI (dist/cli.js) loads its command's bundle through V8's code cache kept per user
 * (server/src/cli/codeCache.ts): the cache changes nothing that a command prints, stays out of the
 * package directory, and an unsafe or unwritable cache directory is passed over without a word.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliCacheDir, CLI_CODE_CACHE_ENV } from '../../server/src/cli/codeCache';
import { tempDir } from '../helpers/tempDir';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const sample = path.join(repoRoot, 'samples', 'dmesg-T-5.4-global-2reports.log');
const unit = path.join(repoRoot, 'test', 'fixtures', 'units', 'oom-loop.service');

function run(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const cacheFiles = (dir: string) => { try { return fs.readdirSync(dir).sort(); } catch { return []; } };

test('the cache directory: XDG_CACHE_HOME, else ~/.cache, never the package; off when asked', () => {
  assert.equal(cliCacheDir({ XDG_CACHE_HOME: '/x/cache' }), path.join('/x/cache', 'oom-lens'));
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  assert.equal(cliCacheDir({}), process.platform === 'win32' ? path.join(os.tmpdir(), `oom-lens-${uid}`) : path.join(os.homedir(), '.cache', 'oom-lens'));
  assert.notEqual(cliCacheDir({ XDG_CACHE_HOME: 'relative' }), path.join('relative', 'oom-lens'), 'a relative XDG_CACHE_HOME is ignored');
  assert.equal(cliCacheDir({ [CLI_CODE_CACHE_ENV]: 'off', XDG_CACHE_HOME: '/x/cache' }), undefined);
  assert.equal(cliCacheDir({ [CLI_CODE_CACHE_ENV]: '0' }), undefined);
});

test('analyze and lint write their own cache on the first run, use it on the next, and print the same', { skip: process.platform === 'win32' }, () => {
  const xdg = tempDir('oom-lens-cli-cache-');
  const dir = path.join(xdg, 'oom-lens');
  const plain = { analyze: run(['analyze', '--json', sample], { [CLI_CODE_CACHE_ENV]: 'off', XDG_CACHE_HOME: xdg }), lint: run(['lint', unit], { [CLI_CODE_CACHE_ENV]: 'off', XDG_CACHE_HOME: xdg }) };
  assert.deepEqual(cacheFiles(dir), [], 'no cache when turned off');
  assert.equal(plain.analyze.code, 0, plain.analyze.err);
  assert.match(plain.analyze.out, /"events"/);
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(run(['analyze', '--json', sample], { XDG_CACHE_HOME: xdg }), plain.analyze);
    assert.deepEqual(run(['lint', unit], { XDG_CACHE_HOME: xdg }), plain.lint);
  }
  const files = cacheFiles(dir);
  assert.equal(files.length, 2, files.join(', '));
  assert.match(files[0], /^cli-analyze-[0-9a-f]{20}\.codecache$/);
  assert.match(files[1], /^cli-main-[0-9a-f]{20}\.codecache$/);
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  assert.ok(!fs.readdirSync(path.join(repoRoot, 'dist')).some(f => f.endsWith('.codecache')), 'nothing written next to the bundles');
});

test('an unsafe or unusable cache directory is passed over silently', { skip: process.platform === 'win32' }, () => {
  const xdg = tempDir('oom-lens-cli-cache-');
  const plain = run(['analyze', sample], { [CLI_CODE_CACHE_ENV]: 'off' });
  // writable by others: whoever can write it could make the CLI run anything
  const open = path.join(xdg, 'open');
  fs.mkdirSync(path.join(open, 'oom-lens'), { recursive: true });
  fs.chmodSync(path.join(open, 'oom-lens'), 0o777);
  assert.deepEqual(run(['analyze', sample], { XDG_CACHE_HOME: open }), plain);
  assert.deepEqual(cacheFiles(path.join(open, 'oom-lens')), []);
  // a file where the directory should be
  const blocked = path.join(xdg, 'blocked');
  fs.mkdirSync(blocked);
  fs.writeFileSync(path.join(blocked, 'oom-lens'), '');
  assert.deepEqual(run(['analyze', sample], { XDG_CACHE_HOME: blocked }), plain);
  // a link to a directory
  const linked = path.join(xdg, 'linked');
  fs.mkdirSync(path.join(xdg, 'target'), { mode: 0o700 });
  fs.mkdirSync(linked);
  fs.symlinkSync(path.join(xdg, 'target'), path.join(linked, 'oom-lens'));
  assert.deepEqual(run(['analyze', sample], { XDG_CACHE_HOME: linked }), plain);
  assert.deepEqual(cacheFiles(path.join(xdg, 'target')), []);
});

test('a damaged cache file is never run: the command compiles from source and writes a good one', () => {
  const xdg = tempDir('oom-lens-cli-cache-');
  const plain = run(['analyze', sample], { [CLI_CODE_CACHE_ENV]: 'off' });
  assert.deepEqual(run(['analyze', sample], { XDG_CACHE_HOME: xdg }), plain);
  const dir = path.join(xdg, 'oom-lens');
  const [file] = cacheFiles(dir);
  // one byte changed: the data no longer matches the hash in its header, so V8 never sees it
  const bytes = fs.readFileSync(path.join(dir, file));
  bytes[bytes.length - 1] ^= 0xff;
  fs.writeFileSync(path.join(dir, file), bytes, { mode: 0o600 });
  assert.deepEqual(run(['analyze', sample], { XDG_CACHE_HOME: xdg }), plain);
  assert.notDeepEqual(fs.readFileSync(path.join(dir, file)), bytes, 'replaced by a good cache');
});

test('with the cache off, analyze does not load crypto (only a used cache hashes); with it on, it does', { skip: process.platform === 'win32' }, () => {
  const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-cli-crypto-'));
  try {
    const loaded = (env: NodeJS.ProcessEnv) => {
      // NODE_DEBUG=module names each built-in module as it is loaded
      const r = spawnSync(process.execPath, [cli, 'analyze', sample], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'module', XDG_CACHE_HOME: xdg, ...env }, timeout: 30000 });
      assert.equal(r.status, 0, r.stderr);
      return /load built-in module crypto\b/.test(r.stderr);
    };
    assert.equal(loaded({ [CLI_CODE_CACHE_ENV]: 'off' }), false);
    assert.equal(loaded({}), true, 'the check sees crypto when the cache is used');
  } finally { fs.rmSync(xdg, { recursive: true, force: true }); }
});
