#!/usr/bin/env node
/**
 * Generates directives.ts (the directive catalogue) from the shared systemd data:
 *   spec/data/directives-by-section.json   which section has which key (systemd main after v258)
 *   spec/data/dump-config-items-252.txt    value type per key as systemd 252 prints it
 *   spec/systemd-sysctl-rules.md           Appendix C: keys of the EXEC / CGROUP / KILL blocks (man page per key)
 * Usage: node server/src/unit/data/generate.mjs [/work/shared/spec]
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const spec = process.argv[2] ?? '/work/shared/spec';
const here = path.dirname(fileURLToPath(import.meta.url));
const bySection = JSON.parse(fs.readFileSync(path.join(spec, 'data/directives-by-section.json'), 'utf8'));
const dumpText = fs.readFileSync(path.join(spec, 'data/dump-config-items-252.txt'), 'utf8');
const md = fs.readFileSync(path.join(spec, 'systemd-sysctl-rules.md'), 'utf8');

const dump = {};
let sec = null;
for (const raw of dumpText.split('\n')) {
  const l = raw.trim();
  if (!l) continue;
  if (l.startsWith('[')) { sec = l.slice(1, -1); continue; }
  const i = l.indexOf('=');
  (dump[sec] ??= {})[l.slice(0, i)] = l.slice(i + 1);
}

function block(name) {
  const at = md.indexOf(`**${name}**`);
  const end = md.indexOf('\n\n', md.indexOf('\n\n', at) + 2);
  return new Set([...md.slice(at, end).matchAll(/`([A-Za-z0-9]+)=`/g)].map(m => m[1]));
}
const EXEC = block('EXEC_CONTEXT_CONFIG_ITEMS');
const CGROUP = block('CGROUP_CONTEXT_CONFIG_ITEMS');
const KILL = block('KILL_CONTEXT_CONFIG_ITEMS');
if (EXEC.size < 100 || CGROUP.size < 50 || KILL.size < 5) throw new Error('could not read Appendix C blocks');

const OWN_PAGE = {
  Unit: 'systemd.unit', Install: 'systemd.unit', Service: 'systemd.service', Socket: 'systemd.socket', Mount: 'systemd.mount',
  Automount: 'systemd.automount', Swap: 'systemd.swap', Timer: 'systemd.timer', Path: 'systemd.path', Slice: 'systemd.slice',
  Scope: 'systemd.scope',
};
const legacy = new Set(bySection._legacy_ignored_since_v258_or_earlier);
// Values accumulate (assigning the empty string resets) — duplicates are not overrides.
const LIST_TYPES = /\[\.\.\.\]|^CONDITION$|^ENVIRON$|^PATH \[ARGUMENT/;
const EXTRA_LIST = new Set([
  'Environment', 'EnvironmentFile', 'PassEnvironment', 'UnsetEnvironment', 'SupplementaryGroups', 'DeviceAllow',
  'IPAddressAllow', 'IPAddressDeny', 'IPIngressFilterPath', 'IPEgressFilterPath', 'SocketBindAllow', 'SocketBindDeny',
  'SystemCallFilter', 'SystemCallArchitectures', 'SystemCallLog', 'RestrictAddressFamilies', 'RestrictNamespaces',
  'RestrictFileSystems', 'RestrictNetworkInterfaces', 'CapabilityBoundingSet', 'AmbientCapabilities', 'LogExtraFields',
  'LogFilterPatterns', 'SetCredential', 'SetCredentialEncrypted', 'LoadCredential', 'LoadCredentialEncrypted', 'ImportCredential',
  'TemporaryFileSystem', 'BindPaths', 'BindReadOnlyPaths', 'MountImages', 'ExtensionImages', 'ExtensionDirectories',
  'RuntimeDirectory', 'StateDirectory', 'CacheDirectory', 'LogsDirectory', 'ConfigurationDirectory', 'BPFProgram', 'NFTSet',
  'IODeviceWeight', 'IOReadBandwidthMax', 'IOWriteBandwidthMax', 'IOReadIOPSMax', 'IOWriteIOPSMax', 'IODeviceLatencyTargetSec',
  'BlockIODeviceWeight', 'BlockIOReadBandwidth', 'BlockIOWriteBandwidth', 'DisableControllers', 'Documentation',
  'RestartPreventExitStatus', 'RestartForceExitStatus', 'SuccessExitStatus', 'Sockets', 'OpenFile', 'Symlinks',
  'ListenStream', 'ListenDatagram', 'ListenSequentialPacket', 'ListenFIFO', 'ListenNetlink', 'ListenSpecial',
  'ListenMessageQueue', 'ListenUSBFunction', 'OnCalendar', 'OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec',
  'OnUnitInactiveSec', 'PathExists', 'PathExistsGlob', 'PathChanged', 'PathModified', 'DirectoryNotEmpty',
  'Alias', 'WantedBy', 'RequiredBy', 'UpheldBy', 'Also', 'ReadWritePaths', 'ReadOnlyPaths', 'InaccessiblePaths', 'ExecPaths',
  'NoExecPaths', 'ExecSearchPath', 'ReadWriteDirectories', 'ReadOnlyDirectories', 'InaccessibleDirectories',
  'FileDescriptorName', 'Options', 'LogNamespace', 'BindIPv6Only', 'CPUAffinity', 'AllowedCPUs', 'NUMAMask', 'LandlockConfig',
]);

const all = new Map();
for (const [section, keys] of Object.entries(bySection)) {
  if (section.startsWith('_')) continue;
  for (const key of keys) {
    const d = all.get(key) ?? { sections: [], types: new Map(), pages: new Set() };
    d.sections.push(section);
    const t = dump[section]?.[key];
    if (t) d.types.set(section, t);
    const page = EXEC.has(key) && !['Slice', 'Scope', 'Unit', 'Install'].includes(section) ? 'systemd.exec'
      : CGROUP.has(key) && !['Unit', 'Install'].includes(section) ? 'systemd.resource-control'
      : KILL.has(key) && !['Unit', 'Install'].includes(section) ? 'systemd.kill'
      : OWN_PAGE[section];
    d.pages.add(page);
    all.set(key, d);
  }
}

const esc = s => JSON.stringify(s);
const rows = [];
for (const key of [...all.keys()].sort()) {
  const d = all.get(key);
  const types = [...new Set(d.types.values())];
  const typeBySection = types.length > 1 ? Object.fromEntries(d.types) : undefined;
  const list = LIST_TYPES.test(types[0] ?? '') || EXTRA_LIST.has(key) || key.startsWith('Exec') && key !== 'ExecSearchPath' ? 1 : 0;
  const fields = [
    `s: ${esc(d.sections.join(' '))}`,
    types.length ? `t: ${esc(types[0])}` : null,
    typeBySection ? `ts: ${esc(typeBySection)}` : null,
    d.types.size ? 'v252: 1' : null,
    legacy.has(key) ? 'legacy: 1' : null,
    list ? 'list: 1' : null,
    `man: ${esc([...d.pages].join(' '))}`,
  ].filter(Boolean);
  rows.push(`  ${key}: { ${fields.join(', ')} },`);
}

const out = `/* eslint-disable */
/**
 * GENERATED by server/src/unit/data/generate.mjs — do not edit by hand; re-run the generator.
 * Sources: directives-by-section.json (systemd main after v258), dump-config-items-252.txt (systemd 252),
 * Appendix C of systemd-sysctl-rules.md (which man page documents a key).
 *
 * s: sections the key is valid in; t: value type printed by systemd 252 (ts: per section when it differs);
 * v252: present in systemd 252; legacy: recognised but ignored (cgroup v1 and older removed keys);
 * list: values accumulate (a repeat is not an override); man: man page(s) documenting the key.
 */
export interface DirectiveRow { s: string; t?: string; ts?: Record<string, string>; v252?: 1; legacy?: 1; list?: 1; man: string }

export const DIRECTIVE_ROWS: Record<string, DirectiveRow> = {
${rows.join('\n')}
};
`;
fs.writeFileSync(path.join(here, 'directives.ts'), out);
console.log(`wrote ${rows.length} directives`);
