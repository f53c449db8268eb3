import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { eventSummaryText } from '../../../server/src/oomlog/report';

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
