/**
 * One good and one bad case per rule id (lines are 1-based). `good` cases must not produce the
 * rule at all; `bad` cases must produce exactly the listed findings of that rule.
 */
export interface RuleCase {
  rule: string;
  kind: 'good' | 'bad';
  file: string;
  text: string;
  version?: number;
  expect: { rule: string; line: number; severity: string }[];
}

const S = (body: string) => `[Service]\nExecStart=/bin/true\n${body}\n`;

function pair(rule: string, good: string, bad: string, line: number, severity: string, file = 'x.service', version?: number, badFile?: string): RuleCase[] {
  return [
    { rule, kind: 'good', file, text: good, version, expect: [] },
    { rule, kind: 'bad', file: badFile ?? file, text: bad, version, expect: [{ rule, line, severity }] },
  ];
}

export const RULE_CASES: RuleCase[] = [
  ...pair('SDU001', S('MemoryMax=1G'), '[Servcie]\nMemoryMax=1G\n', 1, 'error'),
  ...pair('SDU002', S('MemoryMax=1G'), '[service]\nMemoryMax=1G\n', 1, 'error'),
  ...pair('SDU003', '[Socket]\nListenStream=80\n', '[Service]\nExecStart=/bin/true\n', 1, 'error', 'x.socket'),
  ...pair('SDU004', S('MemoryMax=1G'), 'MemoryMax=1G\n[Service]\nExecStart=/bin/true\n', 1, 'error'),
  ...pair('SDU005', S('# a comment'), S('MemoryMax 1G'), 3, 'error'),
  ...pair('SDU006', S('X-Custom=1'), S('Frobnicate=1'), 3, 'error'),
  ...pair('SDU007', S('MemoryMax=1G'), S('memorymax=1G'), 3, 'error'),
  ...pair('SDU008', '[Unit]\nDescription=x\n' + S('MemoryMax=1G'), '[Unit]\nMemoryMax=1G\n' + S(''), 2, 'error'),
  ...pair('SDU009', S('MemoryMax=1G'), S('MemoryLimit=1G'), 3, 'error', 'x.service', 258),
  ...pair('SDU010', '[Unit]\nStartLimitBurst=5\n' + S(''), S('StartLimitBurst=5'), 3, 'information'),
  ...pair('SDU011', S('MemoryMax=1G\nExecStartPre=/bin/true\nExecStartPre=/bin/true'), S('MemoryMax=1G\nMemoryMax=2G'), 3, 'warning'),
  ...pair('SDU012', S('Description=x # y'.replace('Description', 'MemoryMax').replace('x # y', '1G')), S('MemoryMax=1G # limit'), 3, 'error'),
  ...pair('SDU013', S('MemoryMax=1G'), S('MemoryMax="1G"'), 3, 'error'),
  ...pair('SDU014', S('MemoryAccounting=yes'), S('MemoryAccounting=maybe'), 3, 'error'),
  ...pair('SDU015', S('Description=100%% sure'.replace('Description', 'Environment=X=1\nSyslogIdentifier')), S('SyslogIdentifier=app-%z'), 3, 'error'),
  ...pair('SDU016', '[Service]\nMemoryMax=1G\n', '[Service]\nMemoryMax=1G\n', 1, 'warning', 'foo.service.d/override.conf', undefined, 'foo.service.d/override.txt'),
  ...pair('SDU017', S('ExecStart=/bin/echo a \\\n  b'), S('Description=x \\\nMemoryMax=1G'), 4, 'warning'),
  ...pair('SDU018', S('MemoryMax=1G'), S('MemoryMax='), 3, 'hint'),
  ...pair('SDU020', S('MemoryMax=1.5G'), S('MemoryMax=1g'), 3, 'error'),
  ...pair('SDU021', S('MemorySwapMax=0'), S('MemoryMax=0'), 3, 'error'),
  ...pair('SDU022', S('MemoryMax=1T'), S('MemoryMax=1P'), 3, 'information'),
  ...pair('SDU023', S('MemoryHigh=1G\nMemoryMax=2G'), S('MemoryHigh=2G\nMemoryMax=1G'), 3, 'warning'),
  ...pair('SDU024', S('MemoryMin=1G\nMemoryLow=2G'), S('MemoryMin=2G\nMemoryLow=1G'), 4, 'information'),
  ...pair('SDU025', S('MemoryMin=1G\nMemoryMax=2G'), S('MemoryMin=4G\nMemoryMax=2G'), 3, 'warning'),
  ...pair('SDU027', '[Timer]\nOnCalendar=daily\n', '[Timer]\nOnCalendar=daily\nMemoryMax=1G\n', 3, 'error', 'x.timer'),
  ...pair('SDU028', S('MemoryMax=1G'), '[Socket]\nListenStream=80\nMemoryMax=1G\n', 3, 'hint', 'x.service', undefined, 'x.socket'),
  ...pair('SDU029', S('MemoryZSwapMax=512M'), S('MemoryZSwapMax=10%'), 3, 'information'),
  ...pair('SDU030', S('MemoryAccounting=no'), S('MemoryAccounting=no\nMemoryMax=1G'), 3, 'information'),
  ...pair('SDU031', S('MemoryAccounting=yes\nManagedOOMSwap=kill'), S('MemoryAccounting=no\nManagedOOMSwap=kill'), 3, 'warning'),
  ...pair('SDU032', S('MemoryZSwapMax=1G'), S('MemoryZSwapMax=1G'), 3, 'warning', 'x.service', 252).map((c, k) => (k === 0 ? { ...c, version: 253 } : c)),
  ...pair('SDU040', S('OOMScoreAdjust=0x10'), S('OOMScoreAdjust=1e3'), 3, 'error'),
  ...pair('SDU041', S('OOMScoreAdjust=1000'), S('OOMScoreAdjust=-1001'), 3, 'error'),
  ...pair('SDU042', S('OOMScoreAdjust=-900'), S('OOMScoreAdjust=-1000'), 3, 'warning'),
  ...pair('SDU043', S('OOMScoreAdjust=-500'), S('OOMScoreAdjust=-950'), 3, 'hint'),
  ...pair('SDU044', S('OOMScoreAdjust=0'), S('OOMScoreAdjust=1000'), 3, 'information'),
  ...pair('SDU045', S('OOMScoreAdjust=200'), S('OOMScoreAdjust=-100'), 3, 'hint', 'home/u/.config/systemd/user/x.service'),
  ...pair('SDU046', S('OOMPolicy=kill'), S('OOMPolicy=restart'), 3, 'error'),
  ...pair('SDU047', '[Scope]\nOOMPolicy=kill\n', '[Socket]\nListenStream=80\nOOMPolicy=kill\n', 3, 'error', 'x.scope', undefined, 'x.socket'),
  ...pair('SDU049', S('OOMPolicy=kill\nOOMScoreAdjust=-900'), S('OOMPolicy=kill\nOOMScoreAdjust=-1000'), 3, 'warning'),
  ...pair('SDU050', S('ManagedOOMSwap=auto'), S('ManagedOOMSwap=yes'), 3, 'error'),
  ...pair('SDU051', '[Slice]\nManagedOOMSwap=auto\n', '[Socket]\nListenStream=80\nManagedOOMSwap=auto\n', 3, 'error', 'x.slice', undefined, 'x.socket'),
  ...pair('SDU052', S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureLimit=50%'), S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureLimit=50'), 4, 'error'),
  ...pair('SDU053', S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureLimit=50%'), S('ManagedOOMMemoryPressureLimit=50%'), 3, 'warning'),
  ...pair('SDU054', S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureLimit=40%'), S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureLimit=0%'), 4, 'hint'),
  ...pair('SDU055', S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureDurationSec=30s'), S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureDurationSec=500ms'), 4, 'error'),
  ...pair('SDU056', S('ManagedOOMPreference=avoid'), S('ManagedOOMPreference=yes'), 3, 'error'),
  ...pair('SDU057', '[Slice]\nManagedOOMSwap=kill\n', '[Slice]\nManagedOOMSwap=kill\n', 2, 'hint', '-.slice', undefined, 'user.slice'),
  ...pair('SDU058', S('ManagedOOMSwap=kill'), '[Unit]\nDefaultDependencies=no\n' + S('ManagedOOMSwap=kill'), 5, 'information'),
  ...pair('SDU059', S('MemoryPressureWatch=auto'), S('MemoryPressureWatch=sometimes'), 3, 'error'),
  ...pair('SDU060', S('Restart=on-failure'), S('Restart=yes'), 3, 'error'),
  ...pair('SDU061', S('Type=oneshot\nRestart=on-failure'), S('Type=oneshot\nRestart=always'), 4, 'error'),
  ...pair('SDU062', '[Unit]\nStartLimitIntervalSec=60s\n' + S(''), S('StartLimitIntervalSec=60s'), 3, 'error'),
  ...pair('SDU063', '[Unit]\nStartLimitIntervalSec=60s\nStartLimitBurst=5\n' + S('Restart=always\nRestartSec=5s\nMemoryMax=1G'),
    '[Unit]\nStartLimitIntervalSec=10s\n' + S('Restart=always\nRestartSec=5s\nMemoryMax=1G'), 5, 'warning'),
  ...pair('SDU064', S('Restart=on-failure\nRestartSec=5s\nMemoryMax=1G').replace('[Service]', '[Unit]\nStartLimitIntervalSec=60s\n[Service]'), S('Restart=on-failure\nMemoryMax=1G'), 3, 'information'),
  ...pair('SDU065', S('RestartSec=1s\nRestartSteps=5\nRestartMaxDelaySec=1min'), S('RestartSec=1s\nRestartSteps=5'), 4, 'warning'),
  ...pair('SDU066', S('RestartMode=direct'), S('RestartMode=fast'), 3, 'error'),
  ...pair('SDU067', S('RestartSec=5s'), S('RestartSec=5 seconds please'), 3, 'error'),
  ...pair('SDU068', '[Timer]\nOnCalendar=daily\n', '[Timer]\nOnCalendar=daily\nRestart=always\n', 3, 'error', 'x.timer'),
  ...pair('SDU070', S('LimitNOFILE=1024:4096'), S('LimitNOFILE=4096:1024'), 3, 'error'),
];
