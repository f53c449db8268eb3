/**
 * `npm run bench`: generates the data (bench/.data/), measures, prints a Markdown table with each
 * number next to a baseline measured in the same run. Nothing here is asserted; targets are shown.
 *
 *   --mb N        size of the big log (default 50)
 *   --units N     unit files for the lint run (default 1000)
 *   --hovers N    hover requests (default 1000)
 *   --only cli    only the CLI figures; --only lsp: only the language-server figures;
 *                 --only machine: only `oom-lens ps` against `ps` on this machine;
 *                 --only stream: only the streaming analyze figures (bench/stream.ts; --long adds 10 GB)
 *   OOM_LENS_BENCH_SERVER_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the server
 * The server is started as the extension starts it (server/src/start/launch.ts: node flags, environment).
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { generateLog, generateSysctl, generateTaskTable, generateUnit, readCorpus, Rng, withInvalidUtf8, withMixedLineEnds, withNulRuns } from './generate';
import { parseOomLog } from '../server/src/oomlog/parse';
import { CODE_CACHE_ENV, SERVER_ENV, SERVER_NODE_FLAGS } from '../server/src/start/launch';
import { cacheFilesIn, WRITE_AFTER_MS } from '../server/src/start/codeCache';
import { IDLE_MS } from '../server/src/lsp/node/memory';
import { streamBench } from './stream';

const root = path.resolve(__dirname, '..', '..');
const dataDir = path.join(root, 'bench', '.data');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

interface Row { metric: string; value: number; unit: string; baseline?: number; baselineLabel?: string; target: string; met: boolean | null }
const rows: Row[] = [];

function now(): number { return performance.now(); }
/**
 * A full collection in this process before a timed loop (npm run bench passes --expose-gc): the
 * bench parses the 50 MB log itself to find field positions, and its own collections would
 * otherwise land inside the server's latencies.
 */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))];
}
function timeCmd(cmd: string, args: string[], opts: { shell?: boolean } = {}): { ms: number; out: string; code: number | null } {
  const t0 = now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, shell: opts.shell });
  return { ms: now() - t0, out: (r.stdout ?? '') + (r.stderr ?? ''), code: r.status };
}
function best(n: number, f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) b = Math.min(b, f());
  return b;
}

// ---- data -----------------------------------------------------------------------------------

function ensureLog(mb: number): string {
  const file = path.join(dataDir, `mixed-${mb}mb.log`);
  if (!fs.existsSync(file)) {
    const t0 = now();
    fs.writeFileSync(file, generateLog({ bytes: mb * 1024 * 1024, reports: 200, seed: 42, corpus: readCorpus() }));
    console.error(`generated ${file} in ${((now() - t0) / 1000).toFixed(1)} s`);
  }
  return file;
}

function ensureUnits(n: number): string[] {
  const dir = path.join(dataDir, 'units');
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Rng(7);
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = path.join(dir, `gen-${String(i).padStart(4, '0')}.service`);
    const text = generateUnit(rng);
    if (!fs.existsSync(f)) fs.writeFileSync(f, text);
    files.push(f);
  }
  const sdir = path.join(dataDir, 'sysctl.d');
  fs.mkdirSync(sdir, { recursive: true });
  for (let i = 0; i < 50; i++) {
    const f = path.join(sdir, `${String(i).padStart(2, '0')}-gen.conf`);
    if (!fs.existsSync(f)) fs.writeFileSync(f, generateSysctl(rng));
  }
  return files;
}

// ---- LSP ------------------------------------------------------------------------------------

interface Lsp { conn: MessageConnection; pid: number; stop(): Promise<void>; diagnostics: Map<string, { at: number; version?: number }> }

/** Where the bench's servers keep their code cache, as the extension's keep it in its global storage (emptied per run). */
const codeCacheDir = path.join(root, 'bench', '.data', 'code-cache');

