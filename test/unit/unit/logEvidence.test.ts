import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { defaultSettings, type DocumentContext, type WorkspaceFile } from '../../../server/src/common/service';
import type { LogFile } from '../../../server/src/crossfile/unitEvidence';
import { unitService } from '../../../server/src/crossfile';
import { parseOomLog } from '../../../server/src/oomlog/parse';

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const log: LogFile = {
  uri: 'file:///ws/kern.log',
  path: '/ws/kern.log',
  text: fs.readFileSync(path.join(repo, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8'),
};

function ctx(file: string, logs: WorkspaceFile[] = [log]): DocumentContext {
  return {
    uri: 'file://' + file, path: file, settings: defaultSettings,
    workspace: { unitFiles: () => [], sysctlFiles: () => [], logFiles: () => logs },
  };
}

function lint(text: string, c: DocumentContext) {
  return unitService.diagnostics(unitService.analyze(text, c), c);
}

test('SDU069: the log shows the unit killed at 1 GiB while the file says 2G', () => {
  const c = ctx('/ws/php8.2-fpm.service');
  const found = lint('[Service]\nExecStart=/usr/sbin/php-fpm8.2\nMemoryMax=2G\n', c).filter(f => f.ruleId === 'SDU069');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'hint');
  assert.equal(found[0].range.start.line, 2);
  assert.match(found[0].message, /1(\.0)? GiB|1024(\.0)? MiB/);
  assert.equal(found[0].related?.[0].uri, log.uri);
});

test('SDU069: no hint when the limit matches, for other units, or without logs', () => {
  assert.deepEqual(lint('[Service]\nMemoryMax=1G\n', ctx('/ws/php8.2-fpm.service')).filter(f => f.ruleId === 'SDU069'), []);
  assert.deepEqual(lint('[Service]\nMemoryMax=2G\n', ctx('/ws/nginx.service')).filter(f => f.ruleId === 'SDU069'), []);
  assert.deepEqual(lint('[Service]\nMemoryMax=2G\n', ctx('/ws/php8.2-fpm.service', [])).filter(f => f.ruleId === 'SDU069'), []);
});

test('hover on MemoryMax= tells what the workspace logs say about this unit', () => {
  const c = ctx('/ws/php8.2-fpm.service.d/limits.conf');
  const text = '[Service]\nMemoryMax=1G\n';
  const h = unitService.hover(unitService.analyze(text, c), { line: 1, character: 3 }, c);
  assert.ok(h);
  assert.match(h.markdown, /In the workspace logs:\*\* php8\.2-fpm\.service had 1 OOM kill in 1 report/);
  assert.match(h.markdown, /Largest process seen: php-fpm8\.2/);
  const other = unitService.hover(unitService.analyze('[Service]\nRestart=always\n', c), { line: 1, character: 2 }, c);
  assert.ok(other && !/workspace logs/.test(other.markdown));
});

test('an open log brings its analysis: the evidence uses it and never reads the text (no second parse of a huge log)', () => {
  const analysis = parseOomLog(log.text);
  let asked = 0;
  const open: LogFile = {
    uri: log.uri, path: log.path,
    get text(): string { throw new Error('the text of an open log was read'); },
    oomLog: () => { asked++; return analysis; },
  };
  const c = ctx('/ws/php8.2-fpm.service', [open]);
  const found = lint('[Service]\nMemoryMax=2G\n', c).filter(f => f.ruleId === 'SDU069');
  assert.equal(found.length, 1);
  assert.ok(asked > 0);
  // still being read (null): the log is skipped, nothing thrown
  const stillReading: LogFile = { uri: log.uri, path: log.path, get text(): string { throw new Error('read'); }, oomLog: () => null };
  const reading = ctx('/ws/php8.2-fpm.service', [stillReading]);
  assert.deepEqual(lint('[Service]\nMemoryMax=2G\n', reading).filter(f => f.ruleId === 'SDU069'), []);
});
