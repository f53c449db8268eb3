/**
 * Containers by name: what a cgroup path says about the container, pod or VM it belongs to.
 *
 * Container runtimes and Kubernetes name their cgroups after what they run, in a few fixed shapes
 * (cgroupfs or systemd cgroup driver, cgroup v1 or v2). Each shape is one entry of SEGMENTS: a
 * pattern for one path component and what it tells. A path is read component by component and
 * the findings are merged, so `kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope`
 * gives the pod (QoS class, UID) from one component and the container from the next. A container
 * inside another (`/lxc.payload.<name>/kubepods.slice/…`) is read as the inner one, `within` the outer.
 *
 * Pure: no I/O, no editor types. Used by hover, outline, the report view and `analyze --json`.
 */

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export interface ContainerInfo {
  /** `containerd`, `cri-o`, `docker`, `podman`, `lxc`, `libvirt`, `systemd-nspawn`; absent when the path does not tell. */
  runtime?: string;
  /** Full container id as printed (64 hex digits for OCI runtimes). */
  id?: string;
  /** First 12 characters of a hex id (what `docker ps` and `crictl ps` show). */
  shortId?: string;
  /** Kubernetes pod UID, with dashes (the systemd driver escapes them as `_`). */
  podUid?: string;
  /** Kubernetes QoS class of the pod. */
  qos?: QosClass;
  /** Name of an LXC container, libvirt VM or nspawn machine. */
  name?: string;
  /** Kubernetes when the path is under `kubepods`. */
  orchestrator?: 'kubernetes';
  /** The conmon / shim helper's cgroup rather than the container's own. */
  helper?: boolean;
  /** The container or VM this one runs in (Kubernetes or Docker inside an LXC container, Docker in Docker). */
  within?: ContainerInfo;
}

interface Segment {
  /** Short name of the shape, for tests. */
  name: string;
  re: RegExp;
  read(m: RegExpExecArray): ContainerInfo;
}

const HEX_ID = '[0-9a-f]{12,64}';

function qosOf(word: string | undefined): QosClass {
  switch (word) {
    case 'burstable': return 'Burstable';
    case 'besteffort': return 'BestEffort';
    default: return 'Guaranteed'; // pods of the Guaranteed class sit right under kubepods
  }
}

function podUid(raw: string): string {
  return raw.replace(/_/g, '-');
}

/** systemd unescapes `\x2d` as `-` in unit names (`machine-qemu\x2d1\x2dweb.scope`). */
function unescapeUnit(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** One entry per shape of path component; the first entry matching a component wins for it. */
export const SEGMENTS: readonly Segment[] = [
  // Kubernetes, cgroupfs driver: /kubepods/burstable/pod<uid>/<id> (Guaranteed: /kubepods/pod<uid>/<id>)
  { name: 'kubepods QoS directory', re: /^kubepods$/, read: () => ({ orchestrator: 'kubernetes' }) },
  { name: 'kubepods QoS class directory', re: /^(burstable|besteffort)$/, read: m => ({ qos: qosOf(m[1]) }) },
  { name: 'kubepods pod directory', re: /^pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})$/, read: m => ({ podUid: podUid(m[1]) }) },
  // Kubernetes, systemd driver: kubepods.slice / kubepods-burstable.slice / kubepods-burstable-pod<uid>.slice
  { name: 'kubepods slice', re: /^kubepods(?:-(burstable|besteffort))?\.slice$/, read: m => (m[1] ? { orchestrator: 'kubernetes', qos: qosOf(m[1]) } : { orchestrator: 'kubernetes' }) },
  {
    name: 'kubepods pod slice',
    re: /^kubepods(?:-(burstable|besteffort))?-pod([0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}|[0-9a-f]{32})\.slice$/,
    read: m => ({ orchestrator: 'kubernetes', qos: qosOf(m[1]), podUid: podUid(m[2]) }),
  },
  // containerd with the systemd driver, cgroup v1 under containerd.service: kubepods-…-pod<uid>.slice:cri-containerd:<id>
  {
    name: 'containerd v1 systemd-driver triple',
    re: new RegExp(`^kubepods(?:-(burstable|besteffort))?-pod([0-9a-f_]{32,36})\\.slice:(cri-containerd|crio|docker):(${HEX_ID})$`),
    read: m => ({ orchestrator: 'kubernetes', qos: qosOf(m[1]), podUid: podUid(m[2]), runtime: runtimeOf(m[3]), ...idOf(m[4]) }),
  },
  { name: 'cri-containerd scope', re: new RegExp(`^cri-containerd-(${HEX_ID})\\.scope$`), read: m => ({ runtime: 'containerd', ...idOf(m[1]) }) },
  { name: 'cri-o scope', re: new RegExp(`^crio-(conmon-)?(${HEX_ID})\\.scope$`), read: m => ({ runtime: 'cri-o', ...idOf(m[2]), ...(m[1] ? { helper: true } : {}) }) },
  { name: 'docker scope', re: new RegExp(`^docker-(${HEX_ID})\\.scope$`), read: m => ({ runtime: 'docker', ...idOf(m[1]) }) },
  { name: 'podman scope', re: new RegExp(`^libpod-(conmon-)?(${HEX_ID})\\.scope$`), read: m => ({ runtime: 'podman', ...idOf(m[2]), ...(m[1] ? { helper: true } : {}) }) },
  // machine.slice: libvirt VMs (machine-qemu\x2d1\x2dweb.scope) and systemd-nspawn machines (machine-web.scope)
  {
    name: 'libvirt VM scope',
    re: /^machine-(?:qemu|lxc)(?:\\x2d|-)(\d+)(?:\\x2d|-)(.{1,200})\.scope$/,
    read: m => ({ runtime: 'libvirt', name: unescapeUnit(m[2]) }),
  },
  { name: 'nspawn machine scope', re: /^machine-(.{1,200})\.scope$/, read: m => ({ runtime: 'systemd-nspawn', name: unescapeUnit(m[1]) }) },
  // LXC: /lxc/<name> (v1) and /lxc.payload.<name> (LXC 4+, also /lxc.monitor.<name>)
  { name: 'lxc payload', re: /^lxc\.(payload|monitor)\.(.{1,200})$/, read: m => ({ runtime: 'lxc', name: m[2], ...(m[1] === 'monitor' ? { helper: true } : {}) }) },
];