/** `plain`: `node dist/server.js --stdio` without the extension's launch settings (and no code cache). */
async function startLsp(plain = false): Promise<Lsp & { readyMs: number }> {
  const t0 = now();
  // OOM_LENS_BENCH_SERVER_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = [...(plain ? [] : SERVER_NODE_FLAGS), ...(process.env.OOM_LENS_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean)];
  const env = plain ? process.env : { ...process.env, ...SERVER_ENV, [CODE_CACHE_ENV]: codeCacheDir };
  const proc = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  proc.stderr!.on('data', () => undefined);
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, { at: number; version?: number }>();
  conn.onNotification('textDocument/publishDiagnostics', (p: any) => diagnostics.set(p.uri, { at: now(), version: p.version }));
  conn.onRequest('workspace/configuration', (p: any) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/semanticTokens/refresh', () => null);
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onNotification('$/progress', () => undefined);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { window: { workDoneProgress: true } } });
  conn.sendNotification('initialized', {});
  // ready = answers a request after initialized
  await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere.log' } });
  const readyMs = now() - t0;
  return {
    conn, pid: proc.pid!, diagnostics, readyMs,
    async stop() {
      try { await conn.sendRequest('shutdown'); conn.sendNotification('exit'); } catch { /* gone */ }
      setTimeout(() => proc.kill(), 2000).unref();
      conn.dispose();
    },
  };
}

function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : NaN;
  } catch { return NaN; }
}

/** Positions inside recognised fields, found by asking for the report (the analysis) once. */
function fieldPositions(report: any, n: number, rng: Rng): { line: number; character: number }[] {
  const all: { line: number; character: number }[] = [];
  for (const ev of report?.events ?? []) for (const f of report.fields.all(ev)) {
    const r = f.range;
    if (r && r.start.line === r.end.line) all.push({ line: r.start.line, character: r.start.character + Math.floor((r.end.character - r.start.character) / 2) });
  }
  const out: { line: number; character: number }[] = [];
  for (let i = 0; i < n && all.length; i++) out.push(rng.pick(all));
  return out;
}

