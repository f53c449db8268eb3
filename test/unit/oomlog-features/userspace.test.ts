/**
 * Kills made outside the kernel's OOM killer in the editor features: outline, hover, links, code
 * lenses, the report view (HTML and Markdown) and the unit hover's log evidence.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { oomLogService } from '../../../server/src/crossfile';
import type { DocumentContext } from '../../../server/src/common/service';
import { buildReportView } from '../../../server/src/report/model';
import { renderMarkdown } from '../../../server/src/report/markdown';
import { renderEventSection } from '../../../client/src/report/html';
import { unitEvidence } from '../../../server/src/crossfile/unitEvidence';
import { evidenceMarkdown } from '../../../server/src/crossfile/logEvidence';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const read = (...p: string[]) => fs.readFileSync(path.join(root, 'test', 'fixtures', ...p), 'utf8');
const WS = read('workspace', 'oomd-earlyoom.oom');

function ctx(units: string[]): DocumentContext {
  return {
    uri: 'file:///w/x.oom', path: '/w/x.oom', settings: {},
    workspace: { unitFiles: () => units.map(u => ({ path: `/w/${u}`, uri: `file:///w/${u}` })), sysctlFiles: () => [], logFiles: () => [] },
  } as unknown as DocumentContext;
}

function hoverAt(text: string, needle: string, offset = 1, nth = 0): string {
  const a = oomLogService.analyze(text, ctx([]));
  const lines = text.split('\n');
  const hits = lines.map((l, i) => [i, l.indexOf(needle)]).filter(([, c]) => c >= 0);
  const [line, col] = hits[nth];
  return oomLogService.hover(a, { line, character: col + offset }, ctx([]))?.markdown ?? '';
}

test('outline: one symbol per userspace kill, titled with the killer, victim and the number that decided', () => {
  const a = oomLogService.analyze(WS, ctx([]));
  const s = oomLogService.symbols!(a);
  assert.deepEqual(s.map(x => x.name), [
    'systemd-oomd 1: /system.slice/app.service killed — pressure 68.45 % > 50 %',
    'earlyoom 2: firefox (pid 4242) got SIGTERM — mem 2.57 % avail, swap 4.98 % free',
  ]);
  assert.deepEqual(s[0].children!.map(c => c.name), ['Candidates', 'Candidate 1', 'Killed cgroup', 'Pressure', 'Processes killed']);
  assert.deepEqual(s[1].children!.map(c => c.name), ['Memory', 'Limits', 'Signal', 'Outcome', 'firefox (4242)']);
  assert.deepEqual([s[0].range.start.line, s[0].range.end.line], [0, 6]);
});

test('hover: pressure (PSI) and its limit with the settings behind it; swap limit; earlyoom -m/-s; lmkd adj; k8s exit code', () => {
  assert.match(hoverAt(WS, '68.45'), /PSI[\s\S]*some task was stalled on memory 6\.8 s of every 10 s/);
  const limit = hoverAt(WS, '50.00%');
  assert.match(limit, /ManagedOOMMemoryPressureLimit=/);
  assert.match(limit, /DefaultMemoryPressureLimit=/);
  assert.match(hoverAt(WS, '> 20s', 2), /DefaultMemoryPressureDurationSec=/);
  assert.match(hoverAt(WS, '/system.slice/app.service due', 3), /kills whole units[\s\S]*\*\*Why:\*\* memory pressure on \/system\.slice was 68\.45 %/);
  const swap = read('corpus', 'userspace', 'oomd-swap-marked-v256.log');
  assert.match(hoverAt(swap, '90.00%'), /SwapUsedLimit=[\s\S]*ManagedOOMSwap=kill/);
  assert.match(hoverAt(swap, 'swap used (8589910016', 12), /8 GiB of 8 GiB = 100\.00 %/);
  assert.match(hoverAt(WS, 'mem 10.00', 5), /-m PERCENT[\s\S]*--prefer REGEX/);
  assert.match(hoverAt(WS, 'swap 10.00', 6), /swap limit \(-s\)/);
  assert.match(hoverAt(WS, 'badness 812', 9), /oom_score[\s\S]*--avoid/);
  const lmkd = read('corpus', 'userspace', 'android-lmkd-logcat.log');
  assert.match(hoverAt(lmkd, 'oom_score_adj 905', 15), /900–999 cached/);
  const desc = read('corpus', 'userspace', 'k8s-kubectl-describe.log');
  assert.match(hoverAt(desc, '137'), /128 \+ 9: the process died of SIGKILL/);
  assert.match(hoverAt(desc, '512Mi'), /resources\.limits\.memory[\s\S]*≈ 512 MiB/);
});

test('hover on a kernel report\'s cgroup path names the container, pod and QoS class', () => {
  const k8s = read('corpus', '08-4.19-memcg-v1-tasks-state-sacrifice-child-termwrapped.log');
  const md = hoverAt(k8s, '/kubepods/pod951f6bc5', 3);
  assert.match(md, /Container: \*\*container 024952d653ef, Kubernetes pod 951f6bc5-c5a5-11ea-8707-80e455f266a2, QoS Guaranteed\*\*/);
});

