/** docs/rules/<ID>.md stay in step with the catalogues: none missing, none stale, none left over. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pageRules, rulePageUrl, RULE_DOCS_BASE } from '../../../server/src/report/rules';
import { PAGES_DIR, renderPages } from './rule-pages';

// out/test/unit/unit → the repository root
const dir = path.join(__dirname, '..', '..', '..', '..', PAGES_DIR);
const FIX = 'run `node scripts/rule-pages.mjs` and commit docs/rules/';

test('every rule has its page in docs/rules, the page is what the catalogue makes, and no page is left over', () => {
  const want = renderPages();
  const have = new Set(fs.readdirSync(dir).filter(n => n.endsWith('.md')));
  const missing = [...want.keys()].filter(n => !have.has(n));
  const extra = [...have].filter(n => !want.has(n));
  const stale = [...want].filter(([n, text]) => have.has(n) && fs.readFileSync(path.join(dir, n), 'utf8') !== text).map(([n]) => n);
  assert.deepEqual({ missing, stale, extra }, { missing: [], stale: [], extra: [] }, FIX);
});

test('each rule id links to its own page under one base address', () => {
  const rules = pageRules();
  assert.ok(rules.length > 100, `${rules.length} rules`);
  for (const r of rules) assert.equal(rulePageUrl(r.id), `${RULE_DOCS_BASE}${r.id}.md`);
  assert.match(RULE_DOCS_BASE, /^https:\/\/.*\/docs\/rules\/$/);
});

test('a page has what a user needs: the message, why, an example, the fix, versions and references', () => {
  const page = renderPages().get('SYX001.md')!;
  assert.match(page, /^# SYX001: /m);
  assert.match(page, /Default severity: \*\*warning\*\*/);
  assert.match(page, /> vm\.panic\\_on\\_oom = 1 panics on out-of-memory and kernel\.panic is not set/);
  assert.match(page, /## Why\n\nThe default of kernel\.panic is 0/);
  assert.match(page, /Bad:\n\n`\/etc\/sysctl\.d\/50-test\.conf`:\n\n```ini\nvm\.panic_on_oom = 1\n```/);
  assert.match(page, /- Add kernel\.panic = 10 \(reboot 10 s after a panic\) \(preferred\)/);
  assert.match(page, /checked for Linux 6\.12/);
  assert.match(page, /- <https:\/\/docs\.kernel\.org\/admin-guide\/sysctl\/vm\.html#panic-on-oom>/);
});

test('the OOM log findings OOM001–OOM004 have pages with a report that shows each and one that does not', () => {
  const pages = renderPages();
  for (const id of ['OOM001', 'OOM002', 'OOM003', 'OOM004']) {
    const page = pages.get(`${id}.md`);
    assert.ok(page, id);
    assert.match(page, /Default severity: \*\*information\*\* · Checks: kernel logs with OOM reports/);
    assert.match(page, /## What it reports\n\nOn the bad example below, line \d+:/);
    assert.match(page, /Bad:\n\n`\/var\/log\/kern\.log`:\n\n```text\n/);
  }
});
