/** Drop-ins drafted from OOM reports: the unit, the sizing, and a draft our own unit linter accepts. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { services } from '../../../server/src/files/languages';
import { draftDropIn, dropInTarget, systemdSize, type DropInDraft } from '../../../server/src/machine/dropin';

const samples = path.resolve(__dirname, '..', '..', '..', '..', 'samples');
const events = (name: string) => parseOomLog(fs.readFileSync(path.join(samples, name), 'utf8')).events;

function lint(d: DropInDraft) {
  const p = `/etc/systemd/system/${d.relativePath}`;
  const ctx: DocumentContext = { uri: `file://${p}`, path: p, settings: defaultSettings, workspace: emptyWorkspace };
  const svc = services['systemd-unit'];
  return svc.diagnostics(svc.analyze(d.text, ctx), ctx).filter(f => f.severity === 'error' || f.severity === 'warning');
}

test('cgroup OOM of a service: limits sized from the report, above the limit that was hit', () => {
  const [ev] = events('journald-6.12-cgroup-v2.log');
  const t = dropInTarget(ev)!;
  assert.equal(t.unit, 'php8.2-fpm.service');
  assert.equal(t.limitHere, true);
  assert.equal(t.loggedLimitKiB, 1048576);
  assert.equal(t.peakKiB, 1048576, 'the usage at the limit exceeds the task table\'s RSS sum');
  const d = draftDropIn(t, 'limits') as DropInDraft;
  assert.equal(d.relativePath, 'php8.2-fpm.service.d/50-oom-lens.conf');
  assert.match(d.text, /^\[Service\]\nMemoryHigh=1127M\nMemoryMax=1280M\n$/m);
  assert.deepEqual(d.commands, ['sudo systemctl set-property php8.2-fpm.service MemoryHigh=1127M MemoryMax=1280M   # applies at once and persists']);
  assert.match(d.explanation.join('\n'), /MemoryMax=1280M \(the limit it hit, 1 GiB, \+ 25 % headroom\)[^]*stopped at its limit of 1 GiB/);
  assert.deepEqual(lint(d), []);
});

test('machine-wide OOM whose victim ran in a service: sized from the victim; protect and oomd choices lint clean', () => {
  const ev = events('dmesg-T-5.4-global-2reports.log')[0];
  const t = dropInTarget(ev)!;
  assert.equal(t.unit, 'containerd.service');
  assert.equal(t.limitHere, false);
  assert.match(t.peakBasis!, /^the resident memory of containerd-shim \(3143527\) when it was killed$/);
  for (const choice of ['limits', 'protect', 'oomd'] as const) {
    const d = draftDropIn(t, choice) as DropInDraft;
    assert.deepEqual(lint(d), [], `${choice}: ${d.text}`);
  }
  const p = draftDropIn(t, 'protect') as DropInDraft;
  assert.match(p.text, /\[Service\]\nOOMScoreAdjust=-500\n$/);
  assert.match(p.commands[0], /^sudo systemctl edit containerd\.service /);
  assert.match((draftDropIn(t, 'oomd') as DropInDraft).text, /ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureLimit=60%\n$/);
});

test('a container scope gets no drop-in; a slice gets [Slice] and no OOMScoreAdjust', () => {
  assert.equal(dropInTarget(events('memcg-v1-3.13-sacrifice-child.log')[0]), null, '/docker/<id> names no unit');
  const slice = { unit: 'batch.slice', limitHere: true, peakKiB: 3 * 1048576 };
  assert.match((draftDropIn(slice, 'limits') as DropInDraft).text, /\[Slice\]\nMemoryHigh=3380M\nMemoryMax=3840M\n/);
  assert.match((draftDropIn(slice, 'protect') as { error: string }).error, /a slice starts none/);
  assert.match((draftDropIn({ unit: 'x.service', limitHere: false }, 'limits') as { error: string }).error, /nothing to size/);
});

test('systemd sizes: whole MiB, whole GiB from 8 GiB', () => {
  assert.equal(systemdSize(1), '1M');
  assert.equal(systemdSize(1048576 * 1.1), '1127M');
  assert.equal(systemdSize(8 * 1048576), '8G');
  assert.equal(systemdSize(8.2 * 1048576), '9G');
});
