import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unitEvidence } from '../../../server/src/crossfile/unitEvidence';
import { analysisOf, globalEvent, memcgEvent } from './fixtures';

const logs = [
  { uri: 'file:///logs/a.log', analysis: analysisOf(memcgEvent(0, 0), globalEvent(1, 30), memcgEvent(2, 80)) },
  { uri: 'file:///logs/b.log', analysis: analysisOf(memcgEvent(0, 5)) },
];

test('kills, limits and peak rss of a unit across log files', () => {
  const ev = unitEvidence('app.service', logs);
  assert.equal(ev.kills, 3);
  assert.deepEqual(ev.limitsKiB, [524288]);
  assert.equal(ev.peakRssKiB, 480000, 'task table 120000 pages × 4 KiB vs kill line 480000 kB');
  assert.equal(ev.peakRssProcess, 'app');
  assert.deepEqual(ev.events.map(e => [e.uri, e.line]), [['file:///logs/a.log', 0], ['file:///logs/a.log', 80], ['file:///logs/b.log', 5]]);
  assert.deepEqual(ev.mismatches, [], 'no configured value given');
});

test('a unit the logs never mention', () => {
  const ev = unitEvidence('db.service', logs);
  assert.equal(ev.kills, 0);
  assert.deepEqual(ev.events, []);
  assert.equal(ev.peakRssKiB, undefined);
});

test('configured MemoryMax= that differs from the logged limit is a mismatch; equal (to a page) is not', () => {
  assert.deepEqual(unitEvidence('app.service', logs, 512 * 1024 * 1024).mismatches, []);
  assert.deepEqual(unitEvidence('app.service', logs, 512 * 1024 * 1024 + 4095).mismatches, []);
  const bad = unitEvidence('app.service', logs, 1024 * 1024 * 1024);
  assert.equal(bad.mismatches.length, 3);
  assert.equal(bad.mismatches[0].loggedLimitKiB, 524288);
  assert.equal(bad.mismatches[0].configuredKiB, 1048576);
  assert.equal(bad.mismatches[0].line, 8);
  assert.match(bad.mismatches[0].message, /killed at a limit of 512 MiB, but this file sets MemoryMax= of 1 GiB/);
  const inf = unitEvidence('app.service', logs, Infinity);
  assert.equal(inf.mismatches[0].configuredKiB, 'infinity');
});

test('kill in the unit while the limit of a parent slice was hit: counted, limit not attributed', () => {
  const ev = memcgEvent();
  ev.memcg!.limitPath = '/system.slice';
  ev.summary!.oomMemcg = '/system.slice';
  const r = unitEvidence('app.service', [{ uri: 'u', analysis: analysisOf(ev) }], 1 << 30);
  assert.equal(r.kills, 1);
  assert.deepEqual(r.limitsKiB, []);
  assert.deepEqual(r.mismatches, []);
  assert.equal(r.events[0].limitHere, false);
  const slice = unitEvidence('system.slice', [{ uri: 'u', analysis: analysisOf(ev) }]);
  assert.deepEqual(slice.limitsKiB, [524288]);
  assert.equal(slice.kills, 0);
});
