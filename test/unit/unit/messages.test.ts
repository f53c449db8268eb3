import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MESSAGE_MAX, splitMessage } from '../../../server/src/common/rules';
import { oneSentence } from '../sysctl/messages.test';
import { RULE_CASES } from './rule-cases';
import { lint } from './helpers';

test('every unit message on the rule cases is one sentence of at most MESSAGE_MAX characters', () => {
  const bad: string[] = [];
  for (const c of RULE_CASES) {
    for (const f of lint(c.text, c.file, c.version)) {
      if (f.message.length > MESSAGE_MAX || !oneSentence(f.message)) bad.push(`${f.ruleId} (${f.message.length}): ${f.message}`);
    }
  }
  assert.deepEqual([...new Set(bad)], []);
});

test('every message on the units the installed Debian packages ship is at most MESSAGE_MAX characters', () => {
  const bad: string[] = [];
  let files = 0;
  for (const dir of ['/usr/lib/systemd/system', '/lib/systemd/system']) {
    let names: string[] = [];
    try { names = fs.readdirSync(dir); } catch { continue; }
    for (const n of names) {
      const p = path.join(dir, n);
      if (!/\.(service|socket|mount|automount|swap|slice|scope|timer|path|target)$/.test(n) || !fs.statSync(p).isFile()) continue;
      files++;
      for (const f of lint(fs.readFileSync(p, 'utf8'), p)) if (f.message.length > MESSAGE_MAX) bad.push(`${n} ${f.ruleId} (${f.message.length}): ${f.message}`);
    }
  }
  assert.ok(files >= 100, `only ${files} unit files found: scripts/provision-tools.sh installs Debian's systemd`);
  assert.deepEqual(bad, []);
});

test('splitMessage: the first sentence is the message, the rest the detail; file text in quotes is never cut', () => {
  assert.deepEqual(splitMessage('A is wrong, so B. Do C. Then D.'), { message: 'A is wrong, so B.', detail: 'Do C. Then D.' });
  assert.deepEqual(splitMessage('Use e.g. 5s or vm.swappiness = 1.5G.'), { message: 'Use e.g. 5s or vm.swappiness = 1.5G.' });
  assert.deepEqual(splitMessage('"Hi. There" is not a key. Fix it.'), { message: '"Hi. There" is not a key.', detail: 'Fix it.' });
  const [f] = lint('[Service]\nExecStart=/bin/true\nHello. World\n').filter(x => x.ruleId === 'SDU005');
  assert.match(f.message, /^"Hello\. World" has no "=", so systemd ignores it\.$/);
});
