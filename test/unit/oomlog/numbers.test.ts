import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { intAt, scanPairs } from '../../../server/src/oomlog/lines';

// Numbers are read in place up to 15 digits; they must equal what Number() makes of the text.
const TEXTS = ['0', '-0', '007', '-12', '4294967295', '999999999999999', '-999999999999999',
  '1234567890123456', '99999999999999999999', '123456789012345678901234567890', '-9007199254740993'];

test('intAt reads a number as Number() does, any length', () => {
  for (const n of TEXTS) {
    const got = intAt(`x ${n} kB`, 2);
    assert.ok(got, n);
    assert.ok(Object.is(got.value, Number(n)), `${n}: ${got.value}`);
    assert.equal(got.end, 2 + n.length);
  }
  assert.equal(intAt('x - kB', 2), undefined);
  assert.equal(intAt('x kB', 2), undefined);
});

test('scanPairs: values as Number() reads them, the raw text kept only for words', () => {
  const line = TEXTS.map((n, k) => `n${k}:${n}kB`).join(' ') + ' all_unreclaimable? yes';
  const { pairs } = scanPairs(line);
  assert.equal(pairs.length, TEXTS.length + 1);
  TEXTS.forEach((n, k) => {
    assert.ok(Object.is(pairs[k].value, Number(n)), `${n}: ${pairs[k].value}`);
    assert.equal(line.slice(pairs[k].valStart, pairs[k].valEnd), n);
    assert.equal(pairs[k].suffix, 'kB');
  });
  assert.equal(pairs[TEXTS.length].raw, 'yes');
  assert.equal(pairs[TEXTS.length].value, undefined);
});
