/**
 * Giving memory back after a huge document arrives.
 *
 * Opening a 50 MB log passes the text through the transport several times (the raw message
 * bytes, the decoded message, the parsed text): ~200 MB that is garbage a moment later. V8
 * collects it only when it next needs room, and until then the process keeps the memory (the
 * server sat at 6× the document size). After the first analysis of a huge document, and after
 * one closes, we ask for one full collection (~20 ms for the 50 MB bench log; RSS 300 → 190 MB).
 * A second one a second later gave back only ~5 MB more and landed in the middle of requests.
 * Editing a huge log leaves garbage too (re-parsed reports, diagnostics messages of ~150 KB that
 * V8 puts straight into its large-object space): one collection once the edits pause for
 * IDLE_MS (20 edits of the 50 MB bench log: 159 → ~150 MB); V8 itself did not collect it within
 * 20 s of idling.
 *
 * `gc` is not exposed without `--expose-gc`; the flag is set at run time and the function taken
 * from a fresh context, as Jest's leak detector does. If that fails, nothing happens.
 */
import * as v8 from 'v8';
import * as vm from 'vm';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    collect = typeof gc === 'function' ? () => (gc as () => void)() : null;
  } catch {
    collect = null;
  }
  return collect;
}

let pending = false;

/** A full collection once the current work is done; calls before it runs share it. */
export function releaseMemorySoon(): void {
  const gc = collector();
  if (!gc || pending) return;
  pending = true;
  setImmediate(() => { pending = false; gc(); });
}

/** Quiet time after the last edit before collecting. */
export const IDLE_MS = 1500;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** A full collection once no call has come for IDLE_MS (each call restarts the wait). */
export function releaseMemoryWhenIdle(): void {
  const gc = collector();
  if (!gc) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => { idleTimer = undefined; gc(); }, IDLE_MS);
  idleTimer.unref?.();
}
