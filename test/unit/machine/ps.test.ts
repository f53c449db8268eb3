/** `oom-lens ps`: options, text and JSON output on fixture trees, and this real machine. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { psCommand } from '../../../server/src/cli/ps';
import { takeSnapshot } from '../../../server/src/machine/rank';
import { directorySource } from '../../../server/src/machine/source';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'proc');

function ps(args: string[]) {
  let out = '';
  let err = '';
  const code = psCommand(args, { stdout: s => { out += s; }, stderr: s => { err += s; } });
  return { code, out, err };
}

test('text: ranked table, why the first, cgroup headroom; control characters in names are escaped', () => {
  const r = ps(['--root', path.join(fixtures, 'v2-limits')]);
  assert.equal(r.code, 0, r.err);
  const rows = r.out.split('\n').filter(l => /^\s+(\d+|-)\s+\d+\s/.test(l));
  assert.deepEqual(rows.map(l => l.slice(49, 57).trim()), ['15184', '13854', '7442', '1', '2']);
  assert.match(r.out, /why bash \(15184\) is first:/);
  assert.match(r.out, /\/system\.slice\/app\.service \(app\.service\), cgroup v2: 410 MiB used, max 512 MiB, high 384 MiB, 80 % of max/);
  assert.match(r.out, /events since it was created: oom 2, oom_kill 1, high 1742, max 31; pressure: some 12\.50 %, full 3\.75 %/);
  assert.ok(!r.out.includes('\x1b'), 'no raw ESC reaches the terminal');
  assert.match(r.out, /ev\\x1b\[31mil/);
});

test('--json: every process with both scores, its unit or container, and the cgroups', () => {
  const r = ps(['--json', '--top', '3', '--root', path.join(fixtures, 'v2-limits')]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.processes.length, 3);
  assert.deepEqual(j.processes.map((p: any) => [p.pid, p.oomScore, p.oomScoreAdj, p.unit, p.container]),
    [[15184, 999, 500, 'app.service', null], [13854, 668, 0, 'app.service', null], [7442, 666, 0, null, 'docker 4f1c2b9e8a7d']]);
  assert.equal(j.processes[2].name, 'ev\x1b[31mil', 'JSON keeps the name as the kernel has it');
  assert.equal(j.processes[0].limitedBy, '/system.slice/app.service');
  assert.ok(j.processes[0].explanation.length >= 3);
  assert.equal(j.cgroups[0].maxBytes, 536870912);
  assert.deepEqual(j.cgroups[0].pressure, { someAvg10: 12.5, fullAvg10: 3.75 });
});

test('bad usage and unreadable roots exit 2 with a message', () => {
  assert.equal(ps(['--top', 'x']).code, 2);
  assert.equal(ps(['--frobnicate']).code, 2);
  const r = ps(['--root', path.join(fixtures, 'missing')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /proc cannot be read/);
});

test('this machine: a process started with oom_score_adj 700 appears with the kernel\'s oom_score', { skip: process.platform !== 'linux' }, async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    await new Promise<void>((resolve, reject) => { child.once('spawn', () => resolve()); child.once('error', reject); });
    const pid = child.pid!;
    // raising oom_score_adj needs no privilege; the test runs as root on CI anyway
    fs.writeFileSync(`/proc/${pid}/oom_score_adj`, '700');
    const snap = takeSnapshot(directorySource('/'));
    if ('error' in snap) throw new Error(snap.error);
    const kernelScore = Number(fs.readFileSync(`/proc/${pid}/oom_score`, 'utf8'));
    const p = snap.processes.find(x => x.pid === pid);
    assert.ok(p, `pid ${pid} is listed`);
    assert.equal(p.name, 'sleep');
    assert.equal(p.oomScoreAdj, 700);
    assert.equal(p.oomScore, kernelScore);
    assert.ok(Math.abs(p.computedScore! - kernelScore) <= 1, `recomputed ${p.computedScore}, kernel ${kernelScore}`);
    assert.ok(kernelScore > 1000, 'adj 700 puts it above every unadjusted process');
    const self = snap.processes.find(x => x.pid === process.pid)!;
    assert.ok(p.rank < self.rank, 'ranked before this test process');
    assert.ok(snap.processes.some(x => x.kernelThread || x.exempt === 'init'));
  } finally {
    child.kill();
  }
});
