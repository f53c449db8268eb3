/** A value the kernel refuses changes nothing: merging keeps the last accepted value, and cross-key rules use it. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint, contextOf } from './helpers';
import { sysctlService } from '../../../server/src/crossfile';

test('a refused later value in the same file: cross-key rules see the accepted one, no "overridden" warning', () => {
  const f = lint('vm.overcommit_memory = 2\nvm.overcommit_memory = 7\n');
  assert.deepEqual(f.map(x => `${x.range.start.line} ${x.ruleId}`), ['0 SYX005', '0 SYX007', '1 SYS023']);
});

test('a refused value in a later file does not override an accepted one in an earlier file', () => {
  const input = { path: '/etc/sysctl.d/10-a.conf', text: 'vm.swappiness = 60\n', files: [{ path: '/etc/sysctl.d/90-b.conf', text: 'vm.swappiness = 250\n' }] };
  assert.deepEqual(lint(input).filter(x => x.ruleId === 'SYS011'), [], 'the 60 here is what the kernel keeps');
  const other = { path: '/etc/sysctl.d/90-b.conf', text: 'vm.swappiness = 250\n', files: [{ path: '/etc/sysctl.d/10-a.conf', text: 'vm.swappiness = 60\n' }] };
  assert.deepEqual(lint(other).map(x => x.ruleId), ['SYS025']);
  const ctx = contextOf(other);
  const h = sysctlService.hover(sysctlService.analyze(other.text, ctx), { line: 0, character: 3 }, ctx)!;
  assert.match(h.markdown, /Effective value:.*10-a\.conf/);
  assert.doesNotMatch(h.markdown, /Effective value:[^\n]*250/);
});

test('an accepted later value still overrides (SYS010, SYS011 unchanged)', () => {
  assert.deepEqual(lint('vm.swappiness = 10\nvm.swappiness = 20\n').map(x => x.ruleId), ['SYS010']);
});
