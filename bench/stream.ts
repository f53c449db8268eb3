/**
 * `npm run bench -- --only stream`: the streaming `oom-lens analyze` on generated logs of 50 MB and
 * 1 GB (4,000 reports; `--long` adds 10 GB), each beside the floors measured in the same run: a
 * Node script that reads the file as one string and counts the trigger lines with indexOf (50 MB
 * only: a string holds at most 512 MB), one that counts them with Buffer.indexOf over
 * fs.createReadStream chunks, and `grep -c`; each row gives analyze's ratio to one of them. Every
 * command runs under /usr/bin/time -v: wall time, CPU time (user + system: the figure to trust on a
 * loaded machine) and peak RSS; from 1 GB up also the peak RSS of `--format markdown` (its report is
 * written at the file's end, from a temporary file past cli/analyze.ts SPILL_OVER). A plain file up
 * to 64 MB is read whole (cli/analyze.ts WHOLE_TEXT_UNDER), so the 50 MB rows measure that path.
 * The 10 GB log is deleted after its rows (it takes minutes to write again, and 10 GB of disk to keep).
 */
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generateLog, readCorpus } from './generate';

interface Row { metric: string; value: number; unit: string; baseline?: number; baselineLabel?: string; target: string; met: boolean | null }

interface Run { wallMs: number; cpuMs: number; rssMb: number; out: string }

/**
 * One command under /usr/bin/time -v. Its standard output goes to a file, not a pipe: the Markdown
 * report of 10 GB is bigger than any buffer spawnSync keeps; `out` is its first 64 KB.
 */
