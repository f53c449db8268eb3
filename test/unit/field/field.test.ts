/**
 * Real material from public bug trackers, mailing lists, blogs and packages (test/fixtures/field,
 * sources in its README.md), run through the CLI as a user runs it: `analyze --json` on every OOM
 * log and userspace kill, `lint --format json` on every unit and sysctl file. The tables below were
 * written by reading each text, not by copying the tool's output: a row says what the text shows.
 * A field left out of a row is not checked; `null` means the text does not show it, so the tool
 * must not show it either.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { lintCommand, type CliIO } from '../../../server/src/cli/main';
import { analyzeCommand } from '../../helpers/wholeTextAnalyze';

const root = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'field');

function run(cmd: (args: string[], io: CliIO) => number, args: string[]): { code: number; out: string; err: string } {
  let out = '', err = '';
  const code = cmd(args, { stdout: s => { out += s; }, stderr: s => { err += s; }, readStdin: () => '' });
  return { code, out, err };
}

// --- OOM logs ----------------------------------------------------------------------------------

interface Ev {
  kind: string;
  /** Trigger comm, pid (null: the text has no CPU:/Pid: line), order; null: no trigger line. */
  trigger?: [string, number | null, number] | null;
  /** Victims named by Killed process lines: [pid, comm]. */
  victims?: [number, string][];
  /** pid of `Kill process N (…) score …` / `Out of memory: Kill process` (the kernel's pick). */
  chosen?: number | null;
  /** memcg path and limit (KiB) as printed; null where not printed. */
  memcg?: { path: string | null; limitKiB: number | null } | null;
  /** Wall-clock text of the first line, or seconds since boot, or null. */
  time?: string | number | null;
  /** Kernel anon-rss of the first victim (KiB), null when the number is unreadable. */
  anonKiB?: number | null;
}

const LOGS: Record<string, Ev[]> = {
  'cpanel-ssp-76-rhel6-killed-uid-before-comm.log': [
    { kind: 'unknown', trigger: null, victims: [[11726, 'mysqld']], anonKiB: 2539268, time: 'Mar  2 17:35:10' },
  ],
  'docker-for-linux-1001-memcg-multi.log': [
    { kind: 'memcg', victims: [[15617, 'python3']], time: 'May 15 23:09:27' },
    { kind: 'memcg', victims: [[15674, 'python3']] },
    { kind: 'memcg', victims: [[15623, 'python3']] },
  ],
  // `swap:` (not `memory+swap:`) is what cgroup v2 prints
  'dpservice-74-memcg-v1-syslog.log': [
    { kind: 'memcg-v2', trigger: null, victims: [], memcg: { path: null, limitKiB: 1048576 }, time: 'Jun 29 07:24:44' },
  ],
  'dzone-plumbr-kernlog.log': [
    { kind: 'global', victims: [[29957, 'java']], chosen: 29957, anonKiB: 1416508, time: 'Jun  4 07:41:59' },
  ],
  // journalctl in a Russian locale: `апр` is April
  'earlyoom-121-russian-month.log': [
    { kind: 'global', victims: [[27541, 'bash']], chosen: 27541, anonKiB: 8098448, time: 'апр 28 01:23:30' },
  ],
  'francesbagual-2016-syslog-percpu.log': [
    { kind: 'global', trigger: ['memory-hog-2048', null, 0], victims: [], time: 'May  1 21:13:05' },
  ],
  // the oom-kill: line alone; its oom_memcg is the limit's cgroup, task= / pid= the chosen task
  'gpud-70-containerd-oomkill-line.log': [
    { kind: 'memcg', trigger: null, victims: [], memcg: { path: '/lxc.payload....-lxc/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podeded8c65_6e8e_4c6e_a889_3e427565c740.slice', limitKiB: null }, time: 'Aug 30 06:58:55.050705' },
  ],
  'harvester-2419-kvm-vcpu-comm.log': [
    { kind: 'memcg', trigger: ['CPU 2/KVM', 10612, 0], victims: [], time: 'Jun 23 10:10:34' },
  ],
  'kubernetes-50632-mailquote-uid-comma.log': [
    { kind: 'unknown', victims: [[799153, 'node']], anonKiB: 68308, time: 'Nov 30 10:16:57' },
    { kind: 'unknown', victims: [[799402, 'node']] },
    { kind: 'unknown', victims: [[799889, 'node']] },
  ],
  // mail quote, host name cut out, the day without its padding space, the trigger line hard-wrapped
  'lkml-0802-mail-quote-wrapped.log': [
    { kind: 'global', trigger: ['df_inode', null, 0], victims: [], time: 'Feb 4 16:15:15' },
    { kind: 'global', trigger: ['df_inode', null, 1], victims: [], time: 'Feb 4 16:15:16' },
  ],
  // a task table alone is no report
  'ltp-1034-task-rows-ellipsis.log': [],
  'ltp-1080-old-memcg-sacrifice.log': [
    { kind: 'unknown', victims: [[42452, 'memcg_test_1']] },
    { kind: 'memcg', victims: [[42453, 'memcg_test_1']], chosen: 42453 },
    { kind: 'memcg', victims: [[42474, 'memcg_test_1']], chosen: 42474 },
    { kind: 'memcg', victims: [[42471, 'memcg_test_1']], chosen: 42471 },
  ],
  'osmonitor-54-android-arm.log': [
    { kind: 'global', trigger: ['osmcore_L', null, 0], victims: [], time: 5623.859741 },
  ],
  'photon-1535-vmware-guest-log.log': [
    { kind: 'memcg', trigger: null, victims: [], memcg: { path: '/kubepods/burstable/podfe3f7a38-b3f7-48aa-8997-a697ae3d0741/c7ebf4d756b284f6226cce820771afcf706a4e37afb77f052c61ece86d3b61f0', limitKiB: null }, time: '2023-12-04T10:49:30.127Z' },
  ],
  // `total-vm:26,184,840kB, anon-rss:153,700,88kB`: thousands separators pasted in; not a number to read
  'py-autovod-7-dmesg-T-wrapped-rows.log': [
    { kind: 'global', victims: [[7899, 'python']], anonKiB: null, time: 'Sun Mar 30 08:24:00 2025' },
  ],
  'rajashekar-rhel6-oom-adj-trailing-comma.log': [
    { kind: 'global', trigger: ['splunkd', null, 0], victims: [], chosen: 27364, time: 'Oct  8 11:12:20' },
  ],
  'raspberrypi-3872-arm-meminfo-continuation.log': [
    { kind: 'global', trigger: null, victims: [], time: 505.051198 },
  ],
  'reportportal-203-uwsgi-dmesg.log': [
    { kind: 'memcg', victims: [[63214, 'uwsgi']], anonKiB: 164992, time: 7063.247407 },
    { kind: 'memcg', trigger: ['uwsgi', 63635, 0], victims: [], time: 7093.543707 },
  ],
  'serverfault-410413-arm-2.6.31-oomkilladj.log': [
    { kind: 'global', trigger: ['myshellscript', null, 2], victims: [], time: null },
  ],
  'stress-ng-177-sparc64.log': [
    { kind: 'global', trigger: ['haveged', 519, 0], victims: [] },
  ],
  // `Task in ` was cut from the first line; the paths are still there
  'sundial-32-docker-v1-cut.log': [
    { kind: 'memcg-v1', victims: [], memcg: { path: '/docker/8fce98455ffa497e57269ae0520e5277b22f7e0934975523bb60d76ef9467b25', limitKiB: 102400 } },
  ],
  'sysbox-30-runc-child-comm.log': [
    { kind: 'memcg', trigger: ['runc:[1:CHILD]', 7148, 0], victims: [], time: 'Aug 13 07:00:11' },
  ],
  'systemd-40208-kernel-prefix-6.17.log': [
    // `Out of memory and no killable processes...` closes an earlier report that is cut off
    { kind: 'unknown', trigger: null, victims: [] },
    { kind: 'memcg', trigger: ['systemd', 20957, 0], victims: [] },
  ],
  // the post pasted the Killed line above the task table it belongs to: one report
  'yugabyte-kb-unbracketed-rows.log': [
    { kind: 'global', victims: [[2475067, 'postgres']], anonKiB: 143224, time: 'Mar 24 18:41:04' },
  ],
};

