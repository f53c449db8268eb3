/**
 * Which memcg counter stopped the cgroup, read from the counters as printed (real reports from
 * test/fixtures/field and test/fixtures/corpus): the summary's "used of limit" and the JSON's
 * `memcg.limitHit` name that counter, so a v1 cgroup stopped at its memory+swap limit does not read
 * as "below its limit".
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { analyzeCommand } from '../../helpers/wholeTextAnalyze';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures');

function analyze(file: string, json: boolean): string {
  let out = '', err = '';
  const code = analyzeCommand([...(json ? ['--json'] : []), path.join(fixtures, file)],
    { stdout: s => { out += s; }, stderr: s => { err += s; }, readStdin: () => '' });
  assert.equal(code, 0, err);
  return out;
}

interface Hit { counter: string; usageKiB: number; limitKiB: number; failcnt: number }
function hits(file: string): (Hit | null)[] {
  return (JSON.parse(analyze(file, true)).files[0].events as { memcg: { limitHit: Hit | null } | null }[]).map(e => e.memcg?.limitHit ?? null);
}

test('memory at its limit, memory+swap below: memory is the counter hit', () => {
  assert.deepEqual(hits('field/oomlog/ecs-agent-4508-memcg-v1-dmesg-T-memory-hit.log'),
    [{ counter: 'memory', usageKiB: 1048576, limitKiB: 1048576, failcnt: 34667727 }]);
  assert.deepEqual(hits('field/oomlog/osm-fr-70-lxc-memcg-v1-dmesg-T.log'),
    [{ counter: 'memory', usageKiB: 2097152, limitKiB: 2097152, failcnt: 3483187 }]);
});

test('memory below its limit, memory+swap at its own: the summary reads memory+swap, not "224 MiB of 256 MiB"', () => {
  const file = 'corpus/00-ubuntu-3.13-memcg-v1-docker-sacrifice-child-syslog-stripped.log';
  assert.deepEqual(hits(file)[0], { counter: 'memory+swap', usageKiB: 524288, limitKiB: 524288, failcnt: 19118 });
  assert.match(analyze(file, false), /512 MiB used of 512 MiB memory\+swap limit \(memory\+swap hit its limit 19118 times\); memory 224 MiB of 256 MiB/);
});

test('both at equal limits: the counter whose charges failed (failcnt) is the one hit', () => {
  // memory: usage 524288kB, limit 524288kB, failcnt 0 / memory+swap: usage 524288kB, limit 524288kB, failcnt 38
  assert.equal(hits('corpus/08-4.19-memcg-v1-tasks-state-sacrifice-child-termwrapped.log')[0]?.counter, 'memory+swap');
});

test('no counter at its limit: limitHit is null, not a guess', () => {
  // a report cut in its stack, before the counters: nothing to read
  assert.deepEqual(hits('field/oomlog/lxd-6576-first-line-bracket-cut.log'), [null]);
});
