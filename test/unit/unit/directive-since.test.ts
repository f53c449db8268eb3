/**
 * Directives newer than the targeted systemd (SDU032), with the release that added each one read
 * from systemd's man pages (server/src/unit/data/valueEnumsData.ts, generate-value-enums.mjs).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { full, lint } from './helpers';
import { DIRECTIVE_SINCE } from '../../../server/src/unit/data/valueEnumsData';

const S = (body: string) => `[Service]\nExecStart=/bin/true\n${body}\n`;
const newer = (text: string, version: number) => lint(text, 'x.service', version).filter(f => f.ruleId === 'SDU032');

test('a sandboxing directive newer than the target says which release it needs; at that release and at the default it is quiet', () => {
  const unit = S('ProtectClock=yes\nProtectKernelLogs=yes\nProtectHostname=yes\nLockPersonality=yes\nProtectSystem=strict');
  const old = newer(unit, 235);
  assert.deepEqual(old.map(f => [f.range.start.line + 1, f.severity]), [[3, 'warning'], [4, 'warning'], [5, 'warning']]);
  assert.match(full(old[0]), /ProtectClock= needs systemd 245 or newer; the targeted systemd 235 logs "Unknown key" and ignores it/);
  assert.match(full(old[1]), /ProtectKernelLogs= needs systemd 244/);
  assert.deepEqual(newer(unit, 245), []);
  assert.deepEqual(lint(unit, 'x.service').filter(f => f.ruleId === 'SDU032'), []);
});

test('what systemd 252 lists outranks a man page note: never newer than 252 for a key it knows, never older than 253 for one it does not', () => {
  assert.deepEqual(newer(S('[Unit]\nConditionSecurity=selinux').replace('[Service]\nExecStart=/bin/true\n', ''), 252), []);
  // UpheldBy= shares its man page entry (and note, 201) with WantedBy=; 252 does not know it
  const upheld = newer(S('MemoryMax=1G') + '[Install]\nUpheldBy=multi-user.target\n', 252);
  assert.equal(upheld.length, 1);
  assert.match(full(upheld[0]), /UpheldBy= needs systemd 253/);
  assert.equal(DIRECTIVE_SINCE.ProtectClock, 245);
  assert.ok(Object.keys(DIRECTIVE_SINCE).length > 300);
  for (const v of Object.values(DIRECTIVE_SINCE)) assert.ok(Number.isInteger(v) && v >= 1 && v < 300, String(v));
});
