/**
 * start/codeCache.ts: the server bundle is loaded through V8's code cache when a directory is given.
 * Each load runs in a fresh node process, as a server start does (one isolate may also answer a
 * second compile of the same source from its own in-memory cache, which would hide what V8 does
 * with the file).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../../helpers/tempDir';

const loader = path.resolve(__dirname, '..', '..', '..', 'server', 'src', 'start', 'codeCache.js');

interface Load { usedCache: boolean; file?: string; sum: number; dirname: string; filename: string; sep: string }

/** Runs a load in a fresh node; a driver file, not `node -e` (the eval'd text would be part of process.execArgv, which the cache name hashes). */
const driver = path.join(tempDir('oom-lens-codecache-driver-'), 'driver.js');
fs.writeFileSync(driver, `
  const [file, dir, save] = process.argv.slice(2);
  const { loadWithCodeCache } = require(${JSON.stringify(loader)});
  const r = loadWithCodeCache(file, dir || undefined, 60000);
  if (save === 'save') r.save();
  const m = r.exports;
  process.stdout.write(JSON.stringify({ usedCache: r.usedCache, file: r.file, sum: m.add(2, 3), dirname: m.dirname, filename: m.filename, sep: m.sep }));`);

/** Loads `file` in a fresh node (cache in `dir`, none when undefined), optionally saving the cache at once. */
function load(file: string, dir: string | undefined, save: boolean): Load {
  return JSON.parse(execFileSync(process.execPath, [driver, file, dir ?? '', save ? 'save' : ''], { encoding: 'utf8' })) as Load;
}

function fixture(): { root: string; file: string; dir: string } {
  const root = tempDir('oom-lens-codecache-');
  const file = path.join(root, 'bundle.js');
  // enough functions that V8's cache is not trivial; uses require, __dirname and __filename like a bundle
  const fns = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
  fs.writeFileSync(file, `${fns}\nmodule.exports = { add: (a, b) => f0(a) + b, dirname: __dirname, filename: __filename, sep: require('path').sep };\n`);
  return { root, file, dir: path.join(root, 'cache') };
}

test('without a directory the file is required as usual and nothing is written', () => {
  const { root, file } = fixture();
  const r = load(file, undefined, true);
  assert.deepEqual([r.usedCache, r.file, r.sum, r.dirname, r.filename, r.sep], [false, undefined, 5, root, file, path.sep]);
  assert.deepEqual(fs.readdirSync(root), ['bundle.js']);
});

test('the first start compiles and writes the cache, the next one runs from it', () => {
  const { root, file, dir } = fixture();
  const first = load(file, dir, true);
  assert.equal(first.usedCache, false);
  assert.deepEqual([first.sum, first.dirname, first.filename], [5, root, file], 'runs like require: exports, __dirname, __filename');
  assert.ok(first.file && fs.statSync(first.file).size > 0, 'cache file written (directory created)');
  assert.deepEqual(fs.readdirSync(dir), [path.basename(first.file!)], 'no temporary file left');
  const second = load(file, dir, false);
  assert.equal(second.usedCache, true, 'V8 accepted the cached code');
  assert.equal(second.sum, 5);
});

test('a corrupt or cut-short cache file is rejected, the code still runs, and the file is replaced', () => {
  const { file, dir } = fixture();
  const cacheFile = load(file, dir, true).file!;
  const good = fs.readFileSync(cacheFile);
  for (const bad of [Buffer.from('garbage'), good.subarray(0, good.length >> 1), Buffer.alloc(0)]) {
    fs.writeFileSync(cacheFile, bad);
    const r = load(file, dir, true);
    assert.deepEqual([r.usedCache, r.sum], [false, 5]);
    assert.equal(load(file, dir, false).usedCache, true, 'rewritten with a good cache');
  }
});

test('a changed bundle of the same length gets a new cache file; the old one is removed', () => {
  const { file, dir } = fixture();
  const old = load(file, dir, true).file!;
  // same length (V8 itself only checks the length): a different constant
  const src = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, src.replace('x + 1;', 'x + 9;'));
  assert.equal(fs.readFileSync(file, 'utf8').length, src.length);
  const r = load(file, dir, true);
  assert.equal(r.usedCache, false, 'the old cache is not offered for the new source');
  assert.notEqual(r.file, old);
  assert.deepEqual(fs.readdirSync(dir), [path.basename(r.file!)]);
});

test('an unwritable cache directory only means no cache', () => {
  const { root, file } = fixture();
  const blocked = path.join(root, 'bundle.js', 'cache'); // a directory "inside" a regular file
  const r = load(file, blocked, true);
  assert.deepEqual([r.usedCache, r.sum], [false, 5]);
  assert.equal(load(file, blocked, false).sum, 5);
});

/** Loads in a fresh node and returns what it said on stderr too. */
function loadErr(file: string, dir: string, save: boolean): Load & { err: string } {
  const r = spawnSync(process.execPath, [driver, file, dir, save ? 'save' : ''], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { ...(JSON.parse(r.stdout) as Load), err: r.stderr };
}

test('the cache directory is created 0700', { skip: process.platform === 'win32' }, () => {
  const { file, dir } = fixture();
  load(file, dir, true);
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  for (const name of fs.readdirSync(dir)) assert.equal(fs.statSync(path.join(dir, name)).mode & 0o077, 0, `${name} is private`);
});

test('a cache directory writable by group or others, or a link, is not used (and says why)', { skip: process.platform === 'win32' }, () => {
  for (const mode of [0o777, 0o770, 0o702]) {
    const { file, dir } = fixture();
    const cached = load(file, dir, true).file!;
    assert.ok(fs.existsSync(cached));
    fs.chmodSync(dir, mode);
    const r = loadErr(file, dir, true);
    assert.equal(r.usedCache, false, `mode ${mode.toString(8)}: a planted cache is not run`);
    assert.equal(r.sum, 5);
    assert.match(r.err, /not using .* writable by/);
  }
  const { root, file, dir } = fixture();
  fs.mkdirSync(dir, { mode: 0o700 });
  load(file, dir, true);
  const link = path.join(root, 'link');
  fs.symlinkSync(dir, link);
  const r = loadErr(file, link, true);
  assert.equal(r.usedCache, false);
  assert.match(r.err, /symbolic link/);
});

test('a cache file of another bundle of the same length is not offered to V8 (sha256 of the source, not its length)', () => {
  const { file, dir } = fixture();
  const a = load(file, dir, true).file!;
  const src = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, src.replace('x + 0;', 'x + 7;'));
  const bName = load(file, dir, false).file!;
  assert.notEqual(bName, a);
  fs.copyFileSync(a, bName); // the other bundle's cache under this bundle's name
  const r = load(file, dir, false);
  assert.equal(r.usedCache, false);
  assert.equal(r.sum, 12, 'the new code runs');
});

test('links planted in the cache directory are neither followed when writing nor read', { skip: process.platform === 'win32' }, () => {
  const { root, file, dir } = fixture();
  const name = load(file, dir, false).file!;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const victim = path.join(root, 'victim.txt');
  fs.writeFileSync(victim, 'precious');
  fs.symlinkSync(victim, name);
  load(file, dir, true);
  assert.equal(fs.readFileSync(victim, 'utf8'), 'precious', 'the link target is untouched');
  assert.ok(fs.lstatSync(name).isFile(), 'the link was replaced by the cache file');
  // a link to a good cache file is not read
  const good = path.join(root, 'good.codecache');
  fs.renameSync(name, good);
  fs.symlinkSync(good, name);
  assert.equal(load(file, dir, false).usedCache, false);
});
