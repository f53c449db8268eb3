/**
 * What every part of an OOM report means, as data: one entry per field key (or per key family),
 * per GFP flag, per constraint value and per fixed phrase. Hover, tokens and the report view
 * look things up here; nothing in this file computes anything.
 *
 * Field keys come from the parser (model.ts `Field.key`), e.g. `killed.anon-rss`, `task.rss`,
 * `meminfo.active_anon`, `zone.min`, `memcg.stat.anon`.
 */
import type { Unit } from './model';
import { own } from '../common/lookup';

export interface FieldDoc {
  title: string;
  /** 1–3 sentences an on-call engineer understands. */
  meaning: string;
  unit?: Unit;
  notes?: string[];
}

const PAGES: Unit = 'pages';
const KB: Unit = 'kB';

/** Exact field keys. */
export const FIELD_DOCS: Record<string, FieldDoc> = {
  // ---- trigger line ------------------------------------------------------------------------
  'trigger.comm': {
    title: 'Allocating task',
    meaning: 'The process that asked for memory and could not get it. It started the OOM killer, but it is usually NOT the process that got killed.',
  },
  'trigger.gfp_mask': {
    title: 'Allocation flags (gfp_mask)',
    meaning: 'How the failed allocation was allowed to get memory: whether it could sleep, do I/O, touch the file system, use high memory, and which zone it wanted.',
  },
  'trigger.order': {
    title: 'Allocation order',
    meaning: 'Size of the failed request: 2^order contiguous pages. Order 0 is a single page.',
    notes: [
      'Orders above 3 are "costly": the kernel normally gives up on them instead of killing, unless `__GFP_NOFAIL` is set.',
      'Order -1 means the OOM killer was started by hand (SysRq-f), not by a failed allocation.',
    ],
  },
  'trigger.oom_score_adj': {
    title: 'oom_score_adj of the allocating task',
    meaning: 'The OOM preference of the task that triggered the OOM (not of the victim). Range -1000..1000.',
  },
  'trigger.oom_adj': {
    title: 'Legacy oom_adj of the allocating task',
    meaning: 'Old-style OOM preference, -17..15. -17 disabled OOM killing for the task. Replaced by oom_score_adj in 2.6.36.',
  },
  'trigger.oomkilladj': {
    title: 'Legacy oomkilladj of the allocating task',
    meaning: 'The oldest form of the OOM preference (2.6.19–2.6.30), -17..15; -17 meant never kill.',
  },
  'trigger.nodemask': {
    title: 'Allowed NUMA nodes',
    meaning: 'NUMA nodes the allocation was allowed to use. `(null)` means no memory-policy restriction.',
  },
  'trigger.gfp_flags': {
    title: 'Allocation flags, decoded by the kernel',
    meaning: 'The gfp_mask spelled out as flag names (4.6+). Composite names like GFP_KERNEL come first, then single `__GFP_*` bits.',
  },
  'trigger.pid': { title: 'PID of the allocating task', meaning: 'Process id of the task that hit the OOM.' },

  // ---- CPU / Pid line (dump_stack) ---------------------------------------------------------
  'cpu.line': {
    title: 'Stack dump header',
    meaning: 'Which CPU and task were running when the OOM was reported, the taint flags and the exact kernel release.',
  },
  'cpu.cpu': { title: 'CPU number', meaning: 'The CPU the allocating task was running on when the report was printed.', unit: 'count' },
  'cpu.pid': { title: 'PID of the allocating task', meaning: 'Process id of the task that triggered the OOM (the allocating task, not the victim).' },
  'cpu.uid': { title: 'UID of the allocating task', meaning: 'User id of the task that triggered the OOM (6.11+ prints it here).' },
  'cpu.comm': { title: 'Allocating task name', meaning: 'Command name of the task that triggered the OOM.' },
  'cpu.kernel': { title: 'Kernel release', meaning: 'The running kernel release. Field formats and the victim-selection math depend on it.' },
  'cpu.release': { title: 'Kernel release', meaning: 'The running kernel release. Field formats and the victim-selection math depend on it.' },
  'cpu.taint': {
    title: 'Taint flags',
    meaning: '`Not tainted` or the kernel taint letters (e.g. `G` proprietary module not loaded, `W` a warning happened earlier, `O` out-of-tree module, `B` bad page seen).',
  },

  // ---- cpuset line -------------------------------------------------------------------------
  'cpuset.comm': { title: 'Allocating task', meaning: 'The task that triggered the OOM, repeated on the cpuset line.' },
  'cpuset.cpuset': {
    title: 'cpuset of the allocating task',
    meaning: 'Last path component of the cpuset cgroup the allocating task lives in (`/` is the root). On container hosts this is often the container id.',
  },
  'cpuset.mems_allowed': { title: 'mems_allowed', meaning: 'NUMA nodes the allocating task\'s cpuset may allocate from.' },

  // ---- oom-kill: summary (5.0+) --------------------------------------------------------------
  'summary.constraint': {
    title: 'OOM constraint',
    meaning: 'What ran out: the whole machine, a cpuset, a NUMA memory policy or a memory cgroup limit. It decides which tasks were candidates and what "100 %" means for the badness score.',
  },
  'summary.nodemask': { title: 'Allocation nodemask', meaning: 'NUMA nodes the failed allocation could use; `(null)` unless a memory policy restricted it.' },
  'summary.cpuset': { title: 'cpuset of the allocating task', meaning: 'Basename of the allocating task\'s cpuset cgroup.' },
  'summary.mems_allowed': { title: 'mems_allowed', meaning: 'NUMA nodes the allocating task\'s cpuset allows.' },
  'summary.oom_memcg': {
    title: 'Cgroup that hit its limit',
    meaning: 'The memory cgroup whose limit was exceeded. Everything below it was a kill candidate; this is the limit to raise (or the workload to shrink).',
  },
  'summary.task_memcg': {
    title: 'Victim\'s cgroup',
    meaning: 'The memory cgroup of the killed task. It can be a child of the cgroup that hit the limit.',
  },
  'summary.global_oom': { title: 'Global OOM', meaning: 'The whole machine ran out of memory; no cgroup limit was involved.' },
  'summary.task': { title: 'Victim name', meaning: 'Command name of the process the OOM killer chose.' },
  'summary.pid': { title: 'Victim PID', meaning: 'Process id of the process the OOM killer chose.' },
  'summary.uid': { title: 'Victim UID', meaning: 'User id of the victim, as seen from the host (container-mapped UIDs show their host value).' },

  // ---- memcg block -------------------------------------------------------------------------
  'memcg.task_in': { title: 'Victim\'s cgroup', meaning: 'Memory cgroup the victim belonged to (`Task in …`).' },
  'memcg.limit_of': {
    title: 'Cgroup that hit its limit',
    meaning: 'The memory cgroup whose limit was reached. With hierarchical accounting this may be a parent of the victim\'s cgroup.',
  },
  'memcg.stats_for': { title: 'Memory cgroup stats', meaning: 'Start of the per-cgroup memory breakdown for this cgroup.' },
  'memcg.stats_path': { title: 'Cgroup of this breakdown', meaning: 'The memory cgroup whose memory.stat counters follow. Several of these blocks appear when the cgroup has children.' },
  'memcg.limit_reached': { title: 'Cgroup that hit its limit', meaning: 'The memory cgroup whose limit was reached when no victim could be named yet.' },
  'memcg.min_protection': { title: 'memory.min protection', meaning: 'Sum of the effective memory.min of the children: memory the kernel would not reclaim from them.', unit: KB },
  'memcg.low_protection': { title: 'memory.low protection', meaning: 'Sum of the effective memory.low of the children: memory reclaimed from them only as a last resort.', unit: KB },

  // ---- Mem-Info singletons ----------------------------------------------------------------
  'swap.free': {
    title: 'Free swap',
    meaning: 'Swap space still free when the OOM happened. 0 means swap was full (or absent) so nothing more could be pushed out.',
    unit: KB,
    notes: ['The counter is signed and can be slightly negative on a racing system; read it as "full".'],
  },
  'swap.total': { title: 'Total swap', meaning: 'Size of all active swap devices. 0 means the machine has no swap.', unit: KB },
  'pages.ram': {
    title: 'Pages of RAM',
    meaning: 'Physical memory present, in pages. Multiply by the page size for bytes; the kernel can use this minus the reserved pages.',
    unit: PAGES,
  },
  'pages.reserved': {
    title: 'Reserved pages',
    meaning: 'RAM the page allocator never got (firmware, kernel image, crash kernel, early allocations).',
    unit: PAGES,
  },
  'pages.highmem': { title: 'HighMem / movable-only pages', meaning: 'Pages only usable for high-memory or movable allocations.', unit: PAGES },
  'pages.cma': { title: 'CMA reserved pages', meaning: 'Pages set aside for the contiguous memory allocator.', unit: PAGES },
  'pages.hwpoisoned': { title: 'Hardware-poisoned pages', meaning: 'Pages taken out of service after memory errors.', unit: PAGES },
  'pages.shared': { title: 'Shared pages', meaning: 'Pages mapped by more than one process (old kernels).', unit: PAGES },
  'pages.non-shared': { title: 'Non-shared pages', meaning: 'Pages mapped by one process only (old kernels).', unit: PAGES },
  'pages.swap_cache': { title: 'Pages in swap cache', meaning: 'Pages that are both in RAM and in swap.', unit: PAGES },
  'pages.non_shared': { title: 'Non-shared pages', meaning: 'Pages mapped by one process only (old kernels).', unit: PAGES },
  'pages.cma_reserved': { title: 'CMA reserved pages', meaning: 'Pages set aside for the contiguous memory allocator.', unit: PAGES },
  'suppressed.count': {
    title: 'Suppressed messages',
    meaning: 'How many earlier messages (often whole OOM reports) the kernel dropped to avoid flooding the log. More OOMs happened than the log shows.',
    unit: 'count',
  },
  'chosen.message': { title: 'OOM type', meaning: '`Out of memory` for a machine-wide OOM, `Memory cgroup out of memory` when a cgroup limit was hit.' },
  'killed.message': {
    title: 'OOM type',
    meaning: '`Out of memory` for a machine-wide OOM, `Memory cgroup out of memory` when a cgroup limit was hit, `(oom_kill_allocating_task)` when the allocating task itself was killed.',
  },
  'pagecache.total': {
    title: 'Page cache',
    meaning: 'File-backed pages in memory, including tmpfs/shmem and swap cache. Clean file pages are reclaimable, shmem is not (without swap).',
    unit: PAGES,
  },
  'swapcache.pages': { title: 'Pages in swap cache', meaning: 'Pages that are both in RAM and in swap.', unit: PAGES },
  'buddy.total': {
    title: 'Free memory in this zone (buddy lists)',
    meaning: 'Total of the free blocks listed on this line. Many small blocks and no large ones means memory is fragmented.',
    unit: KB,
  },
  'zone.lowmem_reserve': {
    title: 'lowmem_reserve',
    meaning: 'Pages this zone keeps back from allocations that could have been served by higher zones, one column per zone type.',
    unit: PAGES,
  },

  // ---- chosen / killed / reaper lines --------------------------------------------------------
  'chosen.pid': {
    title: 'Selected task PID',
    meaning: 'The task with the highest badness. On kernels up to 5.0 the kernel may then kill one of its children instead ("or sacrifice child").',
  },
  'chosen.comm': { title: 'Selected task', meaning: 'Name of the task with the highest badness score.' },
  'chosen.score': {
    title: 'Badness score',
    meaning: 'The selected task\'s badness scaled to 0–1000 of the allowed memory (RAM+swap, or the cgroup limit), including oom_score_adj. It can exceed 1000 slightly when the task also uses swap beyond the limit.',
  },
  'killed.pid': { title: 'Victim PID', meaning: 'Process id that received SIGKILL from the OOM killer.' },
  'killed.comm': { title: 'Victim', meaning: 'Command name of the killed process.' },
  'killed.total-vm': {
    title: 'Virtual size',
    meaning: 'Address space the victim had reserved. Not memory in use: large values are normal for JVMs and Go programs.',
    unit: KB,
  },
  'killed.anon-rss': {
    title: 'Anonymous resident memory',
    meaning: 'Heap, stacks and private mappings of the victim that were in RAM: the memory that is freed by killing it.',
    unit: KB,
  },
  'killed.file-rss': {
    title: 'File-backed resident memory',
    meaning: 'Mapped files (binaries, libraries, mmapped data) the victim had in RAM. These pages are shared or reclaimable, so killing frees less than this.',
    unit: KB,
  },
  'killed.shmem-rss': {
    title: 'Shared-memory resident memory',
    meaning: 'tmpfs / SysV / shared anonymous memory mapped by the victim. It is only freed if no one else still maps it and no tmpfs file holds it.',
    unit: KB,
  },
  'killed.UID': { title: 'Victim UID', meaning: 'User id of the killed process, as seen from the host.' },
  'killed.pgtables': {
    title: 'Page tables',
    meaning: 'Memory the victim used for its page tables.',
    unit: KB,
    notes: ['Kernels 5.4.0–5.4.5 (and 5.5-rc) printed BYTES here with a `kB` label; divide by 1024 on those kernels.'],
  },
  'killed.oom_score_adj': { title: 'oom_score_adj of the victim', meaning: 'The victim\'s OOM preference, -1000..1000.' },
  'reaper.pid': { title: 'Reaped PID', meaning: 'The victim whose memory the oom_reaper thread freed.' },
  'reaper.comm': { title: 'Reaped task', meaning: 'Name of the victim whose memory was reaped.' },
  'reaper.anon-rss': {
    title: 'Anonymous memory left after reaping',
    meaning: 'What remained of the victim\'s anonymous memory after the reaper ran; normally 0.',
    unit: KB,
  },
  'reaper.file-rss': {
    title: 'File memory left after reaping',
    meaning: 'File-backed pages still mapped after reaping; often non-zero because the reaper leaves shared file pages alone.',
    unit: KB,
  },
  'reaper.shmem-rss': { title: 'Shared memory left after reaping', meaning: 'Shared memory still mapped after reaping.', unit: KB },
  'group.path': {
    title: 'memory.oom.group cgroup',
    meaning: 'This cgroup has memory.oom.group=1, so every process in it is killed together, not just the worst one.',
  },
};

