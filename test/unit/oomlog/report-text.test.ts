import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { eventSummaryText, topByRss } from '../../../server/src/oomlog/report';
import type { OomEvent } from '../../../server/src/oomlog/model';
import { Rng } from '../../../bench/generate';

const corpus = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus');
const read = (prefix: string) => fs.readFileSync(path.join(corpus, fs.readdirSync(corpus).find(f => f.startsWith(prefix))!), 'utf8');

test('summary: kernels before 4.6 have no oom_reaper, so its absence is not a finding', () => {
  const text = eventSummaryText(parseOomLog(read('00-')).events[0]);
  assert.match(text, /reaper: +none on this kernel \(the oom_reaper thread exists since 4\.6\)/);
});

test('summary: on 5.4 the reaper result is shown', () => {
  const text = eventSummaryText(parseOomLog(read('09-')).events[0]);
  assert.match(text, /reaper: +freed the victim's memory/);
});

test('top RSS: the same rows as a stable sort by RSS (most first, ties in table order), in one pass', () => {
  const rng = new Rng(11);
  for (let round = 0; round < 200; round++) {
    const rows = Array.from({ length: rng.int(0, 40) }, (_, i) => ({ pid: i, uid: 0, tgid: i, totalVmPages: 0, rssPages: rng.int(0, 6), name: `p${i}`, line: i }));
    const ev = { tasks: { headerLine: 0, columns: [], rows } } as unknown as OomEvent;
    const n = rng.int(1, 7);
    const expected = [...rows].sort((a, b) => b.rssPages - a.rssPages).slice(0, n);
    assert.deepEqual(topByRss(ev, n), expected, `round ${round}`);
  }
});
