/**
 * `oom-lens lint` as a CI step: files by content or --type, stdin, nothing linted → exit 2,
 * binary files skipped, --rule and .oom-lens.json severities (the same the editor applies).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../helpers/lspClient';
import { isBinary, sniffLanguage } from '../../server/src/cli/lintInput';
import { tempDir } from '../helpers/tempDir';

const cli = path.join(repoRoot, 'dist', 'cli.js');
function run(args: string[], opts: { cwd?: string; input?: string | Buffer } = {}) {
  return spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: opts.cwd ?? repoRoot, encoding: 'utf8', input: opts.input });
}
function tmpdir(files: Record<string, string | Buffer>): string {
  const dir = tempDir('oom-lens-cli-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BAD_UNIT = '[Service]\nExecStart=/bin/true\nMemoryMax=1g\nOOMScoreAdjust=-1000\n';
const BAD_SYSCTL = '# tuning\nvm.swappiness = 250\nvm.overcommit_memory = 7\n';

test('content decides what a file named on the command line is, whatever its name', () => {
  const dir = tmpdir({ 'app.txt': BAD_UNIT, 'tuning.cfg': BAD_SYSCTL, 'notes.md': '# notes\nsome text = here\nplain words\n' });
  const r = run(['--format', 'json', 'app.txt', 'tuning.cfg', 'notes.md'], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  const rows = JSON.parse(r.stdout);
  assert.ok(rows.some((x: any) => x.file === 'app.txt' && x.code === 'SDU020'), r.stdout);
  assert.ok(rows.some((x: any) => x.file === 'tuning.cfg' && /^SYS/.test(x.code)), r.stdout);
  assert.match(r.stderr, /notes\.md: neither a unit file .* skipped/);
});

test('--type lints a file as the given kind; a bad --type is a usage error', () => {
  const dir = tmpdir({ 'x': 'MemoryMax=1G\n' });
  const r = run(['--type', 'unit', 'x'], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^x:1:1 error SDU004 /m);
  assert.equal(run(['--type', 'yaml', 'x'], { cwd: dir }).status, 2);
});

test('nothing linted exits 2 with a message: a missing path, an empty folder, only skipped files', () => {
  const dir = tmpdir({ 'empty/README': 'nothing here\n', 'notes.md': 'just text\n' });
  for (const args of [['does/not/exist.service'], ['empty'], ['notes.md']]) {
    const r = run(args, { cwd: dir });
    assert.equal(r.status, 2, `${args}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /nothing was linted/, args.join(' '));
  }
});

test('- reads standard input; --stdin-filename names it (and decides its kind and config)', () => {
  const r = run(['-'], { input: BAD_SYSCTL });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^<stdin>:2:17 error SYS025 vm.swappiness = 250 is out of range/m);
  const dir = tmpdir({ '.oom-lens.json': JSON.stringify({ lint: { rules: { SDU020: 'off' } } }) });
  const named = run(['--stdin-filename', 'deploy/app.service', '-'], { cwd: dir, input: BAD_UNIT });
  assert.match(named.stdout, /^deploy\/app\.service:4:\d+ warning SDU042 /m, named.stdout + named.stderr);
  assert.doesNotMatch(named.stdout, /SDU020/);
  assert.equal(named.status, 0);
});

test('a binary file is reported as binary and skipped, not linted', () => {
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), Buffer.alloc(4000, 0x90)]);
  const dir = tmpdir({ 'prog.service': elf, 'ok.service': '[Service]\nExecStart=/bin/true\n' });
  const r = run(['prog.service', 'ok.service'], { cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /prog\.service: binary file \(not text\); skipped/);
  assert.match(r.stdout, /1 file checked/);
  assert.equal(isBinary('[Unit]\nDescription=caf\ufffd\n'), false, 'one bad byte is not binary');
});

test('--rule ID=LEVEL changes a rule\'s severity or turns it off; a bad one is a usage error', () => {
  const dir = tmpdir({ 'a.service': BAD_UNIT });
  const off = run(['--format', 'json', '--rule', 'SDU020=off', '--rule=SDU042=error', 'a.service'], { cwd: dir });
  const rows = JSON.parse(off.stdout);
  assert.equal(rows.filter((x: any) => x.code === 'SDU020').length, 0);
  assert.deepEqual(rows.filter((x: any) => x.code === 'SDU042').map((x: any) => x.severity), ['error']);
  assert.equal(off.status, 1);
  const quiet = run(['--rule', 'SDU020=off', '--rule', 'SDU042=off', 'a.service'], { cwd: dir });
  assert.equal(quiet.status, 0, quiet.stdout);
  for (const bad of ['SDU020', 'SDU020=loud', '=off']) assert.equal(run(['--rule', bad, 'a.service'], { cwd: dir }).status, 2, bad);
});

test('.oom-lens.json is looked up from each file\'s folder upward; the nearest wins; flags win over it', () => {
  const dir = tmpdir({
    '.oom-lens.json': JSON.stringify({ systemd: { version: 252 }, lint: { rules: { SDU042: 'off' } } }),
    'units/a.service': BAD_UNIT + 'MemoryLimit=1G\n',
    'other/.oom-lens.json': JSON.stringify({ rules: { SDU020: 'hint' } }),
    'other/b.service': BAD_UNIT + 'MemoryLimit=1G\n',
  });
  const rows = JSON.parse(run(['--format', 'json', 'units', 'other'], { cwd: dir }).stdout);
  const a = rows.filter((x: any) => x.file === 'units/a.service');
  const b = rows.filter((x: any) => x.file === 'other/b.service');
  assert.equal(a.filter((x: any) => x.code === 'SDU042').length, 0);
  assert.deepEqual(a.filter((x: any) => x.code === 'SDU009').map((x: any) => x.severity), ['warning'], 'systemd 252: MemoryLimit= deprecated, not ignored');
  assert.deepEqual(b.filter((x: any) => x.code === 'SDU020').map((x: any) => x.severity), ['hint']);
  assert.deepEqual(b.filter((x: any) => x.code === 'SDU009').map((x: any) => x.severity), ['error'], 'the nearer file has no version: 258');
  assert.equal(b.filter((x: any) => x.code === 'SDU042').length, 1, 'the nearest file wins; rules are not merged up the tree');
  const flag = JSON.parse(run(['--format', 'json', '--systemd-version', '258', '--rule', 'SDU042=hint', 'units'], { cwd: dir }).stdout);
  assert.deepEqual(flag.filter((x: any) => x.code === 'SDU009').map((x: any) => x.severity), ['error']);
  assert.deepEqual(flag.filter((x: any) => x.code === 'SDU042').map((x: any) => x.severity), ['hint']);
});

test('a broken .oom-lens.json is reported and fails the run (exit 2), the files are still linted', () => {
  const dir = tmpdir({ '.oom-lens.json': '{ "rules": { "SDU042": "of" } ', 'a.service': BAD_UNIT });
  const r = run(['a.service'], { cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\.oom-lens\.json: not valid JSON/);
  assert.match(r.stdout, /SDU042/);
  const dir2 = tmpdir({ '.oom-lens.json': '{ "rules": { "SDU042": "of" } }', 'a.service': BAD_UNIT });
  const r2 = run(['a.service'], { cwd: dir2 });
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, /lint\.rules\.SDU042: "of" is not off/);
});

test('content sniffing', () => {
  assert.equal(sniffLanguage('# c\n\n[Unit]\nDescription=x\n'), 'systemd-unit');
  assert.equal(sniffLanguage('; c\nvm.swappiness=10\nnet/ipv4/ip_forward = 1\n-kernel.foo = 1\n'), 'sysctl');
  assert.equal(sniffLanguage('hello world\nfoo = bar\n'), null);
  assert.equal(sniffLanguage(''), null);
  assert.equal(sniffLanguage('key = value\nother = x\nvm.swappiness = 1\n'), null, 'mostly not sysctl lines');
});

test('--explain adds why, the fixes and the rule page under each finding; without it one line per finding', () => {
  const unit = '[Service]\nExecStart=/bin/true\nMemoryLimit=1G\n';
  const plain = run(['--stdin-filename', 'app.service', '-'], { input: unit });
  assert.deepEqual(plain.stdout.split('\n').filter(l => l && !/^\d+ files? checked/.test(l)).map(l => /^app\.service:\d+:\d+ /.test(l)), [true], plain.stdout);
  const r = run(['--explain', '--stdin-filename', 'app.service', '-'], { input: unit });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^app\.service:3:1 error SDU009 MemoryLimit= is ignored by systemd 258[^\n]*\n {4}why: [^\n]+\n {4}fix: [^\n]*MemoryMax[^\n]*\n {4}docs: https:\/\/\S+\/docs\/rules\/SDU009\.md\n/m, r.stdout);
  const json = JSON.parse(run(['--explain', '--format', 'json', '--stdin-filename', 'app.service', '-'], { input: unit }).stdout);
  assert.ok(json[0].detail && json[0].fixes.some((t: string) => /MemoryMax/.test(t)), JSON.stringify(json[0]));
  assert.equal(JSON.parse(run(['--format', 'json', '--stdin-filename', 'app.service', '-'], { input: unit }).stdout)[0].detail, undefined, 'plain JSON rows keep their fields');
});
