import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { encodeTokens } from '../../../server/src/features/semanticTokens';
import type { Token } from '../../../server/src/common/types';

const t = (line: number, start: number, length: number, kind: Token['kind'] = 'number'): Token => ({ line, start, length, kind });

test('encodeTokens: tokens already in order give what the sorting path gives for the same tokens shuffled', () => {
  const ready = [t(0, 0, 4, 'timestamp'), t(0, 5, 3), t(0, 9, 2, 'unit'), t(2, 1, 6, 'victim'), t(7, 0, 3), t(7, 4, 1, 'flag')];
  const shuffled = [ready[3], ready[0], ready[5], ready[2], ready[4], ready[1]];
  const expected = [0, 0, 4, 0, 0, /**/ 0, 5, 3, 3, 0, /**/ 0, 4, 2, 4, 0, /**/ 2, 1, 6, 10, 5, /**/ 5, 0, 3, 3, 0, /**/ 0, 4, 1, 7, 0];
  assert.deepEqual(encodeTokens(ready).data, expected);
  assert.deepEqual(encodeTokens(shuffled).data, expected);
  // with a range, an empty token and one outside it: dropped either way
  const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };
  assert.deepEqual(encodeTokens(ready.slice(0, 4), range).data, expected.slice(0, 20));
  assert.deepEqual(encodeTokens([...ready.slice(0, 4), t(2, 9, 0), t(7, 0, 3)], range).data, expected.slice(0, 20));
});

test('encodeTokens: overlapping tokens are dropped and leave no empty slots behind (the array is sized before the drop)', () => {
  const tokens = [t(0, 0, 6), t(0, 2, 2, 'unit'), t(0, 4, 4, 'flag'), t(1, 0, 2), t(1, 1, 3)];
  const { data } = encodeTokens(tokens);
  assert.deepEqual(data, [0, 0, 6, 3, 0, /**/ 1, 0, 2, 3, 0]);
  assert.equal(JSON.stringify(data), '[0,0,6,3,0,1,0,2,3,0]');
});
