/**
 * `npm run bench -- --only stream`: the streaming `oom-lens analyze` on generated logs of 50 MB and
 * 1 GB (4,000 reports; `--long` adds 10 GB), each beside the floors measured in the same run: a
 * Node script that reads the file as one string and counts the trigger lines with indexOf (50 MB
 * only: a string holds at most 512 MB), one that counts them with Buffer.indexOf over
 * fs.createReadStream chunks, and `grep -c`. Every command runs under /usr/bin/time -v: wall
 * time, CPU time (user + system: the figure to trust on a loaded machine) and peak RSS; on 1 GB
 * also the peak RSS of `--format markdown` (its report is written at the end).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generateLog, readCorpus } from './generate';

interface Row { metric: string; value: number; unit: string; baseline?: number; baselineLabel?: string; target: string; met: boolean | null }

interface Run { wallMs: number; cpuMs: number; rssMb: number; out: string }

/** One command under /usr/bin/time -v, its standard output kept (up to 1 MB) or thrown away. */
function timed(cmd: string, args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const err = r.stderr ?? '';
  const num = (re: RegExp) => { const m = re.exec(err); return m ? Number(m[1]) : NaN; };
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(err);
  const wallMs = wall ? ((Number(wall[1] ?? 0) * 60 + Number(wall[2])) * 60 + Number(wall[3])) * 1000 : NaN;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${err.slice(-2000)}`);
  return { wallMs, cpuMs: (num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)) * 1000, rssMb: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024, out: r.stdout ?? '' };
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
  for (const [mb, reports] of sizes) {
    const file = ensure(dataDir, mb, reports);
    const label = mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`;
    const n = mb <= 50 ? 3 : 1;
    const analyze = best(n, () => timed(node, [cli, 'analyze', file]));
    const events = /: (\d+) OOM events?/.exec(analyze.out)?.[1] ?? '?';
    const streamFloor = best(n, () => timed(node, ['-e', STREAM_FLOOR, file]));
    const grep = best(n, () => timed('grep', ['-c', 'invoked oom-killer', file]));
    rows.push({ metric: `stream: \`oom-lens analyze\` ${label} (${events} events, ${grep.out.trim()} trigger lines), wall`, value: analyze.wallMs, unit: 'ms', baseline: streamFloor.wallMs, baselineLabel: 'streaming Buffer.indexOf floor, wall', target: mb > 50 ? '≤ 2× floor' : '(info)', met: mb > 50 ? analyze.wallMs <= 2 * streamFloor.wallMs : null });
    rows.push({ metric: `stream: … ${label}, CPU (user + system)`, value: analyze.cpuMs, unit: 'ms', baseline: streamFloor.cpuMs, baselineLabel: 'streaming Buffer.indexOf floor, CPU', target: mb > 50 ? '≤ 2× floor' : '(info)', met: mb > 50 ? analyze.cpuMs <= 2 * streamFloor.cpuMs : null });
    rows.push({ metric: `stream: … ${label}, peak RSS`, value: analyze.rssMb, unit: 'MB', baseline: streamFloor.rssMb, baselineLabel: 'streaming floor peak RSS', target: '≤ 256 MB', met: analyze.rssMb <= 256 });
    if (mb > 50) {
      // the Markdown report is written at the end: what it keeps of each event until then
      const md = timed(node, [cli, 'analyze', '--format', 'markdown', file]);
      rows.push({ metric: `stream: \`oom-lens analyze --format markdown\` ${label}, peak RSS (CPU ${Math.round(md.cpuMs)} ms)`, value: md.rssMb, unit: 'MB', target: '≤ 256 MB', met: md.rssMb <= 256 });
    }
    rows.push({ metric: `stream: \`grep -c 'invoked oom-killer'\` ${label}, wall / CPU`, value: grep.wallMs, unit: 'ms', baseline: grep.cpuMs, baselineLabel: 'its CPU', target: '(info)', met: null });
    if (mb <= 256) {
      const stringFloor = best(n, () => timed(node, ['-e', STRING_FLOOR, file]));
      rows.push({ metric: `stream: \`oom-lens analyze\` ${label} vs read-as-string + indexOf floor, wall`, value: analyze.wallMs, unit: 'ms', baseline: stringFloor.wallMs, baselineLabel: 'read-as-string floor, wall', target: '≤ 1× floor', met: analyze.wallMs <= stringFloor.wallMs });
      rows.push({ metric: `stream: … ${label} vs read-as-string floor, CPU`, value: analyze.cpuMs, unit: 'ms', baseline: stringFloor.cpuMs, baselineLabel: 'read-as-string floor, CPU', target: '≤ 1× floor', met: analyze.cpuMs <= stringFloor.cpuMs });
    }
  }
}
