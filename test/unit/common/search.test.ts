/** common/search.ts firstIndex against a linear scan, on sorted arrays with repeats, and at the ends. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { firstIndex } from '../../../server/src/common/search';

test('firstIndex finds the first index where the predicate turns true, as a linear scan does', () => {
  let seed = 7;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  let checked = 0;
  for (let round = 0; round < 300; round++) {
    const xs = Array.from({ length: rnd(20) }, () => rnd(10)).sort((a, b) => a - b);
    for (let x = -1; x <= 11; x++) {
      const linear = xs.findIndex(v => v >= x);
      assert.equal(firstIndex(0, xs.length, i => xs[i] >= x), linear < 0 ? xs.length : linear, `${x} in [${xs}]`);
      const lastAtMost = xs.length - 1 - [...xs].reverse().findIndex(v => v <= x);
      assert.equal(firstIndex(0, xs.length, i => xs[i] > x) - 1, xs.some(v => v <= x) ? lastAtMost : -1, `${x} in [${xs}]`);
      checked++;
    }
  }
  assert.equal(checked, 300 * 13);
});

test('firstIndex searches only [lo, hi): an empty range gives lo, and indexes outside are never asked', () => {
  assert.equal(firstIndex(5, 5, () => { throw new Error('asked'); }), 5);
  const asked: number[] = [];
  assert.equal(firstIndex(3, 9, i => { asked.push(i); return i >= 6; }), 6);
  assert.ok(asked.every(i => i >= 3 && i < 9), `asked ${asked}`);
});