// --- the second field check (43 texts): kernel reports ---
Object.assign(LOGS, {
  // Cloud Logging serial-console export: `is_text_escaped`, so the payload ends in the two characters `\r\n`
  '2i2c-2359-cloud-logging-escaped-crlf.log': [
    { kind: 'unknown', trigger: ['node', null, 0], victims: [], time: '2023-03-15T15:50:35.927515678Z' },
    { kind: 'unknown', trigger: ['ZMQbg/IO/0', null, 0], victims: [], time: 196120.737205 },
  ],
  // seven lone kill lines in 16 ms: without a `Tasks in … memory.oom.group` line nothing ties them together
  'aws-efs-csi-1218-memcg-killed-lines-fence5.log': [
    { kind: 'memcg', trigger: null, victims: [[140339, 'python3']], anonKiB: 15596, time: 18026.22114 },
    { kind: 'memcg', victims: [[141313, 'mount']] },
    { kind: 'memcg', victims: [[141314, 'mount']] },
    { kind: 'memcg', victims: [[141315, 'mount']] },
    { kind: 'memcg', victims: [[141316, 'mount']] },
    { kind: 'memcg', victims: [[141317, 'mount']] },
    { kind: 'memcg', victims: [[141320, 'python3']], anonKiB: 24100, time: 18026.236707 },
  ],
  // a dockerd line hard-wrapped above the report; the cpuset names a container but the stack is cut before it says which limit
  'containerd-cgroups-74-messages-dockerd-wrapped.log': [
    { kind: 'unknown', trigger: ['thrash', 11554, 0], victims: [], time: 'Dec 11 10:48:09' },
  ],
  // the host name masked (`n4.c1.***`): still syslog, not part of the trigger's name
  'coroot-330-journalctl-grep-masked-host.log': [
    { kind: 'unknown', trigger: ['mailpit', null, 0], victims: [], time: 'Sep 13 13:13:42' },
  ],
  'db1000n-555-uek-kdump-loaded.log': [
    { kind: 'global', trigger: ['app', 5641, 0], victims: [], time: 101236.553584 },
  ],
  // the code fence glued to the first line; one-line stats alone do not tell v1 from v2 before 5.3
  'ingress-nginx-4756-fence-on-first-line.log': [
    { kind: 'memcg', trigger: null, victims: [], memcg: { path: '/kubepods/burstable/poddfc7f441-06db-11ea-842a-0227fba247b6', limitKiB: null }, time: 'Nov 15 06:46:39' },
  ],
  'istio-42734-memcg-v1-systemd-docker-scope.log': [
    { kind: 'memcg-v1', trigger: null, victims: [], memcg: { path: '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0330b2c1_a15b_4cdd_b5e5_72d4a90bee82.slice/docker-b27201334a41cd0749d053b18378d7ea65617b8e26277197ea25c974da1a5a8a.scope', limitKiB: 1048576 }, time: 'Jan  5 02:12:02' },
  ],
  'kubernetes-126053-amzn2-5.10-memcg-kernlog.log': [
    { kind: 'memcg', trigger: ['dd', 21208, 0], victims: [], time: 'Jul 12 15:49:58' },
  ],
  'kylemanna-blog-4.7-arch-chromium-order2.log': [
    { kind: 'global', trigger: ['chromium', 7255, 2], victims: [], time: 731411.303799 },
  ],
  // an atomic allocation failing is not an OOM kill
  'lede-11831-openwrt-page-allocation-failure.log': [],
  'lkml-0906-arm-embedded-oomkilladj-bare.log': [
    { kind: 'global', trigger: ['checkd', null, 2], victims: [], time: null },
  ],
  // `kernel: ` and nothing else before each line; 3.10 has only the v1 memory controller
  'marathon-2874-bare-kernel-prefix-3.10.log': [
    { kind: 'memcg-v1', trigger: ['java', 9949, 0], victims: [], time: null },
  ],
  // dmesg inside a container: the header cut to `pid ]`, rows whose first column became a time
  'moby-15621-dmesg-in-container-zero-clock.log': [
    { kind: 'memcg', trigger: null, victims: [[19417, 'python']], chosen: 19417, anonKiB: 168368, time: 0 },
  ],
  // every line padded with trailing spaces to the terminal's width
  'navigator-297-trailing-space-padding.log': [
    { kind: 'unknown', trigger: ['cp', 4289, 0], victims: [], time: 1573.878353 },
  ],
  'nfs-ganesha-826-el8-rip-code.log': [
    { kind: 'global', trigger: ['rhsmcertd-worke', 726025, 0], victims: [], time: 2487665.364697 },
  ],
  'npd-480-bare-kill-lines-4.19-5.4.log': [
    { kind: 'memcg', trigger: null, victims: [[4015, 'python']], chosen: 4015, anonKiB: 23588, time: null },
    { kind: 'memcg', trigger: null, victims: [[4249, 'python']], chosen: null, anonKiB: 23856, time: null },
  ],
  // ppc64le; a podman line with the code fence glued to it comes first
  'openshift-installer-3396-ppc64le-fence-podman.log': [
    { kind: 'unknown', trigger: ['hyperkube', 1888, 0], victims: [], time: 'Apr 02 14:50:36' },
  ],
  // dmesg --reltime deltas around a warn_alloc stack: no OOM report
  'raspberrypi-5395-dmesg-reltime-warn-alloc.log': [],
  // arm64, `Call trace:` in lower case
  'rl-swarm-463-arm64-6.8-call-trace.log': [
    { kind: 'global', trigger: ['p2pd', 116521, 0], victims: [], time: 597411.19631 },
  ],
  'util-linux-3095-swapoff-trigger-then-tasks.log': [
    { kind: 'unknown', trigger: ['swapoff', null, 0], victims: [], time: 833776.964796 },
  ],
  // mail-quoted memory.oom.group kill: pid 1221 is killed first and listed again with the group
  'linux-mm-20180801-oom-group-mail-quote.log': [
    { kind: 'global', trigger: null, victims: [[1221, 'allocate'], [1217, 'allocate'], [1218, 'allocate'], [1219, 'allocate'], [1220, 'allocate'], [1222, 'allocate']], chosen: 1221, anonKiB: 2009128, time: 52.835327 },
  ],
  // run through a browser's translator: `pid= 2953 ,`, `liquid=999`, `Process stopped` for `Killed process`
  'moby-47418-browser-translated-dmesg-T.log': [
    { kind: 'global', trigger: null, victims: [], chosen: null, time: 'Tue Feb 20 19:15:36 2024' },
  ],
  // a web page's prose glued after `(mysql).`; `Out of Memory` with a capital M before 2.6.25
  'mcloud-kb-out-of-memory-capital-m.log': [
    { kind: 'global', trigger: null, victims: [[2592, 'mysql']], anonKiB: null, time: null },
  ],
  'imraanabrahams-kernel-prefix-kill-process.log': [
    { kind: 'global', trigger: null, victims: [], chosen: 9163, time: null },
  ],
  // a blog's `[Mon Jun 09 14:30:05] [1234567.890123] ` prefix (no year: not dmesg -T's), left unread
  'learnwithirfan-dmesg-T-and-kernel-time.log': [
    { kind: 'global', trigger: null, victims: [[5678, 'mysqld']], chosen: 5678, anonKiB: 7234567, time: null },
  ],
  // `OOM killed process 659 (java) vm:…`: a wording no kernel source prints; nothing is read from it
  'sharewiz-oom-killed-process-vm-rss-swap.log': [],
  // the host is `169`; prose between the task row and the kill line
  'systemd-6966-messages-numeric-host-prose.log': [
    { kind: 'unknown', trigger: null, victims: [[7748, 'python']], anonKiB: 11500204, time: 'Aug 18 03:19:11' },
  ],
  // a broken bcc oomkill build printing format strings: no kill to read
  'bcc-1911-oomkill-tool-garbage.log': [],
  // a blank line after every line (a forum's paste); the stack is cut before it says which allocator
  'walinuxagent-2825-blank-line-after-each.log': [
    { kind: 'unknown', trigger: ['python3', 7211, 0], victims: [], time: 'May 17 07:01:22' },
  ],
  // the kill line alone, with a trailing space and no counters
  'wsl-10199-lone-killed-line-trailing-space.log': [
    { kind: 'global', trigger: null, victims: [[5017, 'test']], anonKiB: null, time: null },
  ],
  // a panic that is not the OOM killer's, and systemd-oomd's socket starting: no kill
  'wsl-11307-panic-attempted-to-kill-init.log': [],
  'docker-desktop-609-oomd-socket-no-kill.log': [],
  // ARM 4.1: `Backtrace:` frames with `r7:… r4:…` register rows, a blank line after every line, and
  // `[2-3219.1870]` (a vendor clock with the CPU in front) that is not dmesg's and is left unread
  'elearningmedium-arm-4.1-cpu-prefixed-clock-blank-lines.log': [
    { kind: 'global', trigger: ['vd-net-config', 467, 0], victims: [], chosen: null, time: null },
  ],
  // `oom_adj=0, oom_score_adj=0` on one trigger line; ARM `Backtrace:`; the lower-case `Mem-info:` of
  // lib/show_mem.c; the second copy is cut inside Mem-info
  'iopenv-arm-oom-adj-and-score-adj-backtrace.log': [
    { kind: 'global', trigger: ['app.out', null, 0], victims: [[957, 'app.out']], chosen: 957, anonKiB: 14496, time: null },
    { kind: 'global', trigger: ['app.out', null, 0], victims: [], chosen: null, time: null },
  ],
  // memory hit its limit (usage = limit), memory+swap did not; the excerpt stops at the kernel's pick
  'osm-fr-70-lxc-memcg-v1-dmesg-T.log': [
    { kind: 'memcg-v1', trigger: null, victims: [], chosen: 1894591, memcg: { path: '/lxc/143', limitKiB: 2097152 }, time: 'Thu Oct 18 02:04:30 2018' },
  ],
  // the first line's `[` was cut off with the code fence's line; the report itself is cut in the stack
  'lxd-6576-first-line-bracket-cut.log': [
    { kind: 'memcg-v1', trigger: ['IPDL Background', 28507, 0], victims: [], chosen: null },
  ],
  // memory at its limit, memory+swap below, a kmem line with the "unlimited" value; cut in the task rows
  'ecs-agent-4508-memcg-v1-dmesg-T-memory-hit.log': [
    { kind: 'memcg-v1', trigger: null, victims: [], chosen: null, memcg: { path: '/ecs/f209da7f990b45b585488946f0eec404/15e20c7f5997947ffa3adb2b2bff199eea61004e29501677c53751b2c549bb15', limitKiB: 1048576 }, time: 'Wed Feb 19 06:41:03 2025' },
  ],
  // RHEL 6 syslog writing `kernel: : [ time] `; `Killed process N, UID U, (comm)`; both `oom_adj=`
  // and `oom_score_adj=` on the trigger line; the 2.6.32 task table (`cpu oom_adj` columns)
  'skilechang-blog-rhel6-kernel-colon-colon-oom-adj.log': [
    { kind: 'global', trigger: null, victims: [[24894, 'big_mm']], chosen: 24894, anonKiB: 2228452, time: 'Apr 18 16:56:16' },
    { kind: 'global', trigger: ['big_mm', 24893, 0], victims: [], chosen: null, time: 'Apr 18 16:56:18' },
  ],
  // quoted-printable mail bodies (decoded before parsing: `gfp_mask=3D0xd0`, soft line breaks, `=C2=A0`):
  // a `> <4>[ time] ` quoted 2.6.35 ARM report whose unwinder frames the mailer broke over two
  // lines, with the lower-case `Mem-info:` and prose between the lines of one zone
  'linux-mm-201104-qp-mail-kmsg-level-arm-order3.eml': [
    { kind: 'global', trigger: ['getevent', null, 3], victims: [], chosen: null, time: 6232.631622 },
  ],
  // `>> > > > ` quotes five deep; 2.6.31: `Pid: N, comm: X Not tainted`, `oom_adj=`, `kill process … or a
  // child` and a `Killed process` line without counters
  'linux-mm-200906-qp-nested-quotes-2.6.31-pid-comm.eml': [
    { kind: 'global', trigger: ['msgctl11', 30858, 0], victims: [[26379, 'msgctl11']], chosen: 25221, anonKiB: null, time: null },
  ],
  // a page fault's VM_FAULT_OOM (`gfp_mask=0x0()`): nothing says global or memcg; cut in the stack
  'lkml-202005-qp-nested-quotes-vm-fault-oom.eml': [
    { kind: 'unknown', trigger: ['Xorg', 2978, 0], victims: [], chosen: null, time: 38617.277232 },
  ],
  // `<4>[    0.189015] ` /dev/kmsg-style levels in a QP mail; `=2E..` is the mail's own `...` gap
  'linux-next-202403-qp-kmsg-level-arm64-boot.eml': [
    { kind: 'unknown', trigger: ['swapper/0', 1, 0], victims: [], chosen: null, time: 0.189015 },
  ],
  // a mail quote around a 4-space indented report, blank quoted lines inside it, and the one-line
  // `Memory cgroup stats for` hard-wrapped over three lines (the third after a tab)
  'linux-mm-201803-mail-quote-indented-memcg-stats-wrapped.log': [
    { kind: 'memcg-v1', trigger: ['dd', null, 0], victims: [[3876, 'dd']], chosen: 3861, anonKiB: 1052, memcg: { path: '/test', limitKiB: 51200 }, time: null },
  ],
  // Android 4.14 ARM frames without the caller's address in front, `(dump_header) from [<…>] (…)`;
  // `__alloc_pages_nodemask` in them says the page allocator ran out (global); a blank line after the trigger
  'kernel-commit-android-4.14-arm-frames-no-address.log': [
    { kind: 'global', trigger: ['traced_probes', 588, 2], victims: [], chosen: null, time: null },
  ],
  // `(...snipped...)` between parts of each report; CONSTRAINT_NONE printed for a memcg OOM (4.19–5.1
  // printed it for every OOM) with oom_memcg=/test1; two reports end in "no killable processes"
  'linux-mm-201901-memcg-snipped-no-killable.log': [
    { kind: 'memcg-v1', trigger: ['a.out', null, 0], victims: [[8204, 'a.out']], chosen: 8204, memcg: { path: '/test1', limitKiB: 204800 }, time: 79.104729 },
    { kind: 'memcg', trigger: ['a.out', null, 0], victims: [[8205, 'a.out']], chosen: null, memcg: { path: null, limitKiB: 204800 }, time: 79.277733 },
    { kind: 'memcg', trigger: null, victims: [[8206, 'a.out']], chosen: null, memcg: { path: null, limitKiB: 204800 }, time: 79.539042 },
    { kind: 'memcg', trigger: null, victims: [[8203, 'a.out']], chosen: 8203, time: 81.967741 },
    { kind: 'memcg-v1', trigger: ['a.out', null, 0], victims: [], chosen: null, memcg: { path: '/test1', limitKiB: 204800 }, time: 81.977329 },
    { kind: 'memcg-v1', trigger: ['a.out', null, 0], victims: [], chosen: null, memcg: { path: '/test1', limitKiB: 204800 }, time: 87.91496 },
  ],
});

