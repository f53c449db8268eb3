/**
 * OOM-log parser benchmark: parseOomLog on a generated 50 MB mixed log (200 reports, seed 1)
 * against `grep -c 'invoked oom-killer'` on the same file, in the same run (the machine may be
 * shared, so only the ratio means something). Also times materialising every event's fields
 * (what hover/tokens pay on first use) and, when dist/cli.js exists, `oom-lens analyze` end to end.
 *
 *   esbuild bench/parse-profile.ts --bundle --platform=node --target=node20 --outfile=bench/.data/parse-profile.cjs
 *   node bench/.data/parse-profile.cjs [--mb 50] [--reports 200] [--runs 5] [--once]
 *
 * `--once` parses a single time (for `node --cpu-prof`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { generateLog } from './generate';
import { parseOomLog } from '../server/src/oomlog/parse';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

const mb = arg('mb', 50);
const reports = arg('reports', 200);
const runs = arg('runs', 5);
const once = process.argv.includes('--once');

const root = path.resolve(__dirname, '..', '..');
const dataDir = path.join(root, 'bench', '.data');
fs.mkdirSync(dataDir, { recursive: true });
const file = path.join(dataDir, `oom-${mb}mb-${reports}r-seed1.log`);
if (!fs.existsSync(file)) {
  const t = Date.now();
  fs.writeFileSync(file, generateLog({ bytes: mb * 1024 * 1024, reports, seed: 1 }));
  console.log(`generated ${file} in ${Date.now() - t} ms`);
}
const text = fs.readFileSync(file, 'utf8');

function ms(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (once) {
  const t = ms(() => parseOomLog(text));
  console.log(`parse once: ${t.toFixed(0)} ms`);
  process.exit(0);
}

const parse: number[] = [];
const parseCpu: number[] = [];
const grep: number[] = [];
const fields: number[] = [];
const cli: number[] = [];
let events = 0;
let fieldCount = 0;
let peakRss = 0;
const cliPath = path.join(root, 'dist', 'cli.js');
for (let r = 0; r < runs; r++) {
  // interleave, so load from other processes hits both sides alike
  grep.push(ms(() => execFileSync('grep', ['-c', 'invoked oom-killer', file])));
  let a: ReturnType<typeof parseOomLog> | undefined;
  const cpu0 = process.cpuUsage();
  parse.push(ms(() => { a = parseOomLog(text); }));
  const cpu = process.cpuUsage(cpu0);
  parseCpu.push((cpu.user + cpu.system) / 1000);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  events = a!.events.length;
  fields.push(ms(() => { fieldCount = 0; for (const ev of a!.events) fieldCount += a!.fields.all(ev).length; }));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (fs.existsSync(cliPath)) {
    cli.push(ms(() => { spawnSync(process.execPath, [cliPath, 'analyze', file], { stdio: 'ignore' }); }));
  }
}
const g = median(grep);
const p = median(parse);
console.log(`file: ${(text.length / 1048576).toFixed(1)} MiB, ${events} events, ${fieldCount} fields`);
console.log(`grep -c:        ${g.toFixed(0)} ms  (runs: ${grep.map(x => x.toFixed(0)).join(' ')})`);
console.log(`parseOomLog:    ${p.toFixed(0)} ms  (runs: ${parse.map(x => x.toFixed(0)).join(' ')})  ratio ${(p / g).toFixed(2)}x grep`);
console.log(`parse CPU time: ${median(parseCpu).toFixed(0)} ms  (runs: ${parseCpu.map(x => x.toFixed(0)).join(' ')})`);
console.log(`all fields:     ${median(fields).toFixed(0)} ms  (runs: ${fields.map(x => x.toFixed(0)).join(' ')})`);
if (cli.length) console.log(`cli analyze:    ${median(cli).toFixed(0)} ms  (runs: ${cli.map(x => x.toFixed(0)).join(' ')})  ratio ${(median(cli) / g).toFixed(2)}x grep`);
console.log(`peak RSS:       ${(peakRss / 1048576).toFixed(0)} MiB`);
