/**
 * The one way OOM Lens writes a memory size for people: hovers, outline, inlay hints, status bar,
 * report view, Markdown and CLI summaries, sysctl hovers. Binary units, at most three significant
 * digits, trailing zeros dropped: 512 KiB, 120 MiB, 1.5 GiB, 7.15 GiB. Every place that shows a
 * size calls formatKiB / formatBytes, so one value reads the same everywhere.
 *
 * (Exact values from configuration, such as a unit's `MemoryMax=1536M`, are written exactly by
 * unit/values.ts formatBytes: there a rounded figure would misstate what the file says.)
 */

const KI = 1024;
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** n with `digits` decimals, trailing zeros (and a bare point) dropped: 1.50 → 1.5, 3.00 → 3. */
function trim(n: number, digits: number): string {
  const s = n.toFixed(digits);
  if (!s.includes('.')) return s;
  let end = s.length;
  while (s[end - 1] === '0') end--;
  if (s[end - 1] === '.') end--;
  return s.slice(0, end);
}

/** Value and unit (index into UNITS) with three significant digits, carrying 1023.9 MiB over to 1 GiB. */
function scaled(kib: number): { text: string; unit: number } {
  let v = Math.abs(kib);
  let unit = 0;
  while (v >= KI && unit < UNITS.length - 1) { v /= KI; unit++; }
  let text = trim(v, unit === 0 ? (v < 10 ? 1 : 0) : v < 10 ? 2 : v < 100 ? 1 : 0);
  if (Number(text) >= KI && unit < UNITS.length - 1) { unit++; text = trim(Number(text) / KI, 2); }
  return { text, unit };
}

/** 412 MiB, 1.5 GiB, 7.15 GiB, 512 KiB; '?' for a missing or non-finite value. */
export function formatKiB(kib: number | undefined): string {
  if (kib === undefined || !Number.isFinite(kib)) return '?';
  const { text, unit } = scaled(kib);
  return `${kib < 0 && text !== '0' ? '-' : ''}${text} ${UNITS[unit]}`;
}

/** Like formatKiB, from bytes; below 1 KiB the bytes themselves: `512 B`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '?';
  if (Math.abs(bytes) < KI) return `${bytes} B`;
  return formatKiB(bytes / KI);
}

/**
 * The same figure in few characters, for places where width is scarce (task-table inlay hints):
 * 7.15G, 412M, 512K. Same digits as formatKiB; only the unit is shortened.
 */
export function formatKiBCompact(kib: number): string {
  if (!Number.isFinite(kib)) return '?';
  const { text, unit } = scaled(kib);
  return `${kib < 0 && text !== '0' ? '-' : ''}${text}${UNITS[unit][0]}`;
}
