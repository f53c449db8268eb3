import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dump, hasScope, loadGrammar, scopesOf, tokenize } from './tokenize';

const UNIT = [
  '# app.service',                           // 0
  '[Unit]',                                  // 1
  'Description=App for %n',                  // 2
  '[Service]',                               // 3
  'MemoryLimit=1G',                          // 4
  'MemoryHigh = 80%',                        // 5
  'ExecStart=/usr/bin/app --name %i \\',     // 6
  '; a comment inside a continued value',    // 7
  '  --verbose $OPTS',                       // 8
  'RestartSec=5s',                           // 9
  'MemorySwapMax=infinity',                  // 10
  'MemoryAccounting=yes',                    // 11
  'X-Custom=whatever',                       // 12
  'this line has no equals sign',            // 13
  'TimeoutStopSec=1min 30s',                 // 14
  'Environment="A=1" "B=%h"',                // 15
].join('\n');

async function lines() {
  return tokenize(await loadGrammar('source.systemd-unit'), UNIT);
}

function expect(tokens: { text: string; scopes: string[] }[], text: string, scope: string) {
  assert.ok(hasScope(scopesOf(tokens, text), scope), `"${text}" should be ${scope}\n${dump(tokens)}`);
}

test('systemd-unit grammar: comment line', async () => {
  const l = await lines();
  assert.ok(l[0].every(t => hasScope(t.scopes, 'comment.line')), dump(l[0]));
});
test('systemd-unit grammar: section name', async () => expect((await lines())[3], 'Service', 'entity.name.section'));
test('systemd-unit grammar: key', async () => expect((await lines())[4], 'MemoryLimit', 'support.type.property-name'));
test('systemd-unit grammar: = separator', async () => expect((await lines())[4], '=', 'punctuation.separator.key-value'));
test('systemd-unit grammar: size number and unit', async () => {
  const l = await lines();
  expect(l[4], '1', 'constant.numeric');
  expect(l[4], 'G', 'keyword.other.unit');
});
test('systemd-unit grammar: key with spaces around = and a percentage', async () => {
  const l = await lines();
  expect(l[5], 'MemoryHigh', 'support.type.property-name');
  expect(l[5], '%', 'keyword.other.unit');
});
test('systemd-unit grammar: specifiers', async () => {
  const l = await lines();
  expect(l[2], '%n', 'constant.other.placeholder');
  expect(l[6], '%i', 'constant.other.placeholder');
});
test('systemd-unit grammar: continuation keeps the value open over a comment line', async () => {
  const l = await lines();
  expect(l[6], '\\', 'constant.character.escape.line-continuation');
  assert.ok(l[7].every(t => hasScope(t.scopes, 'comment.line')), dump(l[7]));
  assert.ok(l[8].every(t => hasScope(t.scopes, 'meta.value')), `continued line is part of the value\n${dump(l[8])}`);
  expect(l[8], '$OPTS', 'variable.other');
  // and the value closes: the next line is a key again
  expect(l[9], 'RestartSec', 'support.type.property-name');
});
test('systemd-unit grammar: time span', async () => {
  const l = await lines();
  expect(l[9], 's', 'keyword.other.unit');
  expect(l[14], 'min', 'keyword.other.unit');
  expect(l[14], '30', 'constant.numeric');
});
test('systemd-unit grammar: infinity and booleans', async () => {
  const l = await lines();
  expect(l[10], 'infinity', 'constant.language');
  expect(l[11], 'yes', 'constant.language');
});
test('systemd-unit grammar: X- keys are marked as extensions', async () => expect((await lines())[12], 'X-Custom', 'variable.other.property'));
test('systemd-unit grammar: a line without = is flagged', async () => expect((await lines())[13], 'this line has no equals sign', 'invalid.illegal'));
test('systemd-unit grammar: quoted strings with specifiers', async () => {
  const l = await lines();
  assert.ok(l[15].some(t => hasScope(t.scopes, 'string.quoted.double')), dump(l[15]));
  expect(l[15], '%h', 'constant.other.placeholder');
});
test('systemd-unit grammar: # after a value is not a comment (systemd has no inline comments)', async () => {
  const [t] = tokenize(await loadGrammar('source.systemd-unit'), 'MemoryMax=1G # x');
  assert.ok(!t.some(x => hasScope(x.scopes, 'comment')), dump(t));
});
