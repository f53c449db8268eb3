/** releaseMemorySoon really runs a full collection (so a huge log's transport copies are given back). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { releaseMemorySoon } from '../../../server/src/memory';

const tick = () => new Promise(resolve => setImmediate(resolve));

test('releaseMemorySoon collects garbage without waiting for allocation pressure', async () => {
  let big: { text: string } | null = { text: 'x'.repeat(1 << 20) + String(Math.random()) };
  const ref = new WeakRef(big);
  big = null;
  await tick(); // a WeakRef's target lives at least until the job that made it ends
  assert.ok(ref.deref(), 'nothing collected it on its own (no allocation pressure here)');
  releaseMemorySoon();
  await tick();
  await tick();
  assert.equal(ref.deref(), undefined, 'the full collection freed it');
});
