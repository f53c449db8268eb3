/**
 * GFP allocation flags in plain words, for the report view. Data only: one entry per flag name
 * the kernel prints in `gfp_mask=0x…(…)` (or that the parser decoded from the hex mask).
 */
import { formatKiB } from '../common/size';
import { own } from '../common/lookup';

export const gfpWords: Record<string, string> = {
  GFP_KERNEL: 'ordinary kernel allocation (may sleep, reclaim and do I/O)',
  GFP_KERNEL_ACCOUNT: 'kernel allocation charged to the cgroup of the caller',
  GFP_NOFS: 'kernel allocation that must not call back into file systems',
  GFP_NOIO: 'kernel allocation that must not start disk I/O',
  GFP_ATOMIC: 'atomic allocation (cannot sleep)',
  GFP_NOWAIT: 'allocation that must not wait',
  GFP_USER: 'user-space allocation the kernel touches directly',
  GFP_HIGHUSER: 'user-space page, may come from high memory',
  GFP_HIGHUSER_MOVABLE: 'user-space page (anonymous memory or page cache) that can be migrated — typically a page fault of a process',
  GFP_TRANSHUGE: 'transparent huge page for a process',
  GFP_TRANSHUGE_LIGHT: 'transparent huge page, tried without heavy reclaim',
  GFP_DMA: 'allocation from the DMA zone (low 16 MiB)',
  GFP_DMA32: 'allocation from the DMA32 zone (low 4 GiB)',
  __GFP_COMP: 'compound page (several pages handled as one)',
  __GFP_ZERO: 'page is zeroed before use',
  __GFP_NOWARN: 'failure is expected and not logged',
  __GFP_NORETRY: 'gives up early instead of retrying reclaim',
  __GFP_RETRY_MAYFAIL: 'retries hard but may fail',
  __GFP_NOFAIL: 'must not fail (the kernel keeps retrying)',
  __GFP_ACCOUNT: 'charged to the memory cgroup of the caller',
  __GFP_WRITE: 'page will be written to (page cache write)',
  __GFP_COLD: 'cache-cold page is fine',
  __GFP_HARDWALL: 'limited to the nodes of the cpuset',
  __GFP_THISNODE: 'only from this NUMA node',
  __GFP_MOVABLE: 'page can be migrated',
  __GFP_RECLAIMABLE: 'page can be reclaimed (slab)',
  __GFP_HIGHMEM: 'page may come from high memory',
  __GFP_IO: 'may start disk I/O to free memory',
  __GFP_FS: 'may call into file systems to free memory',
  __GFP_DIRECT_RECLAIM: 'may reclaim memory itself',
  __GFP_KSWAPD_RECLAIM: 'may wake kswapd',
  __GFP_HIGH: 'may dip into emergency reserves',
  __GFP_MEMALLOC: 'may use all reserves',
  __GFP_NOMEMALLOC: 'must not use emergency reserves',
  __GFP_SKIP_KASAN: 'debug (KASAN) marking skipped',
  __GFP_WAIT: 'may sleep and reclaim (old kernels)',
  __GFP_REPEAT: 'retries harder before failing (old kernels)',
  __GFP_NOTRACK: 'not tracked by the kmemcheck debugger',
  __GFP_NO_KSWAPD: 'must not wake kswapd',
  __GFP_OTHER_NODE: 'on behalf of another NUMA node',
  __GFP_ATOMIC: 'caller cannot sleep',
  __GFP_DMA: 'from the DMA zone',
  __GFP_DMA32: 'from the DMA32 zone',
  __GFP_NOLOCKDEP: 'not checked by the lock debugger',
};

/** Words for a list of flag names; unknown names are kept as printed. */
export function gfpInWords(flags: string[]): string[] {
  return flags.map(f => (own(gfpWords, f) ? `${f}: ${own(gfpWords, f)}` : f));
}

/** `order=N` in words: size of the request. */
export function orderInWords(order: number | undefined, pageSizeKiB = 4): string | undefined {
  if (order === undefined) return undefined;
  if (order === -1) return 'manual OOM kill (SysRq-f), not an allocation';
  if (order < 0 || order > 20) return `order ${order}`;
  const kib = pageSizeKiB * 2 ** order;
  const size = formatKiB(kib);
  const pages = order === 0 ? 'one page' : `${2 ** order} contiguous pages`;
  const costly = order > 3 ? ' — a large contiguous request; fragmentation may be the cause rather than total memory' : '';
  return `${pages} (${size})${costly}`;
}