/** Counter names of the memcg `memory:` / `memory+swap:` / `kmem:` / `swap:` lines. */
export const MEMCG_COUNTERS: Record<string, { title: string; meaning: string }> = {
  memory: { title: 'memory', meaning: 'RAM charged to the cgroup (memory.max / memory.limit_in_bytes).' },
  'memory+swap': { title: 'memory+swap', meaning: 'RAM plus swap charged to the cgroup (cgroup v1 memory.memsw.*). On cgroup v2 kernels before 5.3 the line is printed but meaningless.' },
  kmem: { title: 'kmem', meaning: 'Kernel memory charged to the cgroup (cgroup v1 memory.kmem.*): slab, stacks, page tables.' },
  swap: { title: 'swap', meaning: 'Swap charged to the cgroup (cgroup v2 memory.swap.*).' },
};

/** Attributes of those counters. */
export const MEMCG_ATTRS: Record<string, { title: string; meaning: string; unit: Unit; notes?: string[] }> = {
  usage: { title: 'usage', meaning: 'What the cgroup had charged when the OOM happened.', unit: KB },
  limit: {
    title: 'limit',
    meaning: 'The configured limit.',
    unit: KB,
    notes: ['`9007199254740988kB` (or `8589934588kB` on 32-bit, `18014398509481983kB` on some old kernels) means unlimited.'],
  },
  failcnt: {
    title: 'failcnt',
    meaning: 'How many times a charge ran into the limit since the cgroup was created. A high value means the limit is hit constantly, not just once.',
    unit: 'count',
  },
};

