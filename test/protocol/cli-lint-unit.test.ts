import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { repoRoot } from '../helpers/lspClient';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: repoRoot, encoding: 'utf8' });

test('oom-lens lint on a unit prints file:line:col severity code message and exits 1 on errors', () => {
  const r = run('test/fixtures/units/oom-loop.service');
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.some(l => /^test\/fixtures\/units\/oom-loop\.service:7:11 error SDU020 Invalid memory size "1g"/.test(l)), r.stdout);
  assert.ok(lines.some(l => /^test\/fixtures\/units\/oom-loop\.service:9:9 error SDU060 /.test(l)), r.stdout);
  assert.match(lines[lines.length - 1], /1 file checked: \d+ errors?, \d+ warnings?/);
});

test('oom-lens lint --format json and --systemd-version', () => {
  const r = run('--format', 'json', '--systemd-version', '252', 'test/fixtures/units/oom-loop.service');
  assert.equal(r.status, 1);
  const rows = JSON.parse(r.stdout);
  const legacy = rows.find((x: any) => x.code === 'SDU009');
  assert.equal(legacy.severity, 'warning');
  assert.equal(legacy.line, 8);
  assert.equal(legacy.column, 1);
});

test('a clean unit exits 0', () => {
  const r = run('test/fixtures/units/clean.service');
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /0 errors, 0 warnings/);
});
