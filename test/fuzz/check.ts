/**
 * Runs every call of a LanguageService on one input and checks what comes back:
 * no exception, no call taking more CPU time than the limit, every range inside the document (LSP line model:
 * \r\n, \r and \n end a line; characters are UTF-16 units), tokens inside their line and not
 * overlapping, document-symbol selection ranges inside their ranges.
 */
import type { DocumentContext, LanguageService } from '../../server/src/common/service';
import { defaultSettings, emptyWorkspace, type WorkspaceFile } from '../../server/src/common/service';
import type { Position, Range, SymbolEntry, Token } from '../../server/src/common/types';
import { RULE_CRASH_ID } from '../../server/src/common/rules';
import { encodeTokens } from '../../server/src/features/semanticTokens';
import { services, type LanguageName } from '../../server/src/files/languages';
import { foreignLine, readCorpus, Rng } from '../../bench/generate';
import { parseOomLog } from '../../server/src/oomlog/parse';
import { analyzeChunks, WholeTextNeeded } from '../../server/src/oomlog/stream/regions';

export interface Failure { lang: LanguageName; call: string; problem: string }
export interface Timing { lang: LanguageName; call: string; ms: number }
export interface CheckResult { failures: Failure[]; slowest: Timing; calls: number }

export const PATHS: Record<LanguageName, string> = {
  'oom-log': '/var/log/kern.log',
  'systemd-unit': '/etc/systemd/system/app.service',
  sysctl: '/etc/sysctl.d/99-fuzz.conf',
};

/**
 * Files beside the input, so the cross-file rules run under the fuzzer too (log evidence SDU069,
 * slice protection SDU026, sysctl merging): a slice drop-in and a unit drop-in, a sysctl file,
 * and a corpus log whose killed unit is renamed to the fuzzed unit's name.
 */
let neighbours: { units: WorkspaceFile[]; sysctl: WorkspaceFile[]; logs: WorkspaceFile[] } | undefined;
function neighbourFiles(): NonNullable<typeof neighbours> {
  if (neighbours) return neighbours;
  const file = (path: string, text: string): WorkspaceFile => ({ uri: `file://${path}`, path, text });
  const corpus = readCorpus().find(c => c.text.includes('task_memcg=/system.slice/containerd.service'));
  neighbours = {
    units: [
      file('/etc/systemd/system/system.slice.d/memory.conf', '[Slice]\nMemoryLow=1G\n'),
      file('/etc/systemd/system/app.service.d/slice.conf', '[Service]\nSlice=app-web.slice\n'),
      file('/etc/systemd/system/app-web.slice', '[Slice]\nMemoryMin=512M\n'),
    ],
    sysctl: [file('/etc/sysctl.d/10-base.conf', 'vm.panic_on_oom = 1\nvm.overcommit_memory = 2\n')],
    logs: corpus ? [file('/var/log/old/kern.log', corpus.text.split('containerd.service').join('app.service'))] : [],
  };
  return neighbours;
}

/** @param text the input itself: it is in the workspace too, as an open document is */
export function contextFor(lang: LanguageName, text?: string): DocumentContext {
  const p = PATHS[lang];
  if (text === undefined) return { uri: `file://${p}`, path: p, settings: defaultSettings, workspace: emptyWorkspace };
  const n = neighbourFiles();
  const self: WorkspaceFile[] = [{ uri: `file://${p}`, path: p, text }];
  return {
    uri: `file://${p}`, path: p, settings: defaultSettings,
    workspace: {
      unitFiles: () => (lang === 'systemd-unit' ? [...n.units, ...self] : n.units),
      sysctlFiles: () => (lang === 'sysctl' ? [...n.sysctl, ...self] : n.sysctl),
      logFiles: () => (lang === 'oom-log' ? [...n.logs, ...self] : n.logs),
    },
  };
}

