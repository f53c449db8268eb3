/**
 * Value enumerations generated from systemd's sources (server/src/unit/data/valueEnumsData.ts): the words
 * and releases systemd's parsers, man pages and NEWS give, checked against facts read off those sources
 * by hand, and the generated file's shape (what the generator writes and nothing edited after it).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { execFileSync } from 'child_process';
import { VALUE_ENUMS, enumValueSince, directiveSince } from '../../../server/src/unit/data/valueEnums';
import { GENERATED_VALUE_ENUMS, SOURCE_VERSIONS } from '../../../server/src/unit/data/valueEnumsData';
import { full, lint } from './helpers';

test('words the issue names are valid with the release that added them', () => {
  const facts: [string, string, number][] = [
    ['PrivateTmp', 'disconnected', 257],
    ['PrivateUsers', 'self', 257], ['PrivateUsers', 'identity', 257], ['PrivateUsers', 'full', 258], ['PrivateUsers', 'managed', 260],
    ['ProtectHostname', 'private', 258],
    ['ProtectControlGroups', 'private', 257], ['ProtectControlGroups', 'strict', 257],
    ['ProtectSystem', 'full', 214], ['ProtectSystem', 'strict', 232],
    ['ProtectHome', 'read-only', 214], ['ProtectHome', 'tmpfs', 238],
    ['ProtectProc', 'invisible', 247], ['ProcSubset', 'pid', 247],
    ['KeyringMode', 'shared', 235], ['DevicePolicy', 'strict', 208],
    ['KillMode', 'mixed', 209], ['NotifyAccess', 'exec', 233], ['ExitType', 'cgroup', 250],
    ['OOMPolicy', 'kill', 243], ['ManagedOOMSwap', 'kill', 247], ['ManagedOOMPreference', 'omit', 248],
    ['Restart', 'on-abnormal', 214], ['RestartMode', 'debug', 257], ['Type', 'exec', 240], ['Type', 'notify-reload', 253],
  ];
  for (const [key, word, since] of facts) assert.equal(enumValueSince(key, word), since, `${key}=${word}`);
});

test('words as old as their key carry no later release (no "needs systemd N" for Type=simple on systemd 239)', () => {
  for (const [key, word] of [['Type', 'simple'], ['Type', 'forking'], ['Type', 'notify'], ['Restart', 'always'], ['Restart', 'on-failure'],
    ['NotifyAccess', 'main'], ['KillMode', 'control-group'], ['KillMode', 'process']] as const) {
    const v = enumValueSince(key, word);
    assert.ok(v !== null && v < 239, `${key}=${word}: ${v}`);
  }
});

test('every word of the hand-written table it replaces is still known, at the same release or one NEWS states', () => {
  // The releases that differ: NEWS 233 "NotifyAccess= gained a new supported value exec"; NEWS 238 "ProtectHome=tmpfs may now be
  // used"; NEWS 258 "ProtectHostname= ... now accepts a new value private" (257's parser is config_parse_bool); NEWS 260
  // "PrivateUsers= gained a new possible value managed"; KillMode's and NotifyAccess's original words date from the key.
  const before: Record<string, Record<string, number>> = {
    PrivateTmp: { disconnected: 257 }, PrivateUsers: { self: 257, identity: 257, managed: 260 }, ProtectHostname: { private: 258 },
    ProtectControlGroups: { private: 257, strict: 257 }, ProtectSystem: { full: 214, strict: 232 }, ProtectHome: { 'read-only': 214, tmpfs: 238 },
    ProtectProc: { default: 247, noaccess: 247, invisible: 247, ptraceable: 247 }, ProcSubset: { all: 247, pid: 247 },
    KeyringMode: { inherit: 235, private: 235, shared: 235 }, DevicePolicy: { auto: 208, closed: 208, strict: 208 },
    KillMode: { 'control-group': 187, process: 187, mixed: 209, none: 187 }, NotifyAccess: { none: 0, main: 0, exec: 233, all: 0 },
    ExitType: { main: 250, cgroup: 250 },
  };
  for (const key of Object.keys(before)) for (const w of Object.keys(before[key])) assert.equal(enumValueSince(key, w), before[key][w], `${key}=${w}`);
  assert.equal(VALUE_ENUMS.PrivateTmp.boolean, true);
  assert.equal(VALUE_ENUMS.ProtectProc.boolean, false);
  assert.equal(VALUE_ENUMS.KillMode.emptyOk, true);
  assert.ok(VALUE_ENUMS.KillMode.deprecated?.none);
  assert.equal(VALUE_ENUMS.ProtectSystem.emptyOk, undefined);
});

test('not a word of the key, or not a key with words: null', () => {
  assert.equal(enumValueSince('PrivateTmp', 'yes'), null); // a boolean, not a word
  assert.equal(enumValueSince('PrivateTmp', 'Disconnected'), null);
  assert.equal(enumValueSince('MemoryMax', '1G'), null);
  assert.equal(enumValueSince('toString', 'x'), null);
  assert.equal(enumValueSince('PrivateTmp', 'constructor'), null);
});

test('directiveSince: the release the man pages name, kept within the tarballs that first have the key', () => {
  assert.equal(directiveSince('ManagedOOMPreference'), 248);
  assert.equal(directiveSince('MemoryZSwapWriteback'), 256);
  assert.equal(directiveSince('RestartMode'), 254);
  assert.equal(directiveSince('ProtectHostname'), 242);
  assert.equal(directiveSince('ConditionCPUPressure'), 250);
  assert.equal(directiveSince('AssertCPUPressure'), 250); // one man entry for all Assert*=; dated by its Condition twin
  assert.equal(directiveSince('MemoryMax'), 231);
  assert.equal(directiveSince('Address'), null); // a .network key, not a unit-file directive
  assert.equal(directiveSince('NoSuchKey'), null);
  assert.equal(directiveSince('hasOwnProperty'), null);
});

test('the generated data is what the generator writes: sorted, from several releases, every word with a release', () => {
  const file = fs.readFileSync(path.join(__dirname, '../../../../server/src/unit/data/valueEnumsData.ts'), 'utf8');
  assert.match(file, /^\/\* eslint-disable \*\/\n\/\*\*\n \* GENERATED by server\/src\/unit\/data\/generate-value-enums\.mjs/);
  assert.ok(SOURCE_VERSIONS.length >= 2 && SOURCE_VERSIONS[0] <= 252, `releases read: ${SOURCE_VERSIONS}`);
  const keys = Object.keys(GENERATED_VALUE_ENUMS);
  assert.deepEqual(keys, [...keys].sort());
  const newest = SOURCE_VERSIONS[SOURCE_VERSIONS.length - 1];
  for (const k of keys) {
    for (const [w, v] of Object.entries(GENERATED_VALUE_ENUMS[k].values)) {
      assert.ok(Number.isInteger(v) && v >= 0 && v <= newest, `${k}=${w}: ${v}`);
      assert.ok(!GENERATED_VALUE_ENUMS[k].boolean || !['yes', 'no', 'true', 'false', 'on', 'off'].includes(w), `${k}=${w} is a boolean spelling`);
    }
  }
  // a word newer than the oldest release read is dated inside the span of releases read (never 0)
  assert.ok(enumValueSince('PrivateTmp', 'disconnected')! > SOURCE_VERSIONS[0]);
});

test('a key with another parser in some section is dated but is no word set (Type= of [Mount] names a file system)', () => {
  assert.equal(GENERATED_VALUE_ENUMS.Type.partial, true);
  assert.equal(Object.prototype.hasOwnProperty.call(VALUE_ENUMS, 'Type'), false);
  assert.equal(enumValueSince('Type', 'exec'), 240);
  assert.equal(enumValueSince('Type', 'ext4'), null);
});

// The generator needs unpacked systemd trees (tens of MB, kept out of the repo; usage in the generator's header).
const trees = process.env.OOM_LENS_SYSTEMD_TREES;
test('the committed data is what the generator makes from the systemd trees', { skip: trees ? false : 'set OOM_LENS_SYSTEMD_TREES to the unpacked systemd trees' }, () => {
  const root = path.join(__dirname, '../../../..');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'value-enums-')), 'valueEnumsData.ts');
  execFileSync(process.execPath, [path.join(root, 'server/src/unit/data/generate-value-enums.mjs'), trees!, out], { stdio: 'pipe' });
  assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(path.join(root, 'server/src/unit/data/valueEnumsData.ts'), 'utf8'));
});

test('keys the generated data adds are checked as systemd parses them: a known word passes, a wrong one is SDU014, a newer one SDU032', () => {
  const S = (body: string) => `[Service]\nExecStart=/bin/true\n${body}\n`;
  const at = (body: string, version: number) => lint(S(body), 'x.service', version).filter(f => f.range.start.line === 2);
  assert.deepEqual(at('TimeoutStopFailureMode=abort', 258), []);
  assert.deepEqual(at('UtmpMode=user', 258), []);
  const wrong = at('UtmpMode=users', 258);
  assert.deepEqual(wrong.map(f => `${f.ruleId} ${f.severity}`), ['SDU014 error']);
  assert.match(full(wrong[0]), /UtmpMode= takes init, login, user \(lowercase\)/);
  const newer = at('TimeoutStopFailureMode=abort', 245);
  assert.ok(newer.some(f => f.ruleId === 'SDU032'), JSON.stringify(newer.map(f => f.ruleId)));
  assert.match(full(at('RuntimeDirectoryPreserve=on-success', 258).find(f => f.ruleId === 'SDU032')!), /needs systemd 262/);
});

test('a word that takes an argument: ProtectHostname=private:NAME is valid from 258, a bare colon or an unknown word is not', () => {
  assert.equal(enumValueSince('ProtectHostname', 'private:myhost'), 258);
  assert.equal(enumValueSince('ProtectHostname', 'private:'), null);
  assert.equal(enumValueSince('ProtectHostname', 'public:myhost'), null);
  assert.equal(enumValueSince('PrivateTmp', 'disconnected:x'), null);
  const errors = (text: string, version?: number) => lint(text, 'x.service', version).filter(f => f.ruleId === 'SDU014' || f.ruleId === 'SDU032').map(f => f.ruleId);
  assert.deepEqual(errors('[Service]\nExecStart=/bin/true\nProtectHostname=private:myhost\n'), []);
  assert.deepEqual(errors('[Service]\nExecStart=/bin/true\nProtectHostname=private:myhost\n', 257), ['SDU032']);
  assert.deepEqual(errors('[Service]\nExecStart=/bin/true\nProtectHostname=public:myhost\n'), ['SDU014']);
});
