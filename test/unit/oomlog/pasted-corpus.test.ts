/**
 * test/fixtures/corpus/pasted: one real report (corpus 09, first report) in every form people paste
 * it (see SOURCES.md there). Every file must give the same analysis as the clean dmesg text.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import type { OomEvent } from '../../../server/src/oomlog/model';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const dir = path.join(repoRoot, 'test', 'fixtures', 'corpus', 'pasted');

/** The analysis every form must give: read right, nothing made up. */
const SAME = {
  comm: 'python3', kernel: '5.4.0-29-generic', kind: 'global', pid: 3143648, gfpMask: '0x0', order: 0,
  tasks: 132, summaryTask: 'containerd-shim', victim: { pid: 3143527, comm: 'containerd-shim', anon: 620, file: 4544, pgtables: 72, adj: 1 },
  reaper: 3143527, free: 30149832, zones: 3, problems: [] as string[],
};

/** Per file: what its wrapper adds (the time the report starts at, when the wrapper has one). */
const EXPECT: Record<string, { iso?: string; wall?: string; monotonicSec?: number }> = {
  'bare-messages.log': {},
  'dmesg.log': { monotonicSec: 3143648.1 },
  'markdown-indent-4.log': { monotonicSec: 3143648.1 },
  'markdown-tab.log': { wall: 'May 14 23:17:24' },
  'mail-quote.log': { wall: 'May 14 23:17:24', monotonicSec: 3143648.1 },
  'mail-quote-nested.log': { monotonicSec: 3143648.1 },
  'grep-n.log': { wall: 'May 14 23:17:24' },
  'grep-n-bare.log': {},
  'grep-Hn.log': { wall: 'May 14 23:17:24' },
  'cat-n.log': {},
  'nl-dmesg.log': { monotonicSec: 3143648.1 },
  'less-N.log': { monotonicSec: 3143648.1 },
  'editor-column.log': { monotonicSec: 3143648.1 },
  'backticks.log': { monotonicSec: 3143648.1 },
  'blank-line-after-each.log': { monotonicSec: 3143648.1 },
  'docker-compose-learned.log': {},
  'kubectl-logs-prefix-learned.log': { monotonicSec: 3143648.1 },
  'rfc5424.log': { iso: '2020-05-14T23:17:24.100000Z' },
  'proc-kmsg.log': {},
  'dev-kmsg.log': { monotonicSec: 3143648.1 },
  'dmesg-x.log': { monotonicSec: 3143648.1 },
  'dmesg-d.log': { monotonicSec: 3143648.1 },
  'journalctl-short.log': { wall: 'May 14 23:17:24' },
  'ts-colon.log': { wall: 'May 14 23:17:24' },
  'journalctl-short-precise.log': { wall: 'May 14 23:17:24.100000' },
  'journalctl-short-iso.log': { iso: '2020-05-14T23:17:24+0000' },
  'journalctl-short-iso-precise.log': { iso: '2020-05-14T23:17:24.100000+00:00' },
  'journalctl-short-full.log': { wall: 'Thu 2020-05-14 23:17:24 UTC' },
  'journalctl-short-monotonic.log': { monotonicSec: 3143648.1 },
  'journalctl-short-unix.log': { wall: '1589498244.100000' },
  'journalctl-short-delta.log': { monotonicSec: 3143648.1 },
  'journalctl-cat.log': {},
  'journalctl-json.log': { iso: '2020-05-14T23:17:24.100000Z' },
  'journalctl-json-pretty.log': { iso: '2020-05-14T23:17:24.100000Z' },
  'journalctl-export.log': { iso: '2020-05-14T23:17:24.100000Z' },
  'journalctl-verbose.log': { wall: 'Thu 2020-05-14 23:17:24.100000 UTC' },
  'docker-json-file.log': { iso: '2020-05-14T23:17:24.100000123Z', monotonicSec: 3143648.1 },
  'cloud-logging-textPayload.jsonl': { iso: '2020-05-14T23:17:24.100000Z', wall: 'May 14 23:17:24' },
  'gcloud-jsonPayload-pretty.json': { iso: '2020-05-14T23:17:24.100000Z' },
  'quoted-printable-mail.eml': { wall: 'May 14 23:17:24', monotonicSec: 3143648.1 },
  'terminal-hard-wrap-80.log': { monotonicSec: 3143648.1 },
  'mail-wrap-72.log': { wall: 'May 14 23:17:24' },
  'line-breaks-lost.log': { monotonicSec: 3143648.1 },
};

function check(ev: OomEvent, at: string): void {
  assert.equal(ev.trigger?.comm, SAME.comm, `${at}: trigger comm`);
  assert.equal(ev.trigger?.pid, SAME.pid, `${at}: trigger pid`);
  assert.equal(ev.trigger?.gfpMask, SAME.gfpMask, `${at}: gfp mask`);
  assert.equal(ev.trigger?.order, SAME.order, `${at}: order`);
  assert.equal(ev.kernel, SAME.kernel, `${at}: kernel`);
  assert.equal(ev.kind, SAME.kind, `${at}: kind`);
  assert.equal(ev.tasks?.rows.length, SAME.tasks, `${at}: task rows`);
  assert.equal(ev.tasks?.inferred, undefined, `${at}: header read, not inferred`);
  assert.equal(ev.summary?.task, SAME.summaryTask, `${at}: oom-kill task`);
  const v = ev.victims[0];
  assert.deepEqual([v?.pid, v?.comm, v?.anonRssKiB, v?.fileRssKiB, v?.pgtablesKiB, v?.oomScoreAdj],
    [SAME.victim.pid, SAME.victim.comm, SAME.victim.anon, SAME.victim.file, SAME.victim.pgtables, SAME.victim.adj], `${at}: victim`);
  assert.equal(ev.reaper?.pid, SAME.reaper, `${at}: reaper`);
  assert.equal(ev.memInfo?.pages.free, SAME.free, `${at}: Mem-Info free`);
  assert.equal(ev.memInfo?.zones.length, SAME.zones, `${at}: zones`);
  assert.deepEqual(ev.problems.map(p => p.code), SAME.problems, `${at}: problems`);
  assert.deepEqual(ev.missing, [], `${at}: nothing missing`);
}

test('every pasted-form file has an expectation', () => {
  assert.deepEqual(fs.readdirSync(dir).filter(f => f !== 'SOURCES.md').sort(), Object.keys(EXPECT).sort());
});

for (const [file, ts] of Object.entries(EXPECT)) {
  test(`pasted form ${file}: same analysis as the clean report`, () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const a = parseOomLog(text);
    assert.equal(a.events.length, 1, 'one report');
    check(a.events[0], file);
    const t = a.events[0].timestamp;
    // the times the table names; a form the table gives no time for has none (none made up)
    const named = (['iso', 'wall', 'monotonicSec'] as const).filter(k => ts[k]);
    const pick = (o: { iso?: string; wall?: string; monotonicSec?: number } | undefined) => Object.fromEntries(named.map(k => [k, o?.[k]]));
    assert.deepEqual(named.length ? pick(t) : t, named.length ? pick(ts) : undefined, 'report time');
    // every field's one-line range lies inside the document
    const lines = text.split('\n');
    for (const f of a.fields.all(a.events[0])) {
      assert.ok(f.range.start.line < lines.length && f.range.end.character <= lines[f.range.end.line].length, `${f.key} in range`);
    }
  });
}
