/** formatCount groups whole numbers itself (for speed); it must print what Intl's en-US formatter prints. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatCount } from '../../../server/src/oomlog/sizes';
import { Rng } from '../../../bench/generate';

test('formatCount matches Intl en-US for whole numbers of every length, signs and the odd values', () => {
  const intl = new Intl.NumberFormat('en-US');
  const values = [0, -0, 1, -1, 12, 123, 999, 1000, 1234, 12345, 123456, 1234567, -1234567, 9007199254740991, -9007199254740991,
    9007199254740992, 1e21, 0.5, 1234.5678, -0.001, NaN, Infinity, -Infinity];
  const rng = new Rng(7);
  for (let i = 0; i < 2000; i++) values.push(Math.floor(rng.int(0, 1e9) * 10 ** rng.int(0, 6)) * (rng.chance(0.2) ? -1 : 1));
  for (const v of values) assert.equal(formatCount(v), intl.format(v), String(v));
});
