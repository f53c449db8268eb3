import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, codeOf, diagnosticsWithCode, open } from './helpers';

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

  test('the diagnostic is one short sentence that links its rule page; the why and the fix are related information', async () => {
    const doc = await open('sysctl.d', '90-oom.conf');
    const diags = await diagnosticsWithCode(doc.uri, 'SYX001');
    assert.strictEqual(diags.length, 1, 'one problem, one diagnostic');
    const [diag] = diags;
    assert.ok(diag.message.length <= 140, `${diag.message.length} characters: ${diag.message}`);
    assert.ok(typeof diag.code === 'object' && diag.code.target, 'code.target (codeDescription.href) is set');
    const target = (diag.code as { target: vscode.Uri }).target;
    assert.strictEqual(target.scheme, 'https');
    assert.match(target.path, /\/docs\/rules\/SYX001\.md$/);
    const detail = diag.relatedInformation?.find(r => r.location.uri.toString() === doc.uri.toString() && r.location.range.isEqual(diag.range));
    assert.ok(detail, 'the detail is related information at the diagnostic');
    assert.match(detail.message, /Add kernel\.panic = 10/);
    // SYS020 does not repeat the same problem on the same line
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri).filter(d => d.range.start.line === diag.range.start.line).map(codeOf), ['SYX001']);
  });
});
