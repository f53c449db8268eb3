import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { LanguageService } from '../../../server/src/common/service';
import { checkInput, lineLengths } from '../../fuzz/check';
import { groupFailures, runFuzz } from '../../fuzz/fuzz';
import { mutate, mutators } from '../../fuzz/mutate';
import { Rng } from '../../../bench/generate';

test('LSP line model: \\r\\n, \\r and \\n each end a line', () => {
  assert.deepEqual(lineLengths('ab\r\ncde\rf\n\n'), [2, 3, 1, 0, 0]);
  assert.deepEqual(lineLengths(''), [0]);
});

test('the checker catches a service that throws, answers out of range, overlaps tokens or breaks symbols', () => {
  const r = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
  const broken: LanguageService<string> = {
    analyze: t => t,
    diagnostics: () => [{ ruleId: 'X1', severity: 'error', message: 'm', range: r }],
    hover: () => { throw new Error('boom'); },
    tokens: () => [{ line: 0, start: 0, length: 3, kind: 'number' }, { line: 0, start: 2, length: 1, kind: 'unit' }],
    symbols: () => [{ name: 'e', kind: 'event', range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, selectionRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } } }],
    codeLenses: () => [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, title: 't' }],
  };
  const res = checkInput('oom-log', 'abcd\nef', { service: broken, hovers: 1 });
  const calls = new Set(res.failures.map(f => f.call));
  for (const c of ['diagnostics', 'hover', 'tokens', 'symbols', 'codeLenses']) assert.ok(calls.has(c), `expected a ${c} failure, got ${JSON.stringify(res.failures)}`);
});

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

test('the checker flags a call slower than the limit', () => {
  const slow: LanguageService<string> = {
    // spins until it has used 30 ms of CPU (the checker measures CPU time, so a loaded machine cannot make this faster)
    analyze: t => { const start = process.cpuUsage(); while (cpuMs(process.cpuUsage(start)) < 30) { /* spin */ } return t; },
    diagnostics: () => [], hover: () => null, tokens: () => [], symbols: () => [],
  };
  const res = checkInput('sysctl', 'x', { service: slow, limitMs: 10 });
  assert.ok(res.failures.some(f => f.call === 'analyze' && /took/.test(f.problem)));
});

test('mutations are deterministic for a seed and every operator runs on empty and normal text', () => {
  const a = mutate('a=1\nb=2\n', new Rng(7), ['x']);
  const b = mutate('a=1\nb=2\n', new Rng(7), ['x']);
  assert.deepEqual(a, b);
  for (const [name, m] of Object.entries(mutators)) {
    assert.equal(typeof m('', new Rng(1), []), 'string', name);
    assert.equal(typeof m('[ 1.0] x invoked oom-killer: gfp_mask=0x0\nMemoryMax=1G\n', new Rng(2), ['donor text\nline']), 'string', name);
  }
});

test('duplicating a long line adds no more than the 2 MB cap (2,000 copies of a 2 MB line killed the 700,000-input run)', () => {
  const line = 'x'.repeat(100_000);
  let many = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const out = mutators.duplicateLine(line, new Rng(seed), []);
    assert.ok(out.length <= line.length + 2_000_000, `seed ${seed}: ${out.length} characters`);
    if (out.length > 1_000_000) many++;
  }
  assert.ok(many > 0, 'no seed asked for hundreds of copies');
});

test('fixed-seed fuzz pass: 300 mutated inputs over all three languages, no failure', () => {
  const summary = runFuzz({ iterations: 300, seed: 20240611, limitMs: 1000 });
  assert.equal(summary.iterations, 300);
  const groups = groupFailures(summary.failures);
  assert.deepEqual(groups.map(g => `${g.key} (${g.count}×, first at iteration ${g.first.iteration}: ${g.first.problem.slice(0, 200)})`), []);
});
