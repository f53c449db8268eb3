import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sysctlService } from '../../../server/src/crossfile';
import { ALL_KEYS, keyDoc } from '../../../server/src/sysctl/catalog';
import * as fs from 'fs';
import * as path from 'path';
import { contextOf, lint } from './helpers';

// The project's shared notes sit beside the clone (as in CI: ../shared).
const SPEC = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'spec', 'systemd-sysctl-rules.md');

function run(text: string) {
  const ctx = contextOf({ text });
  return { a: sysctlService.analyze(text, ctx), ctx };
}

test('catalogue: every vm key of spec §5.1 and every panic-related kernel key is present with a summary', () => {
  const vm = 'admin_reserve_kbytes compact_memory compaction_proactiveness compact_unevictable_allowed dirty_background_bytes dirty_background_ratio dirty_bytes dirty_expire_centisecs dirty_ratio dirtytime_expire_seconds dirty_writeback_centisecs drop_caches enable_soft_offline extfrag_threshold highmem_is_dirtyable hugetlb_optimize_vmemmap hugetlb_shm_group laptop_mode legacy_va_layout lowmem_reserve_ratio max_map_count mem_profiling memory_failure_early_kill memory_failure_recovery min_free_kbytes min_slab_ratio min_unmapped_ratio mmap_min_addr mmap_rnd_bits mmap_rnd_compat_bits nr_hugepages nr_hugepages_mempolicy nr_overcommit_hugepages nr_trim_pages numa_stat numa_zonelist_order oom_dump_tasks oom_kill_allocating_task overcommit_kbytes overcommit_memory overcommit_ratio page-cluster page_lock_unfairness panic_on_oom percpu_pagelist_high_fraction stat_interval stat_refresh swappiness unprivileged_userfaultfd user_reserve_kbytes vfs_cache_pressure watermark_boost_factor watermark_scale_factor zone_reclaim_mode defrag_mode vfs_cache_pressure_denom memfd_noexec'.split(' ');
  for (const k of vm) assert.ok(keyDoc(`vm.${k}`)?.summary, `vm.${k}`);
  const panic = 'hardlockup_panic hung_task_panic oops_limit panic panic_on_io_nmi panic_on_oops panic_on_stackoverflow panic_on_unrecovered_nmi panic_on_warn panic_print panic_on_rcu_stall max_rcu_stall_to_panic softlockup_panic unknown_nmi_panic warn_limit'.split(' ');
  for (const k of panic) assert.ok(keyDoc(`kernel.${k}`)?.summary, `kernel.${k}`);
  for (const k of ['vm.panic_on_oom', 'vm.overcommit_memory', 'vm.oom_kill_allocating_task', 'vm.oom_dump_tasks', 'kernel.panic', 'kernel.panic_on_oops']) {
    assert.ok((keyDoc(k)!.values?.length ?? 0) >= 2, `${k} explains each value`);
  }
  assert.equal(new Set(ALL_KEYS.map(k => k.name)).size, ALL_KEYS.length, 'no duplicate entries');
  for (const k of ALL_KEYS) assert.match(k.doc, /^https:\/\//, k.name);
});

test('catalogue covers every key listed in spec §5.1 (vm) and §5.2 (kernel)', { skip: fs.existsSync(SPEC) ? false : 'shared spec not present' }, () => {
  const spec = fs.readFileSync(SPEC, 'utf8');
  const list = (line: string) => line.replace(/\*\*|`|\(section only\)/g, '').split(',').map(x => x.trim().replace(/\.$/, '')).filter(Boolean);
  const vmLine = spec.split('\n').find(l => l.startsWith('Documented in current vm.rst'))!;
  const vm = list(vmLine.slice(vmLine.indexOf(':') + 1));
  const kernel = list(spec.split('\n').find(l => l.startsWith('`acct,'))!);
  assert.ok(vm.length > 50 && kernel.length > 100);
  assert.deepEqual(vm.filter(k => !keyDoc(`vm.${k}`)), []);
  assert.deepEqual(kernel.filter(k => !keyDoc(`kernel.${k}`)), []);
});

test('hover on a key: summary, type, range, default, each mode explained, effective value', () => {
  const { a, ctx } = run('vm.overcommit_memory = 2\n');
  const h = sysctlService.hover(a, { line: 0, character: 6 }, ctx)!;
  assert.match(h.markdown, /\*\*vm\.overcommit_memory\*\*/);
  assert.match(h.markdown, /Range:\*\* 0–2/);
  assert.match(h.markdown, /Default:\*\* 0/);
  assert.match(h.markdown, /\| `1` \| always allow/);
  assert.match(h.markdown, /Effective value:\*\* `2` — set last by this line/);
  assert.deepEqual(h.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 20 } });
});