/** Global Mem-Info counters (`meminfo.<key>`), unit pages. */
export const MEMINFO_DOCS: Record<string, { title: string; meaning: string }> = {
  active_anon: { title: 'Active anonymous', meaning: 'Recently used process memory (heap, stacks). Can only be freed by swapping it out.' },
  inactive_anon: { title: 'Inactive anonymous', meaning: 'Process memory not used lately; the first to be swapped out, if there is swap.' },
  isolated_anon: { title: 'Isolated anonymous', meaning: 'Anonymous pages temporarily taken off the LRU lists for reclaim or migration.' },
  active_file: { title: 'Active file cache', meaning: 'Recently used file cache. Reclaimable, but the kernel prefers the inactive list first.' },
  inactive_file: { title: 'Inactive file cache', meaning: 'File cache not used lately: the cheapest memory to reclaim.' },
  isolated_file: { title: 'Isolated file', meaning: 'File pages temporarily taken off the LRU lists for reclaim or migration.' },
  unevictable: { title: 'Unevictable', meaning: 'Pages that cannot be reclaimed at all: mlock()ed memory, ramfs, locked shm segments.' },
  dirty: { title: 'Dirty', meaning: 'File pages modified in memory and not yet written back.' },
  writeback: { title: 'Writeback', meaning: 'File pages being written to disk right now.' },
  unstable: { title: 'NFS unstable', meaning: 'Pages sent to an NFS server but not committed to stable storage yet.' },
  slab_reclaimable: { title: 'Reclaimable slab', meaning: 'Kernel caches that can be shrunk, mostly dentries and inodes.' },
  slab_unreclaimable: { title: 'Unreclaimable slab', meaning: 'Kernel object memory that cannot be freed on demand. A huge value points at a kernel or driver leak.' },
  mapped: { title: 'Mapped file', meaning: 'File cache pages mapped into some process.' },
  shmem: { title: 'Shared memory / tmpfs', meaning: 'tmpfs, /dev/shm, SysV shm and shared anonymous memory. Not freed by killing a process while files or other mappers hold it.' },
  pagetables: { title: 'Page tables', meaning: 'Memory used for page tables of all processes.' },
  sec_pagetables: { title: 'Secondary page tables', meaning: 'Page tables for KVM guests and IOMMUs.' },
  bounce: { title: 'Bounce buffers', meaning: 'Pages used to copy I/O for devices that cannot reach all memory.' },
  kernel_misc_reclaimable: { title: 'Misc reclaimable kernel memory', meaning: 'Other kernel allocations marked reclaimable (e.g. ION buffers).' },
  free: { title: 'Free', meaning: 'Free pages across all zones. Can look large while a particular zone or node is exhausted.' },
  free_pcp: { title: 'Free per-CPU pages', meaning: 'Free pages held in per-CPU caches.' },
  free_cma: { title: 'Free CMA', meaning: 'Free pages in the contiguous memory area, usable only for movable allocations.' },
};

