/** Small handwritten reports: every wrapper, line kind, table layout, GFP era and failure mode. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import { decodeGfp, eraFor } from '../../../server/src/oomlog/gfp';
import { stripPrefix } from '../../../server/src/oomlog/prefix';
import { type OomEvent, type OomLogAnalysis, endLineOf } from '../../../server/src/oomlog/model';

/** A modern (6.8+) cgroup-v2 report, message text only. */
const MODERN = [
  'stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
  'CPU: 1 UID: 0 PID: 4242 Comm: stress Not tainted 6.12.1-arch1 #1',
  'Call Trace:',
  ' <TASK>',
  ' dump_stack_lvl+0x5d/0x80',
  ' mem_cgroup_out_of_memory+0x137/0x160',
  ' </TASK>',
  'memory: usage 524288kB, limit 524288kB, failcnt 12',
  'swap: usage 0kB, limit 0kB, failcnt 0',
  'Memory cgroup stats for /system.slice/stress.service:',
  'anon 530000000',
  'file 1000',
  'pgfault 77',
  'Tasks state (memory values in pages):',
  '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
  '[   4242]     0  4242    140000   129000   128900      100         0  1200000        0             0 stress',
  '[   4243]     0  4243      2000      100       50       50         0    40960        0          -500 Web Content',
  'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/stress.service,task_memcg=/system.slice/stress.service,task=stress,pid=4242,uid=0',
  'Memory cgroup out of memory: Killed process 4242 (stress) total-vm:560000kB, anon-rss:515600kB, file-rss:400kB, shmem-rss:0kB, UID:0 pgtables:1172kB oom_score_adj:0',
];

