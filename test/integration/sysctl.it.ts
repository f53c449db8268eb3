import * as assert from 'assert';
import { activateExtension, diagnosticsWithCode, open } from './helpers';

suite('sysctl (real VS Code)', () => {
  suiteSetup(activateExtension);

  test('a sysctl.d/*.conf file opens as sysctl', async () => {
    assert.strictEqual((await open('sysctl.d', '90-oom.conf')).languageId, 'sysctl');
  });

  test('vm.panic_on_oom = 1 without kernel.panic gets SYX001', async () => {
    const doc = await open('sysctl.d', '90-oom.conf');
    const [diag] = await diagnosticsWithCode(doc.uri, 'SYX001');
    assert.ok(diag, 'SYX001 is reported');
    assert.match(doc.lineAt(diag.range.start.line).text, /vm\.panic_on_oom/);
    assert.match(diag.message, /kernel\.panic/);
  });
});