/** What the text shows but the analyser does not read yet (each named in the field report). */
const LOG_GAPS: Record<string, { why: string; events: Ev[] }> = {
};

interface JsonEvent {
  kind: string;
  trigger: { comm: string; pid: number | null; order: number | null } | null;
  victims: { pid: number; comm: string; anonRssKiB: number | null }[];
  chosen: { pid: number } | null;
  memcg: { path: string | null; limitKiB: number | null } | null;
  timestamp: { wall?: string; monotonicSec?: number } | null;
}

function analyze(dir: string, file: string): JsonEvent[] {
  const r = run(analyzeCommand, ['--json', path.join(root, dir, file)]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out).files[0].events as JsonEvent[];
}

/** The fields of `want` that the row names, read from the event (the others are not checked). */
function check(file: string, got: JsonEvent[], want: Ev[]): void {
  assert.equal(got.length, want.length, `${file}: events ${got.map(e => e.kind).join(', ')}`);
  want.forEach((w, i) => {
    const e = got[i];
    const read: Record<string, unknown> = {
      kind: e.kind,
      trigger: e.trigger && [e.trigger.comm, e.trigger.pid, e.trigger.order],
      victims: e.victims.map(v => [v.pid, v.comm]),
      anonKiB: e.victims[0]?.anonRssKiB ?? null,
      chosen: e.chosen?.pid ?? null,
      memcg: e.memcg && { path: e.memcg.path ?? null, limitKiB: e.memcg.limitKiB ?? null },
      time: e.timestamp?.wall ?? e.timestamp?.monotonicSec ?? null,
    };
    const named = Object.fromEntries(Object.keys(w).map(k => [k, read[k]]));
    assert.deepEqual(named, w, `${file} event ${i + 1}`);
  });
}

