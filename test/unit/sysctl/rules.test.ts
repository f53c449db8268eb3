import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RULES } from '../../../server/src/sysctl/rules';
import { CASES, type RuleCase } from './cases';
import { lint } from './helpers';

/** The one helper: `bad` raises the rule (on the expected line, with the expected severity), `good` does not. */
function check(c: RuleCase): void {
  const bad = lint(c.bad).filter(f => f.ruleId === c.rule);
  assert.ok(bad.length > 0, `${c.rule}: bad case gave no finding`);
  if (c.line !== undefined) assert.ok(bad.some(f => f.range.start.line === c.line), `${c.rule}: expected a finding on line ${c.line}, got ${bad.map(f => f.range.start.line)}`);
  if (c.severity) assert.ok(bad.some(f => f.severity === c.severity), `${c.rule}: expected severity ${c.severity}, got ${bad.map(f => f.severity)}`);
  for (const f of bad) {
    assert.ok(f.docUrl && /^https:\/\//.test(f.docUrl), `${c.rule}: docUrl`);
    assert.ok(f.message.length > 30, `${c.rule}: message explains`);
  }
  const good = lint(c.good).filter(f => f.ruleId === c.rule);
  assert.deepEqual(good.map(f => f.message), [], `${c.rule}: good case must be clean`);
}

for (const c of CASES) test(`rule ${c.rule}: good and bad case`, () => check(c));

test('every rule id in the catalogue has exactly one good/bad case, and every case names a real rule', () => {
  const ids = RULES.map(r => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  const cased = CASES.map(c => c.rule);
  assert.deepEqual([...cased].sort(), [...ids].sort());
});

test('rules carry a title, a default severity and a documentation link', () => {
  for (const r of RULES) {
    assert.ok(r.title.length > 5, r.id);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(r.severity), r.id);
    assert.match(r.docUrl, /^https:\/\//, r.id);
  }
});

test('a clean realistic file has no findings', () => {
  const text = [
    '# /etc/sysctl.d/60-memory.conf',
    'vm.swappiness = 10',
    'vm.dirty_background_ratio = 5',
    'vm.dirty_ratio = 15',
    'vm.min_free_kbytes = 131072',
    'vm.panic_on_oom = 0',
    'kernel.panic = 10',
    'fs.file-max = 2097152',
    '',
  ].join('\n');
  assert.deepEqual(lint(text).map(f => `${f.ruleId} ${f.message}`), []);
});

test('swappiness range follows the target kernel version', () => {
  assert.equal(lint({ text: 'vm.swappiness = 150\n', kernel: '6.12' }).length, 0);
  const old = lint({ text: 'vm.swappiness = 150\n', kernel: '5.4' });
  assert.deepEqual(old.map(f => f.ruleId), ['SYX010']);
  assert.deepEqual(lint({ text: 'vm.swappiness = 201\n', kernel: '6.12' }).map(f => f.ruleId), ['SYS025']);
});

test('unknown-key suggestions use edit distance within the same prefix', () => {
  const f = lint('vm.swapiness = 10\n').find(x => x.ruleId === 'SYS015')!;
  assert.match(f.message, /vm\.swappiness/);
  assert.equal(f.fixes![0].title, 'Change to vm.swappiness');
  assert.equal(lint('net.ipv4.conf.eth0.rp_filter = 1\nfs.whatever = 1\n').length, 0, 'no unknown-key noise for net/fs');
});

test('kernel-style integer parsing: hex and octal accepted, trailing garbage rejected', () => {
  assert.equal(lint('vm.panic_on_oom = 0x0\n').length, 0);
  assert.deepEqual(lint('vm.panic_on_oom = 1x\n').map(f => f.ruleId), ['SYS020']);
  assert.match(lint('vm.panic_on_oom = 1x\n')[0].message, /whole number/);
});

test('a value that is only an inline comment after a number still gets the range check on the number', () => {
  const ids = lint('vm.overcommit_memory = 7 # strict\n').map(f => f.ruleId).sort();
  assert.deepEqual(ids, ['SYS004', 'SYS023']);
});
