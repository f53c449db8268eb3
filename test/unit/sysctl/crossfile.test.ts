import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mergeFiles, effective, globMatch } from '../../../server/src/sysctl/merge';
import { sysctlService } from '../../../server/src/crossfile';
import { contextOf, full, lint } from './helpers';
import * as fs from 'fs';
import * as os from 'os';
import * as nodePath from 'path';
import { lintCommand } from '../../../server/src/cli/main';

const wf = (path: string, text: string) => ({ uri: `file://${path}`, path, text });

test('merge order: by file name across directories, sysctl.conf last', () => {
  const m = mergeFiles([
    wf('/usr/lib/sysctl.d/50-default.conf', 'vm.swappiness = 60\n'),
    wf('/etc/sysctl.conf', 'vm.swappiness = 5\n'),
    wf('/etc/sysctl.d/99-local.conf', 'vm.swappiness = 1\n'),
  ], wf('/etc/sysctl.d/10-a.conf', 'vm.swappiness = 30\n'));
  assert.deepEqual(m.files.map(f => f.path), ['/etc/sysctl.d/10-a.conf', '/usr/lib/sysctl.d/50-default.conf', '/etc/sysctl.d/99-local.conf', '/etc/sysctl.conf']);
  assert.equal(effective(m, 'vm.swappiness')!.entry.value, '5');
});

test('equal names: /etc beats /run beats /usr/lib, the loser is not applied', () => {
  const m = mergeFiles([
    wf('/usr/lib/sysctl.d/50-x.conf', 'vm.swappiness = 60\n'),
    wf('/run/sysctl.d/50-x.conf', 'vm.swappiness = 40\n'),
  ], wf('/etc/sysctl.d/50-x.conf', 'vm.dirty_ratio = 15\n'));
  assert.deepEqual(m.files.map(f => f.path), ['/etc/sysctl.d/50-x.conf']);
  assert.equal(m.shadowed.length, 2);
  assert.equal(effective(m, 'vm.swappiness'), undefined);
});

test('files merge only when systemd-sysctl applies them together: its search set under one root, or one folder', () => {
  const over = (mine: string, other: string) =>
    lint({ path: mine, text: 'vm.swappiness = 10\n', files: [{ path: other, text: 'vm.swappiness = 30\n' }] }).filter(f => f.ruleId === 'SYS011').length;
  assert.equal(over('/usr/lib/sysctl.d/10-a.conf', '/etc/sysctl.conf'), 1);
  assert.equal(over('/etc/sysctl.d/10-a.conf', '/run/sysctl.d/90-b.conf'), 1);
  // a root file system copied into a project
  assert.equal(over('/ws/image/rootfs/etc/sysctl.d/10-a.conf', '/ws/image/rootfs/usr/lib/sysctl.d/90-b.conf'), 1);
  assert.equal(over('/ws/roles/db/files/10-a.conf', '/ws/roles/db/files/90-b.conf'), 1);
  // unrelated files: other folders, another root, a search directory against a plain folder
  assert.equal(over('/ws/roles/db/files/10-a.conf', '/ws/roles/web/files/90-b.conf'), 0);
  assert.equal(over('/ws/a/rootfs/etc/sysctl.d/10-a.conf', '/ws/b/rootfs/etc/sysctl.d/90-b.conf'), 0);
  assert.equal(over('/etc/sysctl.d/10-a.conf', '/home/me/tuning/90-b.conf'), 0);
  assert.equal(over('/home/me/sysctl.conf', '/etc/sysctl.d/90-b.conf'), 0);
  // a subfolder of sysctl.d is never read with it (SYS044); its own files stay one folder
  assert.equal(over('/etc/sysctl.d/old/10-a.conf', '/etc/sysctl.d/90-b.conf'), 0);
  assert.equal(over('/etc/sysctl.d/90-b.conf', '/etc/sysctl.d/old/10-a.conf'), 0);
  assert.equal(over('/etc/sysctl.d/old/10-a.conf', '/etc/sysctl.d/old/90-b.conf'), 1);
});