async function lspBench(file: string, hovers: number): Promise<void> {
  const text = fs.readFileSync(file, 'utf8');
  const sizeMb = text.length / 1048576;
  // initialize → ready: a fresh server, no document; baseline: bare node start-up (node -e 0)
  const nodeStart = best(5, () => timeCmd(process.execPath, ['-e', '0']).ms);
  // the very first start has no code cache yet (start/codeCache.ts); it writes one WRITE_AFTER_MS later
  fs.rmSync(codeCacheDir, { recursive: true, force: true });
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) { const s = await startLsp(); cold.push(s.readyMs); await s.stop(); }
  rows.push({ metric: 'LSP initialize → ready, first start (no code cache yet)', value: Math.min(...cold), unit: 'ms', baseline: nodeStart, baselineLabel: '`node -e 0`', target: '(info)', met: null });
  const writer = await startLsp();
  for (const until = now() + WRITE_AFTER_MS + 10_000; now() < until && !cacheFilesIn(codeCacheDir).length;) await new Promise(r => setTimeout(r, 100));
  await writer.stop();
  const readies: number[] = [];
  for (let i = 0; i < 5; i++) { const s = await startLsp(); readies.push(s.readyMs); await s.stop(); }
  const ready = Math.min(...readies);
  rows.push({ metric: 'LSP initialize → ready (spawn included; code cache from an earlier start)', value: ready, unit: 'ms', baseline: nodeStart, baselineLabel: '`node -e 0`', target: '≤ 150 ms', met: ready <= 150 });

  const s = await startLsp();
  const uri = 'file:///bench/kern.log';
  const firstMs = await openAndAnalyse(s, uri, text);
  rows.push({ metric: `open ${sizeMb.toFixed(0)} MB log → outline ready (read in steps, with progress)`, value: firstMs, unit: 'ms', target: '(info)', met: null });
  const rssOpen = rssOf(s.pid);
  rows.push({ metric: 'server RSS right after the first analysis', value: rssOpen / 1048576, unit: 'MB', baseline: sizeMb, baselineLabel: 'document size (MB)', target: '≤ 3× document', met: rssOpen <= 3 * text.length });
  // field positions from a parse in this process (the same parser): asking the server for its
  // whole analysis would build every field there and inflate the RSS being measured
  const rng = new Rng(99);
  const positions = fieldPositions(parseOomLog(text), hovers, rng);
  // Baseline: the JSON-RPC round trip itself, a request the server answers without work, sent
  // after each measured request so that both see the same moments of the machine (the machine's
  // own tail moves between runs, so a separate loop before or after would see a different p99).
  const emptyRequest = async (into: number[]) => {
    const r0 = now();
    await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///none.log' } });
    into.push(now() - r0);
  };
  settle();
  const times: number[] = [];
  const rt: number[] = [];
  let answered = 0;
  for (const p of positions) {
    const h0 = now();
    const h = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: p });
    times.push(now() - h0);
    if (h) answered++;
    await emptyRequest(rt);
  }
  if (times.length) {
    rows.push({ metric: `hover p50 (${times.length} field positions, ${answered} answered)`, value: pct(times, 50), unit: 'ms', baseline: pct(rt, 50), baselineLabel: 'empty request p50', target: '(info)', met: null });
    rows.push({ metric: 'hover p99', value: pct(times, 99), unit: 'ms', baseline: pct(rt, 99), baselineLabel: 'empty request p99', target: '≤ 2 ms', met: pct(times, 99) <= 2 });
  } else rows.push({ metric: 'hover (no field positions found)', value: NaN, unit: 'ms', target: '≤ 2 ms', met: false });

  // semantic tokens for 100 lines, at report lines and at random lines
  const lineCount = text.split('\n').length;
  settle();
  const tok: number[] = [];
  const rtTok: number[] = [];
  // 200 requests, so that p99 is not simply the slowest one (often a collection that happened to run then)
  for (let i = 0; i < 200; i++) {
    const start = i % 2 && positions.length ? rng.pick(positions).line : rng.int(0, lineCount - 101);
    const k0 = now();
    await s.conn.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: start, character: 0 }, end: { line: start + 100, character: 0 } } });
    tok.push(now() - k0);
    await emptyRequest(rtTok);
  }
  rows.push({ metric: 'semantic tokens, 100-line range p50', value: pct(tok, 50), unit: 'ms', baseline: pct(rtTok, 50), baselineLabel: 'empty request p50', target: '(info)', met: null });
  rows.push({ metric: 'semantic tokens, 100-line range p99', value: pct(tok, 99), unit: 'ms', baseline: pct(rtTok, 99), baselineLabel: 'empty request p99', target: '≤ 5 ms', met: pct(tok, 99) <= 5 });

  // one-line edit → fresh diagnostics
  settle();
  const edits: number[] = [];
  let version = 1;
  let p = { line: 0, character: 0 };
  for (let i = 0; i < 20; i++) {
    // type a space at the start of a report line, then delete it again
    if (i % 2 === 0) p = positions.length ? rng.pick(positions) : { line: rng.int(0, lineCount - 1), character: 0 };
    version++;
    edits.push(await editToDiagnostics(s, uri, version, { range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: i % 2 } }, text: i % 2 ? '' : ' ' }));
  }
  rows.push({ metric: 'one-line edit → fresh diagnostics p50 (20 edits)', value: pct(edits, 50), unit: 'ms', baseline: pct(rt, 50), baselineLabel: 'empty request p50', target: '≤ 20 ms', met: pct(edits, 50) <= 20 });
  rows.push({ metric: 'one-line edit → fresh diagnostics, worst of 20', value: Math.max(...edits), unit: 'ms', target: '(info)', met: null });

  const rssBusy = rssOf(s.pid);
  rows.push({ metric: 'server RSS right after hovers, tokens and 20 edits', value: rssBusy / 1048576, unit: 'MB', baseline: sizeMb, baselineLabel: 'document size (MB)', target: '(info)', met: null });
  // what the process settles at once the edits pause (the server collects after IDLE_MS of quiet)
  await new Promise(r => setTimeout(r, IDLE_MS + 500));
  const rss = rssOf(s.pid);
  rows.push({ metric: `server RSS after hovers, tokens, 20 edits and ${((IDLE_MS + 500) / 1000).toFixed(0)} s without edits`, value: rss / 1048576, unit: 'MB', baseline: sizeMb, baselineLabel: 'document size (MB)', target: '≤ 3× document', met: rss <= 3 * text.length });
  await s.stop();

  // The same server started by an editor without the launch settings (plain `node server.js --stdio`).
  const plain = await startLsp(true);
  await openAndAnalyse(plain, uri, text);
  const rssPlain = rssOf(plain.pid);
  rows.push({ metric: 'server RSS after the first analysis, plain `node dist/server.js` (no launch settings)', value: rssPlain / 1048576, unit: 'MB', baseline: sizeMb, baselineLabel: 'document size (MB)', target: '(info)', met: null });
  await plain.stop();

  await bigTableBench(pct(tok, 50), pct(times, 50));
  await denseLogBench(pct(edits, 50));
}