test('field OOM logs: every file has a row, and every row a file', () => {
  const files = fs.readdirSync(path.join(root, 'oomlog')).filter(f => f.endsWith('.log') || f.endsWith('.eml')).sort();
  assert.deepEqual(files, [...Object.keys(LOGS), ...Object.keys(LOG_GAPS)].sort());
  assert.ok(files.length >= 24);
});

for (const [file, want] of Object.entries(LOGS)) {
  test(`field OOM log ${file}`, () => check(file, analyze('oomlog', file), want));
}
for (const [file, gap] of Object.entries(LOG_GAPS)) {
  test(`field OOM log ${file}`, { todo: gap.why }, () => check(file, analyze('oomlog', file), gap.events));
}

test('field: a report whose Killed line is missing names the task the oom-kill: line chose', () => {
  const [ev] = analyze('oomlog', 'gpud-70-containerd-oomkill-line.log') as unknown as { problems: { code: string; message: string }[] }[];
  const p = ev.problems.find(x => x.code === 'OOM001');
  assert.match(p?.message ?? '', /pid 461754, pt_main_thread/);
  assert.doesNotMatch(p?.message ?? '', /does not say which process/);
});

test('field: Kubernetes inside an LXC container is named by its own runtime, the LXC container as the outer one', () => {
  const [ev] = analyze('oomlog', 'gpud-70-containerd-oomkill-line.log') as unknown as { victimCgroup: { container: Record<string, unknown> } }[];
  const c = ev.victimCgroup.container;
  assert.deepEqual([c.runtime, c.shortId, c.podUid, c.within], ['containerd', 'ec9ee26695de', 'eded8c65-6e8e-4c6e-a889-3e427565c740', { runtime: 'lxc', name: 'ny2g2r5hh3-lxc' }]);
});

