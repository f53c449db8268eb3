/**
 * Deterministic test-data generators (seeded PRNG): big mixed syslogs with OOM reports drawn from
 * the corpus shapes (test/fixtures/corpus/), systemd unit files and sysctl files. Used by the benchmark
 * (bench/main.ts), the fuzz harness (test/fuzz/) and the robustness tests. Same seed, same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';

/** mulberry32: small, fast, good enough for test data. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  chance(p: number): boolean { return this.next() < p; }
}

/** The repository's copy of the real OOM reports (test/fixtures/corpus/), found from src, out/ or a bundle. */
export function corpusDir(): string {
  const candidates = [
    path.resolve(__dirname, '..', 'test', 'fixtures', 'corpus'),
    path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'corpus'),
    path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus'),
    path.resolve(process.cwd(), 'test', 'fixtures', 'corpus'),
  ];
  for (const c of candidates) if (fs.existsSync(path.join(c, 'SOURCES.md'))) return c;
  return candidates[candidates.length - 1];
}

export interface CorpusFile { name: string; text: string }

export function readCorpus(): CorpusFile[] {
  const dir = corpusDir();
  return fs.readdirSync(dir).filter(f => f.endsWith('.log')).sort()
    .map(name => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

const COMMS = ['java', 'postgres', 'python3', 'node', 'mysqld', 'chrome', 'redis-server', 'nginx', 'ruby', 'qemu-kvm',
  'elasticsearch', 'kworker/u8:2', 'php-fpm', 'dotnet', 'gunicorn', 'rsyslogd', 'containerd-shim', 'Web Content'];

/**
 * Varies a corpus chunk: decimal runs of 3+ digits get new values of the same width (consistently
 * within the chunk, so a pid stays the same pid), years and hex are left alone, and the allocating
 * command is renamed.
 */
export function varyReport(text: string, rng: Rng): string {
  const map = new Map<string, string>();
  let out = text.replace(/\d{3,}/g, (run, offset: number, whole: string) => {
    const before = offset > 0 ? whole.charCodeAt(offset - 1) : 32;
    const after = offset + run.length < whole.length ? whole.charCodeAt(offset + run.length) : 32;
    if (isAlnum(before) || isAlnum(after) || before === 46 /* . */ || after === 46) return run;
    if (run.length === 4 && (run.startsWith('19') || run.startsWith('20'))) return run;
    let v = map.get(run);
    if (!v) {
      v = String(rng.int(1, 9));
      for (let i = 1; i < run.length; i++) v += String(rng.int(0, 9));
      map.set(run, v);
    }
    return v;
  });
  const at = out.indexOf(' invoked oom-killer');
  if (at > 0) {
    const from = out.lastIndexOf(' ', at - 1) + 1;
    const comm = out.slice(from, at);
    if (comm && !/^\d/.test(comm) && !comm.includes('\n')) {
      const to = rng.pick(COMMS).replace(/ /g, '_');
      out = out.split(` ${comm} `).join(` ${to} `).split(`(${comm})`).join(`(${to})`).split(`Comm: ${comm}`).join(`Comm: ${to}`);
    }
  }
  return out;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

const HOSTS = ['db-primary', 'web-03', 'k8s-node-7', 'build', 'edge-lb-2'];
const DAEMONS = ['sshd', 'systemd', 'NetworkManager', 'cron', 'dockerd', 'kubelet', 'containerd', 'chronyd', 'rsyslogd'];
const MESSAGES = [
  'Accepted publickey for deploy from 10.0.%d.%d port %d ssh2: ED25519 SHA256:q1w2e3r4t5y6u7i8o9p0',
  'Started Session %d of User deploy.',
  'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=%d)',
  'level=info msg="loading plugin" id=io.containerd.runtime.v%d.linux type=io.containerd.runtime.v2',
  'I1121 %d:%d:%d.123456   %d kubelet.go:2430] "SyncLoop (PLEG): event for pod" pod="default/web-%d"',
  'Selected source 10.0.%d.%d (pool.ntp.org) offset %d ms',
  '(root) CMD (run-parts /etc/cron.hourly) pid=%d',
  'device (eth0): carrier: link connected, speed %d Mb/s',
];
const KMESSAGES = [
  'EXT4-fs (sda%d): re-mounted. Opts: errors=remount-ro. Quota mode: none.',
  'audit: type=1400 audit(%d.%d:%d): apparmor="STATUS" operation="profile_load" name="docker-default" pid=%d',
  'docker0: port %d(veth%d) entered forwarding state',
  'IPv6: ADDRCONF(NETDEV_CHANGE): veth%d: link becomes ready',
  'nf_conntrack: nf_conntrack: table full, dropping packet (%d)',
  'TCP: request_sock_TCP: Possible SYN flooding on port %d. Sending cookies.',
  'usb %d-1: new high-speed USB device number %d using xhci_hcd',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function fill(tpl: string, rng: Rng): string {
  return tpl.replace(/%d/g, () => String(rng.int(1, 65535)));
}

function two(n: number): string { return n < 10 ? '0' + n : String(n); }

/** One unrelated log line in one of the wrappers a real merged log shows. */
export function foreignLine(rng: Rng, clock: { sec: number }): string {
  clock.sec += rng.next() * 0.5;
  const s = Math.floor(clock.sec);
  const hh = two(Math.floor(s / 3600) % 24), mm = two(Math.floor(s / 60) % 60), ss = two(s % 60);
  const month = MONTHS[Math.floor(s / 86400 / 30) % 12];
  const day = 1 + (Math.floor(s / 86400) % 28);
  const host = rng.pick(HOSTS);
  const kernelMsg = fill(rng.pick(KMESSAGES), rng);
  switch (rng.int(0, 4)) {
    case 0: return `${month} ${day < 10 ? ' ' + day : day} ${hh}:${mm}:${ss} ${host} ${rng.pick(DAEMONS)}[${rng.int(100, 99999)}]: ${fill(rng.pick(MESSAGES), rng)}`;
    case 1: return `${month} ${day < 10 ? ' ' + day : day} ${hh}:${mm}:${ss} ${host} kernel: [${(clock.sec).toFixed(6).padStart(12)}] ${kernelMsg}`;
    case 2: return `[${clock.sec.toFixed(6).padStart(12)}] ${kernelMsg}`;
    case 3: return `[${rng.pick(DAYS)} ${month} ${day < 10 ? ' ' + day : day} ${hh}:${mm}:${ss} 2024] ${kernelMsg}`;
    default: return `2024-${two(1 + (Math.floor(s / 86400 / 30) % 12))}-${two(day)}T${hh}:${mm}:${ss}.${String(rng.int(0, 999999)).padStart(6, '0')}+00:00 ${host} ${rng.pick(DAEMONS)}[${rng.int(100, 99999)}]: ${fill(rng.pick(MESSAGES), rng)}`;
  }
}

/** A mixed syslog of about `bytes` bytes holding `reports` corpus-shaped OOM chunks. */
export function generateLog(opts: { bytes: number; reports: number; seed: number; corpus?: CorpusFile[] }): string {
  const rng = new Rng(opts.seed);
  const corpus = (opts.corpus ?? readCorpus()).filter(c => c.text.length > 0);
  const parts: string[] = [];
  const clock = { sec: 1000 };
  const reports = corpus.length ? opts.reports : 0;
  // Reports take their own size; foreign text fills the rest, spread evenly between reports.
  const chunks: string[] = [];
  let reportBytes = 0;
  for (let i = 0; i < reports; i++) {
    const c = varyReport(corpus[rng.int(0, corpus.length - 1)].text, rng).replace(/\n+$/, '');
    chunks.push(c);
    reportBytes += c.length + 1;
  }
  const gapBytes = Math.max(0, opts.bytes - reportBytes) / (reports + 1);
  let size = 0;
  for (let i = 0; i <= reports; i++) {
    let gap = 0;
    while (gap < gapBytes) {
      const l = foreignLine(rng, clock);
      parts.push(l);
      gap += l.length + 1;
    }
    size += gap;
    if (i < reports) { parts.push(chunks[i]); size += chunks[i].length + 1; }
  }
  return parts.join('\n') + '\n';
}

const MEM_VALUES = ['512M', '1G', '2G', '750M', 'infinity', '80%', '1.5G', '0', '-1', 'lots', '4096', '2T', '1K', '110%'];
const OOM_POLICY = ['continue', 'stop', 'kill', 'fail', 'restart'];
const RESTART = ['no', 'on-success', 'on-failure', 'on-abnormal', 'on-watchdog', 'on-abort', 'always', 'sometimes'];

/** A systemd unit with memory, OOM and restart settings (some deliberately wrong), name chosen by caller. */
export function generateUnit(rng: Rng): string {
  const out: string[] = [];
  if (rng.chance(0.3)) out.push(`# generated unit ${rng.int(1, 1e6)}`);
  out.push('[Unit]');
  out.push(`Description=Generated service ${rng.int(1, 9999)}`);
  if (rng.chance(0.5)) out.push(`After=network-online.target${rng.chance(0.3) ? ' postgresql.service' : ''}`);
  if (rng.chance(0.3)) out.push(`StartLimitIntervalSec=${rng.int(0, 600)}`);
  if (rng.chance(0.2)) out.push(`StartLimitBurst=${rng.int(0, 10)}`);
  if (rng.chance(0.1)) out.push(`OnFailure=notify@%n.service`);
  out.push('');
  out.push('[Service]');
  out.push(`Type=${rng.pick(['simple', 'exec', 'forking', 'oneshot', 'notify', 'idle', 'simpel'])}`);
  out.push(`ExecStart=/usr/bin/app-${rng.int(1, 99)} --port ${rng.int(1000, 9999)}`);
  const keys: [string, () => string][] = [
    ['MemoryMax', () => rng.pick(MEM_VALUES)],
    ['MemoryHigh', () => rng.pick(MEM_VALUES)],
    ['MemoryLow', () => rng.pick(MEM_VALUES)],
    ['MemoryMin', () => rng.pick(MEM_VALUES)],
    ['MemorySwapMax', () => rng.pick(MEM_VALUES)],
    ['MemoryLimit', () => rng.pick(MEM_VALUES)],
    ['MemoryAccounting', () => rng.pick(['yes', 'no', 'maybe'])],
    ['OOMPolicy', () => rng.pick(OOM_POLICY)],
    ['OOMScoreAdjust', () => String(rng.int(-1200, 1200))],
    ['ManagedOOMMemoryPressure', () => rng.pick(['auto', 'kill', 'off'])],
    ['ManagedOOMMemoryPressureLimit', () => `${rng.int(0, 120)}%`],
    ['ManagedOOMSwap', () => rng.pick(['auto', 'kill'])],
    ['Restart', () => rng.pick(RESTART)],
    ['RestartSec', () => rng.pick(['100ms', '5', '5s', '1min', 'soon'])],
    ['RestartMode', () => rng.pick(['normal', 'direct'])],
    ['LimitAS', () => rng.pick(['infinity', '4G', '1073741824'])],
    ['TasksMax', () => rng.pick(['infinity', '512', '15%'])],
    ['MemoryMaxx', () => '1G'],
    ['memorymax', () => '1G'],
  ];
  const n = rng.int(2, 9);
  for (let i = 0; i < n; i++) {
    const [k, v] = rng.pick(keys);
    out.push(`${rng.chance(0.05) ? ' ' : ''}${k}=${v()}${rng.chance(0.05) ? ' ' : ''}`);
  }
  if (rng.chance(0.1)) out.push('Environment="A=1" \\\n  "B=2"');
  if (rng.chance(0.1)) out.push('this line has no equals sign');
  out.push('');
  if (rng.chance(0.8)) {
    out.push('[Install]');
    out.push(`WantedBy=${rng.pick(['multi-user.target', 'default.target', 'graphical.target'])}`);
  }
  if (rng.chance(0.05)) out.push('[Servce]', 'MemoryMax=1G');
  return out.join('\n') + '\n';
}

const SYSCTL_KEYS: [string, () => string][] = [];

/** A sysctl.d file with memory/OOM keys, comments and some mistakes. */
export function generateSysctl(rng: Rng): string {
  if (!SYSCTL_KEYS.length) {
    SYSCTL_KEYS.push(
      ['vm.swappiness', () => String(rng.int(-5, 250))],
      ['vm.overcommit_memory', () => String(rng.int(0, 3))],
      ['vm.overcommit_ratio', () => String(rng.int(0, 150))],
      ['vm.panic_on_oom', () => String(rng.int(0, 3))],
      ['vm.oom_kill_allocating_task', () => String(rng.int(0, 2))],
      ['vm.min_free_kbytes', () => String(rng.int(0, 4_000_000))],
      ['vm.dirty_ratio', () => String(rng.int(0, 120))],
      ['vm.dirty_background_ratio', () => String(rng.int(0, 120))],
      ['vm.vfs_cache_pressure', () => String(rng.int(0, 1000))],
      ['vm.watermark_scale_factor', () => String(rng.int(0, 4000))],
      ['vm.oom_dump_tasks', () => String(rng.int(0, 2))],
      ['kernel.panic', () => String(rng.int(-1, 60))],
      ['kernel.panic_on_oops', () => String(rng.int(0, 2))],
      ['vm/swappiness', () => String(rng.int(0, 100))],
      ['vm.swapiness', () => '10'],
      ['net.core.somaxconn', () => String(rng.int(128, 65535))],
      ['vm.nr_hugepages', () => rng.pick(['0', '128', 'lots'])],
    );
  }
  const out: string[] = [];
  if (rng.chance(0.5)) out.push(`# sysctl tuning ${rng.int(1, 999)}`);
  const n = rng.int(1, 10);
  for (let i = 0; i < n; i++) {
    const [k, v] = rng.pick(SYSCTL_KEYS);
    const sep = rng.pick([' = ', '=', ' =', '= ', '  =  ']);
    const dash = rng.chance(0.1) ? '-' : '';
    out.push(`${dash}${k}${sep}${v()}`);
    if (rng.chance(0.1)) out.push(rng.pick(['; semicolon comment', '', 'no equals here', '   # indented comment']));
  }
  return out.join('\n') + '\n';
}

/** One global OOM report whose task table has `rows` rows (the million-row case of test/unit/robustness). */
export function generateTaskTable(rows: number): string {
  const ts = '[Fri Nov 21 14:22:56 2025]';
  const out: string[] = [
    `${ts} postgres invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP), order=0, oom_score_adj=0`,
    `${ts} CPU: 2 UID: 104 PID: 3589817 Comm: postgres Not tainted 6.16.9+deb14-amd64 #1 PREEMPT(lazy)  Debian 6.16.9-1 `,
    `${ts} Tasks state (memory values in pages):`,
    `${ts} [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name`,
  ];
  for (let i = 0; i < rows; i++) {
    const pid = 1000 + i;
    out.push(`${ts} [${String(pid).padStart(7)}]   104 ${String(pid).padStart(7)}   ${100000 + (i % 5000)}    ${2000 + (i % 300)}     1800      150       50   266240        0             0 worker${i % 97}`);
  }
  out.push(
    `${ts} oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/postgresql.service,task=postgres,pid=3589817,uid=104`,
    `${ts} Out of memory: Killed process 3589817 (postgres) total-vm:1436820kB, anon-rss:1202232kB, file-rss:1284kB, shmem-rss:4kB, UID:104 pgtables:2512kB oom_score_adj:0`,
  );
  return out.join('\n') + '\n';
}

/** `log` with a 4 KB run of NUL bytes after every 500th line (what a log looks like after a power cut). */
export function withNulRuns(log: string): string {
  let n = 0;
  return log.replace(/\n/g, () => (++n % 500 === 0 ? '\n' + '\0'.repeat(4096) + '\n' : '\n'));
}

/** `log` as bytes with an invalid UTF-8 sequence (a lone lead byte, a stray continuation byte, 0xFF) every ~200 bytes. */
export function withInvalidUtf8(log: string, rng: Rng): Buffer {
  const bytes = Buffer.from(log, 'utf8');
  const bad = [0xc3, 0x80, 0xff];
  for (let i = rng.int(0, 199); i < bytes.length; i += 100 + rng.int(0, 199)) {
    if (bytes[i] !== 10) bytes[i] = bad[rng.int(0, bad.length - 1)];
  }
  return bytes;
}

/** `log` with CRLF line ends, and a lone CR on every 7th line (mixed line endings). */
export function withMixedLineEnds(log: string): string {
  let n = 0;
  return log.replace(/\n/g, () => (++n % 7 === 0 ? '\r' : '\r\n'));
}
