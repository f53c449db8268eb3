/** Keys outside every /proc/sys directory, and the same name under another prefix (SYS043, SYS016). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint } from './helpers';

test('an unknown or miscased top-level prefix is a warning with a suggestion', () => {
  const cases: [string, string | undefined][] = [
    ['on_oovm.panic_on_oom = 1\n', 'vm.panic_on_oom'],
    ['VM.swappiness = 10\n', 'vm.swappiness'],
    ['foo.bar = 1\n', undefined],
  ];
  for (const [text, guess] of cases) {
    const f = lint(text).filter(x => x.ruleId === 'SYS043');
    assert.equal(f.length, 1, text);
    assert.equal(f[0].severity, 'warning');
    if (guess) {
      assert.match(f[0].message, new RegExp(`Did you mean ${guess.replace('.', '\\.')}\\?`), text);
      assert.equal(f[0].fixes?.[0].edits[0].newText, guess);
    } else assert.equal(f[0].fixes, undefined);
  }
  assert.match(lint('VM.swappiness = 10\n')[0].message, /case-sensitive/);
  assert.deepEqual(lint('vm.swappiness = 10\nnet.ipv4.ip_forward = 1\nfs.file-max = 100000\n').filter(x => x.ruleId === 'SYS043'), []);
});

test('kernel.panic_on_oom suggests vm.panic_on_oom first', () => {
  const f = lint('kernel.panic_on_oom = 1\n').find(x => x.ruleId === 'SYS016')!;
  assert.match(f.message, /Did you mean vm\.panic_on_oom/);
  assert.equal(f.fixes?.[0].edits[0].newText, 'vm.panic_on_oom');
});
