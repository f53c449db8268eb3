import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RULES } from '../../../server/src/sysctl/rules';
import { CASES, type RuleCase } from './cases';
import { full, lint } from './helpers';
import { ALL_KEYS, suggestKeys } from '../../../server/src/sysctl/catalog';
import { editDistance } from '../../../server/src/common/text';
import { Rng } from '../../../bench/generate';
import { MAX_FINDINGS_PER_RULE } from '../../../server/src/common/findingCap';
import type { Finding } from '../../../server/src/common/types';

/** The one helper: `bad` raises the rule, `good` does not (the line and severity a case names: the tests below). */
function check(c: RuleCase): void {
  const bad = lint(c.bad).filter(f => f.ruleId === c.rule);
  assert.ok(bad.length > 0, `${c.rule}: bad case gave no finding`);
  for (const f of bad) {
    assert.ok(f.docUrl && /^https:\/\//.test(f.docUrl), `${c.rule}: docUrl`);
    assert.ok(f.message.length > 30, `${c.rule}: message explains`);
  }
  const good = lint(c.good).filter(f => f.ruleId === c.rule);
  assert.deepEqual(good.map(f => f.message), [], `${c.rule}: good case must be clean`);
}

for (const c of CASES) test(`rule ${c.rule}: good and bad case`, () => check(c));

// the line and the severity, for the cases that name them
for (const c of CASES.filter(c => c.line !== undefined)) {
  test(`rule ${c.rule}: the bad case's finding is on line ${c.line}`, () => {
    const bad = lint(c.bad).filter(f => f.ruleId === c.rule);
    assert.ok(bad.some(f => f.range.start.line === c.line), `${c.rule}: expected a finding on line ${c.line}, got ${bad.map(f => f.range.start.line)}`);
  });
}
for (const c of CASES.filter(c => c.severity !== undefined)) {
  test(`rule ${c.rule}: the bad case's finding is a ${c.severity}`, () => {
    const bad = lint(c.bad).filter(f => f.ruleId === c.rule);
    assert.ok(bad.some(f => f.severity === c.severity), `${c.rule}: expected severity ${c.severity}, got ${bad.map(f => f.severity)}`);
  });
}

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
  assert.match(full(f), /vm\.swappiness/);
  assert.equal(f.fixes![0].title, 'Change to vm.swappiness');
  assert.equal(lint('net.ipv4.conf.eth0.rp_filter = 1\nfs.whatever = 1\n').length, 0, 'no unknown-key noise for net/fs');
});

test('kernel-style integer parsing: hex and octal accepted, trailing garbage rejected', () => {
  assert.equal(lint('vm.panic_on_oom = 0x0\n').length, 0);
  assert.deepEqual(lint('vm.panic_on_oom = 1x\n').map(f => f.ruleId), ['SYS020']);
  assert.match(full(lint('vm.panic_on_oom = 1x\n')[0]), /whole number/);
});

test('a value that is only an inline comment after a number still gets the range check on the number', () => {
  const ids = lint('vm.overcommit_memory = 7 # strict\n').map(f => f.ruleId).sort();
  assert.deepEqual(ids, ['SYS004', 'SYS023']);
});

test('key suggestions equal a plain scan of every current key (typos of every known key)', () => {
  const rng = new Rng(11);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz_.';
  for (const k of ALL_KEYS) {
    for (let n = 0; n < 3; n++) {
      const chars = k.name.split('');
      const at = rng.int(0, chars.length - 1);
      const op = rng.int(0, 2);
      if (op === 0) chars.splice(at, 1);
      else if (op === 1) chars.splice(at, 0, alphabet[rng.int(0, alphabet.length - 1)]);
      else chars[at] = alphabet[rng.int(0, alphabet.length - 1)];
      const name = chars.join('');
      const top = name.split('.')[0];
      const cap = Math.max(2, Math.min(4, Math.floor(name.length / 5)));
      const expected = ALL_KEYS.filter(x => !x.removed && x.name.split('.')[0] === top)
        .map(x => ({ k: x.name, d: editDistance(name, x.name, cap) }))
        .filter(x => x.d <= cap)
        .sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : 1))
        .slice(0, 3).map(x => x.k);
      assert.deepEqual(suggestKeys(name), name.length > 200 ? [] : expected, name);
    }
  }
});

test('a rule stops at the cap in one file and says so on the first problem it leaves out (findingCap.ts)', () => {
  const found = lint('vm.swapiness = 10\n'.repeat(1000));
  const byRule = new Map<string, Finding[]>();
  for (const f of found) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const unknown = byRule.get('SYS015') ?? [];
  assert.equal(unknown.length, MAX_FINDINGS_PER_RULE + 1, 'the unknown-key rule: the cap, then its note');
  assert.equal(byRule.get('SYS010')?.length, MAX_FINDINGS_PER_RULE + 1, 'the duplicate-key rule too');
  const note = unknown[unknown.length - 1];
  assert.equal(note.severity, 'information');
  assert.equal(note.range.start.line, MAX_FINDINGS_PER_RULE, 'on the first problem not shown');
  assert.match(full(note), /stopped here after 200 findings in this file.*A sysctl file normally has a few dozen lines/);
  assert.ok(unknown.slice(0, -1).every(f => f.severity !== 'information' && /vm\.swappiness/.test(full(f))));
  assert.ok([...byRule.values()].every(list => list.length <= MAX_FINDINGS_PER_RULE + 1));
});