/**
 * One report with a 250,000-row task table (32 MB, 2.75 M fields in one event): tokens of 100
 * rows and hovers on rows, against the same requests on the typical log. Each request should
 * cost what it costs on a small report, not grow with the table.
 */
async function bigTableBench(typicalTokensP50: number, typicalHoverP50: number): Promise<void> {
  const s = await startLsp();
  const uri = 'file:///bench/big-table.log';
  const rowsN = 250_000;
  await openAndAnalyse(s, uri, generateTaskTable(rowsN));
  const rng = new Rng(5);
  const first = 4; // the table header is on line 3
  const hover = (line: number) => s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 40 } });
  const t0 = now();
  await hover(first + rng.int(0, rowsN - 1));
  rows.push({ metric: `big task table (${rowsN.toLocaleString('en')} rows, 32 MB): first hover on a row (builds its line index and the badness ranking)`, value: now() - t0, unit: 'ms', target: '(info)', met: null });
  settle();
  const tok: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = first + rng.int(0, rowsN - 101);
    const k0 = now();
    await s.conn.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: start, character: 0 }, end: { line: start + 100, character: 0 } } });
    tok.push(now() - k0);
  }
  rows.push({ metric: 'big task table: semantic tokens, 100 rows, p50 (50 ranges)', value: pct(tok, 50), unit: 'ms', baseline: typicalTokensP50, baselineLabel: 'p50 on the typical log', target: '(info)', met: null });
  const hov: number[] = [];
  for (let i = 0; i < 200; i++) {
    const h0 = now();
    await hover(first + rng.int(0, rowsN - 1));
    hov.push(now() - h0);
  }
  rows.push({ metric: 'big task table: hover on a row, p50 (200 rows)', value: pct(hov, 50), unit: 'ms', baseline: typicalHoverP50, baselineLabel: 'p50 on the typical log', target: '(info)', met: null });
  await s.stop();
}

let backToBack: string | undefined;
/** 5,000 reports back to back (~34 MB), the same log for the CLI's per-MB row and the editor's rows (made once). */
function backToBackLog(): string {
  return (backToBack ??= generateLog({ bytes: 5 << 20, reports: 5000, seed: 6, corpus: readCorpus() }));
}

/** Sends one change as document `version` and waits for that version's diagnostics; returns the time it took. */
async function editToDiagnostics(s: Lsp, uri: string, version: number, change: { range: unknown; text: string }): Promise<number> {
  const e0 = now();
  s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  for (;;) {
    const d = s.diagnostics.get(uri);
    if (d && d.version === version) break;
    if (now() - e0 > 60_000) break;
    await new Promise(r => setImmediate(r));
  }
  return now() - e0;
}

/**
 * A log of reports back to back (an OOM loop: 5,000 reports, ~34 MB, nearly every line a report
 * line): outline time, RSS, and edits that add or remove a line near the top, so every report
 * after them moves. The typical log's figures are for a log that is mostly other lines.
 */