/** Line lengths under the LSP line model. */
export function lineLengths(text: string): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      out.push(i - start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  out.push(text.length - start);
  return out;
}

function posOk(p: Position | undefined, lens: number[]): string | null {
  if (!p || typeof p.line !== 'number' || typeof p.character !== 'number') return 'position missing or not numeric';
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `non-integer position ${p.line}:${p.character}`;
  if (p.line < 0 || p.line >= lens.length) return `line ${p.line} outside 0..${lens.length - 1}`;
  if (p.character < 0 || p.character > lens[p.line]) return `character ${p.character} outside 0..${lens[p.line]} on line ${p.line}`;
  return null;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

export function rangeProblem(r: Range | undefined, lens: number[]): string | null {
  if (!r) return 'range missing';
  const s = posOk(r.start, lens);
  if (s) return `start: ${s}`;
  const e = posOk(r.end, lens);
  if (e) return `end: ${e}`;
  if (!before(r.start, r.end)) return `range ends before it starts (${r.start.line}:${r.start.character} > ${r.end.line}:${r.end.character})`;
  return null;
}

function contains(outer: Range, inner: Range): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

export function tokenProblems(tokens: Token[], lens: number[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (!Number.isInteger(t.line) || !Number.isInteger(t.start) || !Number.isInteger(t.length)) out.push(`token with non-integer fields ${JSON.stringify(t)}`);
    else if (t.line < 0 || t.line >= lens.length) out.push(`token on line ${t.line} outside 0..${lens.length - 1}`);
    else if (t.start < 0 || t.length < 0 || t.start + t.length > lens[t.line]) out.push(`token ${t.line}:${t.start}+${t.length} beyond line length ${lens[t.line]}`);
    if (out.length > 3) break;
  }
  const sorted = [...tokens].filter(t => t.length > 0).sort((a, b) => a.line - b.line || a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1], b = sorted[i];
    if (a.line === b.line && b.start < a.start + a.length) {
      out.push(`tokens overlap on line ${a.line}: ${a.start}+${a.length} (${a.kind}) and ${b.start}+${b.length} (${b.kind})`);
      break;
    }
  }
  return out;
}

/** Decodes LSP relative token data back to absolute tokens and checks it is non-overlapping and in bounds. */
export function encodedProblems(data: number[], lens: number[]): string[] {
  const out: string[] = [];
  if (data.length % 5) out.push(`token data length ${data.length} is not a multiple of 5`);
  let line = 0, start = 0, lastEnd = -1, lastLine = -1;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const [dl, ds, len] = [data[i], data[i + 1], data[i + 2]];
    if (dl < 0 || ds < 0 || (dl === 0 && i > 0 && ds === 0 && len === 0)) { out.push(`negative or empty delta at ${i / 5}`); break; }
    line += dl;
    start = dl === 0 ? start + ds : ds;
    if (line === lastLine && start < lastEnd) { out.push(`encoded tokens overlap on line ${line}`); break; }
    if (line >= lens.length || start + len > lens[line]) { out.push(`encoded token ${line}:${start}+${len} outside the document`); break; }
    lastLine = line;
    lastEnd = start + len;
  }
  return out;
}

function symbolProblems(symbols: SymbolEntry[], lens: number[], depth = 0): string[] {
  const out: string[] = [];
  for (const s of symbols) {
    if (typeof s.name !== 'string' || !s.name) out.push('symbol with an empty name (VS Code rejects it: "name must not be falsy")');
    const r = rangeProblem(s.range, lens) ?? rangeProblem(s.selectionRange, lens);
    if (r) out.push(`symbol ${JSON.stringify(s.name)}: ${r}`);
    else if (!contains(s.range, s.selectionRange)) out.push(`symbol ${JSON.stringify(s.name)}: selectionRange not inside range (VS Code rejects it)`);
    if (s.children && depth < 20) out.push(...symbolProblems(s.children, lens, depth + 1));
    if (out.length > 3) break;
  }
  return out;
}