test('field: a translated oom-kill line gives no pid, and the kill line it cannot read is named, not called missing', () => {
  const r = run(analyzeCommand, ['--json', path.join(root, 'oomlog', 'moby-47418-browser-translated-dmesg-T.log')]);
  assert.doesNotMatch(r.out, /NaN/);
  const [ev] = JSON.parse(r.out).files[0].events as { problems: { code: string; message: string }[]; missing: string[] }[];
  assert.match(ev.problems.find(p => p.code === 'OOM001')?.message ?? '', /^Line 3 names a kill, but in a form OOM Lens could not read/);
  assert.ok(ev.missing.includes('kill line (present, not readable)'));
});

test('field: the escaped line break at the end of a Cloud Logging payload leaves oom_score_adj readable', () => {
  const evs = analyze('oomlog', '2i2c-2359-cloud-logging-escaped-crlf.log') as unknown as { trigger: { oomScoreAdj: number | null } }[];
  assert.deepEqual(evs.map(e => e.trigger.oomScoreAdj), [991, 991]);
});

test('field: a lower-case `Mem-info:` (ARM, lib/show_mem.c) opens the Mem-Info block, which is then not called missing', () => {
  const evs = analyze('oomlog', 'iopenv-arm-oom-adj-and-score-adj-backtrace.log') as unknown as { missing: string[]; endLine: number }[];
  assert.ok(evs[0].missing.includes('Mem-Info'), 'the first copy has no Mem-info');
  assert.ok(!evs[1].missing.includes('Mem-Info'), evs[1].missing.join(', '));
  assert.equal(evs[1].endLine, 33);
});

test('field: memcg v1 counters at the limit are read as printed, memory (not memory+swap) the one at its limit', () => {
  const [ev] = analyze('oomlog', 'ecs-agent-4508-memcg-v1-dmesg-T-memory-hit.log') as unknown as { memcg: { usageKiB: number; limitKiB: number; version: number } }[];
  assert.deepEqual([ev.memcg.usageKiB, ev.memcg.limitKiB, ev.memcg.version], [1048576, 1048576, 1]);
});