test('links: the cgroup systemd-oomd killed (and its candidate line) open the unit file', () => {
  const a = oomLogService.analyze(WS, ctx([]));
  const links = oomLogService.links!(a, ctx(['app.service']));
  const lines = WS.split('\n');
  assert.deepEqual(links.map(l => [l.range.start.line, lines[l.range.start.line].slice(l.range.start.character, l.range.end.character), l.target]),
    [[5, 'app.service', 'file:///w/app.service'], [1, 'app.service', 'file:///w/app.service']]);
});

test('code lens says who killed whom and why (no kernel ranking for a userspace kill)', () => {
  const a = oomLogService.analyze(WS, ctx([]));
  const titles = oomLogService.codeLenses!(a, ctx([])).map(c => c.title);
  assert.match(titles[0], /^\/system\.slice\/app\.service killed by systemd-oomd: memory pressure on \/system\.slice was 68\.45 %/);
  assert.match(titles[2], /^firefox \(pid 4242\) got SIGTERM from earlyoom: available memory 2\.57 %/);
});

test('report view: kind, killer, reason and facts in HTML and Markdown; no reaper line for a userspace kill', () => {
  const a = oomLogService.analyze(WS, ctx([]));
  const view = buildReportView(a, 'oomd-earlyoom.oom', 'file:///w/oomd-earlyoom.oom');
  const [oomd, early] = view.events;
  assert.equal(oomd.kind, 'systemd-oomd');
  assert.equal(oomd.kindText, 'killed by systemd-oomd (user space, before the kernel OOM killer)');
  assert.equal(oomd.userspace?.killer, 'systemd-oomd');
  assert.match(oomd.headline, /^\/system\.slice\/app\.service killed by systemd-oomd: memory pressure/);
  assert.deepEqual(early.victims.map(v => [v.pid, v.comm, v.rssKiB]), [[4242, 'firefox', 2310 * 1024]]);
  const html = renderEventSection(oomd);
  assert.match(html, /<dt>Killed by<\/dt><dd>systemd-oomd<\/dd>/);
  assert.match(html, /<dt>Pressure<\/dt><dd>68\.45 % of the last 10 s stalled on memory/);
  assert.match(html, /data-line="5"/);
  assert.doesNotMatch(html, /<dt>Reaper<\/dt>/);
  const md = renderMarkdown(view);
  assert.match(md, /- \*\*Killed by:\*\* earlyoom/);
  assert.match(md, /- \*\*Outcome:\*\* the process exited 0\.400 s after the signal, giving back up to 2310 MiB \(line 11\)/);
  // the decoded container of a kernel report shows in the view too
  const k8s = oomLogService.analyze(read('corpus', '08-4.19-memcg-v1-tasks-state-sacrifice-child-termwrapped.log'), ctx([]));
  const kv = buildReportView(k8s, 'k8s', 'file:///k8s');
  assert.equal(kv.events[0].memcg?.container, 'container 024952d653ef, Kubernetes pod 951f6bc5-c5a5-11ea-8707-80e455f266a2, QoS Guaranteed');
  assert.match(renderMarkdown(kv), /- \*\*Container:\*\* container 024952d653ef, Kubernetes pod 951f6bc5/);
});

test('unit hover evidence counts systemd-oomd kills of the unit and says they were not its own limit', () => {
  const a = oomLogService.analyze(WS, ctx([]));
  const ev = unitEvidence('app.service', [{ uri: 'file:///w/oomd-earlyoom.oom', analysis: a }]);
  assert.equal(ev.kills, 1);
  assert.equal(ev.events[0].killer, 'systemd-oomd');
  assert.deepEqual(ev.mismatches, []);
  const md = evidenceMarkdown(ev);
  assert.match(md, /app\.service had 1 OOM kill in 1 report\./);
  assert.match(md, /1 of them by systemd-oomd from user space/);
});

test('outline of a global kernel OOM names the container its victim ran in', () => {
  const id = '4f2c1a9b3e7d5c60a9e1f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7';
  const t = '[ 100.000000] java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n'
    + `[ 100.000100] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/docker-${id}.scope,task=java,pid=4242,uid=0\n`
    + '[ 100.000200] Out of memory: Killed process 4242 (java) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:100kB oom_score_adj:0\n';
  const a = oomLogService.analyze(t, ctx([]));
  assert.deepEqual(oomLogService.symbols!(a).map(s => s.name), ['OOM 1: java (4242) killed, 500 KiB freed — global (victim in docker container 4f2c1a9b3e7d)']);
  const md = hoverAt(t, 'task_memcg=', 12);
  assert.match(md, /Container: \*\*docker container 4f2c1a9b3e7d\*\*/);
});
