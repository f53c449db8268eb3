import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/common/types';
import { ctxFor, lint } from './helpers';
import { RULES, ruleModel } from '../../../server/src/unit/rules';
import { buildModel } from '../../../server/src/unit/model';
import { parseUnitFile } from '../../../server/src/unit/parse';
import { RULE_CASES, type RuleCase } from './rule-cases';
import { SLICE_PROTECTION_RULE } from '../../../server/src/crossfile/sliceProtection';
import { LOG_MISMATCH_RULE } from '../../../server/src/crossfile/logEvidence';

function check(input: RuleCase, expected: RuleCase['expect']): void {
  const got = lint(input.text, input.file, input.version).filter(f => f.ruleId === input.rule)
    .map(f => ({ rule: f.ruleId, line: f.range.start.line + 1, severity: f.severity }));
  assert.deepEqual(got, expected, `${input.rule} ${input.kind}: ${JSON.stringify(input.text)}`);
}

for (const c of RULE_CASES) {
  test(`${c.rule} ${c.kind}`, () => check(c, c.expect));
}

test('every rule in the catalogue has a good and a bad case', () => {
  for (const r of RULES) {
    assert.ok(RULE_CASES.some(c => c.rule === r.id && c.kind === 'good'), `${r.id} has no good case`);
    assert.ok(RULE_CASES.some(c => c.rule === r.id && c.kind === 'bad' && c.expect.length > 0), `${r.id} has no bad case`);
  }
});

test('every finding carries a man page link and a rule id from the catalogue (or a workspace rule)', () => {
  const ids = new Set([...RULES.map(r => r.id), SLICE_PROTECTION_RULE, LOG_MISMATCH_RULE]);
  for (const c of RULE_CASES) {
    for (const f of lint(c.text, c.file, c.version)) {
      assert.ok(ids.has(f.ruleId), f.ruleId);
      assert.match(f.docUrl ?? '', /^https:\/\/www\.freedesktop\.org\/software\/systemd\/man\/latest\//);
    }
  }
});

test('SDU009 severity follows the target systemd version', () => {
  const sev = (v: number) => lint(S('MemoryLimit=1G'), 'x.service', v).find(f => f.ruleId === 'SDU009')?.severity;
  assert.equal(sev(250), 'information');
  assert.equal(sev(252), 'warning');
  assert.equal(sev(257), 'warning');
  assert.equal(sev(258), 'error');
});

test('misspelt legacy key is chained to its modern replacement', () => {
  const f = lint(S('BlockIOWriteBandWidth=/dev/sda 1M')).find(x => x.ruleId === 'SDU007');
  assert.ok(f);
  assert.match(f.message, /IOWriteBandwidthMax=/);
  assert.equal(f.fixes?.[0].edits[0].newText, 'IOWriteBandwidthMax');
});

test('garbage, binary, CRLF and huge input never throw', () => {
  const inputs = ['', '\0\0\0', '[', ']', '=', '\\', '[Service]\r\nMemoryMax=1g\r\n', 'x'.repeat(200000), '[Service]\nA=' + 'b'.repeat(100000) + ' \\',
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'), '[Service]\n' + 'MemoryMax=1G\n'.repeat(5000)];
  for (const t of inputs) {
    const f = lint(t);
    assert.ok(Array.isArray(f));
  }
  const crlf = lint('[Service]\r\nExecStart=/bin/true\r\nMemoryMax=1g\r\n').find(f => f.ruleId === 'SDU020');
  assert.ok(crlf);
  assert.deepEqual(crlf.range, { start: { line: 2, character: 10 }, end: { line: 2, character: 12 } });
});

function S(body: string): string { return `[Service]\nExecStart=/bin/true\n${body}\n`; }

test('a rule that names its keys reports nothing on files that set none of them (runRules skips it there)', () => {
  let checked = 0;
  for (const c of RULE_CASES) {
    const ctx = ctxFor(c.file, c.version);
    const m = ruleModel(buildModel(parseUnitFile(c.text, ctx.path), ctx.settings));
    for (const r of RULES) {
      if (!r.keys || r.keys.some(k => m.all.has(k))) continue;
      const found: unknown[] = [];
      r.check(m, f => found.push(f));
      assert.deepEqual(found, [], `${r.id} on the ${c.rule} ${c.kind} case`);
      checked++;
    }
  }
  assert.ok(checked > 1000);
});
