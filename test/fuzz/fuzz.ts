/**
 * The fuzz loop: seeds (corpus OOM logs, generated logs, units, sysctl files) → mutations →
 * every service call checked (check.ts). Deterministic for a given seed.
 */
import { generateLog, generateSysctl, generateUnit, readCorpus, Rng } from '../../bench/generate';
import type { LanguageName } from '../../server/src/files/languages';
import { checkInput, type Failure, type Timing } from './check';
import { mutate } from './mutate';

export interface FuzzOptions {
  iterations: number;
  seed: number;
  limitMs?: number;
  /** Stop after this many milliseconds even when iterations remain. */
  timeBudgetMs?: number;
  onProgress?: (done: number, failures: number) => void;
  /** Told about each failure as it happens (a long run's findings are visible before it ends). */
  onFailure?: (f: FuzzFailure) => void;
}

export interface FuzzFailure extends Failure { iteration: number; applied: string[]; seedName: string; input: string }

export interface FuzzSummary {
  iterations: number;
  calls: number;
  failures: FuzzFailure[];
  slowest: Timing & { iteration: number };
  perLanguage: Record<LanguageName, number>;
  ms: number;
}

export function fuzzSeeds(seed: number): Record<LanguageName, { name: string; text: string }[]> {
  const rng = new Rng(seed ^ 0x5eed);
  const corpus = readCorpus();
  const logs = corpus.map(c => ({ name: c.name, text: c.text }));
  logs.push({ name: 'generated-log', text: generateLog({ bytes: 30_000, reports: 2, seed, corpus }) });
  const units = Array.from({ length: 20 }, (_, i) => ({ name: `unit-${i}`, text: generateUnit(rng) }));
  const sysctls = Array.from({ length: 20 }, (_, i) => ({ name: `sysctl-${i}`, text: generateSysctl(rng) }));
  return { 'oom-log': logs, 'systemd-unit': units, sysctl: sysctls };
}

const LANGS: LanguageName[] = ['oom-log', 'systemd-unit', 'sysctl'];

export function runFuzz(opts: FuzzOptions): FuzzSummary {
  const t0 = Date.now();
  const rng = new Rng(opts.seed);
  const seeds = fuzzSeeds(opts.seed);
  const donors = LANGS.flatMap(l => seeds[l].map(s => s.text));
  const failures: FuzzFailure[] = [];
  let slowest: FuzzSummary['slowest'] = { lang: 'oom-log', call: '-', ms: 0, iteration: -1 };
  const perLanguage: Record<LanguageName, number> = { 'oom-log': 0, 'systemd-unit': 0, sysctl: 0 };
  let calls = 0;
  let i = 0;
  for (; i < opts.iterations; i++) {
    if (opts.timeBudgetMs && Date.now() - t0 > opts.timeBudgetMs) break;
    const lang = LANGS[i % 3];
    // mostly its own seeds; sometimes another language's text (a log opened as a unit file ...)
    const pool = rng.chance(0.9) ? seeds[lang] : seeds[rng.pick(LANGS)];
    const seed = rng.pick(pool);
    const { text, applied } = mutate(seed.text, rng, donors);
    const r = checkInput(lang, text, { limitMs: opts.limitMs, rng, hovers: 10, serialize: lang === 'oom-log', stream: lang === 'oom-log' });
    perLanguage[lang]++;
    calls += r.calls;
    if (r.slowest.ms > slowest.ms) slowest = { ...r.slowest, iteration: i };
    for (const f of r.failures) {
      const failure = { ...f, iteration: i, applied, seedName: seed.name, input: text };
      failures.push(failure);
      opts.onFailure?.(failure);
    }
    if (opts.onProgress && i % 100 === 99) opts.onProgress(i + 1, failures.length);
  }
  return { iterations: i, calls, failures, slowest, perLanguage, ms: Date.now() - t0 };
}

/** One line per distinct (language, call, problem head) with a count and the first iteration that hit it. */
export function groupFailures(failures: FuzzFailure[]): { key: string; count: number; first: FuzzFailure }[] {
  const groups = new Map<string, { key: string; count: number; first: FuzzFailure }>();
  for (const f of failures) {
    const head = f.problem.replace(/\d+/g, 'N').slice(0, 120);
    const key = `${f.lang} ${f.call}: ${head}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { key, count: 1, first: f });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
