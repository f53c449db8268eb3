/**
 * Hovers and the Markdown report compared whole with their snapshots (test/fixtures/snapshots/):
 * a change anywhere in the text shows up here, not only in the lines a pattern looks at.
 * `UPDATE_SNAPSHOTS=1` rewrites them; read every changed file before committing it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { defaultSettings, type DocumentContext, type WorkspaceView } from '../../../server/src/common/service';
import { oomLogService, sysctlService, unitService } from '../../../server/src/crossfile';
import type { LogFile } from '../../../server/src/crossfile/unitEvidence';
import { buildReportView } from '../../../server/src/report/model';
import { renderMarkdown } from '../../../server/src/report/markdown';
import type { LanguageService } from '../../../server/src/common/service';
import { matchSnapshot } from '../../helpers/snapshot';

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const LOG_PATH = '/ws/kern.log';
const LOG_TEXT = fs.readFileSync(path.join(repo, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8');
const log: LogFile = { uri: 'file://' + LOG_PATH, path: LOG_PATH, text: LOG_TEXT };
const workspace: WorkspaceView = { unitFiles: () => [], sysctlFiles: () => [], logFiles: () => [log] };

function ctxOf(p: string): DocumentContext {
  return { uri: 'file://' + p, path: p, settings: defaultSettings, workspace };
}

interface HoverCase {
  snapshot: string;
  service: LanguageService<any>;
  path: string;
  text: string;
  /** The hover is asked on the first occurrence of `at` in the text, at its character `offset` (0 by default). */
  at: string;
  offset?: number;
}

const UNIT = '[Service]\nExecStart=/usr/sbin/php-fpm8.2\nMemoryLimit=1G\nMemoryMax=2G\n';
const SYSCTL = 'vm.overcommit_memory = 2\nvm.panic_on_oom = 2\n';

const HOVERS: HoverCase[] = [
  { snapshot: 'hover/oom-gfp-mask.md', service: oomLogService, path: LOG_PATH, text: LOG_TEXT, at: 'GFP_KERNEL' },
  { snapshot: 'hover/oom-memcg-usage.md', service: oomLogService, path: LOG_PATH, text: LOG_TEXT, at: 'usage 1048576kB' },
  { snapshot: 'hover/oom-task-row-rss.md', service: oomLogService, path: LOG_PATH, text: LOG_TEXT, at: '93307' },
  { snapshot: 'hover/oom-constraint.md', service: oomLogService, path: LOG_PATH, text: LOG_TEXT, at: 'CONSTRAINT_MEMCG' },
  { snapshot: 'hover/oom-killed-anon-rss.md', service: oomLogService, path: LOG_PATH, text: LOG_TEXT, at: 'anon-rss:371376kB' },
  { snapshot: 'hover/unit-memorylimit.md', service: unitService, path: '/ws/php8.2-fpm.service', text: UNIT, at: 'MemoryLimit' },
  { snapshot: 'hover/unit-memorymax-log-evidence.md', service: unitService, path: '/ws/php8.2-fpm.service', text: UNIT, at: 'MemoryMax' },
  { snapshot: 'hover/sysctl-overcommit-key.md', service: sysctlService, path: '/etc/sysctl.d/50-oom.conf', text: SYSCTL, at: 'vm.overcommit_memory' },
  { snapshot: 'hover/sysctl-panic-on-oom-value.md', service: sysctlService, path: '/etc/sysctl.d/50-oom.conf', text: SYSCTL, at: 'vm.panic_on_oom = 2', offset: 18 },
];

function positionOf(text: string, needle: string, offsetInNeedle = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${JSON.stringify(needle)} is in the text`);
  const before = text.slice(0, i + offsetInNeedle);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

for (const c of HOVERS) {
  test(`hover snapshot ${c.snapshot}`, () => {
    const ctx = ctxOf(c.path);
    const h = c.service.hover(c.service.analyze(c.text, ctx), positionOf(c.text, c.at, c.offset ?? 0), ctx);
    assert.ok(h, `a hover at ${JSON.stringify(c.at)}`);
    matchSnapshot(c.snapshot, `<!-- range ${JSON.stringify(h.range)} -->\n${h.markdown}\n`);
  });
}

test('report snapshot: the Markdown report of the journald sample', () => {
  const ctx = ctxOf(LOG_PATH);
  const analysis = oomLogService.analyze(LOG_TEXT, ctx);
  matchSnapshot('report/journald-6.12-cgroup-v2.md', renderMarkdown(buildReportView(analysis, 'kern.log', log.uri)));
});
