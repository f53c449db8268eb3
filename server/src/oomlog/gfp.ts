/**
 * GFP mask decoding per kernel era.
 *
 * Kernels before 4.6 print only the hex mask, and the bit layout of gfp.h changed several
 * times, so the same hex value means different things on different kernels. Each era below
 * is the bit table of include/linux/gfp.h (gfp_types.h from 6.0) of that range, cross-checked
 * against CarstenGrohmann/OOMAnalyser's per-release tables. Composite names are tried first,
 * in the order the kernel's own %pGg printer uses (include/trace/events/mmflags.h), then the
 * single bits; whatever is left is shown as hex.
 */

export interface GfpEra {
  id: string;
  /** Human description of the kernel range. */
  label: string;
  /** Inclusive lower bound [major, minor]. */
  from: [number, number];
  bits: Record<string, number>;
}

/** ≤4.3 (2.6.x, 3.x, RHEL 7's 3.10). */
const ERA_LE_4_3: Record<string, number> = {
  DMA: 0x01, HIGHMEM: 0x02, DMA32: 0x04, MOVABLE: 0x08, WAIT: 0x10, HIGH: 0x20, IO: 0x40, FS: 0x80,
  COLD: 0x100, NOWARN: 0x200, REPEAT: 0x400, NOFAIL: 0x800, NORETRY: 0x1000, MEMALLOC: 0x2000, COMP: 0x4000,
  ZERO: 0x8000, NOMEMALLOC: 0x10000, HARDWALL: 0x20000, THISNODE: 0x40000, RECLAIMABLE: 0x80000,
  ACCOUNT: 0x100000 /* KMEMCG in 3.8–3.16, RHEL 7 __GFP_ACCOUNT */, NOTRACK: 0x200000, NO_KSWAPD: 0x400000,
  OTHER_NODE: 0x800000, WRITE: 0x1000000,
};

/** 4.4–4.9 (Mel Gorman's reclaim-bit rework). */
const ERA_4_4: Record<string, number> = {
  DMA: 0x01, HIGHMEM: 0x02, DMA32: 0x04, MOVABLE: 0x08, RECLAIMABLE: 0x10, HIGH: 0x20, IO: 0x40, FS: 0x80,
  COLD: 0x100, NOWARN: 0x200, REPEAT: 0x400, NOFAIL: 0x800, NORETRY: 0x1000, MEMALLOC: 0x2000, COMP: 0x4000,
  ZERO: 0x8000, NOMEMALLOC: 0x10000, HARDWALL: 0x20000, THISNODE: 0x40000, ATOMIC: 0x80000, ACCOUNT: 0x100000,
  NOTRACK: 0x200000, DIRECT_RECLAIM: 0x400000, OTHER_NODE: 0x800000, WRITE: 0x1000000, KSWAPD_RECLAIM: 0x2000000,
};

/** 4.10–4.17 (__GFP_OTHER_NODE gone; REPEAT became RETRY_MAYFAIL in 4.13). */
const ERA_4_10: Record<string, number> = {
  DMA: 0x01, HIGHMEM: 0x02, DMA32: 0x04, MOVABLE: 0x08, RECLAIMABLE: 0x10, HIGH: 0x20, IO: 0x40, FS: 0x80,
  COLD: 0x100, NOWARN: 0x200, RETRY_MAYFAIL: 0x400, NOFAIL: 0x800, NORETRY: 0x1000, MEMALLOC: 0x2000, COMP: 0x4000,
  ZERO: 0x8000, NOMEMALLOC: 0x10000, HARDWALL: 0x20000, THISNODE: 0x40000, ATOMIC: 0x80000, ACCOUNT: 0x100000,
  NOTRACK: 0x200000, DIRECT_RECLAIM: 0x400000, WRITE: 0x800000, KSWAPD_RECLAIM: 0x1000000, NOLOCKDEP: 0x2000000,
};