test('CLI: two unrelated files named together do not override each other; two of one folder do', () => {
  const tmp = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'oomlens-sysctl-'));
  try {
    for (const [rel, text] of [['db/10-a.conf', 'vm.swappiness = 10\n'], ['web/90-b.conf', 'vm.swappiness = 30\n'], ['db/90-c.conf', 'vm.swappiness = 1\n']]) {
      fs.mkdirSync(nodePath.join(tmp, nodePath.dirname(rel)), { recursive: true });
      fs.writeFileSync(nodePath.join(tmp, rel), text);
    }
    const codes = (...rel: string[]) => {
      let out = '';
      const code = lintCommand(['--format', 'json', ...rel.map(r => nodePath.join(tmp, r))], { stdout: s => { out += s; }, stderr: () => undefined, readStdin: () => '' });
      assert.notEqual(code, 2);
      return (JSON.parse(out) as { code: string }[]).map(f => f.code);
    };
    assert.deepEqual(codes('db/10-a.conf', 'web/90-b.conf'), []);
    assert.deepEqual(codes('db/10-a.conf', 'db/90-c.conf'), ['SYS011', 'SYS011']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('override hints on both sides, with related pointing at the other file', () => {
  const early = { path: '/etc/sysctl.d/10-a.conf', text: '# a\nvm.swappiness = 10\n' };
  const late = { path: '/etc/sysctl.d/90-b.conf', text: 'vm.swappiness = 30\n' };
  const onEarly = lint({ ...early, files: [late] }).filter(f => f.ruleId === 'SYS011');
  assert.equal(onEarly.length, 1);
  assert.equal(onEarly[0].severity, 'hint');
  assert.equal(onEarly[0].range.start.line, 1);
  assert.match(onEarly[0].message, /vm\.swappiness = 10 is overridden by 30 in \/etc\/sysctl\.d\/90-b\.conf/);
  assert.equal(onEarly[0].related![0].uri, 'file:///etc/sysctl.d/90-b.conf');
  assert.equal(onEarly[0].related![0].range.start.line, 0);
  const onLate = lint({ ...late, files: [early] }).filter(f => f.ruleId === 'SYS011');
  assert.equal(onLate.length, 1);
  assert.match(onLate[0].message, /overrides 10 from \/etc\/sysctl\.d\/10-a\.conf/);
  assert.equal(onLate[0].related![0].uri, 'file:///etc/sysctl.d/10-a.conf');
  assert.equal(onLate[0].related![0].range.start.line, 1);
});

test('cross-key rules see the merged result and report on the line of the current document', () => {
  // panic_on_oom in one file, kernel.panic = 10 in a later one: fine
  const ok = lint({ text: 'vm.panic_on_oom = 1\n', path: '/etc/sysctl.d/10-oom.conf', files: [{ path: '/etc/sysctl.d/20-panic.conf', text: 'kernel.panic = 10\n' }] });
  assert.equal(ok.filter(f => f.ruleId === 'SYX001').length, 0);
  // a later file resets kernel.panic to 0: the panic_on_oom line is flagged, related points at the reset
  const bad = lint({ text: 'vm.panic_on_oom = 1\nkernel.panic = 10\n', path: '/etc/sysctl.d/10-oom.conf', files: [{ path: '/etc/sysctl.d/90-reset.conf', text: 'kernel.panic = 0\n' }] });
  const syx = bad.filter(f => f.ruleId === 'SYX001');
  assert.equal(syx.length, 1);
  assert.equal(syx[0].range.start.line, 0);
  assert.equal(syx[0].related![0].uri, 'file:///etc/sysctl.d/90-reset.conf');
  // the file that only holds kernel.panic = 0 gets the finding on its own line
  const onReset = lint({ text: 'kernel.panic = 0\n', path: '/etc/sysctl.d/90-reset.conf', files: [{ path: '/etc/sysctl.d/10-oom.conf', text: 'vm.panic_on_oom = 2\n' }] });
  const r = onReset.filter(f => f.ruleId === 'SYX001');
  assert.equal(r.length, 1);
  assert.equal(r[0].range.start.line, 0);
  // a later file disabling panic_on_oom clears the warning
  const cleared = lint({ text: 'vm.panic_on_oom = 1\n', path: '/etc/sysctl.d/10-oom.conf', files: [{ path: '/etc/sysctl.d/90-off.conf', text: 'vm.panic_on_oom = 0\n' }] });
  assert.equal(cleared.filter(f => f.ruleId === 'SYX001').length, 0);
});

test('files not involved in a cross-key finding get nothing', () => {
  const f = lint({ text: 'vm.dirty_ratio = 15\n', path: '/etc/sysctl.d/50-dirty.conf', files: [{ path: '/etc/sysctl.d/10-oom.conf', text: 'vm.panic_on_oom = 1\n' }] });
  assert.deepEqual(f.map(x => x.ruleId), []);
});

test('SYX004: panic_on_oom = 2 with a unit MemoryMax=, related points into the unit file', () => {
  const f = lint({
    text: 'vm.panic_on_oom = 2\nkernel.panic = 10\n',
    units: [
      { path: '/etc/systemd/system/db.service', text: '[Unit]\nDescription=db\n[Service]\nMemoryMax=4G\n' },
      { path: '/etc/systemd/system/web.service', text: '[Service]\nMemoryMax=infinity\n' },
    ],
  }).filter(x => x.ruleId === 'SYX004');
  assert.equal(f.length, 1);
  assert.match(full(f[0]), /db\.service/);
  assert.doesNotMatch(full(f[0]), /web\.service/);
  assert.equal(f[0].related!.length, 1);
  assert.equal(f[0].related![0].uri, 'file:///etc/systemd/system/db.service');
  assert.equal(f[0].related![0].range.start.line, 3);
  const none = lint({ text: 'vm.panic_on_oom = 2\nkernel.panic = 10\n', units: [{ path: '/x/a.service', text: '[Service]\nExecStart=/bin/true\n' }] });
  assert.equal(none.filter(x => x.ruleId === 'SYX004').length, 0);
});

test('SYX006 / SYX009 name the one applied last', () => {
  const f = lint({ text: 'vm.dirty_bytes = 268435456\n', path: '/etc/sysctl.d/10-a.conf', files: [{ path: '/etc/sysctl.d/20-b.conf', text: 'vm.dirty_ratio = 20\n' }] });
  const s = f.find(x => x.ruleId === 'SYX009')!;
  assert.match(full(s), /vm\.dirty_ratio is applied last, so vm\.dirty_bytes = 268435456 is lost/);
});

test('globs: effective values and exclusions across files', () => {
  const m = mergeFiles([wf('/etc/sysctl.d/10-g.conf', 'net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.lo.rp_filter\n')], wf('/etc/sysctl.d/20-x.conf', 'net.ipv4.conf.eth0.rp_filter = 1\n'));
  assert.equal(effective(m, 'net.ipv4.conf.eth1.rp_filter')!.entry.value, '2');
  assert.equal(effective(m, 'net.ipv4.conf.eth0.rp_filter')!.entry.value, '1');
  assert.equal(effective(m, 'net.ipv4.conf.lo.rp_filter'), undefined);
  assert.ok(globMatch('a.[bc]?.*', 'a.cx.yz'));
  assert.ok(!globMatch('a.[!bc]x', 'a.bx'));
  assert.ok(!globMatch('*.x', 'ab.y'));
});

test('hover shows the effective value and which file sets it last', () => {
  const input = { text: 'vm.swappiness = 10\n', path: '/etc/sysctl.d/10-a.conf', files: [{ path: '/etc/sysctl.d/90-b.conf', text: 'vm.swappiness = 30\n' }] };
  const ctx = contextOf(input);
  const h = sysctlService.hover(sysctlService.analyze(input.text, ctx), { line: 0, character: 5 }, ctx)!;
  assert.match(h.markdown, /Effective value:\*\* `30` — set last by `\/etc\/sysctl\.d\/90-b\.conf` line 1/);
});

test('globMatch: junk "keys" longer than any /proc/sys path are compared literally (a fuzz input of 19k-character [[[ keys took seconds)', () => {
  const junk = 'vm.nr_hug' + '['.repeat(19_000);
  assert.ok(globMatch(junk, junk));
  assert.ok(!globMatch(junk, junk + '['));
  assert.ok(!globMatch('vm.*' + 'x'.repeat(2000), 'vm.swappiness'), 'a long pattern is not a glob any more');
  assert.ok(!globMatch('vm.*', 'vm.' + 'x'.repeat(2000)), 'nor is a long name matched by one');
  assert.ok(globMatch('vm.*', 'vm.' + 'x'.repeat(1000)), 'up to the limit, globs work as before');
});