/** Per-node (`node.<key>`, kB) and per-zone (`zone.<key>`, kB) Mem-Info fields. */
export const NODE_ZONE_DOCS: Record<string, { title: string; meaning: string; unit?: Unit }> = {
  ...MEMINFO_DOCS,
  'isolated(anon)': { title: 'Isolated anonymous', meaning: 'Anonymous pages temporarily off the LRU lists.' },
  'isolated(file)': { title: 'Isolated file', meaning: 'File pages temporarily off the LRU lists.' },
  shmem_thp: { title: 'shmem huge pages', meaning: 'Shared memory backed by transparent huge pages.' },
  shmem_pmdmapped: { title: 'shmem mapped huge', meaning: 'Shared memory mapped with huge-page entries.' },
  anon_thp: { title: 'Anonymous huge pages', meaning: 'Process memory backed by transparent huge pages.' },
  writeback_tmp: { title: 'Writeback (FUSE)', meaning: 'Temporary buffers used for writeback by FUSE.' },
  pages_scanned: { title: 'Pages scanned', meaning: 'Pages reclaim scanned without success (old kernels).', unit: 'count' },
  kernel_stack: { title: 'Kernel stacks', meaning: 'Memory used by kernel stacks of all threads.' },
  shadow_call_stack: { title: 'Shadow call stacks', meaning: 'Memory used by shadow call stacks (arm64 CFI).' },
  'all_unreclaimable?': { title: 'all_unreclaimable?', meaning: '`yes` means reclaim failed repeatedly on this node: the kernel gave up finding memory to free here.', unit: 'none' },
  all_unreclaimable: { title: 'all_unreclaimable?', meaning: '`yes` means reclaim failed repeatedly on this node: the kernel gave up finding memory to free here.', unit: 'none' },
  free: { title: 'Free', meaning: 'Free memory here. The kernel refuses normal allocations once free falls below `min`.' },
  min: { title: 'min watermark', meaning: 'Below this, only emergency (atomic/reclaim) allocations may take memory; normal ones must reclaim first.' },
  low: { title: 'low watermark', meaning: 'Below this, kswapd wakes up and starts reclaiming in the background.' },
  high: { title: 'high watermark', meaning: 'kswapd stops reclaiming once free memory is back above this.' },
  boost: { title: 'Watermark boost', meaning: 'Temporary raise of the watermarks after fragmentation events.' },
  reserved_highatomic: { title: 'Reserved for high-order atomic', meaning: 'Memory kept back for high-order atomic allocations.' },
  free_highatomic: { title: 'Free high-order atomic reserve', meaning: 'Free part of the high-order atomic reserve.' },
  writepending: { title: 'Write pending', meaning: 'Dirty plus writeback pages in this zone.' },
  present: { title: 'Present', meaning: 'Physical memory in this zone.' },
  managed: { title: 'Managed', meaning: 'Memory in this zone handed to the page allocator (present minus reserved).' },
  mlocked: { title: 'mlocked', meaning: 'Memory locked with mlock(); it cannot be reclaimed.' },
  local_pcp: { title: 'Local per-CPU free', meaning: 'Free pages in the per-CPU cache of the CPU that printed the report.' },
  zspages: { title: 'zsmalloc pages', meaning: 'Memory used by zsmalloc (zram/zswap) in this zone.' },
  Balloon: { title: 'Balloon', meaning: 'Memory taken by a virtual-machine balloon driver.' },
  gpu_active: { title: 'GPU active', meaning: 'Memory in use by GPU drivers.' },
  gpu_reclaim: { title: 'GPU reclaimable', meaning: 'GPU driver memory that can be reclaimed.' },
  slab_reclaimable: { title: 'Reclaimable slab', meaning: 'Shrinkable kernel caches in this zone.' },
  slab_unreclaimable: { title: 'Unreclaimable slab', meaning: 'Kernel objects in this zone that cannot be freed on demand.' },
};