/** Entries that read the component after a fixed parent component (`/docker/<id>`, `/lxc/<name>`, a bare kubepods id). */
const CHILD_OF: readonly { parent: RegExp; name: string; re: RegExp; read(m: RegExpExecArray, info: ContainerInfo): ContainerInfo }[] = [
  { parent: /^docker$/, name: 'docker cgroupfs', re: new RegExp(`^(${HEX_ID})$`), read: m => ({ runtime: 'docker', ...idOf(m[1]) }) },
  { parent: /^lxc$/, name: 'lxc cgroupfs', re: /^([^/]{1,200})$/, read: m => ({ runtime: 'lxc', name: m[1] }) },
  // the container under a cgroupfs pod directory: the runtime is not in the path
  { parent: /^pod[0-9a-f]{8}[-_]/, name: 'kubepods container id', re: new RegExp(`^(${HEX_ID})$`), read: m => idOf(m[1]) },
];

function runtimeOf(word: string): string {
  return word === 'cri-containerd' ? 'containerd' : word === 'crio' ? 'cri-o' : word;
}

function idOf(id: string): { id: string; shortId: string } {
  return { id, shortId: id.slice(0, 12) };
}

/** Longest path looked at: cgroup paths are short; anything longer is not one. */
const MAX_PATH = 4096;

/** What `path` says about its container, pod or VM; undefined when nothing (a plain service, `/`). */
export function decodeCgroupPath(path: string | undefined): ContainerInfo | undefined {
  if (!path || path.length > MAX_PATH) return undefined;
  const parts = path.split('/');
  let info: ContainerInfo | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i].trim();
    if (!part) continue;
    let found: ContainerInfo | undefined;
    const parent = i > 0 ? parts[i - 1].trim() : '';
    for (const c of CHILD_OF) {
      if (!c.parent.test(parent)) continue;
      const m = c.re.exec(part);
      if (m) { found = c.read(m, info ?? {}); break; }
    }
    if (!found) {
      for (const s of SEGMENTS) {
        const m = s.re.exec(part);
        if (m) { found = s.read(m); break; }
      }
    }
    if (found) {
      // a component that names a runtime or an orchestrator after a container was already named
      // starts the inner container; the outer one keeps its own name and runtime
      if (info?.runtime && (found.runtime || found.orchestrator)) info = { within: info };
      info = { ...info, ...found };
    }
  }
  // cgroupfs driver: a Guaranteed pod's directory sits right under kubepods, with no class directory
  if (info?.orchestrator && info.podUid && !info.qos) info.qos = 'Guaranteed';
  if (info?.within) {
    // the outer container last, as containerText says it
    const { within, ...inner } = info;
    info = { ...inner, within };
  }
  return info;
}

/** One line for people: `containerd container 4f2c1a9b3e7d, pod 0a1b…, QoS Burstable`. */
export function containerText(c: ContainerInfo): string {
  const parts: string[] = [];
  const what = c.name !== undefined
    ? `${c.runtime === 'libvirt' ? 'VM' : c.runtime === 'systemd-nspawn' ? 'machine' : 'container'} ${c.name}`
    : c.shortId ? `container ${c.shortId}` : '';
  if (what) parts.push(`${c.runtime ? `${c.runtime} ` : ''}${what}${c.helper ? ' (its runtime helper, not the container itself)' : ''}`);
  else if (c.runtime) parts.push(c.runtime);
  if (c.podUid) parts.push(`Kubernetes pod ${c.podUid}`);
  else if (c.orchestrator) parts.push('Kubernetes');
  if (c.qos) parts.push(`QoS ${c.qos}`);
  if (c.within) parts.push(`inside ${containerText(c.within)}`);
  return parts.join(', ');
}
