/**
 * The cross-file layer's services (crossfile/index.ts) add what other files decide to the cores'
 * answers with the same engine rules: the user's severities apply, and a cross-file rule that
 * throws is an OOMLENS000 finding, not a silent gap.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RULE_CRASH_ID } from '../../../server/src/common/rules';
import { defaultSettings, type DocumentContext, type WorkspaceView } from '../../../server/src/common/service';
import { oomLogService, sysctlService, unitService } from '../../../server/src/crossfile';
import { unitService as unitCore } from '../../../server/src/unit';
import { sysctlService as sysctlCore } from '../../../server/src/sysctl';
import { oomLogService as oomLogCore } from '../../../server/src/oomlog';
import { full } from '../unit/helpers';

const UNIT_PATH = '/ws/db.service';
const UNIT = '[Service]\nExecStart=/usr/bin/db\nMemoryLow=2G\n';

function ctxOf(path: string, workspace: WorkspaceView, rules: Record<string, 'off' | 'error' | 'warning' | 'information' | 'hint'> = {}): DocumentContext {
  return { uri: 'file://' + path, path, settings: { ...defaultSettings, rules }, workspace };
}

const quiet: WorkspaceView = { unitFiles: () => [], sysctlFiles: () => [], logFiles: () => [] };
const broken: WorkspaceView = { unitFiles: () => { throw new RangeError('listing failed'); }, sysctlFiles: () => { throw new RangeError('listing failed'); }, logFiles: () => [] };

function unitFindings(ctx: DocumentContext) {
  return unitService.diagnostics(unitService.analyze(UNIT, ctx), ctx);
}

test('a cross-file unit rule takes the severity the user set, and off drops it', () => {
  assert.deepEqual(unitFindings(ctxOf(UNIT_PATH, quiet)).filter(f => f.ruleId === 'SDU026').map(f => f.severity), ['hint']);
  assert.deepEqual(unitFindings(ctxOf(UNIT_PATH, quiet, { SDU026: 'error' })).filter(f => f.ruleId === 'SDU026').map(f => f.severity), ['error']);
  assert.deepEqual(unitFindings(ctxOf(UNIT_PATH, quiet, { SDU026: 'off' })).filter(f => f.ruleId === 'SDU026'), []);
});

test('a cross-file unit rule that throws is reported as OOMLENS000 naming the rule', () => {
  const crashes = unitFindings(ctxOf(UNIT_PATH, broken)).filter(f => f.ruleId === RULE_CRASH_ID);
  assert.deepEqual(crashes.map(full), [
    'Rule SDU026 failed on this unit file, so its findings are missing. The error: RangeError: listing failed. '
      + 'This is a bug in oom-lens, not in the file: please report it with the file attached.',
  ]);
  assert.equal(crashes[0].severity, 'error');
});

test('sysctl: a workspace whose files cannot be listed gives a crash finding, and the file is still checked alone', () => {
  const ctx = ctxOf('/etc/sysctl.d/50-oom.conf', broken);
  const found = sysctlService.diagnostics(sysctlService.analyze('vm.panic_on_oom = 2\nkernel.panic = 10\n', ctx), ctx);
  const crashes = found.filter(f => f.ruleId === RULE_CRASH_ID).map(full);
  assert.deepEqual(crashes.map(m => m.replace(/ The error:.*/, '')), [
    'Listing the other sysctl files failed on this sysctl file, so its findings are missing.',
    'Rule SYS020 failed on this sysctl file, so its findings are missing.',
    'Rule SYX004 failed on this sysctl file, so its findings are missing.',
  ]);
});

test('sysctl: SYX004 names the units of the workspace that set a memory limit, at the user\'s severity', () => {
  const units: WorkspaceView = { ...quiet, unitFiles: () => [{ uri: 'file:///ws/app.service', path: '/ws/app.service', text: '[Service]\nMemoryMax=1G\n' }] };
  const text = 'vm.panic_on_oom = 2\nkernel.panic = 10\n';
  for (const [rules, severity] of [[{}, 'warning'], [{ SYX004: 'error' as const }, 'error']] as const) {
    const ctx = ctxOf('/etc/sysctl.d/50-oom.conf', units, rules);
    const syx004 = sysctlService.diagnostics(sysctlService.analyze(text, ctx), ctx).filter(f => f.ruleId === 'SYX004');
    assert.deepEqual(syx004.map(f => [f.severity, f.related?.map(r => r.message)]), [[severity, ['MemoryMax=1G']]]);
  }
  // the core alone does not see the workspace
  const ctx = ctxOf('/etc/sysctl.d/50-oom.conf', units);
  assert.deepEqual(sysctlCore.diagnostics(sysctlCore.analyze(text, ctx), ctx).filter(f => f.ruleId === 'SYX004'), []);
});

test('the cores alone answer for the file by itself; the cross-file services add the workspace', () => {
  const ctx = ctxOf(UNIT_PATH, quiet);
  assert.deepEqual(unitCore.diagnostics(unitCore.analyze(UNIT, ctx), ctx).filter(f => f.ruleId === 'SDU026'), []);
  assert.equal(unitFindings(ctx).filter(f => f.ruleId === 'SDU026').length, 1);
  assert.equal(oomLogCore.links, undefined);
  assert.equal(typeof oomLogService.links, 'function');
});