/** Hugepage line (`hugepages.<key>`). */
export const HUGEPAGE_DOCS: Record<string, { title: string; meaning: string; unit: Unit }> = {
  hugepages_total: { title: 'Huge pages (total)', meaning: 'Preallocated hugetlbfs pages on this node. They are never available to normal allocations, even when free.', unit: 'count' },
  hugepages_free: { title: 'Huge pages free', meaning: 'Preallocated huge pages nobody is using: memory that is reserved but idle.', unit: 'count' },
  hugepages_surp: { title: 'Surplus huge pages', meaning: 'Huge pages allocated beyond the configured pool (overcommit).', unit: 'count' },
  hugepages_size: { title: 'Huge page size', meaning: 'Size of one huge page of this pool.', unit: KB },
};

/** memory.stat keys printed in the memcg block (`memcg.stat.<key>`). v1 one-line form is KB, 5.3+ form is bytes. */
export const MEMCG_STAT_DOCS: Record<string, { title: string; meaning: string }> = {
  anon: { title: 'anon', meaning: 'Anonymous memory (heap, stacks, private mappings) of the cgroup. The usual cause of a memcg OOM.' },
  file: { title: 'file', meaning: 'Page cache charged to the cgroup; mostly reclaimable.' },
  kernel: { title: 'kernel', meaning: 'All kernel memory charged to the cgroup.' },
  kernel_stack: { title: 'kernel_stack', meaning: 'Kernel stacks of the cgroup\'s threads. Grows with thread count.' },
  pagetables: { title: 'pagetables', meaning: 'Page tables of the cgroup\'s processes.' },
  sec_pagetables: { title: 'sec_pagetables', meaning: 'Secondary page tables (KVM, IOMMU).' },
  percpu: { title: 'percpu', meaning: 'Per-CPU kernel memory charged to the cgroup.' },
  sock: { title: 'sock', meaning: 'Network socket buffers charged to the cgroup.' },
  vmalloc: { title: 'vmalloc', meaning: 'vmalloc memory charged to the cgroup.' },
  shmem: { title: 'shmem', meaning: 'tmpfs and shared memory charged to the cgroup. Not freed by killing processes while files remain (e.g. /dev/shm in a container).' },
  zswap: { title: 'zswap', meaning: 'Memory used by the compressed swap cache for this cgroup.' },
  zswapped: { title: 'zswapped', meaning: 'Amount of the cgroup\'s memory held compressed in zswap (uncompressed size).' },
  file_mapped: { title: 'file_mapped', meaning: 'Page cache mapped into processes.' },
  file_dirty: { title: 'file_dirty', meaning: 'Page cache modified and not yet written back.' },
  file_writeback: { title: 'file_writeback', meaning: 'Page cache being written back.' },
  swapcached: { title: 'swapcached', meaning: 'Memory in the swap cache (in RAM and in swap).' },
  anon_thp: { title: 'anon_thp', meaning: 'Anonymous memory backed by transparent huge pages.' },
  file_thp: { title: 'file_thp', meaning: 'Page cache backed by huge pages.' },
  shmem_thp: { title: 'shmem_thp', meaning: 'Shared memory backed by huge pages.' },
  inactive_anon: { title: 'inactive_anon', meaning: 'Anonymous memory not used lately; swappable first.' },
  active_anon: { title: 'active_anon', meaning: 'Recently used anonymous memory.' },
  inactive_file: { title: 'inactive_file', meaning: 'Page cache not used lately; cheapest to reclaim.' },
  active_file: { title: 'active_file', meaning: 'Recently used page cache.' },
  unevictable: { title: 'unevictable', meaning: 'Memory that cannot be reclaimed (mlock, locked shm).' },
  slab_reclaimable: { title: 'slab_reclaimable', meaning: 'Shrinkable kernel caches (dentries, inodes).' },
  slab_unreclaimable: { title: 'slab_unreclaimable', meaning: 'Kernel objects that cannot be freed on demand.' },
  slab: { title: 'slab', meaning: 'All slab memory of the cgroup.' },
  pgfault: { title: 'pgfault', meaning: 'Page faults since the cgroup was created (count).' },
  pgmajfault: { title: 'pgmajfault', meaning: 'Page faults that needed I/O (count). Many of these mean thrashing.' },
  workingset_refault: { title: 'workingset_refault', meaning: 'Evicted pages that were needed again soon (count): a sign of memory pressure.' },
  workingset_activate: { title: 'workingset_activate', meaning: 'Refaulted pages that went straight back to the active list (count).' },
  workingset_nodereclaim: { title: 'workingset_nodereclaim', meaning: 'Times shadow entries were reclaimed (count).' },
  pgrefill: { title: 'pgrefill', meaning: 'Pages scanned on the active lists (count).' },
  pgscan: { title: 'pgscan', meaning: 'Pages scanned by reclaim (count).' },
  pgsteal: { title: 'pgsteal', meaning: 'Pages actually reclaimed (count).' },
  thp_fault_alloc: { title: 'thp_fault_alloc', meaning: 'Huge pages allocated at fault time (count).' },
  thp_collapse_alloc: { title: 'thp_collapse_alloc', meaning: 'Huge pages allocated by khugepaged collapsing (count).' },
  // cgroup v1 names
  cache: { title: 'cache (v1)', meaning: 'Page cache charged to the cgroup, including tmpfs. Mostly reclaimable, except the shmem part.' },
  rss: { title: 'rss (v1)', meaning: 'Anonymous memory and swap cache of the cgroup (not the same as a process RSS). The usual cause of a memcg OOM.' },
  rss_huge: { title: 'rss_huge (v1)', meaning: 'Anonymous memory backed by transparent huge pages.' },
  mapped_file: { title: 'mapped_file (v1)', meaning: 'Page cache mapped into processes.' },
  dirty: { title: 'dirty (v1)', meaning: 'Page cache waiting to be written back. Lots of dirty pages near the limit make reclaim slow.' },
  writeback: { title: 'writeback (v1)', meaning: 'Page cache being written back.' },
  swap: { title: 'swap (v1)', meaning: 'Swap used by the cgroup.' },
  hierarchical_memory_limit: { title: 'hierarchical_memory_limit', meaning: 'The tightest memory limit on the path to the root.' },
  hierarchical_memsw_limit: { title: 'hierarchical_memsw_limit', meaning: 'The tightest memory+swap limit on the path to the root.' },
};