// --- userspace kills ---------------------------------------------------------------------------

interface Us { kind: string; pid?: number | null; comm?: string | null; cgroup?: string | null; reason: RegExp; time?: string | null }

interface JsonUs {
  kind: string; reason: string;
  victim: { pid: number | null; comm: string | null; cgroup: string | null };
  timestamp: { wall?: string } | null;
}

const USERSPACE: Record<string, Us[]> = {
  'earlyoom-121-plain-old-killing.log': [{ kind: 'earlyoom', pid: 27541, comm: 'bash', reason: /available memory 10 % .*SIGTERM limits \(10 % \/ 10 %\)/ }],
  'earlyoom-131-no-uid-escalate.log': [{ kind: 'earlyoom', pid: 12006, comm: 'python3', reason: /available memory 49 %/ }],
  'earlyoom-205-colon-timestamps.log': [
    { kind: 'earlyoom', pid: 696, comm: 'ipfs', reason: /available memory 2\.1 % and free swap 14\.96 %/, time: 'Jun 12 06:39:16' },
    { kind: 'earlyoom', pid: 696, comm: 'ipfs', reason: /available memory 2\.58 %/, time: 'Jun 12 06:39:26' },
  ],
  'earlyoom-309-journal-two-kills.log': [
    { kind: 'earlyoom', pid: 29410, comm: 'cluster', reason: /7\.64 %/, time: 'Feb 16 13:58:29' },
    { kind: 'earlyoom', pid: 11567, comm: 'electron', reason: /7\.9 %/, time: 'Feb 16 13:58:30' },
  ],
  'earlyoom-354-oom-score-cmdline.log': [{ kind: 'earlyoom', pid: 906175, comm: 'java', reason: /1\.6 %.*\(1\.66 % \/ 10 %\)/, time: 'Nov 12 17:08:27' }],
  'earlyoom-88-v1.1-killing-quote.log': [{ kind: 'earlyoom', pid: 5874, comm: 'bash', reason: /10 %/ }],
  'gimlet-649-kubectl-last-state.log': [{ kind: 'kubernetes', pid: null, comm: null, reason: /OOMKilled/ }],
  // the kill line is cut (`be>`); the notice line above it carries the figures
  'systemd-20690-oomd-pressure-truncated.log': [{
    kind: 'systemd-oomd', cgroup: '/testsuite.slice/testsuite-55.slice/testsuite-55-workload.slice/testsuite-55-testbloat.service',
    reason: /was 64\.15 % > its limit 1\.00 % for more than 30s/, time: 'Sep 10 14:59:49',
  }],
  // the kill line is cut right after the cgroup; the candidates dump above it stays one event with it
  'systemd-32304-oomd-french-month.log': [{
    kind: 'systemd-oomd', cgroup: '/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/tmux',
    reason: /cut off in this log before the reason/, time: 'avril 16 21:08:50',
  }],
  'systemd-31573-oomd-swap-candidates.log': [{ kind: 'systemd-oomd', cgroup: null, reason: /listed 145 candidate cgroups; no kill line/, time: 'mars 01 14:37:27' }],
};

