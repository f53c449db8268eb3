import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dump, hasScope, loadGrammar, scopesOf, tokenize } from './tokenize';

async function line(text: string) {
  return tokenize(await loadGrammar('source.sysctl'), text)[0];
}
function expect(tokens: { text: string; scopes: string[] }[], text: string, scope: string) {
  assert.ok(hasScope(scopesOf(tokens, text), scope), `"${text}" should be ${scope}\n${dump(tokens)}`);
}

test('sysctl grammar: # and ; comment lines', async () => {
  for (const c of ['# vm settings', '; old style', '   # indented']) {
    const t = await line(c);
    assert.ok(t.filter(x => x.text.trim()).every(x => hasScope(x.scopes, 'comment.line')), dump(t));
  }
});
test('sysctl grammar: dotted key segments, separator and value', async () => {
  const t = await line('vm.panic_on_oom = 1');
  expect(t, 'vm', 'support.type.property-name');
  expect(t, 'panic_on_oom', 'support.type.property-name');
  expect(t, '.', 'punctuation.separator');
  expect(t, '=', 'punctuation.separator.key-value');
  expect(t, '1', 'constant.numeric');
});
test('sysctl grammar: slash-separated key', async () => {
  const t = await line('net/ipv4/tcp_rmem = 4096 87380 6291456');
  expect(t, '/', 'punctuation.separator');
  expect(t, 'tcp_rmem', 'support.type.property-name');
  expect(t, '87380', 'constant.numeric');
});
test('sysctl grammar: leading - and globs', async () => {
  const t = await line('-net.ipv4.conf.*.rp_filter=0');
  expect(t, '-', 'keyword.operator');
  expect(t, '*', 'keyword.operator.glob');
  expect(t, '0', 'constant.numeric');
});
test('sysctl grammar: string values', async () => {
  const t = await line('kernel.core_pattern = |/usr/lib/systemd/systemd-coredump %P');
  expect(t, '|/usr/lib/systemd/systemd-coredump', 'string.unquoted');
});
test('sysctl grammar: a key without a value is still a key', async () => {
  expect(await line('vm.swappiness'), 'swappiness', 'support.type.property-name');
});
