import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MESSAGE_MAX } from '../../../server/src/common/rules';
import { oneSentence } from '../sysctl/messages.test';
import { RULE_CASES } from './rule-cases';
import { lint } from './helpers';

test('every unit message on the rule cases is one sentence of at most MESSAGE_MAX characters', () => {
  const bad: string[] = [];
  for (const c of RULE_CASES) {
    for (const f of lint(c.text, c.file, c.version)) {
      if (f.message.length > MESSAGE_MAX || !oneSentence(f.message)) bad.push(`${f.ruleId} (${f.message.length}): ${f.message}`);
    }
  }
  assert.deepEqual([...new Set(bad)], []);
});
