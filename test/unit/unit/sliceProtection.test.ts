/** SDU026: MemoryMin=/MemoryLow= need a matching protection on every slice above the unit. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, type DocumentContext, type WorkspaceFile } from '../../../server/src/common/service';
import { unitService } from '../../../server/src/crossfile';
import { ancestorSlices } from '../../../server/src/crossfile/sliceProtection';
import { full } from './helpers';

const file = (path: string, text: string): WorkspaceFile => ({ uri: 'file://' + path, path, text });

function sdu026(path: string, text: string, units: WorkspaceFile[] = []) {
  const ctx: DocumentContext = {
    uri: 'file://' + path, path, settings: defaultSettings,
    workspace: { unitFiles: () => [file(path, text), ...units], sysctlFiles: () => [], logFiles: () => [] },
  };
  return unitService.diagnostics(unitService.analyze(text, ctx), ctx).filter(f => f.ruleId === 'SDU026');
}

test('ancestorSlices: a dash is a level of the tree, the root slice is left out', () => {
  assert.deepEqual(ancestorSlices('system.slice'), []);
  assert.deepEqual(ancestorSlices('a-b-c.slice'), ['a-b.slice', 'a.slice']);
  assert.deepEqual(ancestorSlices('-.slice'), []);
});

test('SDU026: MemoryLow= on a service in system.slice, which is not in the workspace', () => {
  const found = sdu026('/ws/db.service', '[Service]\nExecStart=/usr/bin/db\nMemoryLow=2G\n');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'hint');
  assert.deepEqual(found[0].range.start, { line: 2, character: 10 });
  assert.match(full(found[0]), /MemoryLow=2G may protect nothing: system\.slice must set MemoryLow= too, and none of the unit files checked is for it/);
  assert.match(full(found[0]), /systemctl set-property system\.slice MemoryLow=2G/);
});

test('SDU026: the slice file in the workspace sets the protection: no hint; it sets none: the hint names it', () => {
  const unit = '[Service]\nMemoryMin=512M\nSlice=db.slice\n';
  assert.deepEqual(sdu026('/ws/db.service', unit, [file('/ws/db.slice', '[Slice]\nMemoryMin=1G\n')]), []);
  // a drop-in of the slice counts as well
  assert.deepEqual(sdu026('/ws/db.service', unit, [file('/ws/db.slice', '[Slice]\n'), file('/ws/db.slice.d/mem.conf', '[Slice]\nMemoryMin=1G\n')]), []);
  const found = sdu026('/ws/db.service', unit, [file('/ws/db.slice', '[Slice]\nMemoryLow=1G\n')]);
  assert.equal(found.length, 1, 'MemoryLow= on the slice does not carry MemoryMin=');
  assert.match(full(found[0]), /the slice above it, db\.slice, sets no MemoryMin= \(in db\.slice\)/);
  assert.equal(found[0].related?.[0].uri, 'file:///ws/db.slice');
  // files apply in order, main file first: a drop-in resetting it takes the protection away
  assert.equal(sdu026('/ws/db.service', unit, [file('/ws/db.slice.d/z.conf', '[Slice]\nMemoryMin=\n'), file('/ws/db.slice', '[Slice]\nMemoryMin=1G\n')]).length, 1);
  assert.equal(sdu026('/ws/db.service', unit, [file('/ws/db.slice.d/z.conf', '[Slice]\nMemoryMin=2G\n'), file('/ws/db.slice', '[Slice]\nMemoryMin=\n')]).length, 0);
});

test('SDU026: every level of a nested slice, nearest first; the unit\'s Slice= may sit in its main file', () => {
  const units = [file('/ws/a-b.slice', '[Slice]\nMemoryLow=4G\n')];
  const found = sdu026('/ws/job.service.d/mem.conf', '[Service]\nMemoryLow=1G\n', [...units, file('/ws/job.service', '[Service]\nSlice=a-b.slice\n')]);
  assert.equal(found.length, 1);
  assert.match(full(found[0]), /a\.slice must set MemoryLow= too/, 'a-b.slice protects; a.slice, above it, is missing');
  // the unit's drop-in moves it: Slice= in the drop-in wins over the main file's
  const moved = sdu026('/ws/job.service', '[Service]\nMemoryLow=1G\nSlice=a-b.slice\n', [...units, file('/ws/a.slice', '[Slice]\nMemoryLow=8G\n'), file('/ws/job.service.d/slice.conf', '[Service]\nSlice=other.slice\n')]);
  assert.match(moved[0] ? full(moved[0]) : '', /other\.slice must set MemoryLow=/);
  // a slice itself: only the slices above it count
  const fromChild = sdu026('/ws/a-b.slice', '[Slice]\nMemoryLow=4G\n')[0];
  assert.match(fromChild ? full(fromChild) : '', /a\.slice must set MemoryLow=/);
  assert.deepEqual(sdu026('/ws/top.slice', '[Slice]\nMemoryLow=4G\n'), [], 'a top-level slice hangs off the root');
});

test('SDU026: a later assignment systemd rejects does not hide an earlier valid one (unit, slice and Slice=)', () => {
  // `1g` is not a size systemd accepts (suffixes are upper case): the line is ignored, MemoryLow=2G stays
  const unit = sdu026('/ws/db.service', '[Service]\nMemoryLow=2G\nMemoryLow=1g\n');
  assert.equal(unit.length, 1, 'the unit still asks for protection');
  assert.match(full(unit[0]), /^MemoryLow=2G may protect nothing/);
  assert.deepEqual(unit[0].range.start, { line: 1, character: 10 }, 'on the assignment that takes effect');
  // the slice keeps its valid MemoryLow= despite a later invalid one
  assert.deepEqual(sdu026('/ws/db.service', '[Service]\nMemoryLow=2G\nSlice=db.slice\n', [file('/ws/db.slice', '[Slice]\nMemoryLow=4G\nMemoryLow=4g\n')]), []);
  // an invalid Slice= (no .slice suffix) leaves the unit in the slice named before
  const moved = sdu026('/ws/db.service', '[Service]\nMemoryLow=2G\nSlice=db.slice\nSlice=db\n');
  assert.match(moved[0] ? full(moved[0]) : '', /db\.slice must set MemoryLow=/);
});

test('SDU026: nothing for zero, empty or no protection, user units, or units without a cgroup', () => {
  assert.deepEqual(sdu026('/ws/a.service', '[Service]\nMemoryLow=0\n'), []);
  assert.deepEqual(sdu026('/ws/a.service', '[Service]\nMemoryLow=1G\nMemoryLow=\n'), []);
  assert.deepEqual(sdu026('/ws/a.service', '[Service]\nMemoryMax=1G\n'), []);
  assert.deepEqual(sdu026('/home/u/.config/systemd/user/a.service', '[Service]\nMemoryLow=1G\n'), []);
  assert.deepEqual(sdu026('/ws/a.timer', '[Timer]\nMemoryLow=1G\n'), []);
  assert.equal(sdu026('/ws/a.service', '[Service]\nMemoryLow=10%\nMemoryMin=infinity\n').length, 2);
});

test('SDU026 reads only the files that can belong to the unit or its slices (oom-lens lint puts every file given in the workspace)', () => {
  const untouchable = (i: number): WorkspaceFile => ({
    uri: `file:///ws/other-${i}.service`, path: `/ws/other-${i}.service`,
    get text(): string { throw new Error(`read other-${i}.service`); },
  });
  const others = Array.from({ length: 1000 }, (_, i) => untouchable(i));
  const found = sdu026('/ws/db.service', '[Service]\nMemoryLow=1G\n', [...others, file('/ws/system.slice', '[Slice]\n')]);
  assert.equal(found.length, 1, 'the rule ran and found system.slice without the protection');
  assert.match(full(found[0]), /sets no MemoryLow= \(in system\.slice\)/);
});
