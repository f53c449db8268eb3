import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MESSAGE_MAX } from '../../../server/src/common/rules';
import { CASES } from './cases';
import { lint } from './helpers';

/** One sentence: no sentence end followed by another sentence inside it. */
export function oneSentence(m: string): boolean {
  return !/[.?!]\s+["'(\[`A-Z]/.test(m);
}

test('every sysctl message on the rule cases is one sentence of at most MESSAGE_MAX characters', () => {
  const bad: string[] = [];
  for (const c of CASES) {
    for (const f of [...lint(c.bad), ...lint(c.good)]) {
      if (f.message.length > MESSAGE_MAX || !oneSentence(f.message)) bad.push(`${f.ruleId} (${f.message.length}): ${f.message}`);
    }
  }
  assert.deepEqual([...new Set(bad)], []);
});
