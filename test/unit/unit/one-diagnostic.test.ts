/** MemoryHigh=/MemoryMax=: one diagnostic with related information, and how findings reach LSP. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { toDiagnostic } from '../../../server/src/features/convert';
import { RULE_DOCS_BASE, rulePageUrl } from '../../../server/src/report/rules';
import { lint } from './helpers';

const S = (body: string) => `[Service]\nExecStart=/bin/true\n${body}\n`;

test('MemoryHigh= above MemoryMax= is one diagnostic, on MemoryHigh=, with related information at MemoryMax=', () => {
  const text = S('MemoryHigh=2G\nMemoryMax=1G');
  const f = lint(text).filter(x => x.ruleId === 'SDU023' || x.ruleId === 'SDU025');
  assert.deepEqual(f.map(x => `${x.ruleId}@${x.range.start.line}`), ['SDU023@2']);
  const d = toDiagnostic(f[0], f[0].severity, 'file:///etc/systemd/system/x.service');
  assert.ok(d.message.length <= 140, d.message);
  const rel = d.relatedInformation!.map(r => [r.location.uri, r.location.range.start.line, r.message]);
  // the other key, in the same document; then the detail, at the finding itself
  assert.deepEqual(rel[0], ['file:///etc/systemd/system/x.service', 3, 'MemoryMax= here']);
  assert.deepEqual(rel[1].slice(0, 2), ['file:///etc/systemd/system/x.service', 2]);
  assert.match(String(rel[1][2]), /Set MemoryHigh= to about 80–90 % of MemoryMax=/);
  assert.equal(rel.length, 2);
});

test('a diagnostic links its rule page (codeDescription.href), not only the man page', () => {
  const [f] = lint(S('MemoryLimit=1G'));
  const d = toDiagnostic(f, f.severity, 'file:///x.service');
  assert.equal(d.code, 'SDU009');
  assert.equal(d.codeDescription?.href, `${RULE_DOCS_BASE}SDU009.md`);
  assert.equal(rulePageUrl('OOMLENS000'), `${RULE_DOCS_BASE}OOMLENS000.md`);
  assert.equal(rulePageUrl('OOM001'), `${RULE_DOCS_BASE}OOM001.md`, 'the OOM log\'s findings have pages too');
  assert.equal(rulePageUrl('OOM999'), undefined, 'an id without a page keeps its documentation link');
});
