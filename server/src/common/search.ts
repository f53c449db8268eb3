/** The one binary search of the project. */

/**
 * The first index i in [lo, hi) for which `past(i)` holds, or `hi` when none does. `past` must be
 * false up to some index and true from there on, as `xs[i] >= x` is on an array sorted upwards:
 *  - first element ≥ x: `firstIndex(0, xs.length, i => xs[i] >= x)`;
 *  - last element ≤ x:  `firstIndex(0, xs.length, i => xs[i] > x) - 1` (-1 when none is).
 */
export function firstIndex(lo: number, hi: number, past: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(mid)) hi = mid; else lo = mid + 1;
  }
  return lo;
}
