import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, startServer } from '../helpers/lspClient';

test('opening an OOM log re-checks open units: SDU069 when the log shows another limit than MemoryMax=', async () => {
  const server = await startServer();
  try {
    const unit = 'file:///ws/php8.2-fpm.service';
    server.open(unit, 'systemd-unit', '[Service]\nExecStart=/usr/sbin/php-fpm8.2\nMemoryMax=2G\n');
    const before = await server.waitForDiagnostics(unit);
    assert.ok(!before.some(d => d.code === 'SDU069'));
    const log = fs.readFileSync(path.join(repoRoot, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8');
    server.open('file:///ws/kern.log', 'oom-log', log);
    const after = await server.waitForDiagnostics(unit, d => d.some(x => x.code === 'SDU069'));
    const hint = after.find(d => d.code === 'SDU069');
    assert.equal(hint.severity, 4);
    assert.equal(hint.relatedInformation?.[0]?.location.uri, 'file:///ws/kern.log');
    const hover: any = await server.conn.sendRequest('textDocument/hover', { textDocument: { uri: unit }, position: { line: 2, character: 3 } });
    assert.match(hover.contents.value, /In the workspace logs/);
  } finally {
    await server.stop();
  }
});

test('a huge log is read in the background; open units get SDU069 once that is done', async () => {
  const server = await startServer();
  try {
    const unit = 'file:///ws/php8.2-fpm.service';
    server.open(unit, 'systemd-unit', '[Service]\nExecStart=/usr/sbin/php-fpm8.2\nMemoryMax=2G\n');
    await server.waitForDiagnostics(unit);
    // ≥ 4 MB (read in steps, with progress): unrelated lines, then the report
    const filler = 'Nov 21 10:00:00 host app[1]: an unrelated line of the log, nothing to see here\n'.repeat(60_000);
    const log = filler + fs.readFileSync(path.join(repoRoot, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8');
    assert.ok(log.length >= 4 * 1024 * 1024);
    server.open('file:///ws/kern.log', 'oom-log', log);
    const after = await server.waitForDiagnostics(unit, d => d.some(x => x.code === 'SDU069'));
    const hint = after.find(d => d.code === 'SDU069');
    assert.ok(hint.relatedInformation?.[0]?.location.range.start.line >= 60_000, 'the line is in the big log');
  } finally {
    await server.stop();
  }
});