test('hover on a value explains that value; version-dependent range shown', () => {
  const { a, ctx } = run('vm.panic_on_oom = 2\nvm.min_free_kbytes = 65536\nvm.swappiness = 10\n');
  assert.match(sysctlService.hover(a, { line: 0, character: 18 }, ctx)!.markdown, /including one inside a memory cgroup/);
  assert.match(sysctlService.hover(a, { line: 1, character: 22 }, ctx)!.markdown, /64 MiB/);
  assert.match(sysctlService.hover(a, { line: 2, character: 3 }, ctx)!.markdown, /0–100 before, 0–200 from 5\.8/);
  assert.equal(sysctlService.hover(a, { line: 5, character: 0 }, ctx), null);
});

test('hover on an unknown key suggests the closest one', () => {
  const { a, ctx } = run('vm.overcomit_ratio = 80\n');
  assert.match(sysctlService.hover(a, { line: 0, character: 4 }, ctx)!.markdown, /vm\.overcommit_ratio/);
});

test('completion: keys by segment, values after =', () => {
  const { a, ctx } = run('vm.\nvm.panic_on_oom = \nkernel.pa\n');
  const vm = sysctlService.completion!(a, { line: 0, character: 3 }, ctx);
  assert.ok(vm.length > 50);
  assert.ok(vm.every(c => c.label.startsWith('vm.')));
  const p = vm.find(c => c.label === 'vm.panic_on_oom')!;
  assert.ok(p.documentation!.includes('panic'));
  assert.deepEqual(p.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
  const vals = sysctlService.completion!(a, { line: 1, character: 18 }, ctx);
  assert.deepEqual(vals.map(v => v.label), ['0', '1', '2']);
  assert.ok(vals.every(v => v.kind === 'value' && v.detail));
  const k = sysctlService.completion!(a, { line: 2, character: 9 }, ctx);
  assert.ok(k.some(c => c.label === 'kernel.panic') && k.every(c => c.label.startsWith('kernel.')));
});

test('semantic tokens: field per key segment, number/string values, comments', () => {
  const { a } = run('# c\nvm.swappiness = 10\nkernel.core_pattern = core\n');
  const t = sysctlService.tokens(a).map(x => `${x.line}:${x.start}:${x.length}:${x.kind}`);
  assert.deepEqual(t, ['0:0:3:comment', '1:0:2:field', '1:3:10:field', '1:16:2:number', '2:0:6:field', '2:7:12:field', '2:22:4:string']);
  assert.equal(sysctlService.tokens(a, { start: { line: 1, character: 0 }, end: { line: 1, character: 99 } }).length, 3);
});

test('symbols: one per assignment, grouped by top-level prefix', () => {
  const { a } = run('vm.swappiness = 10\nkernel.panic = 10\nvm.dirty_ratio = 5\n-net.ipv4.conf.lo.rp_filter\n');
  const s = sysctlService.symbols(a);
  assert.deepEqual(s.map(g => [g.name, g.children!.map(c => c.name)]), [
    ['vm', ['vm.swappiness', 'vm.dirty_ratio']], ['kernel', ['kernel.panic']], ['net', ['-net.ipv4.conf.lo.rp_filter']],
  ]);
  assert.equal(s[0].range.end.line, 2);
  assert.equal(s[0].children![0].detail, '10');
});

test('garbage input: every feature answers without throwing', () => {
  const junk = '\u0000\u0001=\r\n==\n-\n-=\n[*?\n' + '\uffff'.repeat(1000) + '\nvm.=1\n.\n/\n';
  const { a, ctx } = run(junk);
  lint(junk);
  const lines = junk.split(/\r?\n|\r/).length;
  for (let line = 0; line < 10; line++) {
    for (const ch of [0, 1, 2, 5, 500]) {
      const h = sysctlService.hover(a, { line, character: ch }, ctx);
      assert.ok(h === null || h.range.start.line === line, `hover at ${line}:${ch} stays on its line`);
      assert.ok(Array.isArray(sysctlService.completion!(a, { line, character: ch }, ctx)));
    }
  }
  for (const t of sysctlService.tokens(a)) assert.ok(t.line >= 0 && t.line < lines && t.length > 0, `token ${JSON.stringify(t)}`);
  assert.ok(sysctlService.symbols(a).length > 0, 'the junk lines with `=` are outlined');
});
