import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseSysctl } from '../../../server/src/sysctl/parse';

test('key = value with exact ranges; whitespace stripped around, kept inside', () => {
  const p = parseSysctl('  kernel.core_pattern =  |/bin/x %p  \n');
  const e = p.entries[0];
  assert.equal(e.key, 'kernel.core_pattern');
  assert.equal(e.value, '|/bin/x %p');
  assert.deepEqual([e.keyStart, e.keyEnd, e.valueStart, e.valueEnd], [2, 21, 25, 35]);
  assert.deepEqual(e.segments.map(s => [s.text, s.start, s.end]), [['kernel', 2, 8], ['core_pattern', 9, 21]]);
});

test('comments only at line start; # and ; both; blank lines skipped', () => {
  const p = parseSysctl('# a\n   ; b\n\nvm.swappiness=1 # c\n');
  assert.equal(p.comments.length, 2);
  assert.equal(p.entries.length, 1);
  assert.equal(p.entries[0].value, '1 # c');
});

test('separators: the first one decides', () => {
  const dot = parseSysctl('net.ipv4.conf.eth0/100.rp_filter = 1\n').entries[0];
  assert.equal(dot.firstSep, '.');
  assert.deepEqual(dot.segments.map(s => s.text), ['net', 'ipv4', 'conf', 'eth0/100', 'rp_filter']);
  assert.equal(dot.key, 'net.ipv4.conf.eth0/100.rp_filter');
  const slash = parseSysctl('net/ipv4/conf/eth0.100/rp_filter = 1\n').entries[0];
  assert.equal(slash.firstSep, '/');
  assert.deepEqual(slash.segments.map(s => s.text), ['net', 'ipv4', 'conf', 'eth0.100', 'rp_filter']);
  assert.equal(slash.key, dot.key, 'both spellings name the same key');
  assert.ok(slash.mixedSep && dot.mixedSep);
  assert.equal(parseSysctl('vm/swappiness = 1\n').entries[0].key, 'vm.swappiness');
  const rep = parseSysctl('vm..swappiness = 1\n').entries[0];
  assert.ok(rep.repeatedSep);
  assert.equal(rep.key, 'vm.swappiness');
});

test('- prefix: ignore failures with =, exclusion without; globs detected', () => {
  const p = parseSysctl('-vm.swappiness = 1\n-net.ipv4.conf.lo.rp_filter\nnet.ipv4.conf.*.rp_filter = 2\nbroken\n');
  assert.equal(p.entries[0].kind, 'assign');
  assert.equal(p.entries[0].minus, 0);
  assert.equal(p.entries[1].kind, 'exclude');
  assert.equal(p.entries[1].value, null);
  assert.ok(p.entries[2].glob);
  assert.deepEqual(p.bad.map(b => b.text), ['broken']);
});

test('first = splits; empty value allowed; empty key kept for diagnostics', () => {
  const p = parseSysctl('kernel.x = a=b\nvm.y =\n = 5\n');
  assert.equal(p.entries[0].value, 'a=b');
  assert.equal(p.entries[1].value, '');
  assert.equal(p.entries[2].key, '');
});

test('CRLF, lone CR, NUL bytes, huge lines and binary never throw', () => {
  const crlf = parseSysctl('vm.swappiness = 10\r\nvm.dirty_ratio = 5\r\n');
  assert.deepEqual(crlf.entries.map(e => e.value), ['10', '5']);
  assert.equal(parseSysctl('a\u0000b = c\u0000\n').entries[0].value, 'c\u0000');
  const huge = 'vm.x = ' + 'y'.repeat(2_000_000);
  assert.equal(parseSysctl(huge).entries[0].value!.length, 2_000_000);
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < 200; i++) {
    const s = Array.from({ length: 200 }, () => String.fromCharCode(Math.floor(rnd() * 128))).join('');
    parseSysctl(s);
  }
  assert.deepEqual(parseSysctl('').entries, []);
  assert.deepEqual(parseSysctl(undefined as unknown as string).entries, []);
});
