import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, lint, type Input } from './helpers';

/** Applies the fix titled `title` of the first finding of `rule` and returns the new text. */
function fix(input: Input | string, rule: string, title: RegExp): string {
  const i = typeof input === 'string' ? { text: input } : input;
  const f = lint(i).find(x => x.ruleId === rule);
  assert.ok(f, `${rule} not raised`);
  const fx = f!.fixes?.find(x => title.test(x.title));
  assert.ok(fx, `${rule}: no fix matching ${title}; have ${f!.fixes?.map(x => x.title)}`);
  return applyEdits(i.text, fx!.edits);
}

test('rename a typo to the suggested key', () => {
  assert.equal(fix('vm.overcomit_ratio = 80\n', 'SYS015', /vm\.overcommit_ratio/), 'vm.overcommit_ratio = 80\n');
});

test('rename a removed key to its successor', () => {
  assert.equal(fix('vm.percpu_pagelist_fraction = 8\n', 'SYS017', /Rename/), 'vm.percpu_pagelist_high_fraction = 8\n');
});

test('clamp an out-of-range number, or pick a documented choice', () => {
  assert.equal(fix('vm.swappiness = 250\n', 'SYS025', /= 200/), 'vm.swappiness = 200\n');
  assert.equal(fix('vm.dirty_ratio = 140\n', 'SYS026', /= 100/), 'vm.dirty_ratio = 100\n');
  assert.equal(fix('vm.panic_on_oom = 3\nkernel.panic = 10\n', 'SYS020', /= 0$/), 'vm.panic_on_oom = 0\nkernel.panic = 10\n');
  assert.equal(fix('vm.overcommit_memory = 9\n', 'SYS023', /= 2$/), 'vm.overcommit_memory = 2\n');
  assert.equal(fix('vm.numa_zonelist_order = Zone\n', 'SYS036', /Node/), 'vm.numa_zonelist_order = Node\n');
});

test('move an inline comment to its own line (indentation kept)', () => {
  assert.equal(fix('  vm.swappiness = 10   # keep it low\n', 'SYS004', /own line/), '  # keep it low\n  vm.swappiness = 10\n');
  assert.equal(fix('kernel.core_pattern = |/usr/lib/core %p ; pipe\n', 'SYS004', /own line/), '# pipe\nkernel.core_pattern = |/usr/lib/core %p\n');
});

test('add kernel.panic = 10 next to panic_on_oom, or fix an existing kernel.panic = 0', () => {
  assert.equal(fix('vm.panic_on_oom = 1\nvm.swappiness = 10\n', 'SYX001', /Add kernel\.panic/), 'vm.panic_on_oom = 1\nkernel.panic = 10\nvm.swappiness = 10\n');
  assert.equal(fix('kernel.panic = 0\nvm.panic_on_oom = 2\n', 'SYX001', /Set kernel\.panic = 10/), 'kernel.panic = 10\nvm.panic_on_oom = 2\n');
  assert.equal(fix('kernel.panic_on_oops = 1', 'SYX002', /Add kernel\.panic/), 'kernel.panic_on_oops = 1\nkernel.panic = 10');
});

test('the add-kernel.panic fix makes the warning go away', () => {
  const fixed = fix('vm.panic_on_oom = 1\n', 'SYX001', /Add kernel\.panic/);
  assert.equal(lint(fixed).filter(f => f.ruleId === 'SYX001').length, 0);
});

test('remove the overridden duplicate', () => {
  assert.equal(fix('vm.swappiness = 10\nvm.dirty_ratio = 15\nvm.swappiness = 20\n', 'SYS010', /Remove/), 'vm.dirty_ratio = 15\nvm.swappiness = 20\n');
});

test('collapse repeated separators, keep only the number, strict overcommit ratio', () => {
  assert.equal(fix('vm..swappiness = 10\n', 'SYS005', /Write/), 'vm.swappiness = 10\n');
  assert.equal(fix('vm.swappiness = 10 20\n', 'SYS013', /Keep only 10/), 'vm.swappiness = 10\n');
  assert.equal(fix('vm.overcommit_memory = 2\n', 'SYX005', /overcommit_ratio = 90/), 'vm.overcommit_memory = 2\nvm.overcommit_ratio = 90\n');
  const units = [{ path: '/etc/systemd/system/a.service', text: '[Service]\nMemoryMax=1G\n' }];
  assert.equal(fix({ text: 'vm.panic_on_oom = 2\nkernel.panic = 10\n', units }, 'SYX004', /= 1/), 'vm.panic_on_oom = 1\nkernel.panic = 10\n');
});
