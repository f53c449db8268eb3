/**
 * `oom-lens ps [--json] [--top N] [--explain] [--root DIR]`: every process ranked by the kernel's
 * oom_score (who the OOM killer would pick next), with the memory the score counts, its unit or
 * container, and the cgroups with a memory limit and their headroom. Reads only.
 */
import { formatKiB } from '../oomlog/sizes';
import { eventsText, explainProcess, headroomText, takeSnapshot, type MachineSnapshot, type RankedProcess } from '../machine/rank';
import { snapshotJson } from '../machine/snapshotJson';
import { directorySource } from '../machine/source';
import { oneLineField } from '../common/terminal';

export interface PsIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const PS_USAGE = `  oom-lens ps [--json] [--top N] [--explain] [--root DIR]
                                               processes by oom_score (who the kernel kills next), their
                                               memory and unit, and cgroups with a memory limit; --root
                                               reads a saved /proc + /sys/fs/cgroup tree`;

export function psCommand(args: string[], io: PsIO): number {
  let json = false;
  let explain = false;
  let top: number | undefined;
  let root = '/';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--json') json = true;
    else if (flag === '--explain') explain = true;
    else if (flag === '--top') {
      const v = value();
      if (v === undefined || !/^\d+$/.test(v)) { io.stderr('oom-lens ps: --top needs a whole number\n'); return 2; }
      top = Number(v);
    } else if (flag === '--root') {
      const v = value();
      if (!v) { io.stderr('oom-lens ps: --root needs a directory\n'); return 2; }
      root = v;
    } else if (a === '-h' || a === '--help') { io.stdout(`usage:\n${PS_USAGE}\n`); return 0; }
    else { io.stderr(`oom-lens ps: unknown argument ${a}\nusage:\n${PS_USAGE}\n`); return 2; }
  }
  const snap = takeSnapshot(directorySource(root));
  if ('error' in snap) { io.stderr(`oom-lens ps: ${snap.error}\n`); return 2; }
  const shown = top === undefined ? snap.processes : snap.processes.slice(0, top);
  if (json) io.stdout(JSON.stringify(snapshotJson(snap, shown), null, 2) + '\n');
  else io.stdout(psText(snap, shown, explain));
  return 0;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function size(kib: number | undefined): string {
  return kib === undefined ? '?' : formatKiB(kib);
}

function psiText(p: { someAvg10: number; fullAvg10?: number } | undefined): string {
  if (!p) return 'not available';
  return `some ${p.someAvg10.toFixed(2)} %${p.fullAvg10 !== undefined ? `, full ${p.fullAvg10.toFixed(2)} %` : ''} of the last 10 s`;
}

export function psText(snap: MachineSnapshot, shown: RankedProcess[], explain: boolean): string {
  const out: string[] = [];
  const m = snap.meminfo;
  out.push(`${snap.root === '/' ? 'this machine' : snap.root}: kernel ${snap.kernel ?? 'unknown'}, RAM ${size(m.memTotalKiB)} (${size(m.memAvailableKiB)} available), swap ${size(m.swapTotalKiB)}; memory pressure ${psiText(snap.psi)}\n`);
  for (const n of snap.notes) out.push(`note: ${n}\n`);
  out.push(`${pad('RANK', 5, true)} ${pad('SCORE', 5, true)} ${pad('ADJ', 5, true)} ${pad('RSS', 10, true)} ${pad('SWAP', 9, true)} ${pad('PGTABLES', 9, true)} ${pad('PID', 8, true)}  ${pad('NAME', 16)} UNIT/CONTAINER\n`);
  for (const p of shown) {
    out.push(`${pad(p.rank ? String(p.rank) : '-', 5, true)} ${pad(p.oomScore !== undefined ? String(p.oomScore) : '?', 5, true)} ${pad(p.oomScoreAdj !== undefined ? String(p.oomScoreAdj) : '?', 5, true)} ` +
      `${pad(p.kernelThread ? '-' : size(p.rssKiB), 10, true)} ${pad(p.kernelThread ? '-' : size(p.swapKiB), 9, true)} ${pad(p.kernelThread ? '-' : size(p.pageTablesKiB), 9, true)} ${pad(String(p.pid), 8, true)}  ` +
      `${pad(oneLineField(p.name), 16)} ${oneLineField(p.owner?.label ?? (p.kernelThread ? '(kernel thread)' : ''))}\n`);
    if (explain) for (const line of explainProcess(p, snap)) out.push(`        ${line}\n`);
  }
  if (shown.length < snap.processes.length) out.push(`… ${snap.processes.length - shown.length} more (--top)\n`);
  if (!explain && shown[0]) {
    out.push(`\nwhy ${oneLineField(shown[0].name)} (${shown[0].pid}) is first:\n`);
    for (const line of explainProcess(shown[0], snap)) out.push(`  ${line}\n`);
  }
  out.push(snap.cgroups.length ? '\ncgroups with a memory limit:\n' : '\nno cgroup has a memory limit: only a machine-wide OOM can kill these processes.\n');
  for (const c of snap.cgroups) {
    out.push(`  ${oneLineField(c.path)}${c.owner ? ` (${oneLineField(c.owner)})` : ''}, cgroup v${c.version}: ${headroomText(c)}\n`);
    out.push(`      events since it was created: ${eventsText(c)}; pressure: ${psiText(c.psi)}; ${c.top.length} process${c.top.length === 1 ? '' : 'es'}\n`);
  }
  if (snap.vanished) out.push(`(${snap.vanished} process${snap.vanished === 1 ? '' : 'es'} exited while being read)\n`);
  return out.join('');
}