const WRAPPERS: { name: string; wrap: (msg: string, i: number) => string }[] = [
  { name: 'none', wrap: m => m },
  { name: 'dmesg', wrap: (m, i) => `[ 1234.${String(500000 + i).padStart(6, '0')}] ${m}` },
  { name: 'dmesg -r levels', wrap: (m, i) => `<4>[39261021.${String(i).padStart(6, '0')}] ${m}` },
  { name: 'dmesg -T C locale', wrap: m => `[Thu May 14 23:17:24 2020] ${m}` },
  { name: 'dmesg -T German', wrap: m => `[Di Aug 12 03:54:03 2025] ${m}` },
  { name: 'dmesg -T French', wrap: m => `[ven. nov. 28 07:26:44 2025] ${m}` },
  { name: 'dmesg -T Chinese', wrap: m => `[四 3月 18 18:47:12 2021] ${m}` },
  { name: 'dmesg -T Japanese', wrap: m => `[月  1月 26 01:49:41 2026] ${m}` },
  { name: 'dmesg -x', wrap: m => `kern  :warn  : [  123.456789] ${m}` },
  { name: 'dmesg iso', wrap: m => `2023-01-18T11:07:10,123456+01:00 ${m}` },
  { name: 'PRINTK_CALLER', wrap: (m, i) => `[   65.363983] [ T${6415 + i}] ${m}` },
  { name: '/dev/kmsg', wrap: (m, i) => `6,${30574067 + i},3816544225424,-;${m}` },
  { name: 'syslog', wrap: m => `Jul  9 00:15:25 db-primary kernel: ${m}` },
  { name: 'syslog + kernel ts', wrap: m => `Jul  9 00:15:25 db-primary kernel: [  536.583722] ${m}` },
  { name: 'rsyslog RFC 3339', wrap: m => `2020-05-08T14:05:27.123456+08:00 node-1 kernel: ${m}` },
  { name: 'journald short-precise', wrap: m => `Jan 18 11:07:10.123456 host kernel: ${m}` },
  { name: 'journald short-iso', wrap: m => `2023-01-18T11:07:10+0100 host kernel: ${m}` },
  { name: 'journald short-full', wrap: m => `Wed 2023-01-18 11:07:10 CET host kernel: ${m}` },
  { name: 'journald short-monotonic', wrap: m => `[ 1234.567890] host kernel: ${m}` },
  { name: 'journald short-unix', wrap: m => `1674036430.123456 host kernel: ${m}` },
  { name: 'journald cat -k', wrap: m => `kernel: ${m}` },
  { name: 'talosctl', wrap: m => `172.16.1.110: kern: warning: [2024-07-16T19:11:36.10466434Z]: ${m}` },
  { name: 'talosctl without a node', wrap: m => `kern: warning: [2024-07-16T19:11:36.10466434Z]: ${m}` },
  { name: 'vmware.log', wrap: m => `2023-12-04T10:49:30.103Z In(05) vcpu-5 - Guest: <4>[39261021.091603] ${m}` },
  { name: 'email quote', wrap: m => `> ${m}` },
  { name: 'nested mail quote >> ', wrap: m => `>> Jul  9 00:15:25 db-primary kernel: ${m}` },
  { name: 'markdown indent 4 spaces + dmesg', wrap: (m, i) => `    [ 1234.${String(500000 + i).padStart(6, '0')}] ${m}` },
  { name: 'markdown indent 8 spaces + dmesg', wrap: (m, i) => `        [ 1234.${String(500000 + i).padStart(6, '0')}] ${m}` },
  { name: 'tab indent + syslog', wrap: m => `\tJul  9 00:15:25 db-primary kernel: ${m}` },
  { name: 'indented quote', wrap: m => `  > [  536.583722] ${m}` },
  { name: 'grep -n + syslog', wrap: (m, i) => `${1200 + i}:Jul  9 00:15:25 db-primary kernel: ${m}` },
  { name: 'grep -Hn + dmesg', wrap: (m, i) => `/var/log/kern.log:${88 + i}:[  536.583722] ${m}` },
  { name: 'cat -n', wrap: (m, i) => `${String(i + 2).padStart(6)}\t${m}` },
  { name: 'nl + dmesg', wrap: (m, i) => `${String(i + 2).padStart(6)}\t[  536.583722] ${m}` },
  { name: 'editor number column', wrap: (m, i) => `${String(i + 2).padStart(4)} | ${m}` },
  { name: 'editor number column │', wrap: (m, i) => `${String(i + 98).padStart(3)}│[  536.583722] ${m}` },
  { name: 'less -N + dmesg', wrap: (m, i) => `${String(i + 2).padStart(7)} [  536.583722] ${m}` },
  { name: 'inline-code backticks', wrap: (m, i) => `\`[ 1234.${String(500000 + i).padStart(6, '0')}] ${m}\`` },
  { name: 'RFC 5424', wrap: m => `<4>1 2024-05-01T10:00:00.123Z db-primary kernel - - - ${m}` },
  { name: 'RFC 5424 structured data', wrap: m => `<4>1 2024-05-01T10:00:00.123456+02:00 db-primary kernel - - [meta sequenceId="7"] ${m}` },
  { name: '/proc/kmsg', wrap: m => `<4>${m}` },
  { name: 'journald short-iso-precise', wrap: m => `2024-05-01T10:00:00.123456+0000 host kernel: ${m}` },
  { name: 'journald short-delta', wrap: (m, i) => `[ 1234.${String(500000 + i).padStart(6, '0')} <    0.000${String(i).padStart(3, '0')}>] host kernel: ${m}` },
  { name: 'dmesg -d', wrap: (m, i) => `[ 1234.${String(500000 + i).padStart(6, '0')} <    0.000${String(i).padStart(3, '0')}>] ${m}` },
  { name: 'dmesg -e', wrap: (m, i) => i === 0 ? `[May14 10:00] ${m}` : `[  +0.000${String(i).padStart(3, '0')}] ${m}` },
  { name: 'dmesg -x -T', wrap: m => `kern  :err   : [Thu May 14 23:17:24 2020] ${m}` },
  // no table entry: the prefix is learned from the trigger line
  { name: 'learned: docker compose', wrap: m => `kernel-logger_1  | ${m}` },
  { name: 'learned: docker compose + dmesg', wrap: (m, i) => `node-exporter_1  | [ 1234.${String(500000 + i).padStart(6, '0')}] ${m}` },
  { name: 'learned: kubectl logs --prefix + dmesg', wrap: m => `[pod/node-debugger-x7k2p/debugger] [  536.583722] ${m}` },
  { name: 'learned: grep -n on bare messages', wrap: (m, i) => `${98 + i}:${m}` },
  { name: 'learned: less -N on bare messages', wrap: (m, i) => `${String(i + 7).padStart(7)} ${m}` },
  // JSON records: the message is a JSON string (escapes decoded, ranges still in the document)
  { name: 'docker json-file', wrap: (m, i) => `{"log":${JSON.stringify(`[ 1234.${String(500000 + i).padStart(6, '0')}] ${m}\n`)},"stream":"stdout","time":"2024-05-01T10:00:00.12345678Z"}` },
  { name: 'journalctl -o json', wrap: m => `{"__CURSOR":"s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7","__REALTIME_TIMESTAMP":"1714557600123456","__MONOTONIC_TIMESTAMP":"1234500000","_TRANSPORT":"kernel","PRIORITY":"4","SYSLOG_FACILITY":"0","SYSLOG_IDENTIFIER":"kernel","MESSAGE":${JSON.stringify(m)},"_HOSTNAME":"db-primary"}` },
  { name: 'Cloud Logging textPayload', wrap: m => `{"insertId":"1x2y3z","logName":"projects/p/logs/serialconsole","textPayload":${JSON.stringify(`Jul  9 00:15:25 db-primary kernel: ${m}\r\n`)},"timestamp":"2024-05-01T10:00:00.123456Z"}` },
  { name: 'Cloud Logging jsonPayload.message', wrap: m => `{"insertId":"9","jsonPayload":{"message":${JSON.stringify(m)},"hostname":"gke-node-1"},"severity":"WARNING","timestamp":"2024-05-01T10:00:00Z"}` },
];

