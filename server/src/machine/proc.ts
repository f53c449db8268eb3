/**
 * /proc readers: each process's memory (what `oom_badness()` counts), its OOM knobs and score,
 * and the cgroup it lives in. Plain functions over a MachineSource; no editor or protocol import.
 *
 * Fields come from /proc/PID/status (VmRSS = resident pages, VmSwap = swap entries, VmPTE = page
 * tables: exactly the three terms of the kernel's badness), /proc/PID/oom_score and
 * /proc/PID/oom_score_adj, and /proc/PID/cgroup. A process that exits while it is read is
 * skipped; a file that cannot be read is listed in `absent` and its values stay undefined.
 */
import { unitOfCgroupPath } from '../crossfile/cgroup';
import type { MachineSource } from './source';

export interface ProcessInfo {
  pid: number;
  tgid: number;
  ppid?: number;
  uid?: number;
  /** The kernel's `comm` (at most 15 bytes, any bytes but NUL: escape before printing). */
  name: string;
  /** A kernel thread: no memory of its own, never chosen by the OOM killer. */
  kernelThread: boolean;
  rssKiB?: number;
  swapKiB?: number;
  pageTablesKiB?: number;
  /** /proc/PID/oom_score: the kernel's own figure. */
  oomScore?: number;
  oomScoreAdj?: number;
  cgroup: CgroupPaths;
  /** The systemd unit or container the process belongs to, from its cgroup path. */
  owner?: Owner;
  /** Files of this process that could not be read (e.g. `oom_score` without permission). */
  absent: string[];
}

export interface CgroupPaths {
  /** Path in the unified (v2) hierarchy, from the `0::` line. */
  unified?: string;
  /** Path in the v1 memory hierarchy, from the `N:memory:` line (hybrid and legacy machines). */
  memoryV1?: string;
}

export interface Owner {
  kind: 'unit' | 'container';
  /** `app.service`, or the runtime and a short id: `docker 3f2a9c1b7d4e`. */
  label: string;
}

/** `Key:\tvalue` lines of /proc/PID/status → the fields we need. */
export function parseStatus(text: string): Omit<ProcessInfo, 'pid' | 'oomScore' | 'oomScoreAdj' | 'cgroup' | 'owner' | 'absent'> & { pid?: number } {
  const out: ReturnType<typeof parseStatus> = { tgid: 0, name: '', kernelThread: false };
  let kthreadLine: boolean | undefined;
  let sawVm = false;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^\t/, '');
    switch (key) {
      // status escapes the name (`\n` as a backslash and `n`); comm is kept as printed
      case 'Name': out.name = value; break;
      case 'Tgid': out.tgid = Number(value); break;
      case 'Pid': out.pid = Number(value); break;
      case 'PPid': out.ppid = Number(value); break;
      case 'Uid': out.uid = Number(value.split(/\s+/)[0]); break;
      case 'Kthread': kthreadLine = value.trim() === '1'; break;
      case 'VmRSS': out.rssKiB = kib(value); sawVm = true; break;
      case 'VmSwap': out.swapKiB = kib(value); break;
      case 'VmPTE': out.pageTablesKiB = kib(value); break;
    }
  }
  // `Kthread:` exists from 6.4; before, a task without any Vm* line has no mm (a kernel thread
  // or a zombie, neither of which the OOM killer can pick)
  out.kernelThread = kthreadLine ?? !sawVm;
  return out;
}

function kib(value: string): number | undefined {
  const m = /^\s*(\d+)\s*kB/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** /proc/PID/cgroup → the unified path and the v1 memory path. */
export function parseCgroupFile(text: string): CgroupPaths {
  const out: CgroupPaths = {};
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    const id = line.slice(0, a);
    const controllers = line.slice(a + 1, b);
    const p = line.slice(b + 1);
    if (id === '0' && controllers === '') out.unified = p;
    else if (controllers.split(',').includes('memory')) out.memoryV1 = p;
  }
  return out;
}

const HEX_ID = /(?:^|[-/])([0-9a-f]{64})(?:\.scope)?$/;

