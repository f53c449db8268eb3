/** Human-readable memory sizes for hovers, inlay hints and lenses. */

/** One size format everywhere: common/size.ts. */
export { formatBytes, formatKiB, formatKiBCompact } from '../common/size';

function trim(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
}

export function pagesToKiB(pages: number, pageSizeKiB: number): number {
  return pages * pageSizeKiB;
}

/** 37.5 % with one decimal below 10 %, none above. */
export function formatPercent(part: number, whole: number): string {
  if (!whole || !Number.isFinite(part) || !Number.isFinite(whole)) return '?';
  const p = (part / whole) * 100;
  if (p > 0 && p < 0.1) return '< 0.1 %';
  return `${trim(p, Math.abs(p) < 10 ? 1 : 0)} %`;
}

let countFormat: Intl.NumberFormat | undefined;

/**
 * `n` with en-US thousands separators (1,234,567). Whole numbers are grouped here directly: a
 * hover formats dozens of them and Intl's formatter took most of its time; anything else
 * (fractions, -0, ±Infinity, NaN) goes through Intl, which gives the same text for whole numbers.
 */
export function formatCount(n: number): string {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) {
    const digits = String(Math.abs(n));
    let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
    for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
    return n < 0 ? '-' + out : out;
  }
  countFormat ??= new Intl.NumberFormat('en-US');
  return countFormat.format(n);
}

/** PAGE_COUNTER_MAX as printed for "no limit" on common configurations. */
export function isUnlimitedKiB(kib: number): boolean {
  return kib >= 8589934588 || kib === 9007199254740988;
}

/**
 * What killing a victim gives back, in KiB: its anonymous and shmem resident memory. File pages
 * (file-rss) stay in the page cache and were reclaimable anyway, so they are not counted as freed.
 * The outline, the report view and the Markdown report all use this one definition.
 */
export function freedKiB(v: { anonRssKiB?: number; shmemRssKiB?: number }): number | undefined {
  if (v.anonRssKiB === undefined) return undefined;
  return v.anonRssKiB + (v.shmemRssKiB ?? 0);
}