function rangesPointAtRaw(text: string, a: OomLogAnalysis): void {
  const lines = text.split(/\r?\n/);
  for (const ev of a.events) for (const f of a.fields.all(ev)) {
    if (f.range.start.line !== f.range.end.line) continue;
    const got = lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
    assert.equal(got, f.raw, `field ${f.key} line ${f.range.start.line}`);
  }
}

function checkModern(ev: OomEvent, label: string): void {
  assert.equal(ev.kind, 'memcg-v2', label);
  assert.equal(ev.kernel, '6.12.1-arch1', label);
  assert.equal(ev.trigger?.comm, 'stress', label);
  assert.equal(ev.trigger?.pid, 4242, label);
  assert.deepEqual(ev.trigger?.gfpFlags, ['GFP_KERNEL'], label);
  assert.equal(ev.memcg?.memory?.limitKiB, 524288, label);
  assert.equal(ev.memcg?.stats[0].entries.length, 3, label);
  assert.equal(ev.tasks?.rows.length, 2, label);
  assert.equal(ev.tasks?.rows[1].name, 'Web Content', label);
  assert.equal(ev.tasks?.rows[0].rssAnonPages, 128900, label);
  assert.equal(ev.summary?.oomMemcg, '/system.slice/stress.service', label);
  assert.equal(ev.victims[0]?.pid, 4242, label);
  assert.equal(ev.victims[0]?.pgtablesKiB, 1172, label);
  assert.deepEqual(ev.problems, [], label);
  assert.deepEqual(ev.missing, [], label);
}

const wrapped = (w: (typeof WRAPPERS)[number]) => ['unrelated: eth0 link up', ...MODERN.map((m, i) => w.wrap(m, i)), 'unrelated: eth0 link down'].join('\n');

for (const w of WRAPPERS) {
  test(`wrapper: ${w.name}`, () => {
    const text = wrapped(w);
    const a = parseOomLog(text);
    assert.equal(a.events.length, 1);
    checkModern(a.events[0], w.name);
    assert.equal(a.events[0].startLine, 1);
    assert.equal(endLineOf(a.events[0]), MODERN.length);
    rangesPointAtRaw(text, a);
  });
}

/** JSON records and Cloud Logging entries carry the record's time: the event takes it. */
const RECORD_TIME = WRAPPERS.filter(w => w.name.includes('json') || w.name.includes('Cloud'));
for (const w of RECORD_TIME) {
  test(`wrapper: ${w.name}: the event has the record's time`, () => {
    assert.ok(parseOomLog(wrapped(w)).events[0].timestamp?.iso?.startsWith('2024-05-01T10:00:00'), `${w.name}: record time`);
  });
}

/** Every wrapper but 'none' puts a prefix before the report's lines: the analysis records it. */
for (const w of WRAPPERS.filter(w => w.name !== 'none')) {
  test(`wrapper: ${w.name}: prefixes recorded`, () => {
    assert.ok(parseOomLog(wrapped(w)).prefixes.lines.length >= MODERN.length - 1, 'prefixes recorded');
  });
}