async function denseLogBench(typicalEditP50: number): Promise<void> {
  const s = await startLsp();
  const uri = 'file:///bench/dense.log';
  const text = backToBackLog();
  const sizeMb = text.length / 1048576;
  const openMs = await openAndAnalyse(s, uri, text);
  rows.push({ metric: `reports back to back (5,000 reports, ${sizeMb.toFixed(0)} MB): open → outline ready`, value: openMs, unit: 'ms', target: '(info)', met: null });
  const rss = rssOf(s.pid);
  const floor = await rssHoldingOnly(text);
  rows.push({ metric: 'reports back to back: server RSS holding the document without analysing it (the floor)', value: floor / 1048576, unit: 'MB', baseline: sizeMb, baselineLabel: 'document size (MB)', target: '(info)', met: null });
  rows.push({ metric: 'reports back to back: server RSS right after the first analysis', value: rss / 1048576, unit: 'MB', baseline: sizeMb, baselineLabel: 'document size (MB)', target: '≤ 3× the document', met: rss <= 3 * text.length });
  rows.push({ metric: 'reports back to back: RSS the analysis adds over the floor', value: (rss - floor) / 1048576, unit: 'MB', baseline: sizeMb, baselineLabel: 'document size (MB)', target: '(info)', met: null });
  settle();
  const edits: number[] = [];
  for (let i = 0; i < 10; i++) {
    // a new line at line 2, then removed again: every report after it moves by one line
    edits.push(await editToDiagnostics(s, uri, i + 2, i % 2 === 0
      ? { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x\n' }
      : { range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '' }));
  }
  rows.push({ metric: 'reports back to back: a line added or removed near the top → fresh diagnostics p50 (10 edits)', value: pct(edits, 50), unit: 'ms', baseline: typicalEditP50, baselineLabel: 'one-line edit p50 on the typical log', target: '(info)', met: null });
  await s.stop();
}

/**
 * RSS of a server that holds `text` as an open document it does not analyse (a Markdown file):
 * node, the server bundle and the document, once the server has collected the transport's copies
 * of the text (it does when a huge document has been quiet for IDLE_MS).
 */
async function rssHoldingOnly(text: string): Promise<number> {
  const s = await startLsp();
  const uri = 'file:///bench/dense.md';
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  await new Promise(r => setTimeout(r, IDLE_MS + 500));
  const rss = rssOf(s.pid);
  await s.stop();
  return rss;
}

/**
 * Opens `text` and polls until the outline has symbols (the server reads huge logs in steps);
 * returns the time that took. One more round trip after that, so the collection the server runs
 * right after a huge first analysis has happened before anyone reads the RSS.
 */
async function openAndAnalyse(s: Lsp, uri: string, text: string): Promise<number> {
  const t0 = now();
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'oom-log', version: 1, text } });
  for (;;) {
    const symbols = await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as any[];
    if (symbols?.length) break;
    if (now() - t0 > 600_000) break;
    await new Promise(r => setTimeout(r, 20));
  }
  const ms = now() - t0;
  await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///none.log' } });
  return ms;
}

// ---- CLI ------------------------------------------------------------------------------------

function cliBench(file: string, unitFiles: string[]): void {
  const cli = path.join(root, 'dist', 'cli.js');
  const analyze = best(2, () => timeCmd(process.execPath, [cli, 'analyze', file]).ms);
  const grep = best(3, () => timeCmd('grep', ['-c', 'invoked oom-killer', file]).ms);
  const out = timeCmd(process.execPath, [cli, 'analyze', file]).out;
  const found = /: (\d+) OOM event/.exec(out)?.[1] ?? '?';
  const grepCount = timeCmd('grep', ['-c', 'invoked oom-killer', file]).out.trim();
  rows.push({ metric: `oom-lens analyze (${found} events; grep counts ${grepCount} trigger lines)`, value: analyze, unit: 'ms', baseline: grep, baselineLabel: "`grep -c 'invoked oom-killer'`", target: '≤ 4× grep', met: analyze <= 4 * grep });

  // worst-case per MB vs typical: only foreign lines vs dense reports
  const lint = best(2, () => timeCmd(process.execPath, [cli, 'lint', ...unitFiles]).ms);
  let sd = NaN;
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    sd = best(2, () => timeCmd('systemd-analyze', ['verify', '--man=no', ...unitFiles.slice(0, 10)]).ms);
  } catch { /* not installed */ }
  rows.push({ metric: `oom-lens lint, ${unitFiles.length} unit files`, value: lint, unit: 'ms', baseline: sd, baselineLabel: '`systemd-analyze verify` on 10', target: 'faster than baseline', met: Number.isFinite(sd) ? lint < sd : null });
}

