/**
 * Units as real machines have them: no false error at the default target (systemd 258), values
 * newer than an older target named as such, and the known wrong findings of earlier versions.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ctxFor, full, lint } from './helpers';
import { unitService } from '../../../server/src/crossfile';
import { rescaleWeight } from '../../../server/src/unit/rules';

const S = (body: string) => `[Service]\nExecStart=/bin/true\n${body}\n`;
const errors = (text: string, file = 'x.service', version = 258) => lint(text, file, version).filter(f => f.severity === 'error');

test('every unit the installed Debian packages ship lints with 0 errors at the default target', () => {
  const files: string[] = [];
  for (const dir of ['/usr/lib/systemd/system', '/lib/systemd/system']) {
    let names: string[] = [];
    try { names = fs.readdirSync(dir); } catch { continue; }
    for (const n of names) {
      const p = path.join(dir, n);
      if (/\.(service|socket|mount|automount|swap|slice|scope|timer|path|target)$/.test(n) && fs.statSync(p).isFile()) files.push(fs.realpathSync(p));
    }
  }
  const unique = [...new Set(files)];
  assert.ok(unique.length >= 100, `only ${unique.length} unit files found: scripts/provision-tools.sh installs Debian's systemd`);
  const bad: string[] = [];
  for (const f of unique) for (const e of errors(fs.readFileSync(f, 'utf8'), f)) bad.push(`${f}:${e.range.start.line + 1} ${e.ruleId} ${e.message}`);
  assert.deepEqual(bad, []);
});

test('values added in newer systemd are valid at 258 and "need systemd N" at an older target', () => {
  const unit = S('PrivateTmp=disconnected\nPrivateUsers=self\nPrivateUsers=identity\nPrivateUsers=managed\nProtectHostname=private\nProtectControlGroups=strict\nProtectSystem=strict\nProtectHome=tmpfs');
  assert.deepEqual(errors(unit), []);
  const old = lint(unit, 'x.service', 256).filter(f => f.range.start.line >= 2 && f.range.start.line <= 7 && f.ruleId !== 'SDU011');
  assert.deepEqual(old.map(f => `${f.range.start.line + 1} ${f.ruleId} ${f.severity}`), ['3 SDU032 warning', '4 SDU032 warning', '5 SDU032 warning', '6 SDU032 warning', '7 SDU032 warning', '8 SDU032 warning']);
  assert.match(full(old[0]), /PrivateTmp=disconnected needs systemd 257; systemd 256 rejects this value/);
  // NEWS 260: "PrivateUsers= gained a new possible value managed" (data/valueEnumsData.ts is generated from systemd's sources)
  assert.match(full(lint(S('PrivateUsers=managed'), 'x.service', 259).find(f => f.ruleId === 'SDU032')!), /needs systemd 260/);
  const wrong = errors(S('PrivateTmp=Disconnected'));
  assert.equal(wrong[0].ruleId, 'SDU014');
  assert.match(full(wrong[0]), /PrivateTmp= takes yes, no or connected, disconnected/);
  assert.equal(wrong[0].fixes?.[0].title, 'Change to disconnected');
});

test('a backslash continuing a quoted sh -c string is not reported (mariadb.service)', () => {
  const mariadb = S('ExecStartPre=/bin/sh -c "[ ! -e /usr/bin/galera_recovery ] && VAR= || \\\n VAR=`cd /usr/bin/..; /usr/bin/galera_recovery`; [ $? -eq 0 ] \\\n && systemctl set-environment _WSREP_START_POSITION=$VAR || exit 1"');
  assert.deepEqual(lint(mariadb).map(f => f.ruleId), []);
  assert.deepEqual(lint(S('Environment=A=1 \\\nMemoryMax=1G')).map(f => f.ruleId), ['SDU017'], 'outside quotes the swallowed line is still reported');
});

test('empty CapabilityBoundingSet= means no capabilities', () => {
  const f = lint(S('CapabilityBoundingSet=')).find(x => x.ruleId === 'SDU018')!;
  assert.match(full(f), /means no capabilities at all/);
});

test('ManagedOOMPreference= is accepted in .mount/.socket/.swap; the other ManagedOOM*= are not', () => {
  for (const [file, sec] of [['x.mount', '[Mount]\nWhat=/dev/sda1\nWhere=/x\n'], ['x.socket', '[Socket]\nListenStream=/run/x\n'], ['x.swap', '[Swap]\nWhat=/dev/sdb\n']]) {
    assert.deepEqual(lint(sec + 'ManagedOOMPreference=avoid\n', file).map(f => f.ruleId), [], file);
    assert.deepEqual(lint(sec + 'ManagedOOMSwap=kill\n', file).filter(f => f.severity === 'error').map(f => f.ruleId), ['SDU051'], file);
  }
});

test('the MemoryLimit= message does not claim "no memory limit at all" when MemoryMax= is set', () => {
  assert.match(full(lint(S('MemoryLimit=1G')).find(f => f.ruleId === 'SDU009')!), /no memory limit at all/);
  const both = lint(S('MemoryMax=1G\nMemoryLimit=1G')).find(f => f.ruleId === 'SDU009')!;
  assert.doesNotMatch(full(both), /no memory limit at all/);
  assert.match(full(both), /MemoryMax= is set here too/);
});

test('weights are rescaled from the cgroup-v1 ranges', () => {
  assert.equal(rescaleWeight('BlockIOWeight', '500'), '100');
  assert.equal(rescaleWeight('BlockIOWeight', '1000'), '200');
  assert.equal(rescaleWeight('CPUShares', '262144'), '10000');
  assert.equal(rescaleWeight('BlockIOWeight', '5'), null, 'out of the old range: no guess');
});

test('a unit that is not valid UTF-8: one error at the first bad byte outside comments', () => {
  const text = Buffer.from('[Unit]\n# caf\xe9 comment\nDescription=caf\xe9 \xe9\nAfter=x\xe9\n', 'latin1').toString('utf8');
  const f = lint(text, 'x.service').filter(x => x.ruleId === 'SDU005');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].range, { start: { line: 2, character: 15 }, end: { line: 2, character: 16 } });
  assert.equal(f[0].severity, 'error');
  assert.match(full(f[0]), /not valid UTF-8 .* systemd refuses to load the whole unit/);
});

test('multi-part sizes: each part needs a smaller suffix than the one before', () => {
  assert.deepEqual(errors(S('MemoryMax=1G512M')), []);
  for (const v of ['1G1G', '512M1G', '1 024', '1G-']) {
    const e = errors(S(`MemoryMax=${v}`));
    assert.deepEqual(e.map(f => f.ruleId), ['SDU020'], v);
    assert.doesNotMatch(full(e[0]), /negative/, v);
  }
  assert.match(full(errors(S('LimitAS=128M:64M'))[0]), /the soft limit 128M is above the hard limit 64M/);
  assert.match(full(errors(S('LimitAS=1.5.G'))[0]), /not a size/);
  assert.match(full(errors(S('CPUQuota=50'))[0]), /needs the % sign/);
  assert.match(full(errors(S('TasksMax=0'))[0]), /zero/);
});

test('KillMode=none is accepted with a warning (deprecated); an empty KillMode= resets it', () => {
  const none = lint(S('KillMode=none')).filter(f => f.range.start.line === 2);
  assert.deepEqual(none.map(f => `${f.ruleId} ${f.severity}`), ['SDU014 warning']);
  assert.match(full(none[0]), /KillMode=none is deprecated and unsafe/);
  assert.deepEqual(errors(S('KillMode=')), []);
  assert.deepEqual(errors(S('ProtectHome=')).map(f => f.ruleId), ['SDU014']);
});

test('completion offers a setting\'s words, marking the ones newer than the target', () => {
  const text = S('PrivateTmp=');
  const ctx = ctxFor('x.service', 256);
  const items = unitService.completion!(unitService.analyze(text, ctx), { line: 2, character: 11 }, ctx);
  assert.deepEqual(items.map(i => `${i.label} ${i.detail}`), ['yes PrivateTmp=', 'no PrivateTmp=', 'connected needs systemd 257', 'disconnected needs systemd 257']);
});