test('the wrapper table has record-time wrappers and prefixed ones (their tests above are not empty)', () => {
  assert.ok(RECORD_TIME.length >= 3, RECORD_TIME.map(w => w.name).join(', '));
  assert.ok(WRAPPERS.filter(w => w.name !== 'none').length >= 40);
});

/** Wrappers that turn one message into several physical lines (or several into one). */
const MULTILINE: { name: string; text: (msgs: string[]) => string; iso?: string; wall?: string; cut?: boolean }[] = [
  { name: 'blank line after every line', text: ms => ms.map(m => `[  536.583722] ${m}\n`).join('\n') },
  { name: 'blank line after every line, no wrapper', text: ms => ms.map(m => `${m}\n`).join('\n') },
  {
    name: 'journalctl -o json-pretty', iso: '2024-05-01T10:00:00.123456Z',
    text: ms => ms.map((m, i) => [
      '{', `\t"__CURSOR" : "s=739ad463348b4ceca5a9e69c95a3c93f;i=${i}",`, '\t"__REALTIME_TIMESTAMP" : "1714557600123456",',
      '\t"_TRANSPORT" : "kernel",', '\t"PRIORITY" : "4",', '\t"SYSLOG_IDENTIFIER" : "kernel",',
      `\t"MESSAGE" : ${JSON.stringify(m)},`, '\t"_BOOT_ID" : "2ec3b9e7f3a34c3e9d1b0a0e5c1b6d2f",', '\t"_HOSTNAME" : "db-primary"', '}',
    ].join('\n')).join('\n'),
  },
  {
    name: 'journalctl -o export', iso: '2024-05-01T10:00:00.123456Z',
    text: ms => ms.map((m, i) => [
      `__CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=${i}`, '__REALTIME_TIMESTAMP=1714557600123456', '__MONOTONIC_TIMESTAMP=1234500000',
      '_TRANSPORT=kernel', 'PRIORITY=4', 'SYSLOG_IDENTIFIER=kernel', `MESSAGE=${m}`, '_HOSTNAME=db-primary', '',
    ].join('\n')).join('\n'),
  },
  {
    // the record's clock is on its header line, with the zone's name (no offset: wall-clock text only)
    name: 'journalctl -o verbose', wall: 'Thu 2024-05-02 10:00:00.123456 CEST',
    text: ms => ms.map((m, i) => [
      `Thu 2024-05-02 10:00:0${i % 10}.123456 CEST [s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece${i};b=2ec3b9e7;m=4995f0a0;t=6176f4c0;x=9b0c1d]`,
      '    _TRANSPORT=kernel', '    PRIORITY=4', '    SYSLOG_IDENTIFIER=kernel', `    MESSAGE=${m}`, '    _HOSTNAME=db-primary',
    ].join('\n')).join('\n'),
  },
  {
    name: 'gcloud logging read --format=json (pretty array)', iso: '2024-05-01T10:00:00.123456Z',
    text: ms => ['[', ...ms.map((m, i) => [
      '  {', `    "insertId": "1x2y${i}",`, '    "jsonPayload": {', `      "message": ${JSON.stringify(m)},`, '      "hostname": "gke-node-1"', '    },',
      '    "severity": "WARNING",', '    "timestamp": "2024-05-01T10:00:00.123456Z"', `  }${i < ms.length - 1 ? ',' : ''}`,
    ].join('\n')), ']'].join('\n'),
  },
];

/** Quoted-printable encoding as mailers do it: `=` → `=3D`, trailing space → `=20`, lines cut at 76 with a soft break. */
function qpEncode(text: string): string {
  return text.split('\n').map(line => {
    const enc = line.replace(/=/g, '=3D').replace(/ $/, '=20');
    const out: string[] = [];
    let rest = enc;
    while (rest.length > 76) {
      let cut = 75;
      // never split an escape
      if (rest[cut - 1] === '=') cut -= 1; else if (rest[cut - 2] === '=') cut -= 2;
      out.push(rest.slice(0, cut) + '=');
      rest = rest.slice(cut);
    }
    out.push(rest);
    return out.join('\n');
  }).join('\n');
}

