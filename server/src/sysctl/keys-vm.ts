/** vm.* keys (Documentation/admin-guide/sysctl/vm.rst), summaries in our own words. */
import type { KeyDoc } from './catalog';

const DOC = 'https://docs.kernel.org/admin-guide/sysctl/vm.html';
const vm = (leaf: string, d: Omit<KeyDoc, 'name' | 'doc'>): KeyDoc =>
  ({ name: `vm.${leaf}`, doc: `${DOC}#${leaf.replace(/_/g, '-')}`, ...d });

const NUMA = 'NUMA kernels only';
const COMPACTION = 'kernels built with CONFIG_COMPACTION';

export const VM_KEYS: KeyDoc[] = [
  vm('admin_reserve_kbytes', {
    summary: 'Memory (KiB) kept back for processes with CAP_SYS_ADMIN, so root can still log in and kill a runaway program.',
    type: 'kbytes', ranges: [{ min: 0 }], default: 'the smaller of 3 % of free memory and 8 MiB', unit: 'KiB',
    details: 'Matters most with strict overcommit (`vm.overcommit_memory = 2`): without a reserve, a full commit limit also locks out the admin shell. About 128 MiB is a sensible value on x86_64 in that mode.',
  }),
  vm('compact_memory', { summary: 'Writing 1 compacts all memory zones now, so large contiguous blocks become available. Not a setting: nothing is stored.', type: 'trigger', ranges: [{ min: 1, max: 1 }], conditional: COMPACTION }),
  vm('compaction_proactiveness', {
    summary: 'How hard the kernel compacts memory in the background (0 = only on demand, 100 = most aggressive).',
    type: 'ratio', ranges: [{ min: 0, max: 100 }], default: '20', rangeRule: 'SYS037', conditional: COMPACTION,
  }),
  vm('compact_unevictable_allowed', { summary: 'Whether compaction may move unevictable (mlocked) pages. 0 keeps them in place, at the cost of fragmentation.', type: 'bool-int', ranges: [{ min: 0, max: 1 }], default: '1 (0 on PREEMPT_RT)', conditional: COMPACTION }),
  vm('dirty_background_bytes', {
    summary: 'Amount of dirty page cache (bytes) at which background writeback starts. 0 means `dirty_background_ratio` is used instead.',
    type: 'bytes', ranges: [{ min: 0 }], default: '0 (use dirty_background_ratio)', unit: 'bytes', rangeRule: 'SYS028',
  }),
  vm('dirty_background_ratio', {
    summary: 'Percentage of available (not total) memory that may be dirty before background writeback starts.',
    type: 'ratio', ranges: [{ min: 0, max: 100 }], default: '10', unit: '%', rangeRule: 'SYS026',
  }),
  vm('dirty_bytes', {
    summary: 'Amount of dirty memory (bytes) at which a writing process must flush its own data. 0 means `dirty_ratio` is used instead.',
    type: 'bytes', ranges: [{ min: 0 }], default: '0 (use dirty_ratio)', unit: 'bytes', rangeRule: 'SYS027',
    details: 'The smallest accepted value is two pages (8192 bytes with 4 KiB pages); anything lower is refused and the old setting stays.',
  }),
  vm('dirty_expire_centisecs', { summary: 'Age (hundredths of a second) after which dirty data is old enough to be written out by the flusher threads.', type: 'int', ranges: [{ min: 0 }], default: '3000 (30 s)', unit: 'centiseconds' }),
  vm('dirty_ratio', {
    summary: 'Percentage of available memory that may be dirty before a writing process is throttled and has to write back itself.',
    type: 'ratio', ranges: [{ min: 0, max: 100 }], default: '20', unit: '%', rangeRule: 'SYS026',
  }),
  vm('dirtytime_expire_seconds', { summary: 'How long an inode whose only change is a lazily updated timestamp may stay dirty before it is written.', type: 'int', ranges: [{ min: 1 }], default: '43200 (12 h)', unit: 's' }),
  vm('dirty_writeback_centisecs', { summary: 'Interval (hundredths of a second) at which the flusher threads wake up. 0 disables periodic writeback.', type: 'int', ranges: [{ min: 0 }], default: '500 (5 s)', unit: 'centiseconds' }),
  vm('drop_caches', {
    summary: 'Writing drops clean caches once (1 page cache, 2 dentries and inodes, 3 both). A one-shot action, not a setting: putting it in a boot file only empties caches at boot.',
    type: 'trigger', ranges: [{ min: 1, max: 4 }],
    values: [
      { value: '1', meaning: 'drop the clean page cache' },
      { value: '2', meaning: 'drop reclaimable slab objects (dentries and inodes)' },
      { value: '3', meaning: 'drop both' },
      { value: '4', meaning: 'silence the log message drop_caches writes' },
    ],
  }),
  vm('enable_soft_offline', { summary: 'Whether pages with corrected-but-repeated memory errors may be taken offline softly (migrated away).', type: 'bool-int', ranges: [{ min: 0, max: 1 }], default: '1', conditional: 'kernels with memory-failure support', since: '6.11' }),
  vm('extfrag_threshold', { summary: 'Fragmentation index above which the kernel compacts instead of reclaiming to satisfy a large allocation.', type: 'int', ranges: [{ min: 0, max: 1000 }], default: '500', conditional: COMPACTION }),
  vm('highmem_is_dirtyable', { summary: 'Whether high memory counts towards the dirty limits (32-bit highmem systems).', type: 'bool-int', ranges: [{ min: 0, max: 1 }], default: '0', conditional: 'kernels with CONFIG_HIGHMEM' }),
  vm('hugetlb_optimize_vmemmap', { summary: 'Frees the struct-page memory backing HugeTLB pages (saves RAM, costs a little on allocation).', type: 'bool-int', ranges: [{ min: 0, max: 1 }], conditional: 'kernels with CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP' }),
  vm('hugetlb_shm_group', { summary: 'Group id allowed to create SysV shared memory backed by huge pages.', type: 'int', ranges: [{ min: 0 }], default: '0' }),
  vm('laptop_mode', { summary: 'Delays and batches disk writes so disks can spin down (laptops). Non-zero also sets how long to wait.', type: 'int', ranges: [{ min: 0 }], default: '0' }),
  vm('legacy_va_layout', { summary: 'Non-zero selects the old 2.4-style memory map layout for new processes.', type: 'bool-int', ranges: [{ min: 0 }], default: '0' }),
  vm('lowmem_reserve_ratio', { summary: 'Per-zone ratios that protect low memory zones from being filled by allocations that could use higher zones.', type: 'list' }),
  vm('max_map_count', { summary: 'Maximum number of memory mappings one process may have. Databases and JVMs with many mapped files often need more.', type: 'int', ranges: [{ min: 0 }], default: '65530' }),
  vm('mem_profiling', { summary: 'Switches memory allocation profiling on or off at run time.', type: 'bool-int', ranges: [{ min: 0, max: 1 }], conditional: 'kernels with CONFIG_MEM_ALLOC_PROFILING', since: '6.10' }),
  vm('memfd_noexec', {
    summary: 'Default for memfd_create(): whether new memfds may be executable.', type: 'enum', ranges: [{ min: 0, max: 2 }], default: '0', since: '6.3',
    values: [
      { value: '0', meaning: 'memfds are executable unless the caller asks otherwise' },
      { value: '1', meaning: 'memfds are not executable unless the caller asks for it' },
      { value: '2', meaning: 'executable memfds cannot be created at all' },
    ],
  }),
  vm('memory_failure_early_kill', { summary: 'On an uncorrectable memory error, 1 kills every process mapping the page at once; 0 waits until one touches it.', type: 'bool-int', ranges: [{ min: 0, max: 1 }], default: '0', conditional: 'kernels with memory-failure support' }),
  vm('memory_failure_recovery', { summary: 'Whether the kernel tries to recover from memory errors (1) or panics (0).', type: 'bool-int', ranges: [{ min: 0, max: 1 }], default: '1', conditional: 'kernels with memory-failure support' }),
  vm('min_free_kbytes', {
    summary: 'Free memory (KiB) the kernel keeps for itself; sets the zone watermarks that start kswapd and direct reclaim.',
    type: 'kbytes', ranges: [{ min: 0 }], default: 'computed at boot from the amount of RAM', unit: 'KiB',
    details: 'Below 1024 KiB the kernel cannot serve its own emergency allocations and may deadlock under load. Far too high and that much memory is simply unavailable to programs, which can trigger OOM kills right after the write.',
  }),
  vm('min_slab_ratio', { summary: 'Percentage of a NUMA zone that reclaimable slab may use before zone reclaim frees slab.', type: 'ratio', ranges: [{ min: 0, max: 100 }], default: '5', conditional: NUMA }),
  vm('min_unmapped_ratio', { summary: 'Percentage of a NUMA zone that must be unmapped file pages before zone reclaim runs.', type: 'ratio', ranges: [{ min: 0, max: 100 }], default: '1', conditional: NUMA }),
  vm('mmap_min_addr', { summary: 'Lowest address a process may mmap; protects against kernel NULL-pointer bugs.', type: 'int', ranges: [{ min: 0 }], default: '4096 (distributions often 65536)' }),
  vm('mmap_rnd_bits', { summary: 'Bits of randomness in the mmap base address (ASLR) for native processes; the accepted range depends on the architecture.', type: 'int', ranges: [{ min: 0 }], conditional: 'architectures with ARCH_MMAP_RND_BITS' }),
  vm('mmap_rnd_compat_bits', { summary: 'Like mmap_rnd_bits for 32-bit (compat) processes on a 64-bit kernel.', type: 'int', ranges: [{ min: 0 }], conditional: 'architectures with compat mmap randomisation' }),
  vm('nr_hugepages', { summary: 'Size of the persistent pool of default-size huge pages. Huge pages are taken out of normal memory at once, so a large pool can cause OOM kills.', type: 'int', ranges: [{ min: 0 }], default: '0' }),
  vm('nr_hugepages_mempolicy', { summary: 'Like nr_hugepages, but allocates on the NUMA nodes of the writing task\'s memory policy.', type: 'int', ranges: [{ min: 0 }], default: '0', conditional: NUMA }),
  vm('nr_overcommit_hugepages', { summary: 'How many huge pages beyond nr_hugepages may be created on demand (surplus pages).', type: 'int', ranges: [{ min: 0 }], default: '0' }),
  vm('nr_trim_pages', { summary: 'No-MMU kernels only: trim excess pages of power-of-two allocations above this many pages.', type: 'int', ranges: [{ min: 0 }], default: '1', conditional: 'kernels without an MMU' }),
  vm('numa_stat', { summary: 'Whether per-NUMA allocation statistics are counted (0 saves a little CPU).', type: 'bool-int', ranges: [{ min: 0, max: 1 }], default: '1', conditional: NUMA }),
  vm('numa_zonelist_order', {
    summary: 'Deprecated. Order of NUMA zonelists; only node order is supported now.', type: 'string', default: 'Node', conditional: NUMA, rangeRule: 'SYS036',
    values: [{ value: 'Node', meaning: 'node order, the only order still supported' }, { value: 'Default', meaning: 'same as Node' }],
  }),
  vm('oom_dump_tasks', {
    summary: 'Whether an OOM kill prints the table of tasks with their memory use (the table OOM Lens reads).',
    type: 'bool-int', default: '1',
    values: [
      { value: '0', meaning: 'no task table: the OOM report shows only the victim, so you cannot see who else used memory' },
      { value: '1', meaning: 'print one line per task (pid, uid, rss, swap, oom_score_adj, name) on every OOM kill' },
    ],
    details: 'Any non-zero value enables the dump. On hosts with hundreds of thousands of tasks the dump is slow; otherwise keep it on.',
  }),
  vm('oom_kill_allocating_task', {
    summary: 'Whether the OOM killer kills the task that asked for memory instead of choosing the biggest one.',
    type: 'bool-int', default: '0',
    values: [
      { value: '0', meaning: 'scan all tasks and kill the one with the highest badness score (usually the biggest)' },
      { value: '1', meaning: 'kill whoever triggered the OOM (no scan): fast, but the victim may be a small innocent process' },
    ],
    details: 'Any non-zero value enables it. Has no effect while vm.panic_on_oom is set: the panic wins.',
  }),
  vm('overcommit_kbytes', {
    summary: 'Strict-overcommit allowance as a fixed size (KiB): commit limit = swap + this. Writing it sets overcommit_ratio to 0.',
    type: 'kbytes', ranges: [{ min: 0 }], default: '0 (use overcommit_ratio)', unit: 'KiB',
  }),
  vm('overcommit_memory', {
    summary: 'Policy for allocating more virtual memory than exists.',
    type: 'enum', ranges: [{ min: 0, max: 2 }], default: '0', rangeRule: 'SYS023',
    values: [
      { value: '0', meaning: 'heuristic: refuse only allocations that obviously cannot be satisfied' },
      { value: '1', meaning: 'always allow: every allocation succeeds until memory actually runs out, then the OOM killer runs' },
      { value: '2', meaning: 'strict: total committed memory may not exceed swap + overcommit_ratio % of RAM (or + overcommit_kbytes); allocations beyond fail with ENOMEM instead of OOM kills' },
    ],
    details: 'Mode 2 trades OOM kills for allocation failures. With the default ratio of 50 and no swap, only half the RAM can be committed: "fork: Cannot allocate memory" while `free` still shows plenty.',
  }),
  vm('overcommit_ratio', {
    summary: 'Strict-overcommit allowance as a percentage of RAM: commit limit = swap + this % of RAM (huge pages excluded). Writing it sets overcommit_kbytes to 0.',
    type: 'ratio', ranges: [{ min: 0 }], default: '50', unit: '%',
  }),
  vm('page-cluster', { summary: 'Swap readahead as a power of two: 0 reads one page, 3 reads 8 pages at a time.', type: 'int', ranges: [{ min: 0 }], default: '3' }),
  vm('page_lock_unfairness', { summary: 'How many times a page lock waiter may be passed over before the lock is handed to it directly.', type: 'int', ranges: [{ min: 0 }], default: '5' }),
  vm('panic_on_oom', {
    summary: 'What the kernel does when it runs out of memory: kill a process, or panic.',
    type: 'enum', ranges: [{ min: 0, max: 2 }], default: '0', rangeRule: 'SYS020',
    values: [
      { value: '0', meaning: 'kill a process (the OOM killer picks a victim) and keep running' },
      { value: '1', meaning: 'panic on a system-wide OOM; OOMs limited by cpusets, mempolicy or a memory cgroup still kill a process inside that limit' },
      { value: '2', meaning: 'panic on every OOM, including one inside a memory cgroup: a single service hitting its MemoryMax= takes the whole machine down' },
    ],
    details: 'Panicking is meant for clusters that fail over to another node. After the panic the machine only reboots if kernel.panic is non-zero (or kdump is set up); with kernel.panic = 0 it hangs.',
  }),
  vm('percpu_pagelist_high_fraction', { summary: 'Fraction of a zone that each CPU\'s free page list may hold at most (0 = kernel default sizing; otherwise at least 8).', type: 'int', ranges: [{ min: 0 }], default: '0' }),
  vm('stat_interval', { summary: 'Seconds between updates of the per-CPU memory statistics.', type: 'int', ranges: [{ min: 0 }], default: '1', unit: 's' }),
  vm('stat_refresh', { summary: 'Writing anything folds per-CPU statistics into the global counters now. A trigger, not a setting.', type: 'trigger' }),
  vm('swappiness', {
    summary: 'How readily the kernel swaps out anonymous memory compared with dropping page cache (the relative IO cost of the two).',
    type: 'int', ranges: [{ min: 0, max: 100 }, { min: 0, max: 200, since: '5.8' }], default: '60', rangeRule: 'SYS025',
    values: [
      { value: '0', meaning: 'avoid swapping until free and file-backed memory is nearly gone' },
      { value: '60', meaning: 'the default balance' },
      { value: '100', meaning: 'swap and page cache cost the same' },
      { value: '200', meaning: 'prefer swapping (makes sense for fast swap such as zram or zswap; kernel 5.8 and later)' },
    ],
    details: 'Kernels before 5.8 accept 0–100, newer ones 0–200.',
  }),
  vm('unprivileged_userfaultfd', { summary: 'Whether unprivileged users may use userfaultfd (0 restricts it to privileged users or user-mode faults).', type: 'bool-int', ranges: [{ min: 0, max: 1 }], default: '0' }),
  vm('user_reserve_kbytes', {
    summary: 'Under strict overcommit, memory (KiB) kept back so a user can still start a shell and kill one runaway process.',
    type: 'kbytes', ranges: [{ min: 0 }], default: 'the smaller of 3 % of the current process size and 128 MiB', unit: 'KiB',
  }),
  vm('vfs_cache_pressure', {
    summary: 'How eagerly the kernel reclaims dentry and inode caches compared with page cache (100 = fair share).',
    type: 'int', ranges: [{ min: 0 }], default: '100',
    details: 'At 0 these caches are never reclaimed, so a file-heavy workload can fill memory with them and end in OOM kills.',
  }),
  vm('vfs_cache_pressure_denom', { summary: 'Denominator for vfs_cache_pressure (pressure is vfs_cache_pressure / this), for finer steps.', type: 'int', ranges: [{ min: 1 }], default: '100', since: '6.15' }),
  vm('watermark_boost_factor', { summary: 'How far (in 1/10000 of the high watermark) reclaim is boosted after fragmentation events. 0 disables boosting.', type: 'int', ranges: [{ min: 0 }], default: '15000', rangeRule: 'SYS031' }),
  vm('watermark_scale_factor', {
    summary: 'Distance between the zone watermarks in 1/10000 of memory: larger values wake kswapd earlier and keep more memory free.',
    type: 'int', ranges: [{ min: 1, max: 1000 }, { min: 1, max: 3000, since: '5.19' }], default: '10 (0.1 %)', rangeRule: 'SYS030',
    details: 'The maximum was raised from 1000 (10 %) to 3000 (30 %) in the 5.19/6.0 time frame (release not pinned down here).',
  }),
  vm('zone_reclaim_mode', {
    summary: 'NUMA: whether to reclaim memory on the local node before allocating on a remote one (a bitmask).',
    type: 'bitmask', ranges: [{ min: 0, max: 7 }], default: '0', rangeRule: 'SYS035',
    values: [
      { value: '0', meaning: 'off: allocate on other nodes before reclaiming locally' },
      { value: '1', meaning: 'reclaim locally first' },
      { value: '2', meaning: 'also write dirty pages out while reclaiming' },
      { value: '4', meaning: 'also swap pages out while reclaiming' },
    ],
  }),
  vm('defrag_mode', { summary: 'Makes the page allocator work harder against fragmentation so huge pages stay available.', type: 'bool-int', ranges: [{ min: 0, max: 1 }], default: '0', since: '6.15' }),
  vm('block_dump', { summary: 'Used to log every block IO for debugging; removed in Linux 5.12.', type: 'bool-int', removed: { note: 'removed in Linux 5.12; use the block tracepoints (blktrace) instead' } }),
  vm('percpu_pagelist_fraction', { summary: 'Older sizing knob for per-CPU page lists, replaced in Linux 5.14.', type: 'int', removed: { note: 'replaced by vm.percpu_pagelist_high_fraction in Linux 5.14', replacement: 'vm.percpu_pagelist_high_fraction' } }),
  vm('anon_min_ratio', { summary: 'Out-of-tree (le9 patch): share of anonymous memory protected from reclaim.', type: 'ratio', removed: { note: 'only exists in kernels carrying the out-of-tree le9 patch (for example CachyOS), not upstream' } }),
  vm('clean_low_ratio', { summary: 'Out-of-tree (le9 patch): share of clean page cache protected from reclaim when possible.', type: 'ratio', removed: { note: 'only exists in kernels carrying the out-of-tree le9 patch (for example CachyOS), not upstream' } }),
  vm('clean_min_ratio', { summary: 'Out-of-tree (le9 patch): share of clean page cache always protected from reclaim.', type: 'ratio', removed: { note: 'only exists in kernels carrying the out-of-tree le9 patch (for example CachyOS), not upstream' } }),
];
