import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TextEdit } from '../../../server/src/common/types';
import { lint } from './helpers';

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (l: number, c: number) => {
    let o = 0;
    for (let i = 0; i < l; i++) o += lines[i].length + 1;
    return o + c;
  };
  const abs = edits.map(e => ({ s: offset(e.range.start.line, e.range.start.character), e: offset(e.range.end.line, e.range.end.character), t: e.newText }));
  abs.sort((a, b) => b.s - a.s);
  let out = text;
  for (const x of abs) out = out.slice(0, x.s) + x.t + out.slice(x.e);
  return out;
}

function fixed(text: string, rule: string, title?: RegExp, file = 'x.service', version = 258): string {
  const f = lint(text, file, version).find(x => x.ruleId === rule);
  assert.ok(f, `no ${rule} finding`);
  const fx = title ? f.fixes?.find(x => title.test(x.title)) : f.fixes?.[0];
  assert.ok(fx, `no fix for ${rule}`);
  return applyEdits(text, fx.edits);
}

const S = (body: string) => `[Service]\nExecStart=/bin/true\n${body}\n`;

test('rename misspelt key', () => {
  assert.equal(fixed(S('MemroyMax=1G'), 'SDU007'), S('MemoryMax=1G'));
});

test('MemoryLimit → MemoryMax keeps the value; CPUShares → CPUWeight and BlockIOWeight → IOWeight rescale it', () => {
  assert.equal(fixed(S('MemoryLimit=2G'), 'SDU009'), S('MemoryMax=2G'));
  assert.equal(fixed(S('CPUShares=2048'), 'SDU009'), S('CPUWeight=200'));
  assert.equal(fixed(S('CPUShares=1024'), 'SDU009'), S('CPUWeight=100'));
  assert.equal(fixed(S('BlockIOWeight=500'), 'SDU009'), S('IOWeight=100'));
  assert.equal(fixed(S('BlockIOWeight=1000'), 'SDU009'), S('IOWeight=200'));
  assert.equal(fixed(S('BlockIOWeight=10'), 'SDU009'), S('IOWeight=2'));
  assert.equal(fixed(S('StartupBlockIOWeight=250'), 'SDU009'), S('StartupIOWeight=50'));
  assert.equal(fixed(S('MemoryMax=1G\nMemoryLimit=1G'), 'SDU009'), S('MemoryMax=1G'));
});

test('move a key into the right section, creating the header', () => {
  assert.equal(fixed('[Unit]\nDescription=x\nMemoryMax=1G\n\n' + S('Restart=no'), 'SDU008'), '[Unit]\nDescription=x\n\n' + S('Restart=no\nMemoryMax=1G'));
  assert.equal(fixed(S('StartLimitIntervalSec=60s'), 'SDU062'), '[Unit]\nStartLimitIntervalSec=60s\n\n' + S('').replace(/\n\n$/, '\n'));
});

test('normalise a size and strip quotes', () => {
  assert.equal(fixed(S('MemoryMax=1g'), 'SDU020'), S('MemoryMax=1G'));
  assert.equal(fixed(S('MemoryMax=2GB'), 'SDU020'), S('MemoryMax=2G'));
  assert.equal(fixed(S('MemoryMax="1G"'), 'SDU013'), S('MemoryMax=1G'));
});

test('remove the overridden duplicate', () => {
  assert.equal(fixed(S('MemoryMax=1G\nMemoryMax=2G'), 'SDU011'), S('MemoryMax=2G'));
});

test('Restart=yes → on-failure or always', () => {
  assert.equal(fixed(S('Restart=yes'), 'SDU060', /on-failure/), S('Restart=on-failure'));
  assert.equal(fixed(S('Restart=yes'), 'SDU060', /always/), S('Restart=always'));
  assert.equal(fixed(S('Restart=On-Failure'), 'SDU060'), S('Restart=on-failure'));
});

test('move an inline comment to its own line', () => {
  assert.equal(fixed(S('  MemoryMax=1G # cap'), 'SDU012'), S('  # cap\n  MemoryMax=1G'));
});

test('other fixes: percent, clamp, -900, infinity, header, oneshot, pressure kill, restart window', () => {
  assert.equal(fixed(S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureLimit=50'), 'SDU052'), S('ManagedOOMMemoryPressure=kill\nManagedOOMMemoryPressureLimit=50%'));
  assert.equal(fixed(S('OOMScoreAdjust=-2000'), 'SDU041'), S('OOMScoreAdjust=-1000'));
  assert.equal(fixed(S('OOMScoreAdjust=-1000'), 'SDU042'), S('OOMScoreAdjust=-900'));
  assert.equal(fixed(S('MemoryMax=0'), 'SDU021'), S('MemoryMax=infinity'));
  assert.equal(fixed('MemoryMax=1G\n', 'SDU004', undefined, 'foo.service.d/limits.conf'), '[Service]\nMemoryMax=1G\n');
  assert.equal(fixed(S('Type=oneshot\nRestart=always'), 'SDU061'), S('Type=oneshot\nRestart=on-failure'));
  assert.equal(fixed(S('ManagedOOMMemoryPressureLimit=50%'), 'SDU053'), S('ManagedOOMMemoryPressureLimit=50%\nManagedOOMMemoryPressure=kill'));
  assert.equal(fixed('[Unit]\nStartLimitIntervalSec=10s\n' + S('Restart=always\nRestartSec=5s\nMemoryMax=1G'), 'SDU063'),
    '[Unit]\nStartLimitIntervalSec=50s\n' + S('Restart=always\nRestartSec=5s\nMemoryMax=1G'));
  assert.equal(fixed(S('SyslogIdentifier=100%z'), 'SDU015'), S('SyslogIdentifier=100%%z'));
});

test('after applying the preferred fix the rule is gone', () => {
  for (const [text, rule] of [[S('MemoryMax=1g'), 'SDU020'], [S('Restart=yes'), 'SDU060'], [S('memorymax=1G'), 'SDU007'], ['[Unit]\nMemoryMax=1G\n' + S(''), 'SDU008']] as const) {
    const after = fixed(text, rule);
    assert.equal(lint(after).filter(f => f.ruleId === rule).length, 0, `${rule} still there in ${JSON.stringify(after)}`);
  }
});
