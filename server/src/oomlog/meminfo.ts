/**
 * The `Mem-Info:` block: global counters (pages), node lines (kB), zone lines (kB) with
 * `lowmem_reserve[]` (pages), buddy free lists (reveal the page size), hugepages, swap and the
 * closing page totals.
 */
import { type MemInfo, relLine } from './model';
import { type Line, intAt, named, scanPairs, unitOf, valued } from './lines';
import { type OpenEvent, Phase } from './state';

/** `line`: relative to the report's start line, like every line of a report. */
export function newMemInfo(line: number): MemInfo {
  return { line, pages: {}, nodes: [], zones: [], pageSizeKiB: 4, pageSizeKnown: false };
}

function mi(o: OpenEvent, L: Line): MemInfo {
  return o.ev.memInfo ?? (o.ev.memInfo = newMemInfo(relLine(o.ev, L.line)));
}

const ZONES = new Set(['DMA', 'DMA32', 'Normal', 'HighMem', 'Movable', 'Device']);

/**
 * `Mem-Info:` opens the block; kernels whose show_mem() came from lib/show_mem.c or an arch's own
 * (ARM, 2.6–3.x) print it as `Mem-info:`.
 */
export function isMemInfoHeader(t: string, t0: number): boolean {
  if (!t.startsWith('Mem-', t0)) return false;
  const c = t.charCodeAt(t0 + 4);
  return (c === 73 /* I */ || c === 105 /* i */) && t.startsWith('nfo:', t0 + 5);
}

export function parseMemInfoHeader(L: Line, t0: number, o: OpenEvent): boolean {
  if (!isMemInfoHeader(L.text, t0)) return false;
  mi(o, L).line = relLine(o.ev, L.line);
  if (o.phase < Phase.Memory) o.phase = Phase.Memory;
  o.block = 'meminfo';
  return true;
}

/** `Node 0 ` prefix → node number and offset after it. */
function nodePrefix(t: string, i: number): { node?: number; next: number } {
  if (!t.startsWith('Node ', i)) return { next: i };
  const n = intAt(t, i + 5);
  if (!n || t.charCodeAt(n.end) !== 32) return { next: i };
  return { node: n.value, next: n.end + 1 };
}