/** Task table columns (`task.<column>` and `task.header.<column>`). */
export const TASK_COLUMN_DOCS: Record<string, FieldDoc> = {
  pid: { title: 'pid', meaning: 'Id of the thread that owns the address space (usually the same as tgid).' },
  uid: { title: 'uid', meaning: 'Real user id, as seen from the host (container user namespaces show mapped ids like 231072).' },
  tgid: { title: 'tgid', meaning: 'Process id (thread group id).' },
  total_vm: { title: 'total_vm', meaning: 'Virtual size in pages. Reserved address space, not memory in use.', unit: PAGES },
  rss: { title: 'rss', meaning: 'Resident memory in pages: anonymous + file + shmem. This is the main input of the badness score.', unit: PAGES },
  rss_anon: { title: 'rss_anon', meaning: 'Resident anonymous memory in pages (6.8+).', unit: PAGES },
  rss_file: { title: 'rss_file', meaning: 'Resident file-backed memory in pages (6.8+).', unit: PAGES },
  rss_shmem: { title: 'rss_shmem', meaning: 'Resident shared memory in pages (6.8+).', unit: PAGES },
  nr_ptes: { title: 'nr_ptes', meaning: 'Number of page-table pages (up to 4.14). Counts toward badness.', unit: PAGES },
  nr_pmds: { title: 'nr_pmds', meaning: 'Number of PMD-level page-table pages (4.1–4.14). Counts toward badness.', unit: PAGES },
  pgtables_bytes: { title: 'pgtables_bytes', meaning: 'Page-table memory in bytes (4.15+). Counts toward badness after dividing by the page size.', unit: 'bytes' },
  swapents: { title: 'swapents', meaning: 'Pages of this process that are in swap. Counts toward badness like resident memory.', unit: PAGES },
  oom_score_adj: {
    title: 'oom_score_adj',
    meaning: 'Per-process OOM preference, -1000..1000, added to the badness as that many thousandths of the allowed memory.',
    notes: ['-1000 = never killed; 1000 = killed first.'],
  },
  oom_adj: { title: 'oom_adj (legacy)', meaning: 'Old OOM preference, -17..15; -17 disables OOM killing for the task.' },
  cpu: { title: 'cpu', meaning: 'CPU the task last ran on (old kernels).' },
  name: { title: 'name', meaning: 'Command name (comm), at most 15 characters; may contain spaces.' },
  state: { title: 'state', meaning: 'Scheduler state printed by some vendor kernels (R running, S sleeping, D uninterruptible).' },
};

/** Values of `constraint=` (5.0+) and what they mean for the kill. */
export const CONSTRAINT_DOCS: Record<string, string> = {
  CONSTRAINT_NONE: 'Global OOM: the whole machine (RAM + swap) was exhausted. Every process was a candidate.',
  CONSTRAINT_CPUSET: 'The allocating task\'s cpuset ran out of memory on its allowed NUMA nodes; only tasks sharing those nodes were candidates.',
  CONSTRAINT_MEMORY_POLICY: 'A NUMA memory policy (mbind/set_mempolicy) restricted the allocation to nodes that ran out.',
  CONSTRAINT_MEMCG: 'A memory cgroup hit its limit. Only processes in that cgroup were candidates; the rest of the machine may have had plenty of memory.',
};

