/**
 * Hover and completion that throw are not swallowed: the user gets a hover or one completion item
 * saying oom-lens failed here and why, and `failure` carries the error for tests and the fuzzer.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import { unitService } from '../../../server/src/unit';
import { sysctlService } from '../../../server/src/sysctl';

const ctx = (path: string): DocumentContext => ({ uri: 'file://' + path, path, settings: defaultSettings, workspace: emptyWorkspace } as DocumentContext);
const pos = { line: 2, character: 3 };

test('a unit hover or completion that throws says so instead of showing nothing', () => {
  const broken = { model: { file: null, entries: null } } as any;
  const h = unitService.hover(broken, pos, ctx('/x.service'))!;
  assert.ok(h, 'a hover, not null');
  assert.match(h.failure!, /^TypeError: /);
  assert.match(h.markdown, /oom-lens could not build this hover\*\* for the unit file: `TypeError: .*`\.\n\nThis is a bug in oom-lens, not in the file/);
  assert.deepEqual(h.range, { start: pos, end: pos });
  const c = unitService.completion!(broken, pos, ctx('/x.service'));
  assert.equal(c.length, 1);
  assert.match(c[0].label, /oom-lens completion failed in this unit file/);
  assert.match(c[0].failure!, /^TypeError: /);
  assert.equal(c[0].insertText, '', 'accepting it inserts nothing');
});

test('a sysctl hover or completion that throws says so instead of throwing at the server', () => {
  const broken = { parsed: null, merged: null, settings: defaultSettings } as any;
  const h = sysctlService.hover(broken, pos, ctx('/x.conf'))!;
  assert.match(h.failure!, /^TypeError: /);
  assert.match(h.markdown, /for the sysctl file/);
  const c = sysctlService.completion!(broken, pos, ctx('/x.conf'));
  assert.match(c[0].failure!, /^TypeError: /);
});

test('working hovers and completions carry no failure', () => {
  const text = '[Service]\nExecStart=/bin/true\nMemoryMax=1G\n';
  const a = unitService.analyze(text, ctx('/x.service'));
  const h = unitService.hover(a, { line: 2, character: 2 }, ctx('/x.service'))!;
  assert.ok(h && h.failure === undefined && /MemoryMax/.test(h.markdown));
  assert.ok(unitService.completion!(a, { line: 2, character: 0 }, ctx('/x.service')).every(c => c.failure === undefined));
});
