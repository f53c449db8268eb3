/**
 * Quick fixes applied one after the other, as a user does: the result must be a unit with one
 * assignment per key and the value the user chose, never two lines where the later one silently
 * wins.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint } from './helpers';
import { applyEdits } from '../sysctl/helpers';

/** Applies the fix of `rule` whose title matches `title` (the preferred one by default). */
function apply(text: string, rule: string, title?: RegExp): { text: string; titles: string[] } {
  const f = lint(text).find(x => x.ruleId === rule);
  assert.ok(f, `no ${rule} finding in:\n${text}`);
  const titles = (f.fixes ?? []).map(x => x.title);
  const fx = title ? f.fixes?.find(x => title.test(x.title)) : f.fixes?.find(x => x.isPreferred) ?? f.fixes?.[0];
  assert.ok(fx, `no fix ${title ?? '(preferred)'} for ${rule}; offered: ${JSON.stringify(titles)}`);
  return { text: applyEdits(text, fx.edits), titles };
}

const count = (text: string, key: string) => text.split('\n').filter(l => l.startsWith(key + '=')).length;

// MemoryMax=2G sits in [Unit], where systemd ignores it; [Service] has the legacy MemoryLimit=1G.
const UNIT = '[Unit]\nDescription=api\nMemoryMax=2G\n\n[Service]\nExecStart=/bin/api\nMemoryLimit=1G\n';

test('replace MemoryLimit= then move MemoryMax=: the default keeps the value systemd uses, one MemoryMax= line', () => {
  const replaced = apply(UNIT, 'SDU009').text;
  assert.equal(replaced, '[Unit]\nDescription=api\nMemoryMax=2G\n\n[Service]\nExecStart=/bin/api\nMemoryMax=1G\n');
  const moved = apply(replaced, 'SDU008');
  assert.deepEqual(moved.titles, [
    'Delete MemoryMax= here and keep MemoryMax=1G in [Service] (the value systemd uses now)',
    'Move MemoryMax=2G to [Service], replacing MemoryMax=1G there',
  ]);
  assert.equal(moved.text, '[Unit]\nDescription=api\n\n[Service]\nExecStart=/bin/api\nMemoryMax=1G\n');
  assert.equal(count(moved.text, 'MemoryMax'), 1);
  assert.ok(!lint(moved.text).some(f => ['SDU008', 'SDU009', 'SDU011'].includes(f.ruleId)), 'nothing left to fix');
});

test('…or the misplaced value replaces the one in [Service], still one line', () => {
  const replaced = apply(UNIT, 'SDU009').text;
  const moved = apply(replaced, 'SDU008', /^Move MemoryMax=2G to \[Service\], replacing/).text;
  assert.equal(moved, '[Unit]\nDescription=api\n\n[Service]\nExecStart=/bin/api\nMemoryMax=2G\n');
});

test('the other order composes too: move first, then the legacy key is simply deleted', () => {
  const moved = apply(UNIT, 'SDU008');
  assert.deepEqual(moved.titles, ['Move MemoryMax= to [Service]']);
  const done = apply(moved.text, 'SDU009').text;
  assert.equal(done, '[Unit]\nDescription=api\n\n[Service]\nExecStart=/bin/api\nMemoryMax=2G\n');
});

test('moving onto the same value only deletes the misplaced line', () => {
  const text = '[Unit]\nMemoryMax=1G\n\n[Service]\nExecStart=/bin/api\nMemoryMax=1G\n';
  const r = apply(text, 'SDU008');
  assert.deepEqual(r.titles, ['Delete MemoryMax= here: [Service] already sets MemoryMax=1G']);
  assert.equal(r.text, '[Unit]\n\n[Service]\nExecStart=/bin/api\nMemoryMax=1G\n');
});

test('a list directive is appended: every line counts, nothing to choose', () => {
  const text = '[Unit]\nEnvironment=A=1\n\n[Service]\nExecStart=/bin/api\nEnvironment=B=2\n';
  const r = apply(text, 'SDU008');
  assert.deepEqual(r.titles, ['Move Environment= to [Service]']);
  assert.equal(r.text, '[Unit]\n\n[Service]\nExecStart=/bin/api\nEnvironment=B=2\nEnvironment=A=1\n');
});
