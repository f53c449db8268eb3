/**
 * Units from systemd's own tree (test/fixtures/systemd-units, see its README) lint with 0 errors at
 * the default target once their build placeholders are filled as systemd's meson build fills them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { lint } from './helpers';
import { repoRoot } from '../../helpers/lspClient';

const DIR = path.join(repoRoot, 'test', 'fixtures', 'systemd-units');

/** Values meson substitutes into units/*.in (both the `{{NAME}}` and the older `@name@` spelling). */
const MESON: Record<string, string> = {
  rootlibexecdir: '/usr/lib/systemd', libexecdir: '/usr/lib/systemd', rootbindir: '/usr/bin', bindir: '/usr/bin',
  service_watchdog: 'WatchdogSec=3min', high_rlimit_nofile: '524288',
};

export function fillPlaceholders(text: string): string {
  return text.replace(/\{\{\s*([A-Za-z_]+)\s*\}\}|@([A-Za-z_]+)@/g, (m, a: string | undefined, b: string | undefined) => {
    const v = MESON[(a ?? b)!.toLowerCase()];
    if (v === undefined) throw new Error(`no meson value for ${m}: add it to MESON`);
    return v;
  });
}

test('units from systemd\'s own tree lint with 0 errors at the default target', () => {
  const files = fs.readdirSync(DIR).filter(f => f.endsWith('.in'));
  assert.ok(files.length >= 19, `only ${files.length} templates in ${DIR}`);
  const bad: string[] = [];
  for (const f of files) {
    const text = fillPlaceholders(fs.readFileSync(path.join(DIR, f), 'utf8'));
    assert.doesNotMatch(text, /\{\{|@[a-z_]+@/i, f);
    for (const e of lint(text, f.slice(0, -3)).filter(x => x.severity === 'error')) bad.push(`${f}:${e.range.start.line + 1} ${e.ruleId} ${e.message}`);
  }
  assert.deepEqual(bad, []);
});

test('the meson placeholders are filled, and an unknown one is an error rather than a silent pass', () => {
  assert.equal(fillPlaceholders('ExecStart={{ROOTLIBEXECDIR}}/x\n@SERVICE_WATCHDOG@\n'), 'ExecStart=/usr/lib/systemd/x\nWatchdogSec=3min\n');
  assert.throws(() => fillPlaceholders('X={{NOPE}}'), /no meson value for \{\{NOPE\}\}/);
});