MULTILINE.push(
  { name: 'quoted-printable mail body', cut: true, text: ms => qpEncode(ms.map((m, i) => `[ 1234.${String(500000 + i).padStart(6, '0')}] ${m}`).join('\n')) },
  { name: 'quoted-printable, quoted reply', cut: true, text: ms => qpEncode(ms.map(m => `> Jul  9 00:15:25 db-primary kernel: ${m}`).join('\n')) },
);

/** Cut `line` into pieces of at most `width` characters, as a terminal does. */
const cutAt = (line: string, width: number) => line.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n');
/** Break `line` at the last space before `width`, dropping the space, as a mailer does. */
function mailWrap(line: string, width: number, quote: string): string {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const k = rest.lastIndexOf(' ', width);
    if (k <= 0) break;
    out.push(rest.slice(0, k));
    rest = rest.slice(k + 1);
  }
  out.push(rest);
  return out.map(l => quote + l).join('\n');
}
const LONG = /invoked oom-killer|oom-kill:|Killed process/;

MULTILINE.push(
  {
    name: 'terminal hard-wrap at 80 columns (trigger, summary and kill lines over 2–3 lines)', cut: true,
    text: ms => ms.map((m, i) => `[ 1234.${String(500000 + i).padStart(6, '0')}] ${m}`).map(l => LONG.test(l) ? cutAt(l, 80) : l).join('\n'),
  },
  {
    name: 'mail wrap at 72 columns inside a quote (the space at the break dropped)', cut: true,
    text: ms => ms.map(m => `Jul  9 00:15:25 db-primary kernel: ${m}`).map(l => LONG.test(l) ? mailWrap(l, 72, '> ') : `> ${l}`).join('\n'),
  },
  // a web form or chat that lost every line break and collapsed runs of spaces
  { name: 'line breaks lost, dmesg', text: ms => ms.map((m, i) => `[ 1234.${String(500000 + i).padStart(6, '0')}] ${m}`).join(' ').replace(/ {2,}/g, ' ') },
  { name: 'line breaks lost, bare messages', text: ms => ms.join(' ').replace(/ {2,}/g, ' ') },
);

for (const w of MULTILINE) {
  test(`multi-line wrapper: ${w.name}`, () => {
    const text = ['unrelated: eth0 link up', w.text(MODERN), 'unrelated: eth0 link down'].join('\n');
    const a = parseOomLog(text);
    assert.equal(a.events.length, 1, 'one report');
    checkModern(a.events[0], w.name);
    const lines = text.split('\n');
    const qp = !!w.cut;
    // a soft break may cut `Killed process` itself: the report then ends on the last piece of the kill line
    assert.equal(a.events[0].startLine, qp ? 1 : lines.findIndex(l => l.includes('invoked oom-killer')));
    assert.equal(endLineOf(a.events[0]), qp ? lines.length - 2 : lines.findIndex(l => l.includes('Killed process')));
    // the times the case names
    const named = (['iso', 'wall'] as const).filter(k => w[k]);
    assert.deepEqual(Object.fromEntries(named.map(k => [k, a.events[0].timestamp?.[k]])), Object.fromEntries(named.map(k => [k, w[k]])), `${w.name}: report time`);
    if (qp) {
      // a value is read right or not at all: never the `3D` of an escape, never half a cut field
      assert.equal(a.events[0].trigger?.gfpMask, '0xcc0');
      assert.equal(a.events[0].trigger?.order, 0);
      for (const f of a.fields.all(a.events[0])) assert.ok(!/^3D/.test(f.raw), `${f.key}: ${f.raw}`);
    } else rangesPointAtRaw(text, a);
  });
}

test('dmesg -T stripper never eats task rows', () => {
  assert.equal(stripPrefix('[ 1303]     0  1303      868       37   0       0             0 syslog-ng').offset, 0);
  assert.equal(stripPrefix('[  62685]     0 62685     2925      679    65536        0          -998 bash').offset, 0);
  const p = stripPrefix('[Thu Dec  7 00:05:15 2017] [28438]     0 28438  5063909   119961    1661   136409          -998 java');
  assert.equal(p.offset, 27);
  assert.equal(stripPrefix('Jun 13 23:04:43 host dockerd[9931]: time="x"').foreign, true);
});

