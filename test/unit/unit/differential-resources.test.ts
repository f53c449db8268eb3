/**
 * Differential test of the resource and limit values (Limit*=, CPUQuota=, TasksMax=, weights, CPU
 * sets, signals, exit statuses, multi-part sizes) and of the boolean-or-word settings: valid values and mutants generated from them
 * (case, stray characters, signs, repeated or reordered parts, soft above hard …) are checked by
 * `systemd-analyze verify` and by our linter at the same systemd version. Every line systemd
 * rejects must get an error or warning from us (100 %), and no line it accepts an error.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lint } from './helpers';

const SEEDS: Record<string, string[]> = {
  LimitAS: ['1G', '512M', '1.5G', 'infinity', '1G:2G', '4096', '1G512M'],
  LimitMEMLOCK: ['64M', '8M:16M', 'infinity:infinity'],
  LimitCORE: ['0', 'infinity', '1G'],
  LimitNOFILE: ['1024', '1024:4096', 'infinity', '65536:infinity'],
  LimitNPROC: ['512', '100:200'],
  LimitCPU: ['30', '5min', '1h:2h', 'infinity'],
  LimitRTTIME: ['500ms', '1000'],
  LimitNICE: ['-5', '+10', '30'],
  CPUWeight: ['100', '1', '10000', 'idle'],
  StartupCPUWeight: ['500'],
  IOWeight: ['100', '1', '10000'],
  AllowedCPUs: ['0-3', '0,2', '1 3-5'],
  AllowedMemoryNodes: ['0', '0-1'],
  RestartKillSignal: ['SIGTERM', 'TERM', 'SIGKILL', '9', 'SIGRTMIN+3'],
  RestartPreventExitStatus: ['1', '1 2 SIGKILL', '255'],
  RestartForceExitStatus: ['SIGABRT', '3'],
  MemoryMax: ['1G', '1G512M', '512M', '1.5G'],
  LimitFSIZE: ['1G', '100M:1G', 'infinity'], LimitDATA: ['2G', '512K'], LimitSTACK: ['8M', '8M:16M'], LimitRSS: ['1G'],
  LimitLOCKS: ['1024', 'infinity'], LimitSIGPENDING: ['4096:8192'], LimitMSGQUEUE: ['819200', '800K'], LimitRTPRIO: ['0', '50:99'],
  MemoryHigh: ['900M', '80%', 'infinity'], MemoryLow: ['64M', '10%'], MemorySwapMax: ['0', '1G'], MemoryZSwapMax: ['256M'],
  TasksMax: ['100', '50%', 'infinity', '4096', '0.5%'], CPUQuota: ['50%', '150%', '12.5%', '1%', '200.25%'],
  // boolean-or-word settings (data/valueEnums.ts); words newer than the systemd here must get "needs systemd N"
  PrivateTmp: ['yes', 'disconnected'], PrivateUsers: ['self', 'managed'], ProtectHostname: ['private'], ProtectControlGroups: ['strict'],
  ProtectSystem: ['strict', 'full'], ProtectHome: ['read-only', 'tmpfs'], ProtectProc: ['invisible'], ProcSubset: ['pid'],
  KeyringMode: ['private'], DevicePolicy: ['closed'], KillMode: ['mixed', 'none'], NotifyAccess: ['exec'], ExitType: ['cgroup'],
};

/** Mutations of a valid value: each gives a value systemd may or may not accept; systemd decides. */
const MUTATIONS: ((v: string) => string)[] = [
  v => v.toLowerCase(),
  v => v.toUpperCase(),
  v => v + 'X',
  v => '-' + v,
  v => v + v,
  v => v.replace(/(\d)(\D|$)/, '$1 $2'),
  v => v.replace(/(\d)/, '$1.'),
  v => v + '-',
  v => v + ':',
  v => ':' + v,
  v => v.includes(':') ? v.split(':').reverse().join(':') : `${v}:1`,
  v => v.replace(/%$/, ''),
  v => /\d$/.test(v) ? v + '%' : v + '0',
  v => v.replace(/(\d+)/, '$1.555'),
  v => v.replace(/\d+/, '0'),
  v => v.replace(/\d+/, '99999'),
  v => `"${v}"`,
  v => v.replace(/^SIG/, 'SIGX'),
  v => v + ' 1',
  v => '+' + v,
  v => v.replace(/([KMGTPE])/, m => m.toLowerCase()),
  v => v.replace(/(\d)/, '$1_'),
  v => v.replace(/(\d+)/, '$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1'),
  v => v.replace(/(\d)([KMGTPE])/, '$1.$2'),
  v => v + 'B',
  v => v + 'iB',
];

test('differential: resource and limit values and their mutants agree with systemd-analyze verify', () => {
  const which = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  assert.ok(which.status === 0, 'systemd-analyze is missing: run scripts/provision-tools.sh (installs Debian\'s systemd) before the unit tests');
  const version = Number(/systemd (\d+)/.exec(which.stdout)?.[1] ?? 0);
  const lines = new Set<string>();
  for (const [key, seeds] of Object.entries(SEEDS)) {
    for (const s of seeds) {
      lines.add(`${key}=${s}`);
      for (const m of MUTATIONS) lines.add(`${key}=${m(s)}`);
    }
  }
  const all = [...lines];
  assert.ok(all.length >= 800, `only ${all.length} variants`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-res-'));
  try {
    const names = all.map((_, i) => `r${String(i).padStart(4, '0')}.service`);
    all.forEach((l, i) => fs.writeFileSync(path.join(dir, names[i]), `[Service]\nExecStart=/bin/true\n${l}\n`));
    const rejected = new Set<string>();
    for (let i = 0; i < names.length; i += 200) {
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...names.slice(i, i + 200)], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
      for (const m of (r.stderr ?? '').matchAll(/(r\d{4}\.service):3: /g)) rejected.add(m[1]);
    }
    const misses: string[] = [];
    const falseErrors: string[] = [];
    all.forEach((l, i) => {
      const ours = lint(`[Service]\nExecStart=/bin/true\n${l}\n`, path.join(dir, names[i]), version).filter(f => f.range.start.line === 2);
      if (rejected.has(names[i])) {
        if (!ours.some(f => f.severity === 'error' || f.severity === 'warning')) misses.push(l);
      } else if (ours.some(f => f.severity === 'error')) {
        falseErrors.push(`${l} → ${ours.map(f => `${f.ruleId} ${f.message}`).join(' / ')}`);
      }
    });
    console.log(`resource values vs systemd ${version}: ${all.length} lines, ${rejected.size} rejected by systemd, ${misses.length} missed, ${falseErrors.length} false errors`);
    assert.ok(rejected.size > 300, `systemd rejected only ${rejected.size}: are the mutants still mistakes?`);
    for (const f of falseErrors.slice(0, 60)) console.log('  false error ' + f);
    assert.deepEqual(misses, [], 'lines systemd rejects that we accept');
    assert.deepEqual(falseErrors, [], 'errors on lines systemd accepts');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
