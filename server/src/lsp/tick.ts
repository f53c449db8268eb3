/**
 * Run `fn` after the current work and the messages already queued: setImmediate in Node; in a web
 * worker, which has none, a zero timeout.
 */
export const soon: (fn: () => void) => void =
  typeof setImmediate === 'function' ? fn => { setImmediate(fn); } : fn => { setTimeout(fn, 0); };

/** A promise resolved by `soon`: long jobs await it between steps to let requests and edits in. */
export function yieldToRequests(): Promise<void> {
  return new Promise(resolve => soon(resolve));
}