/** Lines that can only appear in Mem-Info (any version). Returns true when recognised. */
export function parseMemInfoLine(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  const m = mi(o, L);
  const end = t.trimEnd().length;
  const sink = o.sink;

  // lowmem_reserve[]: 0 865 1980 1980   (pages)
  if (t.startsWith('lowmem_reserve[]:', t0)) {
    let i = t0 + 17;
    while (i < end) {
      while (t.charCodeAt(i) === 32) i++;
      const n = intAt(t, i);
      if (!n) break;
      sink.add('zone.lowmem_reserve', L, i, n.end, named(t0, t0 + 14, 'pages', n.value));
      i = n.end;
    }
    return true;
  }
  // per-cpu lines (≤4.0): `Normal per-cpu:` / `CPU    0: hi:  186, btch:  31 usd:  61`
  if (/^(?:Node \d+ )?\w+ per-cpu:$/.test(t.slice(t0, end)) || /^CPU +\d+: hi: /.test(t.slice(t0, t0 + 16))) return true;

  const np = nodePrefix(t, t0);
  const sp = t.indexOf(' ', np.next);
  const word = sp > 0 ? t.slice(np.next, sp) : '';
  // Zone line: `[Node 0 ]Normal free:39364kB min:…`
  if (sp > 0 && ZONES.has(word) && t.startsWith('free:', sp + 1)) {
    const { pairs } = scanPairs(t, sp + 1, end);
    const zone = { node: np.node, zone: word, kB: {} as Record<string, number>, line: relLine(o.ev, L.line) };
    for (const p of pairs) {
      if (p.value === undefined) { continue; }
      const unit = unitOf(p.suffix, 'count');
      zone.kB[p.name] = p.value;
      sink.add(`zone.${p.name}`, L, p.valStart, p.valEnd, named(p.nameStart, p.nameEnd, unit, p.value));
    }
    m.zones.push(zone);
    return true;
  }
  // Buddy line: `[Node 0 ]DMA: 1500*4kB 245*8kB … = 7960kB`
  if (word.endsWith(':') && ZONES.has(word.slice(0, -1)) && /^\d+\*\d+kB/.test(t.slice(sp + 1, sp + 30))) {
    const star = t.indexOf('*', sp + 1);
    const size = intAt(t, star + 1);
    if (size && !m.pageSizeKnown) { m.pageSizeKiB = size.value; m.pageSizeKnown = true; }
    const eq = t.lastIndexOf('= ');
    if (eq > 0) {
      const tot = intAt(t, eq + 2);
      if (tot) sink.add('buddy.total', L, eq + 2, tot.end, valued('kB', tot.value));
    }
    return true;
  }
  // Node line (4.8+): `Node 0 active_anon:231952kB inactive_anon:…  all_unreclaimable? no`
  if (np.node !== undefined && word.startsWith('active_anon:')) {
    const { pairs } = scanPairs(t, np.next, end);
    const node = { node: np.node, kB: {} as Record<string, number>, line: relLine(o.ev, L.line), allUnreclaimable: undefined as boolean | undefined };
    for (const p of pairs) {
      if (p.name === 'all_unreclaimable?') {
        node.allUnreclaimable = p.raw === 'yes';
        sink.add('node.all_unreclaimable?', L, p.valStart, p.valEnd, named(p.nameStart, p.nameEnd, 'none'));
        continue;
      }
      if (p.value === undefined) continue;
      node.kB[p.name] = p.value;
      sink.add(`node.${p.name}`, L, p.valStart, p.valEnd, named(p.nameStart, p.nameEnd, unitOf(p.suffix, 'count'), p.value));
    }
    m.nodes.push(node);
    return true;
  }
  // `Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB`
  if (np.node !== undefined && word.startsWith('hugepages_total=')) {
    let i = np.next;
    while (i < end) {
      const eq = t.indexOf('=', i);
      if (eq < 0) break;
      const n = intAt(t, eq + 1);
      if (!n) break;
      const name = t.slice(i, eq);
      const kb = t.startsWith('kB', n.end);
      sink.add(`hugepages.${name.replace(/^hugepages_/, '')}`, L, eq + 1, n.end, named(i, eq, kb ? 'kB' : 'count', n.value));
      i = n.end + (kb ? 2 : 0);
      while (t.charCodeAt(i) === 32) i++;
    }
    return true;
  }
  // Swap totals: `Free swap  = -1636kB`, `Total swap = 0kB`
  if (t.startsWith('Free swap  = ', t0) || t.startsWith('Total swap = ', t0)) {
    const n = intAt(t, t0 + 13);
    if (!n) return true;
    const free = t.startsWith('Free', t0);
    if (free) m.swapFreeKiB = n.value; else m.swapTotalKiB = n.value;
    sink.add(free ? 'swap.free' : 'swap.total', L, t0 + 13, n.end, named(t0, t0 + (free ? 9 : 10), 'kB', n.value));
    return true;
  }
  if (t.startsWith('Swap cache stats: ', t0)) return true;
  // `N total pagecache pages`, `N pages RAM`, `N pages reserved` …
  const n = intAt(t, t0);
  if (n && t.charCodeAt(n.end) === 32) {
    const tail = t.slice(n.end + 1, end);
    const key = PAGE_TOTALS[tail];
    if (key) {
      if (key === 'pagecache.total') m.pageCachePages = n.value;
      else if (key === 'pages.ram') m.pagesRam = n.value;
      else if (key === 'pages.reserved') m.pagesReserved = n.value;
      sink.add(key, L, t0, n.end, named(n.end + 1, end, 'pages', n.value));
      return true;
    }
  }
  // Unreclaimable slab dump (4.15+) and memory allocation profiling (6.10+)
  if (t.startsWith('Unreclaimable slab info:', t0) || t.startsWith('excessive unreclaimable slab', t0)) { o.block = 'slab'; return true; }
  if (t.startsWith('Memory allocations', t0)) { o.block = 'allocs'; return true; }
  // Global counters (pages), possibly split across lines: `active_anon:191656 inactive_anon:101947 isolated_anon:0`
  const { pairs, end: stop } = scanPairs(t, t0, end);
  if (pairs.length && stop >= end && pairs.every(p => p.suffix === '' && p.value !== undefined)) {
    for (const p of pairs) {
      m.pages[p.name] = p.value!;
      sink.add(`meminfo.${p.name}`, L, p.valStart, p.valEnd, named(p.nameStart, p.nameEnd, 'pages', p.value));
    }
    return true;
  }
  return false;
}

const PAGE_TOTALS: Record<string, string> = {
  'total pagecache pages': 'pagecache.total',
  'pages in swap cache': 'pages.swap_cache',
  'pages RAM': 'pages.ram',
  'pages HighMem': 'pages.highmem',
  'pages HighMem/MovableOnly': 'pages.highmem',
  'pages reserved': 'pages.reserved',
  'pages shared': 'pages.shared',
  'pages non-shared': 'pages.non_shared',
  'pages cma reserved': 'pages.cma_reserved',
  'pages hwpoisoned': 'pages.hwpoisoned',
  'pages in pagetable cache': 'pages.pagetable_cache',
};

/** Rows of the unreclaimable-slab dump: `Name  Used  Total` header and `%-17s %10luKB %10luKB`. */
export function parseSlabLine(L: Line, t0: number): boolean {
  const s = L.text.slice(t0, t0 + 200);
  return /^Name +Used +Total$/.test(s.trimEnd()) || /^\S[^\n]{0,40}? +\d+KB +\d+KB$/.test(s.trimEnd());
}

/** Rows of the memory-allocation profile: `   1.25 GiB   123 mm/foo.c:12 func:bar`. */
export function parseAllocLine(L: Line, t0: number): boolean {
  return /\bfunc:\S+$/.test(L.text.slice(t0, t0 + 300).trimEnd());
}