/** GFP flags and composite masks, as printed between the parentheses of gfp_mask. */
export const GFP_DOCS: Record<string, string> = {
  // composite masks
  GFP_KERNEL: 'Normal kernel allocation: may sleep, do I/O and enter the file system to reclaim.',
  GFP_KERNEL_ACCOUNT: 'GFP_KERNEL, charged to the caller\'s memory cgroup (page tables, kernel stacks, many kernel objects).',
  GFP_ATOMIC: 'Cannot sleep (interrupt or spinlock context); may dip into emergency reserves.',
  GFP_NOWAIT: 'Cannot sleep and does not use emergency reserves; fails fast.',
  GFP_NOIO: 'May sleep but must not start I/O (used inside the block layer to avoid deadlocks).',
  GFP_NOFS: 'May sleep and do I/O but must not call into the file system (used by file systems themselves).',
  GFP_USER: 'Memory for user space that the kernel also touches; obeys cpuset limits.',
  GFP_DMA: 'Must come from the DMA zone (first 16 MiB on x86).',
  GFP_DMA32: 'Must come from below 4 GiB (DMA32 zone).',
  GFP_HIGHUSER: 'User-space memory that may live in high memory.',
  GFP_HIGHUSER_MOVABLE: 'Ordinary user-space page (heap, page cache): may come from any zone and can be migrated. The typical "an application needed RAM" OOM.',
  GFP_TRANSHUGE: 'A transparent huge page allocated at fault time: tries reclaim and compaction.',
  GFP_TRANSHUGE_LIGHT: 'A transparent huge page that gives up quickly instead of reclaiming hard.',
  GFP_TEMPORARY: 'Short-lived kernel allocation (old kernels, same as GFP_KERNEL with reclaimable placement).',
  GFP_IOFS: 'May do I/O and file-system calls (old kernels).',
  // single bits
  __GFP_DMA: 'Zone modifier: allocate from ZONE_DMA.',
  __GFP_HIGHMEM: 'Zone modifier: high memory is acceptable.',
  __GFP_DMA32: 'Zone modifier: allocate below 4 GiB.',
  __GFP_MOVABLE: 'The page can be migrated or reclaimed; placed with other movable pages to limit fragmentation.',
  __GFP_RECLAIMABLE: 'Slab memory that can be reclaimed by a shrinker.',
  __GFP_HIGH: 'High priority: may use part of the emergency reserve.',
  __GFP_IO: 'May start physical I/O to free memory.',
  __GFP_FS: 'May call into the file system to free memory.',
  __GFP_ZERO: 'Return zero-filled memory.',
  __GFP_ATOMIC: 'Caller cannot reclaim or sleep (removed in 6.3).',
  __GFP_DIRECT_RECLAIM: 'Caller may reclaim memory itself (and sleep doing it).',
  __GFP_KSWAPD_RECLAIM: 'Wake kswapd to reclaim in the background when memory runs low.',
  __GFP_RECLAIM: 'Direct reclaim and kswapd wake-up both allowed.',
  __GFP_WAIT: 'Caller may sleep and reclaim (up to 4.3; later split into DIRECT_RECLAIM/KSWAPD_RECLAIM).',
  __GFP_WRITE: 'The page will be written to soon (page cache); spread dirty pages across zones.',
  __GFP_NOWARN: 'Do not print an allocation-failure warning.',
  __GFP_RETRY_MAYFAIL: 'Try hard, but give up rather than OOM-kill.',
  __GFP_REPEAT: 'Retry a few times before failing (old kernels).',
  __GFP_NOFAIL: 'The allocation must not fail: the kernel keeps retrying and OOM-kills if needed, even for large orders.',
  __GFP_NORETRY: 'Fail quickly; do not OOM-kill.',
  __GFP_MEMALLOC: 'May use all emergency reserves (for code that frees memory).',
  __GFP_NOMEMALLOC: 'Never use emergency reserves.',
  __GFP_COMP: 'Compound page: a multi-page block managed as one unit (huge pages, large slabs).',
  __GFP_HARDWALL: 'Enforce the cpuset memory limits strictly.',
  __GFP_THISNODE: 'Only the requested NUMA node; no fallback.',
  __GFP_ACCOUNT: 'Charge the allocation to the caller\'s memory cgroup.',
  __GFP_COLD: 'Cache-cold page is fine (removed in 4.15).',
  __GFP_NOTRACK: 'Skip kmemcheck tracking (old kernels).',
  __GFP_NO_KSWAPD: 'Do not wake kswapd (old kernels).',
  __GFP_OTHER_NODE: 'Allocated on behalf of another node (old kernels).',
  __GFP_NOLOCKDEP: 'Exclude from lockdep reclaim tracking (debug kernels only).',
  __GFP_ZEROTAGS: 'Zero memory tags together with the page (arm64 MTE).',
  __GFP_SKIP_ZERO: 'Skip zeroing on free-time init (KASAN).',
  __GFP_SKIP_KASAN: 'Skip KASAN poisoning (HW-tag KASAN).',
  __GFP_UNMAPPED: 'Remove the page from the direct map.',
};

/** Fixed report phrases: hovering them explains what the line is. */
export interface PhraseDoc { text: string; title: string; meaning: string }

