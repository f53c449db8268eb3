/**
 * Giving memory back after a huge document arrives.
 *
 * Opening a huge log passes the text through the transport several times (the raw message
 * bytes, the decoded message, the parsed text), all of it garbage a moment later. V8 collects it
 * only when it next needs room, and until then the process keeps several times the document's
 * size. After the first analysis of a huge document, and after one closes, we ask for one full
 * collection; a second one soon after gives back little and lands in the middle of requests.
 * Editing a huge log leaves garbage too (re-parsed reports, large diagnostics messages that V8
 * puts straight into its large-object space), which V8 does not collect while the server idles:
 * one collection once the edits pause for IDLE_MS.
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
