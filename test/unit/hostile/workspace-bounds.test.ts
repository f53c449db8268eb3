/**
 * A repository is untrusted input: the workspace reader (lsp/node/workspace.ts) is bounded in total, reads
 * logs in the background (never in front of a request), keeps only small facts, prefers small
 * logs, and the unit hover says when the evidence was limited. The logs are generated here from
 * repeated reports, with the limits set low, so the test stays small.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultSettings, type DocumentContext } from '../../../server/src/common/service';
import { unitService } from '../../../server/src/crossfile';
import { limitsFromEnv, WorkspaceFiles } from '../../../server/src/lsp/node/workspace';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const REPORT = fs.readFileSync(path.join(repoRoot, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8');
const UNIT = '[Service]\nExecStart=/usr/sbin/php-fpm8.2\nMemoryMax=2G\n';

function tmp(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-ws-')); }

/** Waits until `ws` has read its logs, measuring the longest the event loop was held meanwhile. */
async function drain(ws: WorkspaceFiles): Promise<{ ms: number; longestGapMs: number }> {
  const t0 = Date.now();
  let last = Date.now();
  let longestGapMs = 0;
  while (!ws.logsRead) {
    await new Promise(r => setTimeout(r, 1));
    const now = Date.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    if (now - t0 > 60_000) throw new Error('the logs were not read within a minute');
  }
  return { ms: Date.now() - t0, longestGapMs };
}

function hoverOf(ws: WorkspaceFiles, dir: string): string {
  const file = path.join(dir, 'php8.2-fpm.service');
  const ctx: DocumentContext = { uri: `file://${file}`, path: file, settings: defaultSettings, workspace: ws };
  const a = unitService.analyze(UNIT, ctx);
  return unitService.hover(a, { line: 2, character: 3 }, ctx)?.markdown ?? '';
}

test('logs: read in the background, the smallest first, up to the total; the hover says what was left out', async () => {
  const dir = tmp();
  try {
    fs.writeFileSync(path.join(dir, 'php8.2-fpm.service'), UNIT);
    // 6 logs of repeated reports: 1, 2, 4, 8, 16, 32 copies
    const sizes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const text = REPORT.repeat(1 << i);
      fs.writeFileSync(path.join(dir, `kern.log.${i}`), text);
      sizes.push(Buffer.byteLength(text));
    }
    const budget = sizes[0] + sizes[1] + sizes[2] + 10; // the three smallest fit, the rest does not
    const ws = new WorkspaceFiles(() => [], () => undefined, { maxLogBytes: budget, maxLogFileBytes: sizes[4] });
    ws.setRoots([dir]);

    const t = Date.now();
    const first = hoverOf(ws, dir);
    assert.ok(Date.now() - t < 1000, 'the first hover does not wait for the logs');
    assert.match(first, /still reading the workspace's logs \(0 of 3 read\)/);
    assert.doesNotMatch(first, /In the workspace logs/, 'nothing read yet: no evidence made up');

    const { longestGapMs } = await drain(ws);
    assert.ok(longestGapMs < 500, `the event loop stayed free between steps (longest gap ${longestGapMs} ms)`);
    const md = hoverOf(ws, dir);
    assert.match(md, /In the workspace logs:\*\* php8\.2-fpm\.service had 7 OOM kills in 7 reports/, 'the three smallest logs: 1 + 2 + 4 reports');
    assert.match(md, /_Evidence limited: 3 logs \(\d+ KB\) not read: /);
    assert.match(md, /OOM Lens reads at most 20 KB of logs in a workspace, the smallest first/);
    assert.match(md, /larger than \d+ KB each \(open one to analyse it\)/);
    assert.equal(ws.logFiles().length, 3);

    // an open log is the editor's: it is not read from disk, and it counts
    const openPath = path.join(dir, 'kern.log.5');
    let open = true;
    const ws2 = new WorkspaceFiles(() => (open ? [{ uri: `file://${openPath}`, path: openPath, lang: 'oom-log' as const, text: REPORT, oomLog: () => null }] : []), () => undefined, { maxLogBytes: sizes.reduce((a, b) => a + b, 0), maxLogFileBytes: sizes[5] });
    ws2.setRoots([dir]);
    assert.ok(ws2.logFiles().some(f => f.path === openPath && f.oomLog), 'the open document stands for the file');
    await drain(ws2);
    assert.ok(!ws2.logFiles().find(f => f.path === openPath)?.oomFacts, 'not read from disk while open');
    open = false; // closed: now it is a file on disk like the others
    assert.ok(ws2.logFiles().some(f => f.path === openPath && f.oomFacts), 'planned again without the editor');
    await drain(ws2);
    assert.ok(ws2.logFiles().find(f => f.path === openPath)?.oomFacts?.(), 'and read');
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('logs: the facts kept are bounded by size (least recently used dropped, and said)', async () => {
  const dir = tmp();
  try {
    for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(dir, `kern.log.${i}`), REPORT.repeat(8));
    const ws = new WorkspaceFiles(() => [], () => undefined, { factBytes: 4000 });
    ws.setRoots([dir]);
    ws.logFiles();
    await drain(ws);
    const read = ws.logFiles().filter(f => f.oomFacts?.());
    assert.ok(read.length >= 1 && read.length < 4, `only what fits is kept: ${read.length}`);
    assert.match(ws.logNote() ?? '', /dropped to stay within/);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('units: many big unit files are bounded in total, read only when a rule asks, and cached by size', () => {
  const dir = tmp();
  try {
    const big = '[Service]\n' + `Environment=X=${'a'.repeat(60 << 10)}\n`;
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(dir, `u${String(i).padStart(3, '0')}.service`), big);
    fs.writeFileSync(path.join(dir, 'app.slice'), '[Slice]\nMemoryLow=1G\n');
    const ws = new WorkspaceFiles(() => [], () => undefined, { maxConfigBytes: 1 << 20, cacheBytes: 256 << 10 });
    ws.setRoots([dir]);
    const t = Date.now();
    const units = ws.unitFiles();
    assert.ok(units.length < 20, `listed within 1 MB in all: ${units.length}`);
    assert.ok(units.some(u => u.path.endsWith('app.slice')), 'the small files come first');
    // the slice-protection check over it answers at once
    const file = path.join(dir, 'svc.service');
    const ctx: DocumentContext = { uri: `file://${file}`, path: file, settings: defaultSettings, workspace: ws };
    const findings = unitService.diagnostics(unitService.analyze('[Service]\nSlice=app.slice\nMemoryMin=1G\n', ctx), ctx);
    assert.ok(Array.isArray(findings));
    for (const u of units) assert.ok(u.text.startsWith('['), 'texts read on demand, through a cache smaller than their sum');
    assert.ok(Date.now() - t < 5000);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('limits from the environment', () => {
  const l = limitsFromEnv({ OOM_LENS_WORKSPACE_MAX_LOG_BYTES: '1000', OOM_LENS_WORKSPACE_MAX_FILES: '7', OOM_LENS_WORKSPACE_CACHE_BYTES: 'lots' });
  assert.equal(l.maxLogBytes, 1000);
  assert.equal(l.maxFiles, 7);
  assert.equal(l.cacheBytes, 32 << 20, 'a value that is not a number is ignored');
});
