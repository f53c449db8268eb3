/** Hand-built OOM events for report tests (the parser has its own tests; these pin the view). Lines inside an event count from its startLine (model.ts); its fields' lines are document lines. */
import { type Field, type OomEvent, type OomLogAnalysis, type TaskRow, endLineOf } from '../../../server/src/oomlog/model';
import { FieldIndex } from '../../../server/src/oomlog/fieldstore';

/** A hand-built event with the fields analysisOf puts into its analysis's FieldIndex. */
export type FixtureEvent = OomEvent & { fields?: Field[] };

export function field(key: string, line: number, start: number, raw: string): Field {
  return { key, raw, range: { start: { line, character: start }, end: { line, character: start + raw.length } } };
}

export function row(pid: number, name: string, rssPages: number, line: number, extra: Partial<TaskRow> = {}): TaskRow {
  return { pid, uid: 0, tgid: pid, totalVmPages: rssPages * 2, rssPages, name, line, oomScoreAdj: 0, ...extra };
}

/** A 6.8+ memcg OOM in /system.slice/app.service with split rss columns. */
export function memcgEvent(index = 0, base = 0, overrides: Partial<FixtureEvent> = {}): FixtureEvent {
  return {
    index, startLine: base, span: 20,
    timestamp: { raw: `[${1000 + index * 10}.5]`, monotonicSec: 1000 + index * 10 + 0.5 },
    kernel: '6.8.0-45-generic', kind: 'memcg-v2',
    trigger: { comm: 'app', pid: 4242, gfpMask: '0xcc0', gfpFlags: ['GFP_KERNEL'], gfpFlagsSource: 'printed', order: 0, oomScoreAdj: 0, line: 0 },
    summary: { constraint: 'CONSTRAINT_MEMCG', oomMemcg: '/system.slice/app.service', taskMemcg: '/system.slice/app.service', globalOom: false, task: 'app', pid: 4242, uid: 1000, line: 17 },
    memcg: {
      taskPath: '/system.slice/app.service', limitPath: '/system.slice/app.service',
      memory: { usageKiB: 524288, limitKiB: 524288, failcnt: 12, line: 8 },
      swap: { usageKiB: 0, limitKiB: 0, failcnt: 0, line: 9 },
      stats: [], version: 2,
    },
    tasks: {
      headerLine: 12,
      columns: ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name'],
      rows: [
        row(4242, 'app', 120000, 13, { rssAnonPages: 110000, rssFilePages: 9000, rssShmemPages: 1000 }),
        row(4300, 'helper <x>&"y"', 2000, 14, { rssAnonPages: 1500, rssFilePages: 500, rssShmemPages: 0 }),
        row(4301, 'sh', 300, 15, { rssAnonPages: 100, rssFilePages: 200, rssShmemPages: 0 }),
      ],
    },
    victims: [{ pid: 4242, comm: 'app', line: 18, totalVmKiB: 960000, anonRssKiB: 440000, fileRssKiB: 36000, shmemRssKiB: 4000, uid: 1000, oomScoreAdj: 0 }],
    reaper: { pid: 4242, comm: 'app', ok: true, anonRssKiB: 0, fileRssKiB: 120, shmemRssKiB: 0, line: 20 },
    fields: [
      field('summary.oom_memcg', base + 17, 51, '/system.slice/app.service'),
      field('summary.task_memcg', base + 17, 88, '/system.slice/app.service'),
    ],
    missing: [], problems: [],
    ...overrides,
  };
}

/** A global OOM on an old kernel: zones, swap, no rss split. */
export function globalEvent(index = 0, base = 0): FixtureEvent {
  return {
    index, startLine: base, span: 40,
    timestamp: { raw: '[Thu May 14 23:17:24 2020]', wall: 'Thu May 14 23:17:24 2020' },
    kernel: '5.4.0-29-generic', kind: 'global',
    trigger: { comm: 'Web Content', pid: 777, gfpMask: '0x0', gfpFlags: [], gfpFlagsSource: 'printed', order: 0, oomScoreAdj: 0, line: 0 },
    summary: { constraint: 'CONSTRAINT_NONE', globalOom: true, task: 'firefox', pid: 900, uid: 1000, line: 38 },
    memInfo: {
      line: 10, pages: { free: 30000 }, nodes: [],
      zones: [
        { node: 0, zone: 'DMA32', kB: { free: 44000, min: 44500, low: 55600, high: 66700 }, line: 12 },
        { node: 0, zone: 'Normal', kB: { free: 90000, min: 40000, low: 50000, high: 60000 }, line: 14 },
      ],
      swapFreeKiB: 0, swapTotalKiB: 2097148, pageSizeKiB: 4, pageSizeKnown: true,
    },
    tasks: { headerLine: 20, columns: ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name'],
      rows: [row(900, 'firefox', 500000, 21), row(901, 'Web Content', 300000, 22), row(902, 'Xorg', 20000, 23)] },
    victims: [{ pid: 900, comm: 'firefox', line: 39, anonRssKiB: 1900000, fileRssKiB: 10000, shmemRssKiB: 90000 }],
    fields: [field('swap.total', base + 18, 0, '2097148')],
    missing: [], problems: [],
  };
}

export function analysisOf(...events: FixtureEvent[]): OomLogAnalysis {
  const fields = new FieldIndex();
  for (const ev of events) if (ev.fields) fields.add(ev, ev.fields);
  return { events, lineCount: Math.max(0, ...events.map(e => endLineOf(e) + 1)), prefixes: { lines: [], lengths: [] }, fields };
}