test('CRLF line endings: same result, \\r never inside a field', () => {
  const text = MODERN.map(m => `[  1.000000] ${m}`).join('\r\n') + '\r\n';
  const a = parseOomLog(text);
  assert.equal(a.events.length, 1);
  checkModern(a.events[0], 'crlf');
  for (const f of a.fields.all(a.events[0])) assert.ok(!f.raw.includes('\r'), f.key);
  rangesPointAtRaw(text, a);
});

test('rsyslog #012: one physical line split into records, ranges still in the physical line', () => {
  const text = [
    'May  8 14:05:27 node-1 kernel: bash invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null), order=0, oom_score_adj=0',
    'May  8 14:05:27 node-1 kernel: CPU: 3 PID: 99 Comm: bash Not tainted 4.18.0-80.el8.x86_64 #1',
    'May  8 14:05:27 node-1 kernel: Mem-Info:',
    'May  8 14:05:27 node-1 kernel: active_anon:7355653 inactive_anon:660960 isolated_anon:0#012 active_file:1263 inactive_file:1175 isolated_file:0#012 unevictable:0 dirty:0 writeback:0 unstable:0#012 free:49877 free_pcp:0 free_cma:0',
    'May  8 14:05:27 node-1 kernel: Out of memory: Kill process 99 (bash) score 900 or sacrifice child',
    'May  8 14:05:27 node-1 kernel: Killed process 99 (bash) total-vm:100kB, anon-rss:50kB, file-rss:10kB, shmem-rss:0kB',
  ].join('\n');
  const a = parseOomLog(text);
  const ev = a.events[0];
  assert.equal(ev.memInfo?.pages.active_anon, 7355653);
  assert.equal(ev.memInfo?.pages.active_file, 1263);
  assert.equal(ev.memInfo?.pages.free, 49877);
  const f = a.fields.find(ev, 'meminfo.active_file')!;
  assert.equal(f.range.start.line, 3);
  rangesPointAtRaw(text, a);
  assert.equal(ev.kind, 'global');
});

test('task-table layouts: columns mapped by header name', () => {
  const layouts: { header: string; row: string; expect: Record<string, number | string> }[] = [
    { header: '[ pid ]   uid  tgid total_vm      rss cpu oom_adj name', row: '[  583]     0   583      581      207   1     -17 udevd', expect: { cpu: 1, oomAdj: -17, name: 'udevd' } },
    { header: '[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name', row: '[  583]     0   583      581      207   1     -17         -1000 udevd', expect: { oomScoreAdj: -1000, oomAdj: -17 } },
    { header: '[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name', row: '[ 9537]     0  9537     8740      712      21     1041             0 my_init', expect: { nrPtes: 21, swapentsPages: 1041 } },
    { header: '[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name', row: '[ 9537]     0  9537     8740      712      21        3     1041             0 my init', expect: { nrPmds: 3, name: 'my init' } },
    { header: '[ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', row: '[ 9537]     0  9537     8740      712    86016     1041             0 x', expect: { pgtablesBytes: 86016 } },
    { header: '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', row: '[3143681] 231072 3143681     2982     1077    53248        0             0 python3', expect: { uid: 231072, tgid: 3143681 } },
    { header: '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name', row: '[   4242]     0  4242   140000   129000   128900      100         0  1200000        0             0 (sd-pam)', expect: { rssFilePages: 100, name: '(sd-pam)' } },
    { header: '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', row: '[  62685]     0 62685 S     2925      679    65536        0          -998 bash', expect: { state: 'S', totalVmPages: 2925 } },
  ];
  for (const l of layouts) {
    const text = ['x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', l.header, l.row].join('\n');
    const a = parseOomLog(text);
    const ev = a.events[0];
    const row = ev.tasks?.rows[0] as unknown as Record<string, number | string>;
    assert.ok(row, l.header);
    for (const [k, v] of Object.entries(l.expect)) assert.equal(row[k], v, `${l.header} → ${k}`);
    const cells = a.fields.all(ev).filter(f => f.key.startsWith('task.') && !f.key.startsWith('task.header.'));
    assert.equal(cells.length, ev.tasks!.columns.length + (row.state ? 1 : 0), 'one field per cell');
    assert.equal(a.fields.withKey(ev, k => k.startsWith('task.header.')).length, ev.tasks!.columns.length);
  }
});

