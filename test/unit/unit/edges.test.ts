import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import { unitService } from '../../../server/src/unit';

const ctx: DocumentContext = { uri: 'file:///x/app.service', path: '/x/app.service', settings: defaultSettings, workspace: emptyWorkspace };
const lint = (text: string) => unitService.diagnostics(unitService.analyze(text, ctx), ctx);

test('SDU015: a % at the very end of a line is flagged without running past the line', () => {
  const text = '[Service]\nExecStart=/usr/bin/app --port%\n';
  const f = lint(text).find(x => x.ruleId === 'SDU015');
  assert.ok(f);
  const line = text.split('\n')[1];
  assert.equal(f.range.start.line, 1);
  assert.equal(f.range.end.character, line.length);
  assert.equal(line.slice(f.range.start.character, f.range.end.character), '%');
});

test('the same unknown key repeated thousands of times is reported each time, with the same suggestion', () => {
  const text = '[Service]\n' + 'MemroyMax=1G\n'.repeat(3000);
  const found = lint(text).filter(x => x.ruleId === 'SDU007');
  assert.equal(found.length, 3000);
  assert.ok(found.every(f => /MemoryMax/.test(f.message)));
});

test('a continuation followed only by comments up to the end of the file records each comment once', () => {
  for (const text of ['[Service]\nExecStart=/bin/a \\\n# one\n; two', '[Service]\nExecStart=/bin/a \\\n# one\n' + 'x'.repeat(1024 * 1024 + 1)]) {
    const a = unitService.analyze(text, ctx);
    const comments = unitService.tokens(a).filter(t => t.kind === 'comment').map(t => t.line);
    assert.deepEqual(comments, [...new Set(comments)], 'no duplicate comment tokens');
    assert.ok(comments.includes(2));
  }
});
