/**
 * The shared rule engine (common/rules.ts): crashes are findings, the cap is not a crash, and the
 * user's severities are applied by the cores, so the editor and the CLI agree.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RULE_CRASH_ID, runRules, type Rule } from '../../../server/src/common/rules';
import { MAX_FINDINGS_PER_RULE } from '../../../server/src/common/findingCap';
import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import { readSettings } from '../../../server/src/common/settings';
import { unitService } from '../../../server/src/crossfile';
import { RULES as UNIT_RULES } from '../../../server/src/unit/rules';
import { sysctlService } from '../../../server/src/crossfile';
import { RULES as SYSCTL_RULES } from '../../../server/src/sysctl/rules';
import { full } from './helpers';

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 1 } });

test('a rule that throws is reported as an error finding naming the rule; the other rules still report', () => {
  const rules: Rule<string>[] = [
    { id: 'T001', severity: 'warning', title: 'ok', docUrl: 'x', check: (_m, emit) => emit({ range: at(1), message: 'one' }) },
    { id: 'T002', severity: 'warning', title: 'broken', docUrl: 'x', check: m => { (m as any).nope.deeper; } },
    { id: 'T003', severity: 'hint', title: 'ok too', docUrl: 'x', check: (_m, emit) => emit({ range: at(0), message: 'two' }) },
  ];
  const out = runRules(rules, 'model', { fileKind: 'unit file' });
  assert.deepEqual(out.map(f => f.ruleId).sort(), ['OOMLENS000', 'T001', 'T003']);
  const crash = out.find(f => f.ruleId === RULE_CRASH_ID)!;
  assert.equal(crash.severity, 'error');
  assert.match(full(crash), /^Rule T002 failed on this unit file, so its findings are missing\. The error: TypeError: /);
});

test('the finding cap is a deliberate stop, not a crash', () => {
  const rules: Rule<null>[] = [{
    id: 'T010', severity: 'warning', title: 'noisy', docUrl: 'x',
    check: (_m, emit) => { for (let i = 0; i < 1000; i++) emit({ range: at(i), message: `n${i}` }); },
  }];
  const out = runRules(rules, null, { fileKind: 'sysctl file' });
  assert.equal(out.length, MAX_FINDINGS_PER_RULE + 1);
  assert.equal(out.filter(f => f.ruleId === RULE_CRASH_ID).length, 0);
  assert.match(full(out[out.length - 1]), /T010 stopped here after 200 findings/);
});

test('a catalogue rule of either linter that throws shows up in the service\'s diagnostics', () => {
  for (const [rules, run] of [
    [UNIT_RULES, () => { const ctx = ctxFor('x.service'); return unitService.diagnostics(unitService.analyze('[Service]\nOOMScoreAdjust=-1000\n', ctx), ctx); }],
    [SYSCTL_RULES, () => { const ctx = ctxFor('/etc/sysctl.d/a.conf'); return sysctlService.diagnostics(sysctlService.analyze('vm.swappiness = 10\n', ctx), ctx); }],
  ] as const) {
    const victim = (rules as Rule<unknown>[])[0];
    const check = victim.check;
    victim.check = () => { throw new RangeError('boom'); };
    try {
      const crash = run().filter(f => f.ruleId === RULE_CRASH_ID);
      assert.equal(crash.length, 1);
      assert.match(full(crash[0]), new RegExp(`Rule ${victim.id} failed .*RangeError: boom`));
    } finally {
      victim.check = check;
    }
    assert.equal(run().filter(f => f.ruleId === RULE_CRASH_ID).length, 0);
  }
});

function ctxFor(path: string, rules: Record<string, unknown> = {}): DocumentContext {
  const { settings, problems } = readSettings({ lint: { rules } }, defaultSettings);
  assert.deepEqual(problems, []);
  return { uri: 'file://' + (path.startsWith('/') ? path : '/etc/systemd/system/' + path), path: path.startsWith('/') ? path : '/etc/systemd/system/' + path, settings, workspace: emptyWorkspace };
}

test('severities from the settings are applied by the cores: off drops the rule, a level replaces the default', () => {
  const unit = '[Service]\nOOMScoreAdjust=-1000\nRestart=always\nRestart=always\n';
  const plain = ctxFor('x.service');
  const before = unitService.diagnostics(unitService.analyze(unit, plain), plain);
  assert.ok(before.some(f => f.ruleId === 'SDU042' && f.severity === 'warning'));
  assert.ok(before.some(f => f.ruleId === 'SDU011' && f.severity === 'warning'));
  const ctx = ctxFor('x.service', { SDU042: 'off', SDU011: 'error' });
  const after = unitService.diagnostics(unitService.analyze(unit, ctx), ctx);
  assert.equal(after.filter(f => f.ruleId === 'SDU042').length, 0);
  assert.deepEqual(after.filter(f => f.ruleId === 'SDU011').map(f => f.severity), ['error']);

  const sys = 'vm.swappiness = 250\n';
  const sysBefore = sysctlService.diagnostics(sysctlService.analyze(sys, ctxFor('/etc/sysctl.d/a.conf')), ctxFor('/etc/sysctl.d/a.conf'));
  const ids = sysBefore.map(f => f.ruleId);
  assert.ok(ids.length > 0);
  const first = ids[0];
  const s2 = ctxFor('/etc/sysctl.d/a.conf', { [first]: 'off' });
  assert.equal(sysctlService.diagnostics(sysctlService.analyze(sys, s2), s2).filter(f => f.ruleId === first).length, 0);
  const s3 = ctxFor('/etc/sysctl.d/a.conf', { [first]: 'hint' });
  assert.ok(sysctlService.diagnostics(sysctlService.analyze(sys, s3), s3).filter(f => f.ruleId === first).every(f => f.severity === 'hint'));
});

test('settings are read from every spelling the README names, and bad values are reported, not guessed', () => {
  const nested = readSettings({ systemd: { version: 252 }, kernel: { version: '5.4' }, lint: { rules: { SDU042: 'off', SDU011: 'warn' } } }, defaultSettings);
  assert.deepEqual(nested.problems, []);
  assert.equal(nested.settings.systemdVersion, 252);
  assert.equal(nested.settings.kernelVersion, '5.4');
  assert.deepEqual(nested.settings.rules, { SDU042: 'off', SDU011: 'warning' });
  const wrapped = readSettings({ oomLens: { 'systemd.version': 250, 'lint.rules': { SYS020: 'error' } } }, defaultSettings);
  assert.equal(wrapped.settings.systemdVersion, 250);
  assert.deepEqual(wrapped.settings.rules, { SYS020: 'error' });
  const flat = readSettings({ systemdVersion: 254, kernelVersion: '6.1', rules: { SDU001: 'hint' } }, defaultSettings);
  assert.equal(flat.settings.systemdVersion, 254);
  assert.deepEqual(flat.settings.rules, { SDU001: 'hint' });
  const bad = readSettings({ systemd: { version: 'new' }, lint: { rules: { SDU042: 'loud' } } }, defaultSettings);
  assert.equal(bad.settings.systemdVersion, defaultSettings.systemdVersion);
  assert.deepEqual(bad.settings.rules, {});
  assert.equal(bad.problems.length, 2);
  assert.match(bad.problems.join('\n'), /systemd.version "new" is not a systemd version/);
  assert.match(bad.problems.join('\n'), /lint.rules.SDU042: "loud" is not off, error/);
});

test('a unit parser failure is reported as a crash finding, not as a clean file', () => {
  const parse = require('../../../server/src/unit/parse');
  const real = parse.parseUnitFile;
  parse.parseUnitFile = (text: string, p: string) => { if (text) throw new TypeError('parser bug'); return real(text, p); };
  try {
    const ctx = ctxFor('x.service');
    const f = unitService.diagnostics(unitService.analyze('[Service]\nMemoryMax=1g\n', ctx), ctx);
    assert.deepEqual(f.map(x => x.ruleId), [RULE_CRASH_ID]);
    assert.match(full(f[0]), /^The unit parser failed on this unit file, so its findings are missing\. The error: TypeError: parser bug/);
  } finally {
    parse.parseUnitFile = real;
  }
});