// --- the second field check: kills made outside the kernel's OOM killer, and texts that only look like them ---
Object.assign(USERSPACE, {
  // `OOMKilled:false` with exit code 137: a SIGKILL, not an OOM kill
  'cloudcmd-440-inspect-state-backticks.log': [],
  'docker-cli-2665-inspect-oomkilled-false.log': [],
  'kubernetes-122256-exit-137-reason-error.log': [],
  // containerd's debug log of the event: four events, none names its container
  'containerd-4547-event-published-taskoom.log': Array(4).fill({ kind: 'kubernetes', pid: null, comm: null, reason: /TaskOOM \(containerd event, Docker\).*does not say which container/, time: null }),
  // a shell prompt before each journal line
  'containerd-8893-taskoom-dollar-prompt.log': [{ kind: 'kubernetes', pid: null, reason: /container 4bcba7fc4369/, time: 'Sep 01 19:12:33' }],
  // the kubelet's and node-problem-detector's rows for the same kill, side by side: one event each kill
  'dynatrace-node-pressure-describe-node-systemoom-oomkilling.log': [
    { kind: 'kubernetes', pid: 3103923, comm: 'stress-ng-vm', reason: /^SystemOOM: the node ran out of memory/ },
    { kind: 'kubernetes', pid: 3106306, comm: 'stress-ng-vm', reason: /^SystemOOM/ },
  ],
  'earlyoom-321-v1.7-cmdline-coredump.log': [{ kind: 'earlyoom', pid: 2595764, comm: 'cellxgene', reason: /7\.3 % .*SIGTERM limits \(10 % \/ 10 %\)/, time: 'Jul 18 08:23:17' }],
  // earlyoom -k: the kernel picks the victim, which this log does not show
  'earlyoom-80-invoking-kernel-oom-killer.log': [
    { kind: 'earlyoom', pid: null, comm: null, reason: /available memory 3 % \(minimum 10 %\).*handed the kill to the kernel's OOM killer/ },
    { kind: 'earlyoom', pid: null, comm: null, reason: /available memory 2 %/ },
    { kind: 'earlyoom', pid: null, comm: null, reason: /available memory 2 %/ },
  ],
  'hmcts-28772-get-pods-and-last-state.log': [
    { kind: 'kubernetes', pid: null, reason: /pod tax-tribunals-application-base-74464f6b98-2kj6g .*restarted 4 times/ },
    { kind: 'kubernetes', pid: null, reason: /^OOMKilled/ },
  ],
  'kubernetes-100487-describe-pod-cgroupoom.log': [{ kind: 'kubernetes', pid: 470521, comm: 'stress', reason: /^CgroupOOM: a container's memory cgroup hit its limit/ }],
  // the kubelet's 2014 wording, `"reason": "OOM Killed"`
  'kubernetes-3044-kubelet-oom-killed-json.log': [{ kind: 'kubernetes', pid: null, reason: /exit code 137/ }],
  // `Kill process … or sacrifice child` names the task chosen, not necessarily the one killed
  'kubernikus-321-describe-node-podoomkilling.log': [{ kind: 'kubernetes', pid: null, comm: null, reason: /memory cgroup hit its limit; the kernel chose hyperkube \(pid 25169\), or a child of it/ }],
  'lucasdai-gitbook-lowmemorykiller-wrapped.log': [{ kind: 'lmkd', pid: 17589, comm: 'FinalizerDaemon', reason: /199320 kB fell below the minfree level 221184 kB/ }],
  // the Event object: reason on one line, the kernel's kill line in `"message"`, the time in `firstTimestamp`; one event
  'npd-766-oomkilling-event-json.log': [{ kind: 'kubernetes', pid: 3504804, comm: 'kubectl', reason: /memory cgroup hit its limit; killed kubectl/, time: '2023-06-13T14:35:38Z' }],
  // logcat threadtime inside test output, padded with spaces
  'stress-10-lmkd-unit-test-padded.log': [{ kind: 'lmkd', pid: 6870, comm: './lmkd_unit_test', reason: /low watermark is breached and swap is low/, time: '07-31 02:28:31.588' }],
  'systemd-23606-oomd-vte-spawn.log': [{
    kind: 'systemd-oomd', cgroup: '/user.slice/user-1001.slice/user@1001.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-dbb4a75e-031f-480d-924b-5de5af7579d2.scope',
    reason: /51\.07 % > its limit 50\.00 % for more than 20s/, time: 'Dec 18 19:34:56',
  }],
  'systemd-32687-oomd-nixos-no-host.log': [{ kind: 'systemd-oomd', cgroup: null, reason: /listed 50 candidate cgroups; no kill line/, time: 'May 07 14:29:23' }],
  // journal in a Chinese locale: `5月` is May
  'systemd-42385-oomd-chinese-month-swap.log': [{ kind: 'systemd-oomd', cgroup: null, reason: /listed 10 candidate cgroups/, time: '5月 29 23:06:20' }],
  // Android 8.1 lmkd in logcat: `Killing '…', uid, adj` and its `to free` line
  'sonyxperiadev-bug-tracker-110-lmkd-android8-logcat.log': [
    { kind: 'lmkd', pid: 4563, comm: 'com.android.documentsui', reason: /medium memory pressure/, time: '03-24 12:24:57.186' },
    { kind: 'lmkd', pid: 4577, comm: 'com.android.keychain', reason: /medium memory pressure/, time: '03-24 12:24:57.408' },
  ],
  'earlyoom-243-grep-killing-signal-15.log': [{ kind: 'earlyoom', pid: 24059, comm: 'tail', reason: /sent SIGTERM/, time: 'Feb 19 11:29:08' }],
  // journalctl -o json: earlyoom's low-memory line alone is no kill
  'earlyoom-218-journal-json-low-memory-only.log': [],
  // the kubelet before 1.15 in `kubectl describe node`: `System OOM encountered`, without the victim later versions name
  'kubernetes-78174-describe-node-systemoom.log': Array(3).fill({ kind: 'kubernetes', pid: null, reason: /^SystemOOM/ }),
  // Talos' OOM controller in `talosctl dmesg` (`user: warning: [time]: [talos] …`)
  'talos-12526-controller-runtime-sigkill.log': [{ kind: 'kubernetes', cgroup: '/sys/fs/cgroup/kubepods/burstable/pod77f06c5c-4593-43e9-b970-987f6ecb825b', reason: /SIGKILL/, time: '2026-01-12T20:27:31.913975631Z' }],
});

/** Kills these texts show that no event reads yet: no line of them holds a marker of the marker scan (parse.ts MARKERS). */
const USERSPACE_GAPS: Record<string, { why: string; events: Us[] }> = {
  'docker-for-linux-670-docker-events-oom-wrapped.log': {
    why: '`docker events` `container oom <id> (…)` holds no marker-scan needle',
    events: [{ kind: 'kubernetes', pid: null, reason: /oom/ }],
  },
};

function checkUs(file: string, got: JsonUs[], want: Us[]): void {
  assert.equal(got.length, want.length, `${file}: events`);
  want.forEach((w, i) => {
    const e = got[i];
    const read: Record<string, unknown> = {
      kind: e.kind, pid: e.victim.pid, comm: e.victim.comm, cgroup: e.victim.cgroup, time: e.timestamp?.wall ?? null,
    };
    const { reason, ...rest } = w;
    const named = Object.fromEntries(Object.keys(rest).map(k => [k, read[k]]));
    assert.deepEqual(named, rest, `${file} event ${i + 1}`);
    assert.match(e.reason, reason, `${file} event ${i + 1}: reason`);
  });
}

test('field userspace kills: every file has a row', () => {
  const files = fs.readdirSync(path.join(root, 'userspace')).filter(f => f.endsWith('.log')).sort();
  assert.deepEqual(files, [...Object.keys(USERSPACE), ...Object.keys(USERSPACE_GAPS)].sort());
});
for (const [file, want] of Object.entries(USERSPACE)) {
  test(`field userspace ${file}`, () => checkUs(file, analyze('userspace', file) as unknown as JsonUs[], want));
}
for (const [file, gap] of Object.entries(USERSPACE_GAPS)) {
  test(`field userspace ${file}`, { todo: gap.why }, () => checkUs(file, analyze('userspace', file) as unknown as JsonUs[], gap.events));
}

// --- units and sysctl files --------------------------------------------------------------------

/** Finding codes expected at the default systemd/kernel version, sorted; each file linted alone. */
const UNITS: Record<string, string[]> = {
  'containerd.service': [],
  'debian-dbus.service': ['SDU043'], // OOMScoreAdjust=-900
  'debian-getty@.service': [],
  'debian-pg_receivewal@.service': [],
  'debian-postgresql@.service': ['SDU043'], // OOMScoreAdjust=-900
  'debian-systemd-journald.service': [],
  'debian-systemd-logind.service': [],
  'debian-systemd-networkd.service': [],
  'debian-systemd-timesyncd.service': [],
  'debian-user@.service': ['SDU044'], // OOMScoreAdjust=100
  'docker.service': ['SDU010', 'SDU010'], // StartLimitBurst= / StartLimitInterval= in [Service]
  'earlyoom.service': ['SDU064'], // Restart=always with MemoryMax=50M
  'elasticsearch.service': [],
  // a backslash continues the quoted sh -c string: valid
  'mariadb.service': [],
  'netdata.service': [],
  'node_exporter.service': [],
  'redis-server.service': [],
  // MemoryMin=/MemoryLow= without the slice's; OOMScoreAdjust=-900; PrivateTmp=disconnected and
  // Type=notify-reload are valid at 258
  'systemd-oomd.service': ['SDU026', 'SDU026', 'SDU043'],
};

const SYSCTL: Record<string, string[]> = {
  'debian-procps-99-protect-links.conf': [],
  'debian-procps/sysctl.conf': ['SYS002'], // only commented-out settings; read at boot only through a sysctl.d link
  'debian-systemd-50-pid-max.conf': [],
  'k8s-99-tuning.conf': ['SYS023'], // vm.overcommit_memory=1
  'k8s-install-k8s.conf': [],
  'kicksecure-990-security-misc.conf': [],
  'kubelet-90-kubelet.conf': ['SYS023'],
  'olliefr-20-vm-oom-kill-allocating-task.conf': ['SYS021'],
  'postgres-ansible-tw-recycle.conf': ['SYS017'], // net.ipv4.tcp_tw_recycle is gone since Linux 4.12
  // eight `value   # comment` lines; strict overcommit without admin_reserve_kbytes
  'postgres-inline-comments.conf': [...Array(8).fill('SYS004'), 'SYX007'],
  'systemd-50-default.conf': ['SYS008'], // `-net.ipv4.ping_group_range`
};

function lintCodes(dir: string, file: string, extra: string[] = []): string[] {
  const r = run(lintCommand, ['--format', 'json', ...extra, path.join(root, dir, file)]);
  assert.notEqual(r.code, 2, r.err);
  return (JSON.parse(r.out) as { code: string }[]).map(f => f.code).sort();
}

for (const [file, codes] of Object.entries(UNITS)) {
  test(`field unit ${file}`, () => assert.deepEqual(lintCodes('unit', file), codes));
}
test('field unit at systemd 252: values newer than the target say which version they need', () => {
  assert.deepEqual(lintCodes('unit', 'systemd-oomd.service', ['--systemd-version', '252']), ['SDU026', 'SDU026', 'SDU032', 'SDU032', 'SDU043']);
});
for (const [file, codes] of Object.entries(SYSCTL)) {
  test(`field sysctl ${file}`, () => assert.deepEqual(lintCodes('sysctl', file), codes));
}
test('field units and sysctl files: every file has a row', () => {
  const units = fs.readdirSync(path.join(root, 'unit')).filter(f => f.endsWith('.service')).sort();
  assert.deepEqual(units, Object.keys(UNITS).sort());
  const sysctl = fs.readdirSync(path.join(root, 'sysctl'), { recursive: true }).map(String).filter(f => f.endsWith('.conf')).sort();
  assert.deepEqual(sysctl, Object.keys(SYSCTL).sort());
});

// --- wrappers met in the field material, on one report -----------------------------------------

test('field wrappers: a localized month and a paste without the host name read as plain syslog', () => {
  const text = fs.readFileSync(path.join(root, 'oomlog', 'sysbox-30-runc-child-comm.log'), 'utf8');
  const msgs = text.split('\n').filter(Boolean).map(l => l.slice(l.indexOf(' kernel: ') + 9));
  // [clock, prefix before the message]
  const wrappers: [string, string][] = [
    ['апр 28 01:23:30', 'апр 28 01:23:30 gcp-ubuntu-bionic kernel: '], // journalctl, Russian locale
    ['avril  9 00:15:25', 'avril  9 00:15:25 gcp-ubuntu-bionic kernel: '], // journalctl, French locale
    ['Feb 4 16:15:15', 'Feb 4 16:15:15 kernel: '], // syslog pasted with the host cut out, day unpadded
    ['5月 29 23:06:20', '5月 29 23:06:20 gcp-ubuntu-bionic kernel: '], // journalctl, Chinese locale
    ['Sep 13 13:13:42', 'Sep 13 13:13:42 n4.c1.*** kernel: '], // the host name masked before pasting
    ['Sep 01 19:12:33', '$ Sep 01 19:12:33 gcp-ubuntu-bionic kernel: '], // a shell prompt pasted before each line
  ];
  for (const [clock, prefix] of wrappers) {
    let out = '';
    const code = analyzeCommand(['--json'], {
      stdout: s => { out += s; }, stderr: () => undefined, readStdin: () => msgs.map(m => prefix + m).join('\n'),
    });
    assert.equal(code, 0, prefix);
    const got = JSON.parse(out).files[0].events as JsonEvent[];
    assert.deepEqual(got.map(e => [e.kind, e.trigger?.comm, e.trigger?.pid, e.trigger?.order, e.timestamp?.wall]),
      [['memcg', 'runc:[1:CHILD]', 7148, 0, clock]], prefix);
  }
});
