import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, type DocumentContext, type WorkspaceFile } from '../../../server/src/common/service';
import { oomLogLinks } from '../../../server/src/crossfile/links';
import { filesOfUnit, unitOfCgroupPath } from '../../../server/src/crossfile/cgroup';
import { analysisOf, field, memcgEvent } from './fixtures';

function ctx(units: WorkspaceFile[]): DocumentContext {
  let calls = 0;
  return {
    uri: 'file:///logs/kern.log', path: '/logs/kern.log', settings: defaultSettings,
    workspace: { unitFiles: () => { calls++; if (calls > 1) throw new Error('unitFiles read twice'); return units; }, sysctlFiles: () => [], logFiles: () => [] },
  };
}
const unit = (p: string): WorkspaceFile => ({ uri: `file://${p}`, path: p, text: '[Service]\n' });

test('task_memcg=/system.slice/app.service links to app.service in the workspace', () => {
  const links = oomLogLinks(analysisOf(memcgEvent()), ctx([unit('/ws/units/other.service'), unit('/ws/units/app.service')]));
  assert.equal(links.length, 2);
  for (const l of links) assert.equal(l.target, 'file:///ws/units/app.service');
  // only the unit component is underlined: "/system.slice/" is 14 characters
  assert.deepEqual(links[0].range, { start: { line: 17, character: 51 + 14 }, end: { line: 17, character: 51 + 25 } });
  assert.match(links[0].tooltip!, /app\.service/);
});

test('no link when the workspace lacks the unit; drop-ins count', () => {
  assert.deepEqual(oomLogLinks(analysisOf(memcgEvent()), ctx([unit('/ws/x.service')])), []);
  const links = oomLogLinks(analysisOf(memcgEvent()), ctx([unit('/ws/app.service.d/20-mem.conf'), unit('/ws/app.service.d/10-a.conf')]));
  assert.equal(links[0].target, 'file:///ws/app.service.d/10-a.conf');
  assert.match(links[0].tooltip!, /1 more file/);
});

test('old-style "Task in … killed as a result of limit of …", docker scopes only when the file exists', () => {
  const ev = memcgEvent(0, 0, {
    fields: [
      field('memcg.task_in', 3, 8, '/system.slice/docker-0123abcd.scope'),
      field('memcg.limit_of', 3, 70, '/system.slice/docker-0123abcd.scope'),
      field('memcg.stats_path', 4, 26, '/system.slice/app.service/worker'),
      field('trigger.comm', 0, 0, '/system.slice/app.service'),
    ],
  });
  const none = oomLogLinks(analysisOf(ev), ctx([unit('/ws/app.service')]));
  assert.deepEqual(none.map(l => l.range.start.line), [4], 'the scope has no file; comm is no path field');
  const both = oomLogLinks(analysisOf(ev), ctx([unit('/ws/app.service'), unit('/ws/docker-0123abcd.scope')]));
  assert.deepEqual(both.map(l => l.range.start.line), [3, 3, 4]);
});

test('unitOfCgroupPath and filesOfUnit', () => {
  assert.equal(unitOfCgroupPath('/system.slice/app.service'), 'app.service');
  assert.equal(unitOfCgroupPath('/system.slice/app.service/worker'), 'app.service');
  assert.equal(unitOfCgroupPath('/user.slice/user-1000.slice/session-3.scope'), 'session-3.scope');
  assert.equal(unitOfCgroupPath('/kubepods/pod123/abc'), null);
  assert.equal(unitOfCgroupPath('/'), null);
  assert.equal(unitOfCgroupPath(undefined), null);
  assert.deepEqual(filesOfUnit('a.service', [unit('/x/a.service.d/b.conf'), unit('/x/a.service'), unit('/x/ab.service')]).map(f => f.path),
    ['/x/a.service', '/x/a.service.d/b.conf']);
});

test('real parser: oom-kill summary and "Task in" paths become links on the unit name', async () => {
  const { oomLogService } = await import('../../../server/src/oomlog');
  const lines = [
    '[ 100.000001] app invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    '[ 100.000002] memory: usage 524288kB, limit 524288kB, failcnt 12',
    '[ 100.000003] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/app.service,task_memcg=/system.slice/app.service/worker,task=app,pid=4242,uid=1000',
    '[ 100.000004] Memory cgroup out of memory: Killed process 4242 (app) total-vm:960000kB, anon-rss:440000kB, file-rss:36000kB, shmem-rss:4000kB, UID:1000 pgtables:1172kB oom_score_adj:0',
    '[ 200.000001] java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0',
    '[ 200.000002] Task in /system.slice/app.service killed as a result of limit of /system.slice/app.service',
    '[ 200.000003] memory: usage 524288kB, limit 524288kB, failcnt 3',
    '[ 200.000004] Memory cgroup out of memory: Kill process 77 (java) score 900 or sacrifice child',
    '[ 200.000005] Killed process 77 (java) total-vm:1000kB, anon-rss:500kB, file-rss:0kB',
  ];
  const analysis = oomLogService.analyze(lines.join('\n'), ctx([]));
  const links = oomLogLinks(analysis, ctx([unit('/ws/app.service')]));
  const texts = links.map(l => `${l.range.start.line}:${lines[l.range.start.line].slice(l.range.start.character, l.range.end.character)}`);
  assert.deepEqual(texts, ['2:app.service', '2:app.service', '5:app.service', '5:app.service']);
  for (const l of links) assert.equal(l.target, 'file:///ws/app.service');
});
