import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { Worker } from 'worker_threads';
import * as fs from 'fs';
import { atomSamples, attacks, regexLiterals, serverSources, type FoundRegex } from './regexes';
import { ANY_PHRASE } from '../../../server/src/oomlog/tokens';
import { SYSLOG_3164 } from '../../../server/src/oomlog/prefix';
import { UNIT_DROPIN, UNIT_EXT } from '../../../server/src/files/languages';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const serverDir = path.join(root, 'server', 'src');

test('the regex scanner finds literals and new RegExp, and skips strings, comments and division', () => {
  const code = [
    "const a = /^\\d+(kB)?$/i; // a /comment/",
    "const b = x / 2 / y;",
    "const s = 'not /a regex/';",
    "if (/[/]x/.test(s)) return /y/g;",
    "const c = new RegExp('^foo\\\\s+$', 'm');",
  ].join('\n');
  const found = regexLiterals(code).map(r => `${r.source}|${r.flags}`);
  assert.deepEqual(found, ['^\\d+(kB)?$|i', '[/]x|', 'y|g', '^foo\\s+$|m']);
});

test('attack strings repeat what the pattern consumes', () => {
  assert.deepEqual(atomSamples('^(\\s*\\d+)+kB$'), [' ', '7', 'k', 'B']);
  const a = attacks('(a+)+$', 1000);
  assert.ok(a.some(s => s.startsWith('aaaa') && s.length > 1000));
});

test('the hang detector catches a catastrophic pattern', async () => {
  const res = await scan([{ file: 'bad.ts', line: 1, source: '^(a+)+$', flags: '' }], 300);
  assert.equal(res.length, 1);
  assert.match(res[0], /bad\.ts:1/);
});

test('no regular expression in server/src backtracks catastrophically on 50,000-character adversarial input', async () => {
  const found: FoundRegex[] = [];
  for (const f of serverSources(serverDir)) found.push(...regexLiterals(fs.readFileSync(f, 'utf8'), path.relative(root, f)));
  assert.ok(found.length >= 5, `expected to find the server's regexes, found ${found.length}`);
  // built at run time from data, so the scanner cannot see them
  for (const [file, re] of BUILT_PATTERNS) found.push({ file, line: 0, source: re.source, flags: re.flags });
  const checked = found.filter(r => !BOUNDED_INPUT.some(b => r.file === b.file && r.source === b.source));
  const problems = await scan(checked, 1000);
  assert.deepEqual(problems, [], 'a pattern that is only ever applied to short, program-made text may go into BOUNDED_INPUT with the reason');
});

/** Patterns the server builds at run time (from data), checked like the literals. */
const BUILT_PATTERNS: [string, RegExp][] = [
  ['server/src/oomlog/tokens.ts', ANY_PHRASE],
  ['server/src/oomlog/prefix.ts', SYSLOG_3164],
  ['server/src/files/languages.ts', UNIT_EXT],
  ['server/src/files/languages.ts', UNIT_DROPIN],
];

/**
 * Patterns that are quadratic on adversarial text but never see user text: their input is made by
 * our own code and short. Each entry says why. Everything else must survive the attack strings.
 */
const BOUNDED_INPUT: { file: string; source: string; why: string }[] = [
  { file: 'server/src/unit/values.ts', source: '\\.?0+$', why: 'applied to Number.toFixed(2) of a value below 1024 (at most 7 characters)' },
];

/**
 * Runs every pattern on its attack strings in a worker; a watchdog ends the worker when one
 * exec runs past the limit (a hang) and goes on with the next pattern.
 */
async function scan(regexes: FoundRegex[], limitMs: number): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  while (next < regexes.length) {
    next = await new Promise<number>(resolve => {
      const worker = new Worker(WORKER, { eval: true, workerData: { regexes: regexes.slice(next), helper: path.join(__dirname, 'regexes.js'), limitMs } });
      const base = next;
      let current = base;
      let last = Date.now();
      const watchdog = setInterval(() => {
        if (Date.now() - last > limitMs * 1.5) {
          const r = regexes[current];
          problems.push(`${r.file}:${r.line} /${r.source}/${r.flags} ran over ${limitMs} ms on an adversarial input (killed)`);
          clearInterval(watchdog);
          void worker.terminate().then(() => resolve(current + 1));
        }
      }, 50);
      worker.on('message', (m: { at?: number; slow?: string; done?: boolean; invalid?: string }) => {
        last = Date.now();
        if (m.at !== undefined) current = base + m.at;
        if (m.slow) problems.push(m.slow);
        if (m.done) { clearInterval(watchdog); void worker.terminate().then(() => resolve(regexes.length)); }
      });
      worker.on('error', e => { problems.push(`worker failed: ${e.message}`); clearInterval(watchdog); resolve(regexes.length); });
    });
  }
  return problems;
}

const WORKER = `
const { parentPort, workerData } = require('worker_threads');
const { attacks } = require(workerData.helper);
workerData.regexes.forEach((r, i) => {
  parentPort.postMessage({ at: i });
  let re;
  try { re = new RegExp(r.source, r.flags.replace(/[gy]/g, '')); } catch { return; }
  for (const input of attacks(r.source)) {
    const t0 = performance.now();
    re.exec(input);
    const ms = performance.now() - t0;
    if (ms > workerData.limitMs) {
      parentPort.postMessage({ slow: r.file + ':' + r.line + ' /' + r.source + '/' + r.flags + ' took ' + ms.toFixed(0) + ' ms on ' + JSON.stringify(input.slice(0, 20)) + '… (' + input.length + ' chars)' });
      break;
    }
    parentPort.postMessage({ at: i });
  }
});
parentPort.postMessage({ done: true });
`;