export const PHRASES: PhraseDoc[] = [
  { text: 'invoked oom-killer', title: 'OOM killer started', meaning: 'A memory allocation failed even after reclaim, so the kernel is about to pick a process to kill. The name before this phrase is the task that asked for memory, not necessarily the victim.' },
  { text: 'Killed process', title: 'Kill', meaning: 'The process that actually received SIGKILL, with how much memory it held. Its anon-rss is roughly what the kill gives back.' },
  { text: 'Kill process', title: 'Victim selected', meaning: 'The task with the highest badness (kernels up to 5.0). The kernel may then kill one of its children instead ("or sacrifice child"); the `Killed process` line shows who really died.' },
  { text: 'kill process', title: 'Victim selected', meaning: 'The task with the highest badness (old kernels); a child may be killed instead.' },
  { text: 'or sacrifice child', title: 'Sacrifice child', meaning: 'Up to 5.0 the kernel preferred killing a child of the selected task that had its own memory, to spare the parent (e.g. a server and its workers).' },
  { text: 'Mem-Info:', title: 'Memory state', meaning: 'Start of the machine-wide memory summary: global counters in pages, then per-node and per-zone lines in kB, free lists, swap and RAM totals.' },
  { text: 'Tasks state (memory values in pages):', title: 'Task table', meaning: 'List of all OOM-kill candidates with their memory in pages. The kernel picked the victim from these rows.' },
  { text: 'Tasks state', title: 'Task table', meaning: 'List of all OOM-kill candidates with their memory in pages.' },
  { text: 'oom_reaper: reaped process', title: 'Memory reaped', meaning: 'The oom_reaper thread tore down the victim\'s address space so its memory came back without waiting for it to exit. The numbers are what remained afterwards.' },
  { text: 'oom_reaper: unable to reap', title: 'Reaping failed', meaning: 'The reaper could not free the victim\'s memory (it held a lock). Memory comes back only when the victim finally exits.' },
  { text: 'Memory cgroup out of memory', title: 'Memory cgroup OOM', meaning: 'A cgroup hit its memory limit. Only processes inside it were candidates; the host may have had plenty of free memory.' },
  { text: 'Out of memory', title: 'Global OOM', meaning: 'The kill message of a machine-wide (or cpuset/mempolicy) OOM.' },
  { text: 'Memory cgroup stats for', title: 'cgroup memory breakdown', meaning: 'What the cgroup\'s memory consisted of when the limit was hit (anon vs file vs kernel).' },
  { text: 'Task in', title: 'cgroup of the victim', meaning: 'Which cgroup the victim belongs to and which cgroup\'s limit was reached.' },
  { text: 'Call Trace:', title: 'Stack trace', meaning: 'The kernel stack of the allocating task: where the failed allocation came from (page fault, file system, network …).' },
  { text: 'oom-kill:', title: 'OOM summary (5.0+)', meaning: 'One-line summary: constraint, cgroups involved and the victim.' },
  { text: 'are going to be killed due to memory.oom.group set', title: 'Group kill', meaning: 'The cgroup has memory.oom.group=1: all its processes are killed together.' },
  { text: 'Out of memory and no killable processes...', title: 'Nothing to kill', meaning: 'Every candidate was protected (oom_score_adj -1000) or already dying. A global OOM then panics; a cgroup OOM keeps failing allocations.' },
  { text: 'COMPACTION is disabled!!!', title: 'No compaction', meaning: 'The kernel was built without memory compaction, so high-order allocations fail more easily.' },
  { text: 'Unreclaimable slab info:', title: 'Unreclaimable slab', meaning: 'Kernel caches listed because unreclaimable slab outgrew all user memory: likely a kernel-side leak.' },
  { text: 'callbacks suppressed', title: 'Rate-limited', meaning: 'The kernel skipped that many earlier OOM reports (or messages) to avoid flooding the log.' },
];

/** Where the victim-selection code and docs live (diagnostic links). */
export const DOC_URLS = {
  oomKill: 'https://github.com/torvalds/linux/blob/master/mm/oom_kill.c',
  oomScoreAdj: 'https://docs.kernel.org/filesystems/proc.html#chapter-3-per-process-parameters',
  memcg: 'https://docs.kernel.org/admin-guide/cgroup-v2.html#memory',
};

/** The doc for a field key: an exact entry, else the entry of its family (`meminfo.*`, `zone.*`, `task.*` …). */
export function docFor(key: string): FieldDoc | undefined {
  const exact = own(FIELD_DOCS, key);
  if (exact) return exact;
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  const family = key.slice(0, dot);
  const rest = key.slice(dot + 1);
  switch (family) {
    case 'meminfo': {
      const d = own(MEMINFO_DOCS, rest);
      return d ? { ...d, unit: 'pages' } : { title: rest, meaning: 'Global Mem-Info counter.', unit: 'pages' };
    }
    case 'node': case 'zone': {
      const d = own(NODE_ZONE_DOCS, rest);
      const where = family === 'node' ? 'per-NUMA-node' : 'per-zone';
      if (d) return { title: d.title, meaning: d.meaning, unit: d.unit ?? 'kB', notes: [`A ${where} value.`] };
      return { title: rest, meaning: `A ${where} Mem-Info value.`, unit: 'kB' };
    }
    case 'hugepages': {
      const d = HUGEPAGE_DOCS[rest] ?? HUGEPAGE_DOCS[`hugepages_${rest}`];
      return d ? { ...d } : undefined;
    }
    case 'task': {
      const col = rest.startsWith('header.') ? rest.slice(7) : rest;
      return TASK_COLUMN_DOCS[col];
    }
    case 'memcg': {
      if (rest.startsWith('stat.')) {
        const k = rest.slice(5);
        const d = MEMCG_STAT_DOCS[k] ?? MEMCG_STAT_DOCS[k.replace(/^total_/, '')];
        return d ? { title: d.title, meaning: d.meaning } : { title: k, meaning: 'A memory.stat counter of the cgroup.' };
      }
      const lastDot = rest.lastIndexOf('.');
      if (lastDot > 0) {
        const counter = MEMCG_COUNTERS[rest.slice(0, lastDot)];
        const attr = MEMCG_ATTRS[rest.slice(lastDot + 1)];
        if (counter && attr) {
          return { title: `${counter.title} ${attr.title}`, meaning: `${attr.meaning} Counter: ${counter.meaning}`, unit: attr.unit, notes: attr.notes };
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
