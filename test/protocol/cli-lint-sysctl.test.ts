/** `oom-lens lint` on sysctl files: the bundled dist/cli.js (run `npm run -s build` first). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const F = 'test/fixtures/sysctl';

function lint(args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'lint', ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('text: panic_on_oom without kernel.panic is a warning, exit 0', () => {
  const r = lint([`${F}/etc/sysctl.d/10-oom.conf`]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /10-oom\.conf:1:1 warning SYX001 vm\.panic_on_oom = 1 panics on out-of-memory and kernel\.panic is not set/);
  // one problem, one diagnostic: SYS020 does not repeat SYX001 on the same line
  assert.doesNotMatch(r.out, /SYS020/);
  assert.match(r.out, /1 file checked: 0 errors, 1 warning\n/);
});

test('text: an out-of-range value is an error, exit 1; files on the command line are merged', () => {
  const r = lint([`${F}/etc/sysctl.d/10-oom.conf`, `${F}/etc/sysctl.d/20-bad.conf`, `${F}/etc/sysctl.d/90-override.conf`]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /20-bad\.conf:2:24 error SYS023 vm\.overcommit_memory = 5 is out of range/);
  assert.match(r.out, /20-bad\.conf:3:1 warning SYS015 .*did you mean vm\.overcommit_ratio\?/);
  // kernel.panic = 10 in 90-override.conf resolves SYX001 for 10-oom.conf
  assert.doesNotMatch(r.out, /SYX001/);
  // …and makes panic_on_oom = 1 a deliberate fail-over setup: information, not a warning
  assert.match(r.out, /10-oom\.conf:1:19 information SYS020 vm\.panic_on_oom = 1 with kernel\.panic = 10 reboots the machine/);
  assert.match(r.out, /10-oom\.conf:2:1 hint SYS011 vm\.swappiness = 10 is overridden by 30/);
  assert.match(r.out, /3 files checked: 1 error, 1 warning\n/);
});

test('json: rows with 1-based positions, exit codes', () => {
  const bad = lint(['--format', 'json', `${F}/etc/sysctl.d/20-bad.conf`]);
  assert.equal(bad.code, 1, bad.err);
  const rows = JSON.parse(bad.out);
  assert.deepEqual(rows.map((r: any) => [r.line, r.column, r.severity, r.code]), [[2, 24, 'error', 'SYS023'], [3, 1, 'warning', 'SYS015']]);
  assert.equal(rows[0].file, `${F}/etc/sysctl.d/20-bad.conf`);
  // each row links its rule's page (report/rules.ts RULE_DOCS_BASE)
  assert.deepEqual(rows.map((r: any) => r.url.replace(/^.*\/docs\/rules\//, '')), ['SYS023.md', 'SYS015.md']);
  assert.ok(rows.every((r: any) => r.message.length <= 140 && /^https:\/\//.test(r.url)));
  const clean = lint(['--format', 'json', `${F}/clean/sysctl.d/60-clean.conf`]);
  assert.equal(clean.code, 0, clean.err);
  assert.deepEqual(JSON.parse(clean.out), []);
});

test('--kernel-version drives version-dependent ranges', () => {
  const old = lint(['--kernel-version', '5.4', `${F}/version/sysctl.d/70-swap.conf`]);
  assert.equal(old.code, 1, old.err);
  assert.match(old.out, /error SYX010 vm\.swappiness = 150 needs Linux 5\.8 or later/);
  const cur = lint(['--kernel-version', '6.12', `${F}/version/sysctl.d/70-swap.conf`]);
  assert.equal(cur.code, 0, cur.err);
  assert.match(cur.out, /0 errors/);
});

test('sarif: helpUri is the rule page, and a result keeps the why and the fix after the one-line message', () => {
  const r = lint(['--format', 'sarif', `${F}/etc/sysctl.d/10-oom.conf`]);
  assert.equal(r.code, 0, r.err);
  const run0 = JSON.parse(r.out).runs[0];
  const rule = run0.tool.driver.rules.find((x: any) => x.id === 'SYX001');
  assert.match(rule.helpUri, /^https:\/\/.*\/docs\/rules\/SYX001\.md$/);
  assert.match(rule.help.text, /Reference: https:\/\/docs\.kernel\.org\//, 'the kernel documentation stays in the help');
  const result = run0.results.find((x: any) => x.ruleId === 'SYX001');
  assert.match(result.message.text, /^vm\.panic_on_oom = 1 panics on out-of-memory .*hangs instead of rebooting\. .*Add kernel\.panic = 10/);
});
