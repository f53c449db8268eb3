/** Every real report in test/fixtures/corpus (copied from /work/shared/corpus/oom) parses as documented in SOURCES.md. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { type OomEvent, type OomKind, endLineOf } from '../../../server/src/oomlog/model';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const dir = path.join(repoRoot, 'test', 'fixtures', 'corpus');

interface Expect {
  comm?: string; kernel?: string; kind: OomKind; tasks?: number; chosen?: number;
  victim?: { pid: number; comm: string; anon: number }; memcgLimit?: number; problems: string[];
}
const E = (e: Expect) => e;

const CORPUS: Record<string, Expect[]> = {
  '00-ubuntu-3.13-memcg-v1-docker-sacrifice-child-syslog-stripped.log': [
    E({ comm: 'beam.smp', kernel: '3.13.0-36-generic', kind: 'memcg-v1', tasks: 29, chosen: 20911, victim: { pid: 20977, comm: 'sh', anon: 0 }, memcgLimit: 262144, problems: [] }),
  ],
  '01-linux-2.6.36-arch-global-syslog-nonuma.log': [
    E({ comm: 'minicom', kernel: '2.6.36-ARCH', kind: 'global', tasks: 153, problems: ['OOM001'] }),
    E({ comm: 'hald-addon-stor', kind: 'unknown', problems: ['OOM001'] }),
  ],
  '03-centos7-3.10.0-327-memcg-v1-dmesg-T-k8s.log': [
    E({ kind: 'memcg', tasks: 1, chosen: 24572, victim: { pid: 28438, comm: 'java', anon: 466160 }, problems: ['OOM004'] }),
    E({ comm: 'java', kernel: '3.10.0-327.4.5.el7.x86_64', kind: 'unknown', problems: ['OOM001'] }),
  ],
  '04-rhel7-3.10.0-1160-memcg-v1-syslog-UID-ltp.log': [
    E({ kind: 'memcg', tasks: 4, chosen: 42424, victim: { pid: 42424, comm: 'memcg_test_1', anon: 96 }, problems: ['OOM004'] }),
    E({ comm: 'memcg_test_1', kind: 'unknown', problems: ['OOM001'] }),
  ],
  '05-rhel7-3.10.0-957-memcg-journal-interleaved-dockerd.log': [
    E({ comm: 'python', kernel: '3.10.0-957.12.2.el7.x86_64', kind: 'memcg-v1', problems: ['OOM001'] }),
  ],
  '06-ubuntu-3.13-memcg-syslog-kernel-ts.log': [
    // the excerpt ends in the stack before any memcg evidence: kind cannot be told
    E({ comm: 'java', kernel: '3.13.0-54-generic', kind: 'unknown', problems: ['OOM001'] }),
  ],
  '07-kata-4.14.67-memcg-nodemask-null-doublespace.log': [
    E({ comm: 'mem', kernel: '4.14.67+', kind: 'memcg', problems: ['OOM001'] }),
  ],
  '08-4.19-memcg-v1-tasks-state-sacrifice-child-termwrapped.log': [
    E({ kind: 'memcg-v1', tasks: 2, chosen: 62685, memcgLimit: 524288, problems: ['OOM001', 'OOM004'] }),
  ],
  '09-ubuntu-5.4.0-29-global-pagefault-dmesg-Tw-2reports.log': [
    E({ comm: 'python3', kernel: '5.4.0-29-generic', kind: 'global', tasks: 132, victim: { pid: 3143527, comm: 'containerd-shim', anon: 620 }, problems: [] }),
    E({ comm: 'python3', kernel: '5.4.0-29-generic', kind: 'global', tasks: 126, victim: { pid: 2296209, comm: 'containerd', anon: 59336 }, problems: [] }),
  ],
  '10-5.x-memcg-v1-with-v2-format-memory-stat-dmesg-T.log': [
    E({ kind: 'memcg-v1', memcgLimit: 1048576, problems: ['OOM001', 'OOM004'] }),
  ],
  '14-talos-6.6.30-memcg-talosctl-dmesg-wrapper.log': [
    E({ comm: 'vcpu5', kernel: '6.6.30-talos', kind: 'memcg', problems: ['OOM001'] }),
  ],
  '16-android-3.0-arm-oom_adj-backtrace-excerpt.log': [
    // ARM frame-pointer unwinder; the excerpt ends in the exception stack dump, before any memory block
    E({ comm: 'osmcore_L', kind: 'global', problems: ['OOM001'] }),
  ],
  '15-debian-6.16.9-global-dmesg-T-uid-preempt.log': [
    E({ comm: 'postgres', kernel: '6.16.9+deb14-amd64', kind: 'global', problems: ['OOM001'] }),
  ],
};

function check(file: string, ev: OomEvent, e: Expect): void {
  const at = `${file} event ${ev.index}`;
  assert.equal(ev.trigger?.comm, e.comm, `${at} trigger comm`);
  assert.equal(ev.kernel, e.kernel, `${at} kernel`);
  assert.equal(ev.kind, e.kind, `${at} kind`);
  assert.equal(ev.tasks?.rows.length, e.tasks, `${at} task rows`);
  assert.equal(ev.chosen?.pid, e.chosen, `${at} chosen pid`);
  if (e.victim) {
    assert.equal(ev.victims[0]?.pid, e.victim.pid, `${at} victim pid`);
    assert.equal(ev.victims[0]?.comm, e.victim.comm, `${at} victim comm`);
    assert.equal(ev.victims[0]?.anonRssKiB, e.victim.anon, `${at} victim anon-rss`);
  } else assert.equal(ev.victims.length, 0, `${at} no victim`);
  assert.equal(ev.memcg?.memory?.limitKiB, e.memcgLimit, `${at} memcg limit`);
  assert.deepEqual(ev.problems.map(p => p.code).sort(), [...e.problems].sort(), `${at} problems`);
}

test('every corpus file has an expectation', () => {
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.log')).sort();
  assert.deepEqual(files, Object.keys(CORPUS).sort());
});

for (const [file, expected] of Object.entries(CORPUS)) {
  test(`corpus ${file}`, () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const a = parseOomLog(text);
    assert.equal(a.events.length, expected.length, 'number of events');
    a.events.forEach((ev, i) => check(file, ev, expected[i]));
    // every field's range points at its raw text in the original document (single-line ranges)
    const lines = text.split('\n');
    for (const ev of a.events) {
      for (const f of a.fields.all(ev)) {
        if (f.range.start.line !== f.range.end.line) continue;
        const got = lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
        assert.equal(got, f.raw, `${file} field ${f.key} at line ${f.range.start.line + 1}`);
      }
    }
  });
}

test('corpus details: sacrifice child, reaper after foreign lines, wrapped stats, v2-format stats, decoded GFP', () => {
  const read = (f: string) => parseOomLog(fs.readFileSync(path.join(dir, f), 'utf8'));
  const c09 = read('09-ubuntu-5.4.0-29-global-pagefault-dmesg-Tw-2reports.log');
  assert.equal(c09.events[0].reaper?.pid, 3143527);
  assert.equal(c09.events[1].reaper?.pid, 2296209);
  assert.equal(c09.events[0].suppressedCallbacks, 70);
  assert.equal(c09.events[0].summary?.task, 'containerd-shim');
  assert.equal(c09.events[0].summary?.taskMemcg, '/system.slice/containerd.service');
  assert.equal(c09.events[0].memInfo?.pages.free, 30149832);
  assert.equal(c09.events[0].memInfo?.pageSizeKiB, 4);
  assert.equal(c09.events[0].memInfo?.zones.length, 3);
  assert.equal(c09.events[0].victims[0].pgtablesKiB, 72);
  const wide = c09.events[0].tasks!.rows.find(r => r.pid === 3143681)!;
  assert.equal(wide.uid, 231072);
  assert.equal(wide.name, 'python3');

  const c08 = read('08-4.19-memcg-v1-tasks-state-sacrifice-child-termwrapped.log');
  const rss = c08.events[0].memcg!.stats[0].entries.find(e => e.key === 'rss');
  assert.equal(rss?.value, 448, 'terminal-wrapped rss:44 / 8KB is glued back');
  assert.equal(c08.events[0].tasks!.columns.join(' '), 'pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name');

  const c10 = read('10-5.x-memcg-v1-with-v2-format-memory-stat-dmesg-T.log');
  const anon = c10.events[0].memcg!.stats[0].entries.find(e => e.key === 'anon');
  assert.deepEqual([anon?.value, anon?.unit], [1062739968, 'bytes']);

  const c01 = read('01-linux-2.6.36-arch-global-syslog-nonuma.log');
  assert.deepEqual(c01.events[0].trigger?.gfpFlags, ['GFP_HIGHUSER_MOVABLE', '__GFP_COLD']);
  assert.equal(c01.events[0].trigger?.gfpFlagsSource, 'decoded');
  assert.equal(c01.events[0].memInfo?.swapFreeKiB, -1636);
  assert.equal(c01.events[0].tasks?.rows[0].oomAdj, -17);
  assert.equal(c01.events[1].trigger?.gfpFlagsSource, 'none', 'kernel unknown: no guessing');

  const c05 = read('05-rhel7-3.10.0-957-memcg-journal-interleaved-dockerd.log');
  assert.equal(c05.events[0].trigger?.pid, 21154);
  assert.equal(endLineOf(c05.events[0]), 11);

  const c14 = read('14-talos-6.6.30-memcg-talosctl-dmesg-wrapper.log');
  assert.equal(c14.events[0].timestamp?.iso, '2024-07-16T19:11:36.10466434Z');
  assert.equal(c14.events[0].trigger?.oomScoreAdj, -500);

  const c16 = read('16-android-3.0-arm-oom_adj-backtrace-excerpt.log');
  assert.deepEqual([c16.events[0].trigger?.oomAdj, c16.events[0].trigger?.oomScoreAdj], [-17, -1000]);
  assert.equal(endLineOf(c16.events[0]), 14, 'unwinder frames, saved registers and the exception stack dump all belong to the report');
  assert.equal(c16.events[0].stack?.pageAlloc, true);

  const c15 = read('15-debian-6.16.9-global-dmesg-T-uid-preempt.log');
  assert.equal(c15.events[0].trigger?.uid, 104);
  assert.equal(c15.events[0].trigger?.pid, 3589817);
});