function timed(cmd: string, args: string[], outFile: string): Run {
  const fd = fs.openSync(outFile, 'w');
  let r: SpawnSyncReturns<string>;
  try {
    r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], maxBuffer: 16 << 20 });
  } finally {
    fs.closeSync(fd);
  }
  const err = r.stderr ?? '';
  const num = (re: RegExp) => { const m = re.exec(err); return m ? Number(m[1]) : NaN; };
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(err);
  const wallMs = wall ? ((Number(wall[1] ?? 0) * 60 + Number(wall[2])) * 60 + Number(wall[3])) * 1000 : NaN;
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${err.slice(-2000)}`);
  const head = Buffer.alloc(65536);
  const ofd = fs.openSync(outFile, 'r');
  let n = 0;
  try { n = fs.readSync(ofd, head, 0, head.length, 0); } finally { fs.closeSync(ofd); }
  fs.rmSync(outFile);
  return { wallMs, cpuMs: (num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)) * 1000, rssMb: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024, out: head.toString('utf8', 0, n) };
}

function best(n: number, f: () => Run): Run {
  let b: Run | undefined;
  for (let i = 0; i < n; i++) { const r = f(); if (!b || r.cpuMs < b.cpuMs) b = r; }
  return b!;
}

/** A generated log of about `mb` MB with `reports` reports, built from 50 MB pieces (reused when present). */
function ensure(dataDir: string, mb: number, reports: number): string {
  const file = path.join(dataDir, `stream-${mb}mb.log`);
  if (fs.existsSync(file) && fs.statSync(file).size >= mb * 1048576 * 0.95) return file;
  const corpus = readCorpus();
  const pieces = Math.max(1, Math.round(mb / 50));
  const fd = fs.openSync(file + '.tmp', 'w');
  try {
    for (let i = 0; i < pieces; i++) {
      fs.writeSync(fd, generateLog({ bytes: (mb / pieces) * 1048576, reports: Math.round(reports / pieces), seed: 2100 + i, corpus }));
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(file + '.tmp', file);
  return file;
}

const STRING_FLOOR = `const t=require('fs').readFileSync(process.argv[1]).toString('utf8');let n=0;for(let i=t.indexOf('invoked oom-killer');i>=0;i=t.indexOf('invoked oom-killer',i+1))n++;console.log(n)`;
const STREAM_FLOOR = `const k=Buffer.from('invoked oom-killer');let n=0,tail=Buffer.alloc(0);require('fs').createReadStream(process.argv[1],{highWaterMark:1<<20}).on('data',c=>{const b=tail.length?Buffer.concat([tail,c]):c;for(let i=b.indexOf(k);i>=0;i=b.indexOf(k,i+1))n++;tail=b.subarray(Math.max(0,b.length-k.length+1))}).on('end',()=>console.log(n))`;

export function streamBench(rows: Row[], root: string, long: boolean): void {
  const dataDir = path.join(root, 'bench', '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const cli = path.join(root, 'dist', 'cli.js');
  const node = process.execPath;
  const sizes: [number, number][] = [[50, 200], [1024, 4000]];
  if (long) sizes.push([10240, 40000]);
  const out = path.join(dataDir, 'stream-out.txt');
  for (const [mb, reports] of sizes) {
    const file = ensure(dataDir, mb, reports);
    const label = mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`;
    const n = mb <= 50 ? 3 : 1;
    const analyze = best(n, () => timed(node, [cli, 'analyze', file], out));
    const events = /: (\d+) OOM events?/.exec(analyze.out)?.[1] ?? '?';
    const streamFloor = best(n, () => timed(node, ['-e', STREAM_FLOOR, file], out));
    const grep = best(n, () => timed('grep', ['-c', 'invoked oom-killer', file], out));
    // the targets: 1 GB (and more) within 2x the streaming floor, 50 MB within 1x the read-as-string floor
    const big = mb > 50;
    const what = `stream: \`oom-lens analyze\` ${label} (${events} events; \`grep -c 'invoked oom-killer'\`: ${grep.out.trim()})`;
    rows.push({ metric: `${what}, CPU (user + system) vs streaming Buffer.indexOf floor`, value: analyze.cpuMs, unit: 'ms', baseline: streamFloor.cpuMs, baselineLabel: 'streaming floor, CPU', target: big ? '≤ 2× floor' : '(info)', met: big ? analyze.cpuMs <= 2 * streamFloor.cpuMs : null });
    rows.push({ metric: `stream: … ${label}, wall vs streaming floor`, value: analyze.wallMs, unit: 'ms', baseline: streamFloor.wallMs, baselineLabel: 'streaming floor, wall', target: big ? '≤ 2× floor' : '(info)', met: big ? analyze.wallMs <= 2 * streamFloor.wallMs : null });
    if (mb <= 256) {
      // a string holds at most 512 MB: this floor exists for the smaller logs only
      const stringFloor = best(n, () => timed(node, ['-e', STRING_FLOOR, file], out));
      rows.push({ metric: `stream: … ${label}, CPU vs read-as-string + indexOf floor`, value: analyze.cpuMs, unit: 'ms', baseline: stringFloor.cpuMs, baselineLabel: 'read-as-string floor, CPU', target: big ? '(info)' : '≤ 1× floor', met: big ? null : analyze.cpuMs <= stringFloor.cpuMs });
      rows.push({ metric: `stream: … ${label}, wall vs read-as-string floor`, value: analyze.wallMs, unit: 'ms', baseline: stringFloor.wallMs, baselineLabel: 'read-as-string floor, wall', target: big ? '(info)' : '≤ 1× floor', met: big ? null : analyze.wallMs <= stringFloor.wallMs });
    }
    rows.push({ metric: `stream: … ${label}, CPU vs \`grep -c\``, value: analyze.cpuMs, unit: 'ms', baseline: grep.cpuMs, baselineLabel: '`grep -c`, CPU', target: '(info)', met: null });
    rows.push({ metric: `stream: … ${label}, peak RSS`, value: analyze.rssMb, unit: 'MB', baseline: streamFloor.rssMb, baselineLabel: 'streaming floor peak RSS', target: '≤ 256 MB', met: analyze.rssMb <= 256 });
    if (big) {
      // the Markdown report is written at the file's end: its events wait in a temporary file until then
      const md = timed(node, [cli, 'analyze', '--format', 'markdown', file], out);
      rows.push({ metric: `stream: \`oom-lens analyze --format markdown\` ${label}, peak RSS (CPU ${Math.round(md.cpuMs)} ms)`, value: md.rssMb, unit: 'MB', target: '≤ 256 MB', met: md.rssMb <= 256 });
    }
    if (mb > 1024) fs.rmSync(file);
  }
}