/** 4.18–5.0 (COLD and NOTRACK removed, bits compacted). */
const ERA_4_18: Record<string, number> = {
  DMA: 0x01, HIGHMEM: 0x02, DMA32: 0x04, MOVABLE: 0x08, RECLAIMABLE: 0x10, HIGH: 0x20, IO: 0x40, FS: 0x80,
  WRITE: 0x100, NOWARN: 0x200, RETRY_MAYFAIL: 0x400, NOFAIL: 0x800, NORETRY: 0x1000, MEMALLOC: 0x2000,
  COMP: 0x4000, ZERO: 0x8000, NOMEMALLOC: 0x10000, HARDWALL: 0x20000, THISNODE: 0x40000, ATOMIC: 0x80000,
  ACCOUNT: 0x100000, DIRECT_RECLAIM: 0x200000, KSWAPD_RECLAIM: 0x400000, NOLOCKDEP: 0x800000,
};

/** 5.1–6.3 (reordered: ZERO low, reclaim bits low). */
const ERA_5_1: Record<string, number> = {
  DMA: 0x01, HIGHMEM: 0x02, DMA32: 0x04, MOVABLE: 0x08, RECLAIMABLE: 0x10, HIGH: 0x20, IO: 0x40, FS: 0x80,
  ZERO: 0x100, ATOMIC: 0x200, DIRECT_RECLAIM: 0x400, KSWAPD_RECLAIM: 0x800, WRITE: 0x1000, NOWARN: 0x2000,
  RETRY_MAYFAIL: 0x4000, NOFAIL: 0x8000, NORETRY: 0x10000, MEMALLOC: 0x20000, COMP: 0x40000, NOMEMALLOC: 0x80000,
  HARDWALL: 0x100000, THISNODE: 0x200000, ACCOUNT: 0x400000, ZEROTAGS: 0x800000,
};

/** 6.4+ (__GFP_ATOMIC removed, 0x200 left unused; higher bits depend on KASAN/LOCKDEP config). */
const ERA_6_4: Record<string, number> = {
  DMA: 0x01, HIGHMEM: 0x02, DMA32: 0x04, MOVABLE: 0x08, RECLAIMABLE: 0x10, HIGH: 0x20, IO: 0x40, FS: 0x80,
  ZERO: 0x100, DIRECT_RECLAIM: 0x400, KSWAPD_RECLAIM: 0x800, WRITE: 0x1000, NOWARN: 0x2000,
  RETRY_MAYFAIL: 0x4000, NOFAIL: 0x8000, NORETRY: 0x10000, MEMALLOC: 0x20000, COMP: 0x40000, NOMEMALLOC: 0x80000,
  HARDWALL: 0x100000, THISNODE: 0x200000, ACCOUNT: 0x400000, ZEROTAGS: 0x800000,
};

export const GFP_ERAS: GfpEra[] = [
  { id: '6.4+', label: 'Linux 6.4 and later', from: [6, 4], bits: ERA_6_4 },
  { id: '5.1-6.3', label: 'Linux 5.1 to 6.3', from: [5, 1], bits: ERA_5_1 },
  { id: '4.18-5.0', label: 'Linux 4.18 to 5.0', from: [4, 18], bits: ERA_4_18 },
  { id: '4.10-4.17', label: 'Linux 4.10 to 4.17', from: [4, 10], bits: ERA_4_10 },
  { id: '4.4-4.9', label: 'Linux 4.4 to 4.9', from: [4, 4], bits: ERA_4_4 },
  { id: '<=4.3', label: 'Linux 4.3 and earlier (incl. RHEL 7 3.10)', from: [0, 0], bits: ERA_LE_4_3 },
];

