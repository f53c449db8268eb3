/**
 * Giving memory back after a huge document arrives.
 *
 * Opening a 50 MB log passes the text through the transport several times (the raw message
 * bytes, the decoded message, the parsed text): ~200 MB that is garbage a moment later. V8
 * collects it only when it next needs room, and until then the process keeps the memory (the
 * server sat at 6× the document size). After the first analysis of a huge document, and after
 * one closes, we ask for two full collections: one now, and one a second later, once the
 * transport's buffers have been finalised. Measured on the 50 MB bench log: see bench/.
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

let timer: NodeJS.Timeout | undefined;

/** Full collections now (after the current work) and in a second; repeated calls coalesce. */
export function releaseMemorySoon(): void {
  const gc = collector();
  if (!gc) return;
  setImmediate(gc);
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => { timer = undefined; gc(); }, 1000);
  timer.unref();
}
