/** Hover and completion Markdown: one fact per line, advice said once, the completion summary not repeated. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unitService } from '../../../server/src/crossfile';
import { sysctlService } from '../../../server/src/crossfile';
import { ctxFor } from './helpers';
import { contextOf } from '../sysctl/helpers';

function unitHover(text: string, line: number, character: number): string {
  const c = ctxFor();
  return unitService.hover(unitService.analyze(text, c), { line, character }, c)!.markdown;
}

/** Lines of the Markdown as rendered: a hard break ("  \n") or a blank line starts a new one. */
const renderedLines = (md: string) => md.split(/ {2}\n|\n\n/).map(l => l.trim()).filter(Boolean);

test('unit hover: Value, Default, Sections, Versions, Use instead each on a line of its own', () => {
  const md = unitHover('[Service]\nMemoryLimit=1G\n', 1, 2);
  const lines = renderedLines(md);
  for (const field of ['*Value:*', '*Sections:*', '*Versions:*', '*Use instead:*']) {
    assert.equal(lines.filter(l => l.startsWith(field)).length, 1, `${field} starts a line of its own:\n${md}`);
    assert.equal(md.split(field).length, 2, `${field} once`);
  }
  assert.ok(lines.some(l => l.startsWith('*Default:*')) || !md.includes('*Default:*'));
  // the replacement is said once, on its line, with how to carry the value over
  assert.equal(md.match(/MemoryMax/g)?.length, 1, md);
  assert.match(md, /\*Use instead:\* `MemoryMax=` \(same value\)/);
});

test('unit hover: a key with a default shows it on its own line', () => {
  const lines = renderedLines(unitHover('[Service]\nOOMPolicy=kill\n', 1, 2));
  assert.ok(lines.includes('*Default:* DefaultOOMPolicy= (stop); continue for units with Delegate='), lines.join('\n'));
});

test('unit completion: the summary is the detail, the documentation does not repeat it', () => {
  const c = ctxFor();
  const items = unitService.completion!(unitService.analyze('[Service]\nOOM\n', c), { line: 1, character: 3 }, c);
  const item = items.find(i => i.label === 'OOMPolicy')!;
  assert.ok(item.detail && item.detail.length > 20);
  assert.ok(!item.documentation!.includes(item.detail!), item.documentation);
  assert.match(item.documentation!, /^\*Value:\*/);
});

test('sysctl hover: Type, Range and Default each on a line; completion does not repeat the summary or the meaning', () => {
  const text = 'vm.overcommit_memory = 2\n';
  const ctx = contextOf({ text });
  const a = sysctlService.analyze(text, ctx);
  const md = sysctlService.hover(a, { line: 0, character: 3 }, ctx)!.markdown;
  const lines = renderedLines(md);
  for (const field of ['**Type:**', '**Range:**', '**Default:**']) assert.equal(lines.filter(l => l.startsWith(field)).length, 1, `${field}:\n${md}`);
  const keys = sysctlService.completion!(sysctlService.analyze('vm.overcommit_m\n', ctx), { line: 0, character: 15 }, ctx);
  const key = keys.find(k => k.label === 'vm.overcommit_memory')!;
  assert.ok(key.detail && !key.documentation!.includes(key.detail), key.documentation);
  const values = sysctlService.completion!(a, { line: 0, character: 24 }, ctx);
  for (const v of values) assert.ok(!v.documentation?.includes(v.detail!), `${v.label}: ${v.documentation}`);
});
