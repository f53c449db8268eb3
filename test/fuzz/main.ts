/**
 * `npm run fuzz -- --iterations N --seed S [--minutes M] [--limit-ms L] [--save DIR]`
 * Prints iterations, failures (grouped) and the slowest call; exit code 1 when anything failed.
 * With --save, the input of the first failure of each group is written to DIR for reproduction.
 */
import * as fs from 'fs';
import * as path from 'path';
import { groupFailures, runFuzz } from './fuzz';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

function main(): number {
  const iterations = arg('--iterations', 1000);
  const seed = arg('--seed', 1);
  const minutes = arg('--minutes', 0);
  const limitMs = arg('--limit-ms', 1000);
  const saveAt = process.argv.indexOf('--save');
  const save = saveAt >= 0 ? process.argv[saveAt + 1] : '';
  const summary = runFuzz({
    iterations, seed, limitMs, timeBudgetMs: minutes ? minutes * 60_000 : undefined,
    onProgress: (done, failures) => { if (done % 1000 === 0) process.stderr.write(`  ${done} iterations, ${failures} failures\n`); },
    onFailure: f => process.stderr.write(`  FAIL iteration ${f.iteration} ${f.lang} ${f.call}: ${f.problem.slice(0, 200)}\n`),
  });
  const groups = groupFailures(summary.failures);
  console.log(`fuzz seed ${seed}: ${summary.iterations} iterations (${Object.entries(summary.perLanguage).map(([l, n]) => `${l} ${n}`).join(', ')}), ` +
    `${summary.calls} calls in ${(summary.ms / 1000).toFixed(1)} s`);
  console.log(`failures: ${summary.failures.length} in ${groups.length} groups`);
  console.log(`slowest call: ${summary.slowest.lang} ${summary.slowest.call} ${summary.slowest.ms.toFixed(1)} ms of CPU (iteration ${summary.slowest.iteration})`);
  for (const g of groups.slice(0, 40)) {
    console.log(`  ${String(g.count).padStart(5)}× ${g.key}`);
    console.log(`         first: iteration ${g.first.iteration}, seed input ${g.first.seedName}, mutations ${g.first.applied.join(',')}`);
    console.log(`         ${g.first.problem.slice(0, 300)}`);
  }
  if (save && groups.length) {
    fs.mkdirSync(save, { recursive: true });
    groups.forEach((g, i) => fs.writeFileSync(path.join(save, `${i}-${g.first.lang}-${g.first.call.replace(/\W+/g, '_')}.txt`), g.first.input));
    console.log(`inputs saved to ${save}`);
  }
  return summary.failures.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
