/** machine/follow.ts with a fake clock: when a report closes, what is kept, what is dropped. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ReportFollower } from '../../../server/src/machine/follow';

const samples = path.resolve(__dirname, '..', '..', '..', '..', 'samples');
const journald = fs.readFileSync(path.join(samples, 'journald-6.12-cgroup-v2.log'), 'utf8').split('\n').filter(Boolean);
const withoutReaper = journald.filter(l => !l.includes('oom_reaper'));

test('the reaper line closes a report at once; lines outside reports are dropped', () => {
  const f = new ReportFollower({ quietMs: 1000, maxBytes: 1 << 20 });
  assert.deepEqual(f.push('Mar 03 02:14:06 web-7 kernel: eth0: link up', 0), []);
  assert.equal(f.open, false, 'a foreign line opens nothing');
  const done = journald.flatMap((l, i) => f.push(l, 10 + i));
  assert.equal(done.length, 1);
  assert.equal(done[0].events.length, 1);
  assert.equal(done[0].events[0].victims[0].comm, 'php-fpm8.2');
  assert.equal(f.open, false);
  assert.equal(f.dueAt(), undefined);
});

test('without a reaper line: due one quiet period after the kill line, whatever follows it', () => {
  const f = new ReportFollower({ quietMs: 1000, maxBytes: 1 << 20 });
  withoutReaper.forEach((l, i) => assert.deepEqual(f.push(l, 100 + i), []));
  const killAt = 100 + withoutReaper.findIndex(l => l.includes('Killed process'));
  assert.equal(f.dueAt(), killAt + 1000);
  f.push('Mar 03 02:14:08 web-7 kernel: unrelated driver chatter', 900);
  assert.equal(f.dueAt(), killAt + 1000, 'later lines do not postpone a report that has its kill line');
  assert.deepEqual(f.poll(killAt + 999), []);
  const done = f.poll(killAt + 1000);
  assert.equal(done.length, 1);
  assert.equal(done[0].events[0].victims.length, 1);
});

test('before the kill line, the quiet period runs from the last line; EOF forces the open report out', () => {
  const f = new ReportFollower({ quietMs: 1000, maxBytes: 1 << 20 });
  const head = withoutReaper.slice(0, 6);
  head.forEach((l, i) => f.push(l, i * 100));
  assert.equal(f.dueAt(), 500 + 1000);
  const done = f.poll(600, true);
  assert.equal(done.length, 1);
  assert.equal(done[0].events[0].victims.length, 0, 'the cut report is still an event, without a victim');
});

test('back-to-back reports: a new start after a kill line closes the previous report', () => {
  const f = new ReportFollower({ quietMs: 1000, maxBytes: 1 << 20 });
  const out = [...withoutReaper, ...withoutReaper].flatMap((l, i) => f.push(l, i));
  assert.equal(out.length, 1);
  assert.equal(f.poll(10_000).length, 1);
});

test('bounded: a report over maxBytes is parsed as it stands and the rest skipped until the next start', () => {
  const f = new ReportFollower({ quietMs: 1000, maxBytes: 2000 });
  const out = journald.flatMap((l, i) => f.push(l, i));
  assert.equal(out.length, 1);
  assert.equal(out[0].truncated, true);
  assert.ok(out[0].lines < journald.length);
  assert.equal(f.open, false, 'nothing kept while skipping');
  const again = journald.flatMap((l, i) => f.push(l, 100 + i));
  assert.equal(again.length, 1, 'the next report is read again');
});
