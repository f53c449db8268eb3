/**
 * A few fs.* / net.* keys people set next to the memory ones. Not exhaustive: unknown keys under
 * fs. and net. are never reported (interface names make net.* open-ended).
 */
import type { KeyDoc, KeyType } from './catalog';

const FS = 'https://docs.kernel.org/admin-guide/sysctl/fs.html';
const NET_CORE = 'https://docs.kernel.org/admin-guide/sysctl/net.html';
const IPV4 = 'https://docs.kernel.org/networking/ip-sysctl.html';

const rows: [string, KeyType, string, string, string?][] = [
  ['fs.file-max', 'int', 'System-wide maximum number of open file handles.', FS, 'computed from RAM'],
  ['fs.nr_open', 'int', 'Maximum number of file descriptors one process may have (upper bound for RLIMIT_NOFILE).', FS, '1048576'],
  ['fs.aio-max-nr', 'int', 'System-wide maximum number of asynchronous IO requests.', FS, '65536'],
  ['fs.inotify.max_user_watches', 'int', 'Inotify watches one user may create; each costs about 1 KiB of kernel memory.', 'https://man7.org/linux/man-pages/man7/inotify.7.html'],
  ['fs.inotify.max_user_instances', 'int', 'Inotify instances one user may create.', 'https://man7.org/linux/man-pages/man7/inotify.7.html', '128'],
  ['fs.inotify.max_queued_events', 'int', 'Events queued per inotify instance before events are dropped.', 'https://man7.org/linux/man-pages/man7/inotify.7.html', '16384'],
  ['fs.suid_dumpable', 'int', 'Core dumps of setuid programs: 0 none, 1 debug (insecure), 2 readable by root only.', FS, '0'],
  ['fs.protected_hardlinks', 'bool-int', 'Restricts creating hard links to files the user does not own.', FS],
  ['fs.protected_symlinks', 'bool-int', 'Restricts following symlinks in sticky world-writable directories.', FS],
  ['fs.protected_fifos', 'int', 'Restricts opening FIFOs not owned by the user in sticky directories (0, 1, 2).', FS],
  ['fs.protected_regular', 'int', 'Restricts opening regular files not owned by the user in sticky directories (0, 1, 2).', FS],
  ['net.core.somaxconn', 'int', 'Upper limit for the listen() backlog of a socket.', NET_CORE, '4096'],
  ['net.core.netdev_max_backlog', 'int', 'Packets queued per CPU when the interface receives faster than the kernel processes.', NET_CORE, '1000'],
  ['net.core.rmem_max', 'int', 'Largest receive buffer (bytes) a socket may request.', NET_CORE],
  ['net.core.wmem_max', 'int', 'Largest send buffer (bytes) a socket may request.', NET_CORE],
  ['net.core.rmem_default', 'int', 'Default receive buffer size (bytes).', NET_CORE],
  ['net.core.wmem_default', 'int', 'Default send buffer size (bytes).', NET_CORE],
  ['net.ipv4.ip_forward', 'bool-int', 'Whether the host routes IPv4 packets between interfaces.', IPV4, '0'],
  ['net.ipv4.tcp_rmem', 'list', 'TCP receive buffer sizes: minimum, default, maximum (bytes).', IPV4],
  ['net.ipv4.tcp_wmem', 'list', 'TCP send buffer sizes: minimum, default, maximum (bytes).', IPV4],
  ['net.ipv4.tcp_mem', 'list', 'TCP memory pressure thresholds for all sockets (pages): low, pressure, high.', IPV4],
  ['net.ipv4.ip_local_port_range', 'list', 'First and last local port used for outgoing connections.', IPV4, '32768 60999'],
  ['net.ipv4.tcp_max_syn_backlog', 'int', 'Half-open connections remembered per listener.', IPV4],
];

export const OTHER_KEYS: KeyDoc[] = [
  ...rows.map(([name, type, summary, doc, def]): KeyDoc => ({
    name, type, summary, doc, ...(def ? { default: def } : {}),
  })),
  // still copied from old database and Kubernetes tuning guides
  {
    name: 'net.ipv4.tcp_tw_recycle', type: 'bool-int', doc: IPV4,
    summary: 'Fast recycling of TIME-WAIT sockets; broke clients behind NAT.',
    removed: { note: 'was removed in Linux 4.12 (it dropped connections from clients behind NAT); net.ipv4.tcp_tw_reuse is the safe knob that remains' },
  },
];
