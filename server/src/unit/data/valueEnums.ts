/**
 * Settings whose value is a boolean or one of a few words, with the systemd release that added
 * each word: systemd.exec(5) / systemd.resource-control(5) mark each value "Added in version N",
 * and NEWS names the release. A word newer than the targeted systemd is reported as "needs
 * systemd N"; a word no release knows is invalid.
 *
 * boolean: the key also takes yes/no (every spelling of parse_boolean); emptyOk: an empty value
 * resets the key (the others refuse it); deprecated: words systemd still takes but warns about.
 */
export interface ValueEnum { boolean: boolean; values: Record<string, number>; emptyOk?: true; deprecated?: Record<string, string> }

export const VALUE_ENUMS: Record<string, ValueEnum> = {
  PrivateTmp: { boolean: true, values: { disconnected: 257 } },
  PrivateUsers: { boolean: true, values: { self: 257, identity: 257, managed: 258 } },
  ProtectHostname: { boolean: true, values: { private: 257 } },
  ProtectControlGroups: { boolean: true, values: { private: 257, strict: 257 } },
  ProtectSystem: { boolean: true, values: { full: 214, strict: 232 } },
  ProtectHome: { boolean: true, values: { 'read-only': 214, tmpfs: 242 } },
  ProtectProc: { boolean: false, values: { default: 247, noaccess: 247, invisible: 247, ptraceable: 247 } },
  ProcSubset: { boolean: false, values: { all: 247, pid: 247 } },
  KeyringMode: { boolean: false, values: { inherit: 235, private: 235, shared: 235 } },
  DevicePolicy: { boolean: false, values: { auto: 208, closed: 208, strict: 208 } },
  KillMode: {
    boolean: false, values: { 'control-group': 1, process: 1, mixed: 209, none: 1 }, emptyOk: true,
    deprecated: { none: 'systemd then neither tracks nor stops the service\'s processes, so they outlive it (and its restarts stack up); use mixed or control-group' },
  },
  NotifyAccess: { boolean: false, values: { none: 1, main: 1, exec: 232, all: 1 } },
  ExitType: { boolean: false, values: { main: 250, cgroup: 250 } },
};

/** The release that added `value` for `key` (0 when the key takes it since the key exists), or null when it is not a value of the key. */
export function enumValueSince(key: string, value: string): number | null {
  const e = Object.prototype.hasOwnProperty.call(VALUE_ENUMS, key) ? VALUE_ENUMS[key] : undefined;
  if (!e) return null;
  if (Object.prototype.hasOwnProperty.call(e.values, value)) return e.values[value];
  return null;
}
