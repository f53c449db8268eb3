/**
 * Every grammar must tokenize a 1 MB line without pathological backtracking. This only runs the
 * tokenizer (no timing assertions; speed is measured in benchmarks): a catastrophic pattern would
 * make this file hang, and the test runner's per-file timeout would then fail it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadGrammar } from './tokenize';
import * as vsctm from 'vscode-textmate';

const MB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const shapes: Record<string, string> = {
  letters: fill('a'),
  digits: fill('7'),
  spaces: fill(' '),
  dashed: fill('a-'),
  dotted: fill('a.'),
  brackets: fill('[ '),
  colons: fill('x:'),
  equals: fill('k='),
  percent: fill('%'),
  backslashes: fill('\\'),
  quotes: fill('"a'),
  kvPairs: fill('anon-rss:1234kB, '),
  gfp: 'x invoked oom-killer: gfp_mask=0x1(' + fill('GFP_KERNEL|') + ')',
  frames: fill(' dump_stack+0x19/0x1b'),
  taskRowish: '[ 1] ' + fill(' 12'),
  timestampish: fill('[Thu May 14 23:17:24 '),
  sysctlKey: fill('net.ipv4.'),
  unitValue: 'ExecStart=' + fill('%n $X 1G '),
};

/** The shapes that stress each grammar's patterns (every one is linear; these would expose one that is not). */
const perGrammar: Record<string, string[]> = {
  'source.oom-log': ['letters', 'spaces', 'dashed', 'dotted', 'colons', 'brackets', 'kvPairs', 'gfp', 'frames', 'taskRowish', 'timestampish'],
  'source.systemd-unit': ['letters', 'spaces', 'equals', 'percent', 'backslashes', 'quotes', 'unitValue'],
  'source.sysctl': ['letters', 'spaces', 'digits', 'equals', 'sysctlKey'],
};

for (const [scope, names] of Object.entries(perGrammar)) {
  for (const name of names) {
    const line = shapes[name];
    test(`${scope}: 1 MB line of ${name} tokenizes`, async () => {
      const grammar = await loadGrammar(scope);
      const r = grammar.tokenizeLine(line, vsctm.INITIAL);
      assert.ok(r.tokens.length > 0);
      assert.equal(r.stoppedEarly, false);
    });
  }
}
