/** The collections of lsp/node/memory.ts really run (so a huge log's transport copies and edit garbage are given back). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { IDLE_MS, releaseMemorySoon, releaseMemoryWhenIdle } from '../../../server/src/lsp/node/memory';

const tick = () => new Promise(resolve => setImmediate(resolve));
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A WeakRef to 1 MB that only a collection frees (nothing here allocates enough to trigger one). */
async function garbage(): Promise<WeakRef<object>> {
  let big: { text: string } | null = { text: 'x'.repeat(1 << 20) + String(Math.random()) };
  const ref = new WeakRef(big);
  big = null;
  await tick(); // a WeakRef's target lives at least until the job that made it ends
  return ref;
}

test('releaseMemorySoon collects garbage without waiting for allocation pressure', async () => {
  const ref = await garbage();
  assert.ok(ref.deref(), 'nothing collected it on its own (no allocation pressure here)');
  releaseMemorySoon();
  await tick();
  await tick();
  assert.equal(ref.deref(), undefined, 'the full collection freed it');
});

test('releaseMemoryWhenIdle collects once the calls pause, not while they keep coming', async () => {
  const ref = await garbage();
  assert.ok(ref.deref(), 'nothing collected it on its own');
  // calls closer together than IDLE_MS keep postponing the collection (timers never fire early)
  for (let i = 0; i < 3; i++) {
    releaseMemoryWhenIdle();
    await sleep(IDLE_MS / 3);
    assert.ok(ref.deref(), `still there ${i + 1} call(s) in: the quiet time restarts with each call`);
  }
  releaseMemoryWhenIdle();
  for (let waited = 0; ref.deref() && waited < 20_000; waited += 100) await sleep(100);
  assert.equal(ref.deref(), undefined, 'collected after the calls stopped');
});
