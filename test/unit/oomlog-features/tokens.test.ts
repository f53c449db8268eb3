import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { oomLogService as svc } from '../../../server/src/crossfile';
import type { Token } from '../../../server/src/common/types';
import { Cands, resolve } from '../../../server/src/oomlog/tokens';
import { corpus, corpusFiles, ctx } from './helpers';
import * as fs from 'fs';
import * as path from 'path';
import { corpusDir } from './helpers';

function tokenText(lines: string[], t: Token): string {
  return lines[t.line].slice(t.start, t.start + t.length);
}

test('on every corpus file tokens stay inside their line and never overlap', () => {
  for (const f of corpusFiles()) {
    const text = fs.readFileSync(path.join(corpusDir(), f), 'utf8');
    const lines = text.split('\n').map(l => l.replace(/\r$/, ''));
    const toks = svc.tokens(svc.analyze(text, ctx()));
    assert.ok(toks.length > 0, f);
    let prev: Token | undefined;
    for (const t of toks) {
      assert.ok(t.length > 0, `${f}: empty token`);
      assert.ok(t.line >= 0 && t.line < lines.length, `${f}: token on line ${t.line}`);
      assert.ok(t.start >= 0 && t.start + t.length <= lines[t.line].length, `${f}:${t.line}: token ${t.start}+${t.length} leaves the line`);
      // each token after the first starts after the one before it ends
      assert.ok(!prev || prev.line < t.line || (prev.line === t.line && prev.start + prev.length <= t.start), `${f}:${t.line}: overlap or out of order`);
      prev = t;
    }
  }
});

test('range tokens equal the full tokens filtered to the range', () => {
  for (const name of ['09', '00', '01']) {
    const text = corpus(name);
    const a = svc.analyze(text, ctx());
    const full = svc.tokens(a);
    for (const [s, e] of [[0, 10], [40, 90], [200, 230], [405, 411], [62, 62]]) {
      const range = { start: { line: s, character: 0 }, end: { line: e, character: 0 } };
      const part = svc.tokens(a, range);
      assert.deepEqual(part, full.filter(t => t.line >= s && t.line <= e), `${name} ${s}-${e}`);
    }
  }
});

test('token kinds on a 5.4 global report', () => {
  const text = corpus('09');
  const lines = text.split('\n');
  const a = svc.analyze(text, ctx());
  const toks = svc.tokens(a);
  const on = (needle: string) => {
    const line = lines.findIndex(l => l.includes(needle));
    return toks.filter(t => t.line === line).map(t => `${t.kind}:${tokenText(lines, t)}`);
  };
  const trigger = on('python3 invoked oom-killer');
  assert.ok(trigger.includes('timestamp:[Thu May 14 23:17:24 2020] '));
  assert.ok(trigger.includes('process:python3'));
  assert.ok(trigger.includes('keyword:invoked oom-killer'));
  assert.ok(trigger.includes('field:gfp_mask'));
  const kill = on('Killed process 3143527');
  assert.ok(kill.includes('victim:3143527'));
  assert.ok(kill.includes('victim:containerd-shim'));
  assert.ok(kill.includes('keyword:Killed process'));
  assert.ok(kill.includes('number:620'));
  assert.ok(kill.includes('unit:kB'));
  const summary = on('oom-kill:constraint');
  assert.ok(summary.includes('flag:CONSTRAINT_NONE'));
  assert.ok(summary.includes('path:/system.slice/containerd.service'));
  // the victim's task-table row
  const row = on('[3143527]');
  assert.ok(row.includes('victim:containerd-shim'), row.join(' '));
  assert.ok(on('dump_stack+0x6d/0x9a').includes('stack:dump_stack+0x6d/0x9a'));
});

test('gfp flag names are flag tokens; stack frames with addresses are stack tokens', () => {
  const text = corpus('15');
  const lines = text.split('\n');
  const toks = svc.tokens(svc.analyze(text, ctx()));
  const first = toks.filter(t => t.line === 0).map(t => `${t.kind}:${tokenText(lines, t)}`);
  for (const f of ['GFP_HIGHUSER_MOVABLE', '__GFP_ZERO', '__GFP_COMP']) assert.ok(first.includes(`flag:${f}`), first.join(' '));
  const old = corpus('00');
  const oldLines = old.split('\n');
  const oldToks = svc.tokens(svc.analyze(old, ctx()));
  const frameLine = oldLines.findIndex(l => l.includes('dump_header+0x7e/0xbd'));
  assert.deepEqual(oldToks.filter(t => t.line === frameLine).map(t => `${t.kind}:${tokenText(oldLines, t)}`), ['stack:dump_header+0x7e/0xbd']);
  const cgroup = oldToks.filter(t => t.kind === 'path').map(t => tokenText(oldLines, t));
  assert.ok(cgroup.some(p => p.startsWith('/docker/a4d47fb7')));
});

test('tokens on garbage, CRLF and a huge line: no throw, still inside lines', () => {
  const crlf = corpus('09').replace(/\n/g, '\r\n');
  const lines = crlf.split('\r\n');
  for (const t of svc.tokens(svc.analyze(crlf, ctx()))) assert.ok(t.start + t.length <= lines[t.line].length);
  const huge = `x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n${'a'.repeat(200000)}\n`;
  const hugeLines = huge.split('\n');
  for (const t of svc.tokens(svc.analyze(huge, ctx()))) assert.ok(t.start + t.length <= hugeLines[t.line].length);
});

test('overlapping candidates: the higher priority wins, then the earlier, then the longer; a dropped one blocks nothing', () => {
  const cands = new Cands();
  const c = (start: number, length: number, prio: number, kind: Token['kind'] = 'keyword') => cands.add(start, length, kind, prio);
  const out: Token[] = [];
  // a line before, with more candidates than this one: its objects are reused, none must leak in
  for (let i = 0; i < 14; i++) c(i * 3, 2, 0, 'flag');
  cands.clear();
  c(20, 10, 1);          // phrase over the field below: dropped
  c(28, 6, 1, 'string'); // overlaps only the dropped phrase: kept
  c(22, 4, 0, 'number'); // field
  c(0, 5, 2, 'stack');   // lowest priority: dropped, it overlaps the unit below
  c(2, 2, 0, 'unit');
  c(10, 3, 0, 'field');
  c(10, 5, 0, 'path');   // same start and priority, longer: wins
  c(40, 5, 0);           // leaves the line (length 42): dropped
  c(-1, 3, 0);           // before the line: dropped
  c(12, 0, 0);           // empty: dropped
  resolve(3, cands, 42, out);
  assert.deepEqual(out.map(t => `${t.line}:${t.start}+${t.length}:${t.kind}`), ['3:2+2:unit', '3:10+5:path', '3:22+4:number', '3:28+6:string']);
});
