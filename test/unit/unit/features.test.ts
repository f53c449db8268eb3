import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseUnitFile } from '../../../server/src/unit';
import { unitService } from '../../../server/src/crossfile';
import { ALL_KEYS, directive } from '../../../server/src/unit/catalog';
import { ctxFor } from './helpers';

const analyze = (text: string, file = 'x.service') => unitService.analyze(text, ctxFor(file));

test('parser: sections, keys, values with exact ranges, continuation, comments, drop-ins', () => {
  const f = parseUnitFile('[Service]\r\n  MemoryMax = 2G \r\nExecStart=/bin/echo a \\\n# skipped\n  b\n; c\n', '/etc/systemd/system/foo.service.d/10-mem.conf');
  assert.equal(f.unitType, 'service');
  assert.equal(f.isDropIn, true);
  assert.equal(f.unitName, 'foo.service');
  assert.deepEqual(f.entries.map(e => [e.key, e.value]), [['MemoryMax', '2G'], ['ExecStart', '/bin/echo a    b']]);
  assert.deepEqual(f.entries[0].keyRange, { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } });
  assert.deepEqual(f.entries[0].valueRange, { start: { line: 1, character: 14 }, end: { line: 1, character: 16 } });
  assert.equal(f.entries[1].valueRange.end.line, 4);
  assert.equal(f.comments.length, 2);
  assert.equal(parseUnitFile('', 'service.d/x.conf').unitType, 'service');
  assert.equal(parseUnitFile('', 'a/b.timer').unitType, 'timer');
});

test('hover: every catalogued key has text; values are explained', () => {
  for (const key of ALL_KEYS) {
    const section = directive(key)!.sections[0];
    const a = analyze(`[${section}]\n${key}=x\n`, `x.${section === 'Unit' || section === 'Install' ? 'service' : section.toLowerCase()}`);
    const h = unitService.hover(a, { line: 1, character: 0 }, ctxFor());
    assert.ok(h && h.markdown.includes(`${key}=`), key);
  }
  const a = analyze('[Service]\nMemoryMax=2G\nOOMScoreAdjust=-1000\nMemoryHigh=50%\n');
  assert.match(unitService.hover(a, { line: 1, character: 11 }, ctxFor())!.markdown, /2 GiB\*\* = 2147483648 bytes/);
  assert.match(unitService.hover(a, { line: 2, character: 16 }, ctxFor())!.markdown, /never killed/);
  assert.match(unitService.hover(a, { line: 3, character: 12 }, ctxFor())!.markdown, /50 % of physical RAM/);
  assert.match(unitService.hover(a, { line: 0, character: 2 }, ctxFor())!.markdown, /\[Service\]/);
});

test('completion: sections for the type, keys for the section, values after =', () => {
  const a = analyze('[Slice]\nMem\nManagedOOMSwap=\n[\n', 'x.slice');
  assert.deepEqual(unitService.completion!(a, { line: 3, character: 1 }, ctxFor()).map(c => c.label), ['[Unit]', '[Slice]', '[Install]']);
  const keys = unitService.completion!(a, { line: 1, character: 3 }, ctxFor()).map(c => c.label);
  assert.ok(keys.includes('MemoryMax') && !keys.includes('Restart') && !keys.includes('OOMScoreAdjust'));
  assert.deepEqual(unitService.completion!(a, { line: 2, character: 15 }, ctxFor()).map(c => c.label), ['auto', 'kill']);
  const mem = analyze('[Service]\nMemoryMax=\n');
  assert.ok(unitService.completion!(mem, { line: 1, character: 10 }, ctxFor()).some(c => c.label === 'infinity'));
});

test('tokens and symbols', () => {
  const a = analyze('# c\n[Service]\nMemoryLimit=512M\nRestart=always\n');
  const toks = unitService.tokens(a);
  assert.deepEqual(toks.map(t => [t.line, t.start, t.length, t.kind, !!t.deprecated]), [
    [0, 0, 3, 'comment', false], [1, 0, 9, 'section', false], [2, 0, 11, 'field', true], [2, 12, 3, 'number', false], [2, 15, 1, 'unit', false],
    [3, 0, 7, 'field', false], [3, 8, 6, 'flag', false],
  ]);
  const syms = unitService.symbols(a);
  assert.equal(syms.length, 1);
  assert.deepEqual(syms[0].children!.map(c => c.name), ['MemoryLimit', 'Restart']);
});
