/** FieldArena keeps fields in blocks of 1,024: every field reads back the same across block boundaries. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FieldArena } from '../../../server/src/oomlog/fieldstore';
import { named, type Line } from '../../../server/src/oomlog/lines';
import { makeField } from '../../helpers/eagerParse';
import type { Unit } from '../../../server/src/oomlog/model';

test('3,000 fields (three blocks) read back as the eager Field objects, with lines, names, values and units', () => {
  const arena = new FieldArena();
  const units: (Unit | undefined)[] = ['pages', 'kB', 'bytes', 'count', 'none', undefined];
  let src = '';
  const expected = [];
  for (let i = 0; i < 3000; i++) {
    const text = `name${i}:${i * 7}kB`;
    const L: Line = { text, line: i, col: 2, off: src.length + 2 };
    src += '  ' + text + '\n';
    const colon = text.indexOf(':');
    const unit = units[i % units.length], value = i % 5 === 0 ? undefined : i * 7;
    // every third field without a name: a name needs both ends
    const opts = i % 3 === 0 ? { ...named(0, colon, unit, value), nameStart: undefined } : named(0, colon, unit, value);
    const id = arena.add(`k.${i % 11}`, L, colon + 1, text.length - 2, opts);
    assert.equal(id, i);
    expected.push(makeField(`k.${i % 11}`, L, colon + 1, text.length - 2, opts));
  }
  arena.src = src;
  for (const i of [0, 1, 1023, 1024, 1025, 2047, 2048, 2999]) {
    assert.deepEqual(arena.field(i, 0), expected[i], `field ${i}`);
    assert.deepEqual(arena.field(i, 5).range.start.line, expected[i].range.start.line + 5, `field ${i} moved by 5 lines`);
    const lines: number[] = [];
    arena.eachLine(i, i + 1, (line, id) => { assert.equal(id, i); lines.push(line); });
    assert.deepEqual(lines, [i], `field ${i} touches its own line only`);
    assert.equal(arena.firstLine(i), i);
    assert.equal(arena.lastLine(i), i);
    assert.equal(arena.outside(i, i, i), false);
    assert.equal(arena.outside(i, i + 1, i + 2), true);
  }
  for (let i = 0; i < 3000; i++) assert.deepEqual(arena.field(i, 0), expected[i]);
});