/**
 * Who a cgroup path belongs to: a container (Docker, containerd/CRI-O under Kubernetes, Podman,
 * LXC) by the naming each runtime uses, else the systemd unit named by the last component with a
 * unit suffix (`/system.slice/app.service/worker` → app.service).
 */
export function ownerOfCgroup(p: string | undefined): Owner | undefined {
  if (!p || p === '/') return undefined;
  const last = p.split('/').filter(Boolean).pop() ?? '';
  const id = HEX_ID.exec(last) ?? HEX_ID.exec(p);
  if (id) {
    const runtime =
      /(^|\/)(docker-|docker\/)/.test(p) || last.startsWith('docker-') ? 'docker'
        : last.startsWith('cri-containerd-') || /containerd/.test(p) ? 'containerd'
          : last.startsWith('crio-') ? 'cri-o'
            : last.startsWith('libpod-') ? 'podman'
              : /kubepods/.test(p) ? 'kubernetes' : 'container';
    const pod = /[/-]pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})\b/.exec(p);
    return { kind: 'container', label: `${runtime} ${id[1].slice(0, 12)}${pod ? ` (pod ${pod[1].replace(/_/g, '-')})` : ''}` };
  }
  const lxc = /^\/lxc(?:\.payload)?[./]([^/]+)/.exec(p);
  if (lxc) return { kind: 'container', label: `lxc ${lxc[1]}` };
  const unit = unitOfCgroupPath(p);
  return unit ? { kind: 'unit', label: unit } : undefined;
}

export interface MemInfo {
  memTotalKiB?: number;
  swapTotalKiB?: number;
  memAvailableKiB?: number;
  swapFreeKiB?: number;
}

export function parseMeminfo(text: string): MemInfo {
  const out: MemInfo = {};
  for (const line of text.split('\n')) {
    const m = /^(MemTotal|SwapTotal|MemAvailable|SwapFree):\s+(\d+)\s*kB/.exec(line);
    if (!m) continue;
    const v = Number(m[2]);
    if (m[1] === 'MemTotal') out.memTotalKiB = v;
    else if (m[1] === 'SwapTotal') out.swapTotalKiB = v;
    else if (m[1] === 'MemAvailable') out.memAvailableKiB = v;
    else out.swapFreeKiB = v;
  }
  return out;
}

function intOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

export interface ProcessListing {
  processes: ProcessInfo[];
  /** Processes that exited while they were read. */
  vanished: number;
}

/** Every process (thread group) in /proc. */
export function readProcesses(src: MachineSource): ProcessListing | { error: string } {
  const names = src.list('/proc');
  if (!names) return { error: `${src.root === '/' ? '' : src.root}/proc cannot be read` };
  const processes: ProcessInfo[] = [];
  let vanished = 0;
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const base = `/proc/${n}`;
    const status = src.read(`${base}/status`);
    if (status === undefined) { vanished++; continue; } // status is readable by anyone while the process lives
    const st = parseStatus(status);
    const absent: string[] = [];
    const score = src.read(`${base}/oom_score`);
    const adj = src.read(`${base}/oom_score_adj`);
    const cg = src.read(`${base}/cgroup`);
    if (score === undefined) absent.push('oom_score');
    if (adj === undefined) absent.push('oom_score_adj');
    if (cg === undefined) absent.push('cgroup');
    // gone between the reads: its status is gone too (an unreadable file of a live process is only absent)
    if (absent.length && src.read(`${base}/status`) === undefined) { vanished++; continue; }
    const cgroup = cg !== undefined ? parseCgroupFile(cg) : {};
    processes.push({
      ...st,
      pid: Number(n),
      tgid: st.tgid || Number(n),
      oomScore: intOf(score),
      oomScoreAdj: intOf(adj),
      cgroup,
      owner: ownerOfCgroup(cgroup.unified && cgroup.unified !== '/' ? cgroup.unified : cgroup.memoryV1),
      absent,
    });
  }
  return { processes, vanished };
}