/** `3.10.0-957.el7.x86_64` → [3, 10]; undefined when the text has no version. */
export function kernelMajorMinor(release: string | undefined): [number, number] | undefined {
  if (!release) return undefined;
  const m = /^(\d{1,2})\.(\d{1,3})/.exec(release);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function eraFor(release: string | undefined): GfpEra | undefined {
  const v = kernelMajorMinor(release);
  if (!v) return undefined;
  return GFP_ERAS.find(e => v[0] > e.from[0] || (v[0] === e.from[0] && v[1] >= e.from[1]));
}

/** Composite masks in %pGg order, built from an era's bits. */
function composites(b: Record<string, number>): [string, number][] {
  const g = (...names: string[]) => names.reduce((acc, n) => acc | (b[n] ?? 0), 0);
  const reclaim = b.WAIT !== undefined ? g('WAIT') : g('DIRECT_RECLAIM', 'KSWAPD_RECLAIM');
  const kernel = reclaim | g('IO', 'FS');
  const user = kernel | g('HARDWALL');
  const highuserMovable = user | g('HIGHMEM', 'MOVABLE');
  const list: [string, number][] = [];
  if (b.WAIT !== undefined) {
    list.push(['GFP_TRANSHUGE', highuserMovable | g('COMP', 'NOMEMALLOC', 'NORETRY', 'NOWARN', 'NO_KSWAPD')]);
  } else if (b.ATOMIC !== undefined || b.KSWAPD_RECLAIM !== undefined) {
    const light = (highuserMovable | g('COMP', 'NOMEMALLOC', 'NOWARN')) & ~reclaim;
    list.push(['GFP_TRANSHUGE', light | g('DIRECT_RECLAIM')]);
    list.push(['GFP_TRANSHUGE_LIGHT', light]);
  }
  list.push(
    ['GFP_HIGHUSER_MOVABLE', highuserMovable],
    ['GFP_HIGHUSER', user | g('HIGHMEM')],
    ['GFP_USER', user],
    ['GFP_KERNEL_ACCOUNT', kernel | g('ACCOUNT')],
    ['GFP_KERNEL', kernel],
    ['GFP_NOFS', reclaim | g('IO')],
  );
  if (b.WAIT !== undefined) list.push(['GFP_ATOMIC', g('HIGH')]);
  else if (b.ATOMIC !== undefined) list.push(['GFP_ATOMIC', g('HIGH', 'ATOMIC', 'KSWAPD_RECLAIM')]);
  else list.push(['GFP_ATOMIC', g('HIGH', 'KSWAPD_RECLAIM')]);
  list.push(['GFP_NOIO', reclaim]);
  if (b.KSWAPD_RECLAIM !== undefined) list.push(['GFP_NOWAIT', g('KSWAPD_RECLAIM')]);
  return list.filter(([, v]) => v !== 0);
}

export interface GfpDecoded {
  flags: string[];
  /** Bits no name in the era's table covers (0 when fully decoded). */
  unknownBits: number;
  era: GfpEra;
}

/**
 * Decode a hex GFP mask with the table of `era`. Returns composite names first (like the kernel),
 * then `__GFP_*` bits, then leftover bits as hex. `0x0` decodes to no flags.
 */
export function decodeGfp(mask: string | number, era: GfpEra): GfpDecoded | undefined {
  let v = typeof mask === 'number' ? mask : parseHex(mask);
  if (v === undefined) return undefined;
  const flags: string[] = [];
  const t = tablesOf(era);
  for (const [name, bits] of t.composites) {
    if ((v & bits) === bits) { flags.push(name); v &= ~bits; }
  }
  for (const [name, bit] of t.singles) {
    if (v & bit) { flags.push(name); v &= ~bit; }
  }
  if (v) flags.push('0x' + (v >>> 0).toString(16));
  return { flags, unknownBits: v >>> 0, era };
}

/** An era's composite masks and its `__GFP_*` bits in bit order, worked out once per era (every report decodes its mask). */
const TABLES = new WeakMap<GfpEra, { composites: [string, number][]; singles: [string, number][] }>();
function tablesOf(era: GfpEra): { composites: [string, number][]; singles: [string, number][] } {
  let t = TABLES.get(era);
  if (!t) {
    const singles = Object.entries(era.bits).sort((a, b) => a[1] - b[1]).map(([name, bit]): [string, number] => [`__GFP_${name}`, bit]);
    t = { composites: composites(era.bits), singles };
    TABLES.set(era, t);
  }
  return t;
}

function parseHex(s: string): number | undefined {
  const m = /^0x([0-9a-fA-F]{1,8})$/.exec(s.trim());
  return m ? parseInt(m[1], 16) : undefined;
}