export interface CheckOptions {
  limitMs?: number;
  hovers?: number;
  rng?: Rng;
  serialize?: boolean;
  /** Also check the streaming analysis against the whole-text parse (oom-log only). */
  stream?: boolean;
  /** Service under test; defaults to the real one for `lang` (the checker's own tests pass broken ones). */
  service?: LanguageService<any>;
}

/**
 * The streaming analysis (`oom-lens analyze` on big logs) against the whole-text parse of the same
 * text: the input twice, each time followed by up to 300 unrelated lines (enough for the stream to
 * end its regions between them), its bytes cut at random places. The same events and fields, or
 * WholeTextNeeded exactly when the whole-text parse read the text as a whole.
 */
function streamProblem(input: string, rng: Rng): string | null {
  const clock = { sec: 1000 };
  const noise = () => Array.from({ length: rng.int(0, 300) }, () => foreignLine(rng, clock) + '\n').join('');
  const text = `${input}\n${noise()}${input}\n${noise()}`;
  const bytes = Buffer.from(text, 'utf8');
  const cuts = [0];
  for (let n = rng.int(0, 12); n > 0; n--) cuts.push(rng.int(0, bytes.length));
  cuts.sort((a, b) => a - b).push(bytes.length);
  const chunks = cuts.slice(1).map((c, i) => bytes.subarray(cuts[i], c));
  const whole = parseOomLog(bytes.toString('utf8'));
  let got;
  try {
    got = analyzeChunks(chunks);
  } catch (e) {
    if (!(e instanceof WholeTextNeeded)) throw e;
    return whole.wholeText ? null : `the stream asked for the whole text at line ${e.line + 1}; the parse read it region by region (cuts ${cuts.join(',')})`;
  }
  if (got.lineCount !== whole.lineCount) return `stream line count ${got.lineCount}, whole text ${whole.lineCount} (cuts ${cuts.join(',')})`;
  const plain = (r: { events: readonly unknown[]; fields: { all(e: never): unknown } }) => JSON.stringify(r.events.map(e => [e, r.fields.all(e as never)]));
  const a = plain(got), b = plain(whole);
  if (a === b) return null;
  let i = 0;
  while (a[i] === b[i]) i++;
  return `stream events differ from the whole text's (${got.events.length} vs ${whole.events.length} events; cuts ${cuts.join(',')}): …${a.slice(Math.max(0, i - 80), i + 80)}… vs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/** Every call of `lang`'s service on `text`. Never throws. */
export function checkInput(lang: LanguageName, text: string, opts: CheckOptions = {}): CheckResult {
  const limit = opts.limitMs ?? 1000;
  const rng = opts.rng ?? new Rng(text.length);
  const service: LanguageService<any> = opts.service ?? services[lang];
  const ctx = contextFor(lang, text);
  const failures: Failure[] = [];
  let slowest: Timing = { lang, call: '-', ms: 0 };
  let calls = 0;
  const lens = lineLengths(text);

  function run<T>(call: string, fn: () => T): T | undefined {
    calls++;
    // the limit is on CPU time: wall time on a shared machine also counts other processes' turns
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let v: T | undefined;
    try {
      v = fn();
    } catch (e) {
      failures.push({ lang, call, problem: `threw ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 4).join(' | ') : String(e)}` });
      return undefined;
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const ms = (cpu.user + cpu.system) / 1000;
    if (ms > slowest.ms) slowest = { lang, call, ms };
    if (ms > limit) failures.push({ lang, call, problem: `took ${ms.toFixed(0)} ms of CPU (${wall.toFixed(0)} ms wall; limit ${limit} ms) on ${text.length} chars` });
    return v;
  }
  const report = (call: string, problems: (string | null)[]) => {
    for (const p of problems) if (p) { failures.push({ lang, call, problem: p }); break; }
  };

  const analysis = run('analyze', () => service.analyze(text, ctx));
  if (analysis === undefined) return { failures, slowest, calls };
  if (opts.serialize && text.length < 1_000_000) run('analysis JSON', () => JSON.stringify(analysis));
  // the stream check parses the input about four times over (twice in the text it builds, streamed and whole): not on the biggest inputs
  if (lang === 'oom-log' && opts.stream && text.length < 500_000) report('stream', [run('stream', () => streamProblem(text, rng)) ?? null]);

  const findings = run('diagnostics', () => service.diagnostics(analysis, ctx));
  if (findings) {
    const probs: (string | null)[] = [];
    for (const f of findings) {
      if (!f.message || typeof f.message !== 'string') probs.push(`${f.ruleId}: empty message`);
      if (f.ruleId === RULE_CRASH_ID) probs.push(f.message); // a rule threw (common/rules.ts)
      const r = rangeProblem(f.range, lens);
      if (r) probs.push(`${f.ruleId}: ${r}`);
      for (const fix of f.fixes ?? []) for (const e of fix.edits) {
        const er = rangeProblem(e.range, lens);
        if (er) probs.push(`${f.ruleId} fix "${fix.title}": ${er}`);
      }
      for (const rel of f.related ?? []) if (!rel.uri || rel.uri === ctx.uri) {
        const rr = rangeProblem(rel.range, lens);
        if (rr) probs.push(`${f.ruleId} related: ${rr}`);
      }
    }
    report('diagnostics', probs);
  }

  const hovers = opts.hovers ?? 20;
  for (let i = 0; i < hovers; i++) {
    const line = rng.chance(0.9) ? rng.int(0, lens.length - 1) : rng.int(0, lens.length + 5);
    const character = rng.int(0, (lens[line] ?? 0) + (rng.chance(0.1) ? 10 : 0));
    const h = run('hover', () => service.hover(analysis, { line, character }, ctx));
    if (h) report('hover', [typeof h.markdown !== 'string' ? 'hover markdown is not a string' : null, rangeProblem(h.range, lens), h.failure ?? null]);
  }

  const full = run('tokens', () => service.tokens(analysis));
  if (full) {
    report('tokens', tokenProblems(full, lens));
    const enc = run('tokens encode', () => encodeTokens(full));
    if (enc) report('tokens encode', encodedProblems(enc.data, lens));
  }
  const from = rng.int(0, lens.length - 1);
  const to = Math.min(lens.length - 1, from + rng.int(0, 100));
  const range: Range = { start: { line: from, character: 0 }, end: { line: to, character: lens[to] } };
  const part = run('tokens range', () => service.tokens(analysis, range));
  if (part) report('tokens range', tokenProblems(part, lens));

  const syms = run('symbols', () => service.symbols(analysis));
  if (syms) report('symbols', symbolProblems(syms, lens));

  if (service.completion) {
    for (let i = 0; i < 3; i++) {
      const line = rng.int(0, lens.length - 1);
      const items = run('completion', () => service.completion!(analysis, { line, character: rng.int(0, lens[line]) }, ctx));
      if (items) report('completion', items.map(c => (typeof c.label !== 'string' ? 'completion without label' : c.failure ?? (c.range ? rangeProblem(c.range, lens) : null))));
    }
  }
  if (service.inlayHints) {
    const hints = run('inlayHints', () => service.inlayHints!(analysis, range, ctx));
    if (hints) report('inlayHints', hints.map(h => posOk(h.position, lens)));
  }
  if (service.codeLenses) {
    const lenses = run('codeLenses', () => service.codeLenses!(analysis, ctx));
    if (lenses) report('codeLenses', lenses.map(l => rangeProblem(l.range, lens)));
  }
  if (service.links) {
    const links = run('links', () => service.links!(analysis, ctx));
    if (links) report('links', links.map(l => rangeProblem(l.range, lens)));
  }
  return { failures, slowest, calls };
}