/**
 * Time per MB of `oom-lens analyze` (node's start-up included) on the adversarial inputs,
 * each against a typical log (mostly unrelated lines, a report now and then), and the same kinds
 * of input at a larger size against their smaller selves (linear time: ≈ 1×, or below as start-up
 * spreads over more MB).
 */
function perMbBench(): void {
  const cli = path.join(root, 'dist', 'cli.js');
  const corpus = readCorpus();
  const typical = (mb: number, seed: number) => generateLog({ bytes: mb << 20, reports: 4 * mb, seed, corpus });
  const typical10 = typical(10, 5);
  let files = 0;
  const perMb = (text: string | Buffer): number => {
    const f = path.join(dataDir, `permb-${files++}.log`);
    fs.writeFileSync(f, text);
    const ms = best(2, () => timeCmd(process.execPath, [cli, 'analyze', f]).ms);
    fs.rmSync(f);
    return ms / (text.length / 1048576);
  };
  const base = perMb(typical10);
  rows.push({ metric: 'analyze per MB: typical (mixed log, 40 reports in 10 MB)', value: base, unit: 'ms/MB', target: '(baseline)', met: null });
  // how much of that is node starting: the worst cases below are 3 to 10 times bigger, so they spread it thinner
  const start = best(5, () => timeCmd(process.execPath, ['-e', '0']).ms) / (typical10.length / 1048576);
  rows.push({ metric: 'of which node start-up (`node -e 0` over the same 10 MB)', value: start, unit: 'ms/MB', baseline: base, baselineLabel: 'typical', target: '(info)', met: null });
  const worst = (name: string, text: string | Buffer): number => {
    const v = perMb(text);
    rows.push({ metric: `analyze per MB: ${name}`, value: v, unit: 'ms/MB', baseline: base, baselineLabel: 'typical', target: '≤ 2× typical', met: v <= 2 * base });
    return v;
  };
  const linear = (name: string, small: number, big: number): void => {
    rows.push({ metric: `analyze per MB: ${name}`, value: big, unit: 'ms/MB', baseline: small, baselineLabel: 'smaller input', target: 'linear (≤ 1.25×)', met: big <= 1.25 * small });
  };
  linear('typical at 4× the size (40 MB)', base, perMb(typical(40, 7)));
  worst('reports back to back (5,000 reports)', backToBackLog());
  const rows250k = worst('one report with a 250,000-row task table', generateTaskTable(250_000));
  linear('one report with a 1,000,000-row task table', rows250k, perMb(generateTaskTable(1_000_000)));
  const line = 'java invoked oom-killer: gfp_mask=0x0, order=0 ';
  const line10 = worst('one 10 MB line', line.repeat((10 << 20) / line.length));
  linear('one 100 MB line', line10, perMb(line.repeat((100 << 20) / line.length)));
  worst('typical with 4 KB NUL runs every 500 lines', withNulRuns(typical10));
  worst('typical with an invalid UTF-8 byte every ~200 bytes', withInvalidUtf8(typical10, new Rng(8)));
  worst('typical with CRLF and lone-CR line ends', withMixedLineEnds(typical10));
}

