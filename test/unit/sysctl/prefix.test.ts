/** Keys outside every /proc/sys directory, and the same name under another prefix (SYS043, SYS016). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { full, lint } from './helpers';

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
      assert.match(full(f[0]), new RegExp(`Did you mean ${guess.replace('.', '\\.')}\\?`), text);
      assert.equal(f[0].fixes?.[0].edits[0].newText, guess);
    } else assert.equal(f[0].fixes, undefined);
  }
  assert.match(full(lint('VM.swappiness = 10\n')[0]), /case-sensitive/);
  assert.deepEqual(lint('vm.swappiness = 10\nnet.ipv4.ip_forward = 1\nfs.file-max = 100000\n').filter(x => x.ruleId === 'SYS043'), []);
});

test('kernel.panic_on_oom suggests vm.panic_on_oom first', () => {
  const f = lint('kernel.panic_on_oom = 1\n').find(x => x.ruleId === 'SYS016')!;
  assert.match(full(f), /did you mean vm\.panic_on_oom/);
  assert.equal(f.fixes?.[0].edits[0].newText, 'vm.panic_on_oom');
});

test('real keys outside kernel.rst/vm.rst are known; a key nobody knows gets one quiet note', () => {
  const real = 'kernel.yama.ptrace_scope = 1\nkernel.unprivileged_userns_clone = 0\nkernel.apparmor_restrict_unprivileged_userns = 1\n'
    + 'net.ipv4.conf.eth7.rp_filter = 1\nnet.ipv4.tcp_syncookies = 1\nfs.inotify.max_user_watches = 524288\nvm.max_map_count = 262144\n'
    + 'net.bridge.bridge-nf-call-iptables = 1\nkernel.unprivileged_bpf_disabled = 1\n';
  assert.deepEqual(lint(real).map(f => `${f.range.start.line} ${f.ruleId}`), []);
  const odd = lint('vm.zebra_stripes = 3\nkernel.zebra_stripes = 3\n');
  assert.deepEqual(odd.map(f => `${f.range.start.line} ${f.ruleId} ${f.severity}`), ['0 SYS015 information', '1 SYS016 information']);
  assert.match(full(odd[0]), /It may still exist on your kernel/);
  assert.equal(lint('vm.swapiness = 10\n')[0].severity, 'warning', 'a near miss of a known key stays a warning');
});
