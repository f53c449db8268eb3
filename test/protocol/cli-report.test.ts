/** The bundled CLI (dist/cli.js) in CI modes: SARIF, --max-warnings, directories, analyze --format markdown. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { repoRoot } from '../helpers/lspClient';
import { sarifValidator } from '../unit/report/sarifSchema';
import { tempDir } from '../helpers/tempDir';

const cli = path.join(repoRoot, 'dist', 'cli.js');

function run(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(): string {
  const root = tempDir('oom-lens-cli-');
  const w = (p: string, text: string) => { fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true }); fs.writeFileSync(path.join(root, p), text); };
  // warnings only: panic_on_oom without kernel.panic
  w('warn/sysctl.d/50-panic.conf', 'vm.panic_on_oom = 1\n');
  // an error: a line that is not an assignment
  w('bad/sysctl.d/60-bad.conf', 'vm.swappiness = 10\nthis is not an assignment\n');
  w('units/app.service', '[Service]\nExecStart=/usr/bin/app\nOOMScoreAdjust=-1000\n');
  w('units/README.md', '# not a unit\n');
  w('units/node_modules/dep/x.service', '[Nonsense]\n');
  return root;
}

test('lint --format sarif: schema-valid SARIF with rule metadata and 1-based regions', () => {
  const root = workspace();
  const r = run(['lint', '--format', 'sarif', 'bad', 'units'], root);
  assert.equal(r.code, 1, r.err);
  const sarif = JSON.parse(r.out);
  const v = sarifValidator();
  assert.ok(v(sarif), JSON.stringify(v.errors, null, 1));
  const run0 = sarif.runs[0];
  const sys003 = run0.results.find((x: any) => x.ruleId === 'SYS003');
  assert.ok(sys003, 'SYS003 reported');
  assert.equal(sys003.level, 'error');
  assert.equal(sys003.locations[0].physicalLocation.artifactLocation.uri, 'bad/sysctl.d/60-bad.conf');
  assert.equal(sys003.locations[0].physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
  assert.equal(sys003.locations[0].physicalLocation.region.startLine, 2);
  assert.equal(sys003.locations[0].physicalLocation.region.startColumn, 1);
  const rule = run0.tool.driver.rules[sys003.ruleIndex];
  assert.equal(rule.id, 'SYS003');
  assert.ok(rule.shortDescription.text.length > 5);
  assert.match(rule.helpUri, /^https:\/\//);
  assert.ok(run0.results.some((x: any) => x.locations[0].physicalLocation.artifactLocation.uri === 'units/app.service'), 'directory walked');
  assert.ok(!r.out.includes('node_modules'), 'node_modules skipped');
  assert.equal(run0.originalUriBaseIds.SRCROOT.uri, `file://${fs.realpathSync(root)}/`);
});

test('lint --max-warnings: exit 1 only when warnings exceed the budget', () => {
  const root = workspace();
  const base = run(['lint', 'warn'], root);
  assert.equal(base.code, 0, base.out + base.err);
  const warnings = Number(/checked: \d+ errors?, (\d+) warnings?/.exec(base.out)?.[1]);
  assert.ok(warnings >= 1, base.out);
  assert.equal(run(['lint', '--max-warnings', String(warnings), 'warn'], root).code, 0);
  const over = run(['lint', `--max-warnings=${warnings - 1}`, 'warn'], root);
  assert.equal(over.code, 1);
  assert.match(over.err, /more than --max-warnings/);
  assert.equal(run(['lint', '--max-warnings', 'lots', 'warn'], root).code, 2);
});

test('lint DIR: finds unit and sysctl files by name, sorted, skips others', () => {
  const root = workspace();
  const r = run(['lint', '.'], root);
  assert.equal(r.code, 1, 'the bad sysctl file has an error');
  const files = [...new Set(r.out.split('\n').filter(l => /^\S+:\d+:\d+ /.test(l)).map(l => l.split(':')[0]))];
  assert.deepEqual(files, ['bad/sysctl.d/60-bad.conf', 'units/app.service', 'warn/sysctl.d/50-panic.conf']);
  assert.match(r.out, /3 files checked/);
  const empty = tempDir('oom-lens-empty-');
  const e = run(['lint', empty], root);
  assert.match(e.err, /no unit or sysctl files found/);
});

test('analyze --format markdown: the report view as Markdown, from files and stdin', () => {
  const log = [
    '[ 100.000001] app invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    '[ 100.000002] CPU: 1 PID: 4242 Comm: app Not tainted 6.8.0-45-generic #45-Ubuntu',
    '[ 100.000003] memory: usage 524288kB, limit 524288kB, failcnt 12',
    '[ 100.000004] swap: usage 0kB, limit 0kB, failcnt 0',
    '[ 100.000005] Tasks state (memory values in pages):',
    '[ 100.000006] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
    '[ 100.000007] [   4242]  1000  4242   240000   120000   110000     9000      1000   1200000        0             0 app',
    '[ 100.000008] [   4300]  1000  4300     4000     2000     1500      500         0     40000        0             0 helper',
    '[ 100.000009] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/app.service,task_memcg=/system.slice/app.service,task=app,pid=4242,uid=1000',
    '[ 100.000010] Memory cgroup out of memory: Killed process 4242 (app) total-vm:960000kB, anon-rss:440000kB, file-rss:36000kB, shmem-rss:4000kB, UID:1000 pgtables:1172kB oom_score_adj:0',
    '',
  ].join('\n');
  const root = workspace();
  fs.writeFileSync(path.join(root, 'kern.log'), log);
  const r = run(['analyze', '--format', 'markdown', 'kern.log'], root);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^# OOM report: kern\.log/);
  assert.match(r.out, /## Event 1 \(line 1\): app \(pid 4242\) killed/);
  assert.match(r.out, /app\.service/);
  assert.match(r.out, /\| 4242 \| app \*\*\(killed\)\*\* \|/);
  const stdin = run(['analyze', '--format=markdown'], root, log);
  assert.equal(stdin.code, 0);
  assert.match(stdin.out, /^# OOM report: <stdin>|^# OOM report: \\<stdin\\>/);
  assert.match(stdin.out, /app \(pid 4242\) killed/);
  assert.equal(run(['analyze', '--format', 'yaml', 'kern.log'], root).code, 2);
});

test('language server: oomLens/reportView of a file that is not open (VS Code keeps files over 50 MB from extensions) reads it from disk', async () => {
  const { startServer } = await import('../helpers/lspClient');
  const server = await startServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-disk-'));
  try {
    const text = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'corpus', '09-ubuntu-5.4.0-29-global-pagefault-dmesg-Tw-2reports.log'), 'utf8');
    const file = path.join(dir, 'kern log.1');
    fs.writeFileSync(file, 'unrelated line\n'.repeat(1000) + text);
    const uri = pathToFileURL(file).href;
    const view: any = await server.conn.sendRequest('oomLens/reportView', { uri });
    assert.equal(view.file, 'kern log.1');
    assert.equal(view.uri, uri);
    assert.equal(view.events.length, 2);
    assert.equal(view.events[1].victims[0].comm, 'containerd');
    // the file grows: read again, not the view kept from before
    fs.appendFileSync(file, text);
    assert.equal(((await server.conn.sendRequest('oomLens/reportView', { uri })) as any).events.length, 4);
    assert.equal(await server.conn.sendRequest('oomLens/reportView', { uri: pathToFileURL(dir).href }), null, 'a directory');
    assert.equal(await server.conn.sendRequest('oomLens/reportView', { uri: pathToFileURL(path.join(dir, 'gone.log')).href }), null, 'no such file');
    // and the server still answers for open documents
    server.open('file:///tmp/report-test/k.log', 'oom-log', text);
    assert.equal(((await server.conn.sendRequest('oomLens/reportView', { uri: 'file:///tmp/report-test/k.log' })) as any).events.length, 2);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('language server: oomLens/reportView answers the view model of an open log, null for other files', async () => {
  const { startServer } = await import('../helpers/lspClient');
  const server = await startServer();
  try {
    const text = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'corpus', '09-ubuntu-5.4.0-29-global-pagefault-dmesg-Tw-2reports.log'), 'utf8');
    const uri = 'file:///tmp/report-test/kern.log';
    server.open(uri, 'oom-log', text);
    const view: any = await server.conn.sendRequest('oomLens/reportView', { uri });
    assert.equal(view.file, 'kern.log');
    assert.equal(view.uri, uri);
    assert.equal(view.events.length, 2);
    assert.equal(view.events[1].victims[0].comm, 'containerd');
    assert.equal(view.timeline.points.length, 2);
    server.open('file:///tmp/report-test/a.service', 'systemd-unit', '[Service]\n');
    assert.equal(await server.conn.sendRequest('oomLens/reportView', { uri: 'file:///tmp/report-test/a.service' }), null);
    assert.equal(await server.conn.sendRequest('oomLens/reportView', { uri: 'file:///nowhere.log' }), null);
  } finally {
    await server.stop();
  }
});
