/** oomLens/reportSummary: what the status bar asks on every edit — a count and a headline, never the view model. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, startServer } from '../helpers/lspClient';

test('language server: oomLens/reportSummary is small whatever the log, and null for other files', async () => {
  const server = await startServer();
  try {
    const sample = fs.readFileSync(path.join(repoRoot, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8').split('\n');
    const k = sample.findIndex(l => l.includes('Killed process'));
    const lines = sample.slice(0, k);
    lines.push('Mar 03 02:14:07 web-7 kernel: Tasks in /system.slice/php8.2-fpm.service are going to be killed due to memory.oom.group set');
    for (let i = 0; i < 5000; i++) lines.push(`Mar 03 02:14:07 web-7 kernel: Memory cgroup out of memory: Killed process ${1000 + i} (php-fpm8.2) total-vm:604912kB, anon-rss:371376kB, file-rss:1852kB, shmem-rss:0kB, UID:33 pgtables:1204kB oom_score_adj:0`);
    const uri = 'file:///tmp/summary-test/kern.log';
    server.open(uri, 'oom-log', lines.join('\n') + '\n');
    const summary: any = await server.conn.sendRequest('oomLens/reportSummary', { uri });
    assert.deepEqual(Object.keys(summary).sort(), ['events', 'headline']);
    assert.equal(summary.events, 1);
    assert.match(summary.headline, /php-fpm8\.2 \(pid 1000\) and 4999 more killed/);
    assert.ok(JSON.stringify(summary).length < 500);
    const view: any = await server.conn.sendRequest('oomLens/reportView', { uri });
    assert.equal(view.events[0].victimCount, 5000, 'the view model counts every victim');
    assert.ok(view.events[0].victims.length <= 50, 'and lists the first ones');
    server.open('file:///tmp/summary-test/a.service', 'systemd-unit', '[Service]\n');
    assert.equal(await server.conn.sendRequest('oomLens/reportSummary', { uri: 'file:///tmp/summary-test/a.service' }), null);
    assert.equal(await server.conn.sendRequest('oomLens/reportSummary', { uri: 'file:///tmp/summary-test/not-open.log' }), null, 'never read from disk');
  } finally {
    await server.stop();
  }
});
