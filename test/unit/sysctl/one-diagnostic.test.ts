/** One problem, one diagnostic: cross-key findings on one line, panic_on_oom reported once. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings } from '../../../server/src/common/service';
import { sysctlService } from '../../../server/src/crossfile';
import { contextOf, full, lint } from './helpers';

const at = (fs: ReturnType<typeof lint>) => fs.map(f => `${f.ruleId}@${f.range.start.line} ${f.severity}`);

test('vm.panic_on_oom = 1 without kernel.panic: one warning (SYX001), not SYX001 and SYS020 on the same line', () => {
  assert.deepEqual(at(lint('vm.panic_on_oom = 1\n')), ['SYX001@0 warning']);
  assert.deepEqual(at(lint('vm.panic_on_oom = 2\nkernel.panic = 0\n')), ['SYX001@0 warning']);
  assert.match(full(lint('vm.panic_on_oom = 1\n')[0]), /Add kernel\.panic = 10/);
});

test('vm.panic_on_oom = 1 with kernel.panic set is a fail-over setup: information, not a warning', () => {
  const f = lint('vm.panic_on_oom = 1\nkernel.panic = 10\n');
  assert.deepEqual(at(f), ['SYS020@0 information']);
  assert.match(f[0].message, /kernel\.panic = 10 reboots the machine/);
  // panic_on_oom = 2 panics on every cgroup OOM too: still a warning with a reboot timeout
  assert.deepEqual(at(lint('vm.panic_on_oom = 2\nkernel.panic = 10\n')), ['SYS020@0 warning']);
});

test('with SYX001 turned off, SYS020 still says that panic_on_oom panics', () => {
  const input = { text: 'vm.panic_on_oom = 1\n' };
  const ctx = { ...contextOf(input), settings: { ...defaultSettings, rules: { SYX001: 'off' as const } } };
  const f = sysctlService.diagnostics(sysctlService.analyze(input.text, ctx), ctx);
  assert.deepEqual(at(f), ['SYS020@0 warning']);
});

test('a cross-key finding appears once, on the first key, with related information pointing at the other', () => {
  const dirty = lint('vm.dirty_background_ratio = 30\nvm.dirty_ratio = 20\n').filter(f => f.ruleId === 'SYX008');
  assert.deepEqual(at(dirty), ['SYX008@0 warning']);
  assert.deepEqual(dirty[0].related!.map(r => [r.range.start.line, r.message]), [[1, 'vm.dirty_ratio = 20']]);
  const both = lint('vm.dirty_ratio = 20\nvm.dirty_bytes = 268435456\n').filter(f => f.ruleId === 'SYX009');
  assert.deepEqual(at(both), ['SYX009@0 warning']);
  assert.equal(both[0].related![0].range.start.line, 1);
  // the other key in another file: reported in each file's own line, related points at the other file
  const split = lint({ text: 'vm.dirty_ratio = 20\n', path: '/etc/sysctl.d/90-b.conf', files: [{ path: '/etc/sysctl.d/10-a.conf', text: 'vm.dirty_background_ratio = 30\n' }] })
    .filter(f => f.ruleId === 'SYX008');
  assert.deepEqual(at(split), ['SYX008@0 warning']);
  assert.equal(split[0].related![0].uri, 'file:///etc/sysctl.d/10-a.conf');
});

test('the detail holds the why and the fix; the message stays one line', () => {
  const [f] = lint('vm.dirty_background_ratio = 30\nvm.dirty_ratio = 20\n');
  assert.match(f.message, /^vm\.dirty_background_ratio = 30 is not below vm\.dirty_ratio = 20, so the kernel uses half of vm\.dirty_ratio instead\.$/);
  assert.match(f.detail!, /Set vm\.dirty_background_ratio lower than vm\.dirty_ratio/);
});

test('a per-key hint gives way to the cross-key finding about the same setting', () => {
  // oom_kill_allocating_task under panic_on_oom: SYX003 (it does nothing), not also SYS021 (what it would do)
  assert.deepEqual(at(lint('vm.panic_on_oom = 1\nkernel.panic = 10\nvm.oom_kill_allocating_task = 1\n')).filter(x => x.startsWith('SY') && x.includes('@2')), ['SYX003@2 information']);
  assert.deepEqual(at(lint('vm.oom_kill_allocating_task = 1\n')), ['SYS021@0 hint'], 'without panic_on_oom the hint stays');
  // always-overcommit with panic_on_oom: SYX011 only
  assert.deepEqual(at(lint('vm.overcommit_memory = 1\nvm.panic_on_oom = 1\nkernel.panic = 10\n')).filter(x => x.includes('@0')), ['SYX011@0 information']);
  assert.deepEqual(at(lint('vm.overcommit_memory = 1\n')), ['SYS023@0 hint']);
  // panic_on_oom = 2 with units that set limits: SYX004 names them, SYS020 does not repeat it
  const units = [{ path: '/etc/systemd/system/api.service', text: '[Service]\nMemoryMax=2G\n' }];
  assert.deepEqual(at(lint({ text: 'vm.panic_on_oom = 2\nkernel.panic = 10\n', units })), ['SYX004@0 warning']);
});