test('GFP decoding per kernel era', () => {
  const cases: [string, string, string[]][] = [
    ['3.10.0-957.el7.x86_64', '0xd0', ['GFP_KERNEL']],
    ['2.6.36', '0x280da', ['GFP_HIGHUSER_MOVABLE', '__GFP_ZERO']],
    ['4.4.0-21-generic', '0x24200ca', ['GFP_HIGHUSER_MOVABLE']],
    ['4.9.80', '0x24000c0', ['GFP_KERNEL']],
    ['4.14.67', '0x14200ca', ['GFP_HIGHUSER_MOVABLE']],
    ['4.15.0-108-generic', '0x15000c0', ['GFP_KERNEL_ACCOUNT']],
    ['4.19.78', '0x6000c0', ['GFP_KERNEL']],
    ['5.0.1', '0x600040', ['GFP_NOFS']],
    ['5.4.0', '0x100cca', ['GFP_HIGHUSER_MOVABLE']],
    ['5.15.0', '0x440dc0', ['GFP_KERNEL_ACCOUNT', '__GFP_ZERO', '__GFP_COMP']],
    ['6.16.9', '0x140dca', ['GFP_HIGHUSER_MOVABLE', '__GFP_ZERO', '__GFP_COMP']],
    ['6.8.0', '0x0', []],
  ];
  for (const [rel, mask, flags] of cases) {
    const era = eraFor(rel)!;
    assert.ok(era, rel);
    assert.deepEqual(decodeGfp(mask, era)?.flags, flags, `${rel} ${mask}`);
  }
  assert.equal(eraFor(undefined), undefined);
  assert.equal(eraFor('garbage'), undefined);
  // unknown bits are shown, not dropped
  assert.deepEqual(decodeGfp('0x80000cc0', eraFor('6.1')!)?.flags, ['GFP_KERNEL', '0x80000000']);
});

test('kill-line variants: RHEL 6/7 UID forms, comm with parens and spaces, 5.4 pgtables bug, oom_kill_allocating_task', () => {
  const lines = [
    'Killed process 18177, UID 0, (palo_be) total-vm:100kB, anon-rss:90kB, file-rss:1kB',
    'Killed process 42424 (memcg_test_1), UID 0, total-vm:7296kB, anon-rss:96kB, file-rss:0kB, shmem-rss:0kB',
    'Out of memory: Killed process 7 (Web (Content)) total-vm:4000kB, anon-rss:3000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2097152kB oom_score_adj:300',
    'Out of memory (oom_kill_allocating_task): Killed process 8 (CPU 0/KVM) total-vm:10kB, anon-rss:9kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
  ];
  const a = parseOomLog(lines.join('\n'));
  assert.equal(a.events.length, 4, 'each bare kill line is its own (header-less) event');
  assert.deepEqual(a.events.map(e => [e.victims[0].pid, e.victims[0].comm, e.victims[0].uid]),
    [[18177, 'palo_be', 0], [42424, 'memcg_test_1', 0], [7, 'Web (Content)', 1000], [8, 'CPU 0/KVM', 0]]);
  assert.equal(a.events[2].victims[0].pgtablesKiB, 2048);
  assert.equal(a.events[2].victims[0].pgtablesInBytes, true);
  assert.equal(a.events[2].victims[0].oomScoreAdj, 300);
  assert.equal(a.events[3].victims[0].message, 'Out of memory (oom_kill_allocating_task)');
  for (const e of a.events) assert.deepEqual(e.problems, [], 'a bare kill line is rate limiting, not a broken report');
  assert.ok(a.events.every(e => e.missing.includes('trigger line')));
  rangesPointAtRaw(lines.join('\n'), a);
});

