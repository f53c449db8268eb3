/** Drift: workspace sysctl files against /proc/sys, unit files against `systemctl show`. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { WorkspaceFile } from '../../../server/src/common/service';
import { isUnitName, parseShow, sysctlDrift, unitDrift, unitOfFile } from '../../../server/src/machine/drift';

const file = (path: string, text: string): WorkspaceFile => ({ uri: `file://${path}`, path, text });
const procSys: Record<string, string> = { 'vm/overcommit_memory': '0\n', 'vm/swappiness': '60\n', 'net/ipv4/tcp_rmem': '4096\t131072\t6291456\n', 'kernel/panic': '10\n' };
const read = (p: string) => procSys[p];

test('sysctl: a value the kernel does not run is reported on the value, with whitespace-insensitive comparison', () => {
  const f = file('/ws/sysctl.d/60-mem.conf', 'vm.overcommit_memory = 2\nvm.swappiness=60\nnet.ipv4.tcp_rmem = 4096 131072 6291456\nvm.no_such_key = 1\n');
  const d = sysctlDrift(f, [f], read);
  assert.equal(d.length, 1);
  assert.deepEqual([d[0].line, d[0].start, d[0].end], [0, 23, 24]);
  assert.match(d[0].message, /^This file sets vm\.overcommit_memory = 2; the running kernel has 0 — not applied yet/);
});

test('sysctl: a later workspace file that sets what the kernel runs is named as the override', () => {
  const a = file('/ws/sysctl.d/10-a.conf', 'kernel.panic = 0\n');
  const b = file('/ws/sysctl.d/90-b.conf', 'kernel/panic = 10\n');
  const d = sysctlDrift(a, [a, b], read);
  assert.equal(d.length, 1);
  assert.match(d[0].message, /90-b\.conf \(line 1\) is applied after it and sets 10, which is what the running kernel has/);
  assert.deepEqual(sysctlDrift(b, [a, b], read), [], 'the winning file matches the kernel');
});

const show = parseShow('LoadState=loaded\nNeedDaemonReload=no\nFragmentPath=/etc/systemd/system/app.service\nDropInPaths=\nMemoryHigh=infinity\nMemoryMax=536870912\nOOMScoreAdjust=0\nOOMPolicy=stop\nManagedOOMMemoryPressure=auto\nManagedOOMMemoryPressureLimit=0\n');

test('unit: MemoryMax in the file differs from the loaded unit; equal values in other notations are not drift', () => {
  const text = '[Service]\nExecStart=/usr/bin/app\nMemoryMax=1G\nMemoryHigh=infinity\nOOMPolicy=stop\nOOMScoreAdjust=-500\n';
  const d = unitDrift(text, '/ws/app.service', show);
  assert.deepEqual(d.map(x => [x.line, x.start]), [[2, 10], [5, 15]]);
  assert.equal(d[0].message, 'This file sets MemoryMax=1G; the loaded app.service (loaded from /etc/systemd/system/app.service) has 512 MiB — daemon-reload needed? Or this file is not the one installed, or a drop-in overrides it.');
  assert.match(d[1].message, /OOMScoreAdjust=-500; the loaded app\.service .* has 0/);
  assert.deepEqual(unitDrift('[Service]\nMemoryMax=512M\n', '/ws/app.service', show), []);
});

test('unit: NeedDaemonReload=yes says so; a unit not loaded here, and percentages, give nothing', () => {
  const reload = { ...show, NeedDaemonReload: 'yes', ManagedOOMMemoryPressure: 'auto' };
  const d = unitDrift('[Service]\nManagedOOMMemoryPressure=kill\n', '/ws/app.service.d/oom.conf', reload);
  assert.equal(d.length, 1);
  assert.match(d[0].message, /has auto — systemd says unit files changed since the last daemon-reload/);
  assert.deepEqual(unitDrift('[Service]\nMemoryMax=1G\n', '/ws/app.service', { LoadState: 'not-found' }), []);
  assert.deepEqual(unitDrift('[Service]\nMemoryMax=50%\n', '/ws/app.service', show), []);
});

test('unit names passed to systemctl: the file\'s unit (a drop-in\'s parent), never an option', () => {
  assert.equal(unitOfFile('[Service]\n', '/ws/app.service.d/50-oom-lens.conf'), 'app.service');
  assert.equal(unitOfFile('[Service]\n', '/ws/app.service'), 'app.service');
  assert.equal(isUnitName('--root=x.service'), false);
  assert.equal(isUnitName('a b.service'), false);
  assert.equal(isUnitName('getty@tty1.service'), true);
});
