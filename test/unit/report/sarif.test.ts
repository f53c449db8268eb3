import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/common/types';
import { ruleName, toSarif, type RuleMeta } from '../../../server/src/report/sarif';
import { sarifValidator } from './sarifSchema';

function finding(ruleId: string, severity: Finding['severity'], line: number, start: number, end: number, message = `${ruleId} message. More text.`): Finding {
  return { ruleId, severity, message, range: { start: { line, character: start }, end: { line, character: end } } };
}

const catalogue: RuleMeta[] = [
  { id: 'SDU009', title: 'MemoryMax= without memory accounting', severity: 'warning', docUrl: 'https://www.freedesktop.org/software/systemd/man/systemd.resource-control.html', help: 'Explained in our words.' },
  { id: 'UNUSED1', title: 'never fires', severity: 'error', help: 'x' },
];

const files = [
  { path: 'units/app.service', findings: [finding('SDU009', 'warning', 4, 0, 12), finding('SDU001', 'error', 0, 2, 5)] },
  { path: 'sysctl.d/99 oom.conf', findings: [finding('SYS003', 'information', 2, 0, 0), finding('SYS004', 'hint', 3, 1, 9)] },
];

test('sarif: schema-valid, rules from the catalogue and from findings', () => {
  const sarif: any = toSarif(files, catalogue, { toolVersion: '0.1.0', rootUri: 'file:///work/' });
  const v = sarifValidator();
  assert.ok(v(sarif), JSON.stringify(v.errors, null, 1));
  const rules = sarif.runs[0].tool.driver.rules;
  assert.deepEqual(rules.map((r: any) => r.id), ['SDU001', 'SDU009', 'SYS003', 'SYS004'], 'only rules that fired, sorted');
  const sdu009 = rules[1];
  assert.equal(sdu009.name, 'MemoryMaxWithoutMemoryAccounting');
  assert.equal(sdu009.shortDescription.text, 'MemoryMax= without memory accounting');
  assert.equal(sdu009.fullDescription.text, 'Explained in our words.');
  assert.equal(sdu009.helpUri, 'https://www.freedesktop.org/software/systemd/man/systemd.resource-control.html');
  assert.equal(sdu009.defaultConfiguration.level, 'warning');
  assert.equal(rules[0].shortDescription.text, 'SDU001', 'a rule no catalogue describes: its id, not file text from its message');
  assert.doesNotMatch(JSON.stringify(rules[0]), /More text/);
  assert.deepEqual(sarif.runs[0].originalUriBaseIds, { SRCROOT: { uri: 'file:///work/' } });
});

test('sarif: levels and 1-based regions, relative uris', () => {
  const sarif: any = toSarif(files, catalogue, { toolVersion: '0.1.0', rootUri: 'file:///work/' });
  const results = sarif.runs[0].results;
  assert.deepEqual(results.map((r: any) => r.level), ['warning', 'error', 'note', 'note']);
  assert.deepEqual(results[0].locations[0].physicalLocation.region, { startLine: 5, startColumn: 1, endLine: 5, endColumn: 13 });
  assert.deepEqual(results[2].locations[0].physicalLocation.region, { startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 });
  assert.deepEqual(results[0].locations[0].physicalLocation.artifactLocation, { uri: 'units/app.service', uriBaseId: 'SRCROOT' });
  assert.equal(results[2].locations[0].physicalLocation.artifactLocation.uri, 'sysctl.d/99%20oom.conf');
  const rules = sarif.runs[0].tool.driver.rules;
  for (const r of results) assert.equal(rules[r.ruleIndex].id, r.ruleId);
});

test('sarif: the validator rejects a broken log (so the schema check can fail)', () => {
  const sarif: any = toSarif(files, catalogue, { toolVersion: '0.1.0' });
  sarif.runs[0].results[0].level = 'fatal';
  assert.equal(sarifValidator()(sarif), false);
  const empty: any = toSarif([], [], { toolVersion: '0.1.0' });
  assert.ok(sarifValidator()(empty), 'no findings is still a valid log');
  assert.deepEqual(empty.runs[0].results, []);
});

test('ruleName', () => {
  assert.equal(ruleName('vm.swappiness out of range (0–200)', 'SYS010'), 'VmSwappinessOutOfRange0200');
  assert.equal(ruleName('', 'SYS010'), 'SYS010');
});

test('lint rule catalogue feeds SARIF: unit and sysctl rules carry title and documentation link', async () => {
  const { lintRuleCatalogue } = await import('../../../server/src/report/rules');
  const rules = lintRuleCatalogue();
  const sdu001 = rules.find(r => r.id === 'SDU001');
  assert.equal(sdu001?.title, 'Unknown section');
  assert.match(sdu001?.docUrl ?? '', /systemd\.unit/);
  assert.equal(new Set(rules.map(r => r.id)).size, rules.length, 'rule ids are unique across catalogues');
  const sys003 = rules.find(r => r.id === 'SYS003');
  assert.ok(sys003, 'SYS003 in the catalogue');
  assert.ok(sys003!.title.length > 5);
  assert.match(sys003!.docUrl ?? '', /^https:\/\//);
  const sarif: any = toSarif([{ path: 'sysctl.d/a.conf', findings: [finding('SYS003', 'error', 0, 0, 3, 'This line has no "=". Write key = value.')] }], rules, { toolVersion: '0.1.0' });
  const r = sarif.runs[0].tool.driver.rules[0];
  assert.equal(r.shortDescription.text, sys003!.title);
  assert.equal(r.fullDescription.text, sys003!.title, 'rule help from the catalogue only, never from a message');
  assert.ok(sarifValidator()(sarif));
});

test('sarif: file text in messages never reaches rules[].help.markdown; it stays in results[].message.text', () => {
  const evil = 'MemoryMax=`x` ![x](http://evil.example/beacon.png) [y](command:workbench.action.terminal.new) <img src=x>';
  const crafted = [{ path: 'a.service', findings: [finding('SDU009', 'warning', 0, 0, 3, evil), finding('XYZ999', 'error', 1, 0, 3, evil)] }];
  const sarif: any = toSarif(crafted, [{ id: 'SDU009', title: 'MemoryMax= without *accounting*', severity: 'warning', docUrl: 'https://example.org/doc' }], { toolVersion: '0.1.0' });
  const rules = sarif.runs[0].tool.driver.rules;
  for (const r of rules) {
    const meta = JSON.stringify(r);
    assert.doesNotMatch(meta, /evil|command:|<img|!\[/, `${r.id}: no file text in rule metadata`);
  }
  const sdu009 = rules.find((r: any) => r.id === 'SDU009');
  assert.equal(sdu009.help.markdown, 'MemoryMax= without \\*accounting\\*\n\n[Reference](<https://example.org/doc>)', 'catalogue text escaped, our link kept');
  assert.equal(sarif.runs[0].results[0].message.text, evil, 'the message keeps the text (plain text in SARIF)');
  assert.ok(sarifValidator()(sarif));
});