test('storm: reaper for event 1 arrives after event 2 started; oom.group kills several', () => {
  const text = [
    '[ 1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    '[ 1.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,task_memcg=/a/b,task=a, b,pid=10,uid=0',
    '[ 1.0] Memory cgroup out of memory: Killed process 10 (a, b) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
    '[ 1.0] Tasks in /a are going to be killed due to memory.oom.group set',
    '[ 1.0] Memory cgroup out of memory: Killed process 11 (c) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
    '[ 1.1] e1000e: eth0 NIC Link is Down',
    '[ 1.2] z invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    '[ 1.3] oom_reaper: reaped process 10 (a, b), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
    '[ 1.4] Memory cgroup out of memory: Killed process 20 (z) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
    '[ 1.5] oom_reaper: unable to reap pid:20 (z)',
  ].join('\n');
  const a = parseOomLog(text);
  assert.equal(a.events.length, 2);
  const [e1, e2] = a.events;
  assert.equal(e1.summary?.task, 'a, b');
  assert.equal(e1.summary?.pid, 10);
  assert.equal(e1.groupPath, '/a');
  assert.deepEqual(e1.victims.map(v => v.pid), [10, 11]);
  assert.equal(e1.reaper?.pid, 10);
  assert.equal(e1.reaper?.ok, true);
  assert.equal(endLineOf(e1), 4, 'the late reaper line does not stretch event 1 over event 2');
  assert.equal(e2.reaper?.ok, false);
  assert.equal(e2.startLine, 6);
  rangesPointAtRaw(text, a);
});

test('truncated and inconsistent reports are flagged; healthy ones are not', () => {
  const head = ['x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', 'CPU: 0 PID: 5 Comm: x Not tainted 5.10.0 #1'];
  const table = ['Tasks state (memory values in pages):', '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', '[      5]     0     5     1000      900    40960        0             0 x'];
  const summary = 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=x,pid=5,uid=0';
  const kill = (pid: number) => `Out of memory: Killed process ${pid} (x) total-vm:4000kB, anon-rss:3600kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0`;
  const codes = (lines: string[]) => parseOomLog(lines.join('\n')).events[0].problems.map(p => p.code);
  assert.deepEqual(codes([...head, 'Mem-Info:', ...table, summary, kill(5)]), []);
  assert.deepEqual(codes([...head, 'Mem-Info:', ...table]), ['OOM001']);
  assert.deepEqual(codes([...head, 'Mem-Info:', ...table, kill(77)]), ['OOM002']);
  assert.deepEqual(codes([...head, 'Mem-Info:', ...table, summary.replace('pid=5', 'pid=6'), kill(5)]), ['OOM003']);
  assert.deepEqual(codes(['Mem-Info:', ...table, kill(5)]), ['OOM004']);
  const ev = parseOomLog([...head, ...table].join('\n')).events[0];
  assert.ok(ev.missing.includes('kill line'));
  assert.ok(ev.missing.includes('memory state (Mem-Info or memcg counters)'));
  assert.deepEqual(parseOomLog([...head, 'Mem-Info:', ...table, 'Out of memory and no killable processes...', 'Kernel panic - not syncing: System is deadlocked on memory'].join('\n')).events[0].problems, []);
});

test('legacy and sysrq trigger lines, cpuset line, Pid line', () => {
  const a = parseOomLog([
    'smbd invoked oom-killer: gfp_mask=0x1201d2, order=0, oomkilladj=0',
    'kworker/0:1 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0',
    'Workqueue: events moom_callback',
    'mem invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=0-1,3,  order=2, oom_score_adj=-17',
    'mem cpuset=/ mems_allowed=0-1',
    'Pid: 18613, comm: minicom Not tainted 2.6.36-ARCH #1',
  ].join('\n'));
  assert.equal(a.events.length, 3);
  assert.equal(a.events[0].trigger?.oomAdj, 0);
  assert.equal(a.events[1].kind, 'sysrq');
  assert.equal(a.events[2].trigger?.nodemask, '0-1,3');
  assert.equal(a.events[2].trigger?.order, 2);
  assert.equal(a.events[2].trigger?.oomScoreAdj, -17);
  assert.equal(a.events[2].cpuset?.memsAllowed, '0-1');
  assert.equal(a.events[2].kernel, '2.6.36-ARCH');
});

test('garbage, binary, huge lines and empty input never throw', () => {
  const inputs = ['', '\n\n\n', '\u0000\u0001\uffff'.repeat(1000), 'x'.repeat(3_000_000), '[ pid ]'.repeat(10000),
    'invoked oom-killer: '.repeat(5000), `${'['.repeat(100000)}Killed process 1 (`, 'Mem-Info:\n' + 'a:1 '.repeat(100000)];
  for (const s of inputs) {
    const a = parseOomLog(s);
    assert.ok(Array.isArray(a.events));
    assert.equal(a.lineCount, s.split('\n').length);
  }
});