/** `oom-lens ps` (every process: status, oom_score, oom_score_adj, cgroup) against procps `ps` over the same /proc. */
function machineBench(): void {
  const cli = path.join(root, 'dist', 'cli.js');
  const n = JSON.parse(timeCmd(process.execPath, [cli, 'ps', '--json']).out).processes.length;
  const ps = best(7, () => timeCmd(process.execPath, [cli, 'ps']).ms);
  const base = best(7, () => timeCmd('ps', ['-eo', 'pid,rss,comm']).ms);
  const node = best(7, () => timeCmd(process.execPath, ['-e', '0']).ms);
  rows.push({ metric: `\`oom-lens ps\` (${n} processes)`, value: ps, unit: 'ms', baseline: base, baselineLabel: '`ps -eo pid,rss,comm`', target: '≤ 3× ps', met: ps <= 3 * base });
  rows.push({ metric: 'of which node start-up (`node -e 0`)', value: node, unit: 'ms', baseline: base, baselineLabel: '`ps -eo pid,rss,comm`', target: '(info)', met: null });
}

function bundleBench(): void {
  const size = (f: string) => fs.statSync(path.join(root, 'dist', f)).size / 1024;
  rows.push({ metric: 'dist/extension.js (minified)', value: size('extension.js'), unit: 'KB', target: '≤ 200 KB', met: size('extension.js') <= 200 });
  const server = size('server.js') + size('server-main.js');
  rows.push({ metric: 'dist/server.js + dist/server-main.js (minified)', value: server, unit: 'KB', target: '≤ 1024 KB', met: server <= 1024 });
}

// ---- main -----------------------------------------------------------------------------------

function fmt(v: number | undefined, unit: string): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
}

/** docs/performance.md: what the bench is, when and where it ran, and its table (`lines`: the machine line, then the table). */
function performancePage(lines: string[]): string {
  return ['# Performance', '',
    'Written by `npm run bench` at the end of a full run (bench/main.ts); a new run replaces it. Each figure stands next',
    'to a baseline measured in the same run: compare ratios across machines, not milliseconds.', '',
    `Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, ...lines, ''].join('\n');
}

async function main(): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const mb = arg('--mb', 50);
  const nUnits = arg('--units', 1000);
  const hovers = arg('--hovers', 1000);
  // --only cli | lsp: one half of the run (while working on it); docs/performance.md is written only by a full run
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : '';
  bundleBench();
  if (only === 'stream') return streamOnly();
  const log = only === 'machine' ? '' : ensureLog(mb);
  const units = only === 'machine' ? [] : ensureUnits(nUnits);
  if (only !== 'lsp' && only !== 'machine') { cliBench(log, units); perMbBench(); }
  if (only !== 'cli' && only !== 'machine') await lspBench(log, hovers);
  if (only === '' || only === 'machine') machineBench();
  if (only === '') streamBench(rows, root, process.argv.includes('--long'));
  printRows(only === '');
}

function streamOnly(): void {
  streamBench(rows, root, process.argv.includes('--long'));
  printRows(false);
}

/** Prints the table; `full`: a whole run, which is also written to docs/performance.md. */
function printRows(full: boolean): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  const lines = [
    `Machine: ${cpu}, ${os.cpus().length} cores, node ${process.version}, ${os.platform()} ${os.release()}, load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`,
    '',
    '| metric | value | baseline | ratio | target | met? |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = r.baseline && Number.isFinite(r.baseline) && Number.isFinite(r.value) ? `${(r.value / r.baseline).toFixed(2)}×` : '–';
    const base = r.baseline !== undefined ? `${fmt(r.baseline, r.unit)} (${r.baselineLabel})` : '–';
    lines.push(`| ${r.metric} | ${fmt(r.value, r.unit)} | ${base} | ${ratio} | ${r.target} | ${r.met === null ? '–' : r.met ? 'yes' : '**no**'} |`);
  }
  console.log(lines.join('\n'));
  // a full run is the record: docs/performance.md (the README's Speed section links to it)
  if (full) fs.writeFileSync(path.join(root, 'docs', 'performance.md'), performancePage(lines));
  // leave the ordinary (unminified) build behind for everyone else
  spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}

main().catch(e => { console.error(e); process.exitCode = 1; });
