/** Unit completion: keys already set sort last and say where; a key with known values reopens the list. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unitService } from '../../../server/src/crossfile';
import { toCompletionItem } from '../../../server/src/features/convert';
import { ctxFor } from './helpers';

function keysAt(text: string, line: number, character: number) {
  const ctx = ctxFor();
  return unitService.completion!(unitService.analyze(text, ctx), { line, character }, ctx);
}

const UNIT = '[Service]\nExecStart=/bin/api\nMemoryMax=2G\nExecStartPre=/bin/prep\nMem\n\n[Unit]\nDescription=api\n';

test('a key the section already sets sorts after every other key and names its line', () => {
  const items = keysAt(UNIT, 4, 3);
  const max = items.find(c => c.label === 'MemoryMax')!;
  const high = items.find(c => c.label === 'MemoryHigh')!;
  assert.equal(max.detail, 'already set: MemoryMax=2G (line 3)');
  const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : a.sortText! > b.sortText! ? 1 : 0));
  assert.equal(sorted.at(-1)!.label, 'MemoryMax', 'the single-valued key already set comes last');
  assert.ok(!high.detail?.startsWith('already set'));
  // list directives may repeat: ExecStart= and ExecStartPre= are not demoted
  for (const list of ['ExecStart', 'ExecStartPre']) assert.ok(!items.find(c => c.label === list)!.detail?.startsWith('already set'), list);
  // another section's keys do not count: Description= is set in [Unit], not here
  const inUnit = keysAt(UNIT + 'Desc\n', 8, 4);
  assert.match(inUnit.find(c => c.label === 'Description')!.detail!, /^already set: Description=api \(line 8\)$/);
  assert.ok(!inUnit.find(c => c.label === 'Wants')!.detail?.startsWith('already set'));
});

test('the line being typed does not count as set', () => {
  const items = keysAt('[Service]\nMemoryMax\n', 1, 9);
  assert.ok(!items.find(c => c.label === 'MemoryMax')!.detail?.startsWith('already set'));
});

test('accepting a key with known values opens the value list; a free-form key does not', () => {
  const items = keysAt(UNIT, 4, 3);
  const lsp = (label: string) => toCompletionItem(items.find(c => c.label === label)!);
  assert.deepEqual(lsp('MemoryHigh').command, { title: 'Suggest values', command: 'editor.action.triggerSuggest' });
  assert.deepEqual(lsp('OOMPolicy').command?.command, 'editor.action.triggerSuggest');
  assert.equal(lsp('ExecStopPost').command, undefined);
  assert.equal(lsp('MemoryHigh').textEdit && 'newText' in lsp('MemoryHigh').textEdit! ? (lsp('MemoryHigh').textEdit as { newText: string }).newText : '', 'MemoryHigh=');
});
