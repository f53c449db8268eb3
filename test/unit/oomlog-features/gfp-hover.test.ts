/** The gfp_mask hover says what fits the report: printed names, the era's table, a page fault, or nothing decodable. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { oomLogService as svc } from '../../../server/src/crossfile';
import { corpus, ctx } from './helpers';

function hoverAt(text: string, needle: string, offset = 1): string {
  const a = svc.analyze(text, ctx());
  const lines = text.split('\n');
  const line = lines.findIndex(l => l.includes(needle));
  assert.ok(line >= 0, `"${needle}" not in the text`);
  const h = svc.hover(a, { line, character: lines[line].indexOf(needle) + offset }, ctx());
  assert.ok(h, `no hover on ${needle}`);
  return h.markdown;
}

const PAGE_FAULT = /page fault/;
const PARENTHESES = /in parentheses/;

test('names the kernel printed (4.6+): said so, no era table, no page-fault note', () => {
  const h = hoverAt(corpus('15'), 'gfp_mask=0x');
  assert.match(h, /Flags as the kernel printed them in parentheses:\n- `GFP_HIGHUSER_MOVABLE`/);
  assert.doesNotMatch(h, /gfp\.h table/);
  assert.doesNotMatch(h, PAGE_FAULT);
});

test('a 3.x mask without names: decoded with the named era table, no note about names in parentheses', () => {
  const h = hoverAt(corpus('00'), '0xd0');
  assert.match(h, /This kernel prints no flag names; decoded from the hex mask with the gfp\.h table of Linux 4\.3 and earlier \(incl\. RHEL 7 3\.10\):\n- `GFP_KERNEL`/);
  assert.doesNotMatch(h, PARENTHESES);
  assert.doesNotMatch(h, PAGE_FAULT);
});

test('mask 0 is a page fault, and only then', () => {
  const h = hoverAt(corpus('09'), 'gfp_mask=0x0');
  assert.match(h, /Mask 0: this OOM came from a page fault/);
  assert.doesNotMatch(h, PARENTHESES);
  assert.doesNotMatch(h, /gfp\.h table/);
});

test('no names and no kernel version: the hover says why nothing is decoded', () => {
  const text = 'java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0\n'
    + 'Out of memory: Killed process 1843 (java) total-vm:8173248kB, anon-rss:2073600kB, file-rss:0kB\n';
  const h = hoverAt(text, '0xd0');
  assert.match(h, /prints no flag names and the report does not say which kernel it is, so the mask is not decoded/);
  assert.doesNotMatch(h, PAGE_FAULT);
  assert.doesNotMatch(h, PARENTHESES);
});
