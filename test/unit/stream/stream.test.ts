/**
 * The streaming analyser (oomlog/stream/regions.ts) against the whole-text parser, its oracle:
 * the same events (fields included) on every corpus log and on generated logs, whatever the
 * chunks the bytes arrive in (split inside a line, inside a UTF-8 sequence, between \r and \n,
 * inside a report), or WholeTextNeeded exactly where the whole-text parse says it read the text
 * as a whole.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog, ANCHORS, MARKERS } from '../../../server/src/oomlog/parse';
import type { OomEvent } from '../../../server/src/oomlog/model';
import type { FieldIndex } from '../../../server/src/oomlog/fieldstore';
import { analyzeChunks, WholeTextNeeded } from '../../../server/src/oomlog/stream/regions';
import { foreignLine, generateLog, generateTaskTable, readCorpus, Rng, withInvalidUtf8, withMixedLineEnds, withNulRuns } from '../../../bench/generate';

const root = path.resolve(__dirname, '..', '..', '..', '..');

function logFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...logFiles(p));
    else if (!e.name.endsWith('.md')) out.push(p);
  }
  return out.sort();
}

/** Chunks of `buf` cut at `cuts` (offsets, any order). */
function cutAt(buf: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.filter(c => c > 0 && c < buf.length))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of at) { out.push(buf.subarray(prev, c)); prev = c; }
  out.push(buf.subarray(prev));
  return out;
}

/** Offsets of each kind of boundary in `buf`: inside a line, inside a UTF-8 sequence, between \r and \n, inside a report. */
function boundaries(buf: Buffer, rng: Rng, per = 40): number[] {
  const kinds: number[][] = [[], [], [], []];
  for (let i = 1; i < buf.length; i++) {
    const b = buf[i];
    if (b >= 0x80 && b < 0xc0) kinds[1].push(i); // a continuation byte: the cut splits a sequence
    else if (b === 10 && buf[i - 1] === 13) kinds[2].push(i);
    else if (b !== 10 && buf[i - 1] !== 10) kinds[0].push(i);
  }
  for (let i = buf.indexOf('oom-killer'); i >= 0; i = buf.indexOf('oom-killer', i + 1)) {
    for (let k = 0; k < 4; k++) kinds[3].push(Math.min(buf.length - 1, i + rng.int(1, 4000)));
  }
  const out: number[] = [];
  for (const k of kinds) for (let n = 0; n < per && k.length; n++) out.push(k[rng.int(0, k.length - 1)]);
  return out;
}

/** Events as the oracle compares them: everything, the lazily built fields too. */
function plain(r: { events: readonly OomEvent[]; fields: FieldIndex }): unknown {
  return r.events.map(e => ({ ev: e, fields: r.fields.all(e) }));
}

function check(name: string, buf: Buffer, splits: Buffer[][]): 'same' | 'whole' {
  const whole = parseOomLog(buf.toString('utf8'));
  let result: 'same' | 'whole' | undefined;
  for (const chunks of splits) {
    let got;
    try {
      got = analyzeChunks(chunks);
    } catch (e) {
      if (!(e instanceof WholeTextNeeded)) throw e;
      assert.ok(whole.wholeText, `${name}: the stream asked for the whole text, which the parser read region by region`);
      assert.ok(result !== 'same', `${name}: WholeTextNeeded for one split and not for another`);
      result = 'whole';
      continue;
    }
    assert.ok(result !== 'whole', `${name}: WholeTextNeeded for one split and not for another`);
    result = 'same';
    assert.equal(got.lineCount, whole.lineCount, `${name}: line count (${chunks.length} chunks)`);
    assert.equal(got.events.length, whole.events.length, `${name}: number of events (${chunks.length} chunks)`);
    assert.deepEqual(plain(got), plain(whole), `${name}: events (${chunks.length} chunks)`);
  }
  return result!;
}

function splitsOf(buf: Buffer, seed: number): Buffer[][] {
  const rng = new Rng(seed);
  const out: Buffer[][] = [[buf], cutAt(buf, boundaries(buf, rng))];
  for (const size of [1, 2, 3, 17, 4096]) {
    if (size < 16 && buf.length > 60000) continue;
    if (size < 4 && buf.length > 20000 && size !== (seed % 3) + 1) continue; // one of the tiny sizes per big log
    const cuts: number[] = [];
    for (let i = size; i < buf.length; i += size) cuts.push(i);
    out.push(cutAt(buf, cuts));
  }
  const random: number[] = [];
  for (let i = 0; i < 200; i++) random.push(rng.int(1, Math.max(1, buf.length - 1)));
  out.push(cutAt(buf, random));
  return out;
}

test('streaming equals the whole-text analysis on every corpus log, in chunks of any size', () => {
  const files = [
    ...logFiles(path.join(root, 'test', 'fixtures', 'corpus')),
    ...logFiles(path.join(root, 'samples')),
    ...logFiles('/work/shared/corpus'),
  ];
  assert.ok(files.length >= 40, `corpus found (${files.length} files)`);
  let same = 0;
  files.forEach((f, i) => {
    const buf = fs.readFileSync(f);
    if (check(path.relative(root, f), buf, splitsOf(buf, 1000 + i)) === 'same') same++;
  });
  // most of the corpus is read region by region; the rest needs the whole text (quoted-printable, records, learned prefixes)
  assert.ok(same >= files.length * 0.7, `${same} of ${files.length} read as a stream`);
});

/** The corpus's reports with noise between them: gaps of every size (none, blank lines, short, past the closing and quiet distances). */
function mixedLog(seed: number, reports: number): string {
  const rng = new Rng(seed);
  const corpus = readCorpus();
  const userDir = path.join(root, 'test', 'fixtures', 'corpus', 'userspace');
  const user = logFiles(userDir).map(f => fs.readFileSync(f, 'utf8'));
  const clock = { sec: 5000 };
  const parts: string[] = [];
  const delayed: string[] = [];
  for (let i = 0; i < reports; i++) {
    const gap = rng.pick([0, 0, 1, 3, 7, 30, 70, 300, 600, 2500]);
    for (let k = 0; k < gap; k++) parts.push(rng.chance(0.05) ? '' : foreignLine(rng, clock));
    if (rng.chance(0.1)) for (let k = rng.int(1, 400); k > 0; k--) parts.push('');
    if (delayed.length && rng.chance(0.5)) parts.push(delayed.shift()!);
    const text = rng.chance(0.15) && user.length ? rng.pick(user) : rng.pick(corpus).text;
    let lines = text.replace(/\n+$/, '').split('\n');
    // an oom_reaper line that comes after the next report (the parser finds its report across others)
    const r = lines.findIndex(l => l.includes('oom_reaper'));
    if (r >= 0 && rng.chance(0.4)) { delayed.push(lines[r]); lines = lines.filter((_, k) => k !== r); }
    parts.push(...lines);
  }
  parts.push(...delayed);
  return parts.join('\n') + '\n';
}

test('streaming equals the whole-text analysis on generated logs split at every kind of boundary (fixed seeds)', () => {
  let joins = 0;
  let streamed = 0;
  for (const seed of [1, 2, 3, 4]) {
    const log = mixedLog(seed, 40);
    try { joins += analyzeChunks([Buffer.from(log)]).stats.joins; } catch (e) { if (!(e instanceof WholeTextNeeded)) throw e; }
    const variants: [string, Buffer][] = [
      ['mixed', Buffer.from(log)],
      ['CRLF and lone CR', Buffer.from(withMixedLineEnds(log))],
      ['invalid UTF-8', withInvalidUtf8(log, new Rng(seed))],
      ['NUL runs', Buffer.from(withNulRuns(log))],
      ['no final line break', Buffer.from(log.replace(/\n+$/, ''))],
    ];
    for (const [what, buf] of variants) if (check(`seed ${seed} ${what}`, buf, splitsOf(buf, seed * 31)) === 'same') streamed++;
  }
  assert.ok(streamed >= 10, `${streamed} of 20 generated logs read as a stream (the others need the whole text)`);
  assert.ok(joins > 0, 'some oom_reaper lines came after a later report (regions parsed again together)');
  const bench = Buffer.from(generateLog({ bytes: 3 * 1048576, reports: 30, seed: 9 }));
  assert.equal(check('generated 3 MB', bench, splitsOf(bench, 9)), 'same');
  const table = Buffer.from(generateTaskTable(20000) + mixedLog(11, 5));
  assert.equal(check('20,000-row task table', table, splitsOf(table, 11)), 'same');
  const dense = Buffer.from(readCorpus().map(c => c.text.replace(/\n+$/, '')).join('\n').repeat(3) + '\n');
  check('reports back to back', dense, splitsOf(dense, 12));
});

test('noise between reports is not parsed, and memory is that of the regions', () => {
  const clock = { sec: 1 };
  const rng = new Rng(3);
  const noise: string[] = [];
  for (let k = 0; k < 20000; k++) noise.push(foreignLine(rng, clock).replace(/kill|Kill|usage|ks sup|_reap|Kernel|Mem|Task|vict|VmRSS|M enco|pid \]/g, 'x'));
  const report = readCorpus()[0].text;
  const log = Buffer.from([noise.join('\n'), report, noise.join('\n'), report, noise.join('\n')].join('\n') + '\n');
  const got = analyzeChunks(cutAt(log, Array.from({ length: 100 }, (_, i) => Math.floor(log.length * i / 100))));
  assert.equal(got.events.length, parseOomLog(log.toString('utf8')).events.length);
  assert.ok(got.stats.regionBytes < log.length / 10, `regions ${got.stats.regionBytes} of ${log.length} bytes`);
});

test('a task table that keeps going is parsed a few times as its region grows, not once per look (quadratic on a huge table)', () => {
  const log = Buffer.from(generateTaskTable(20_000));
  const got = analyzeChunks(cutAt(log, Array.from({ length: 40 }, (_, i) => Math.floor(log.length * i / 40))));
  assert.equal(got.events[0].tasks?.rows.length, parseOomLog(log.toString('utf8')).events[0].tasks?.rows.length);
  assert.ok(got.stats.parses <= 30, `${got.stats.parses} parses of one growing region`);
});

test('a report is ended only once it is closed: noise and blank lines of every count after a kill, then lines that may still join it', () => {
  const rng = new Rng(21);
  const clock = { sec: 1 };
  const noise = () => foreignLine(rng, clock).replace(/kill|Kill|usage|ks sup|_reap|Kernel|Mem|Task|vict|VmRSS|M enco|pid \]/g, 'x');
  const reports = readCorpus().filter(c => /Killed process/.test(c.text)).slice(0, 4);
  for (const c of reports) {
    const lines = c.text.replace(/\n+$/, '').split('\n');
    const killLine = lines.find(l => l.includes('Killed process'))!;
    const reaper = lines.find(l => l.includes('oom_reaper')) ?? killLine;
    for (const k of [0, 3, 8, 9, 12, 40, 50, 63, 64, 70, 300]) {
      for (const [blank, blankFirst] of [[0, false], [50, false], [300, false], [300, true]] as const) {
        const noiseLines = Array.from({ length: k }, noise);
        const blanks = Array.from({ length: blank }, () => '');
        const gap = blankFirst ? [...blanks, ...noiseLines] : [...noiseLines, ...blanks];
        // a panic joins the open report at any distance (blank lines do not close it), a closed one only within 64 lines
        const panic = killLine.replace(/(Out of memory|Memory cgroup out of memory|Killed process).*$/, 'Kernel panic - not syncing: System is deadlocked on memory');
        for (const late of [killLine, reaper, killLine.replace(/Killed process \d+/, 'Killed process 4242'), panic]) {
          const buf = Buffer.from([...lines, ...gap, late, ...Array.from({ length: 100 }, noise)].join('\n') + '\n');
          check(`${c.name} + ${k} noise, ${blank} blank, then ${late.slice(-40)}`, buf, [[buf], cutAt(buf, [buf.length >> 1])]);
        }
      }
    }
  }
});

test('the stream\'s marker scan finds every marker: each holds one of its needles, each needle short', () => {
  for (const m of MARKERS) assert.ok(ANCHORS.some(n => m.includes(n)), m);
  // longer needles make V8's indexOf switch to a slower search (see ANCHORS in parse.ts)
  for (const n of ANCHORS) assert.ok(n.length >= 3 && n.length <= 6 && !n.includes('\n'), `needle ${n}`);
});

test('a report without a kill line ends its region where the parser closes it: foreign lines of every count after it, then lines that may still join it, split at every kind of boundary', () => {
  const rng = new Rng(33);
  const clock = { sec: 1 };
  // noise with a UTF-8 sequence in it, so that cuts can fall inside one
  const noise = () => foreignLine(rng, clock).replace(/kill|Kill|usage|ks sup|_reap|Kernel|Mem|Task|vict|VmRSS|M enco|pid \]/g, 'x') + (rng.chance(0.3) ? ' µs' : '');
  const reports = readCorpus().filter(c => /invoked oom-killer/.test(c.text) && !/ill process|illed process|oom_reaper/.test(c.text));
  assert.ok(reports.length >= 4, `${reports.length} corpus reports without a kill line`);
  for (const c of [reports[0], reports[reports.length >> 2], reports[reports.length >> 1], reports[reports.length - 1]]) {
    const lines = c.text.replace(/\n+$/, '').split('\n');
    const trigger = lines.find(l => l.includes('invoked oom-killer'))!;
    const panic = trigger.replace(/\S+ invoked oom-killer.*$/, 'Kernel panic - not syncing: Out of memory and no killable processes...');
    const noKillable = trigger.replace(/\S+ invoked oom-killer.*$/, 'Out of memory and no killable processes...');
    const kill = trigger.replace(/\S+ invoked oom-killer.*$/, 'Killed process 4242 (stress) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB');
    for (const k of [0, 9, 50, 63, 64, 65, 66, 68, 69, 72, 100, 140, 300]) {
      for (const blanks of [0, 20]) {
        const gap = Array.from({ length: k }, noise);
        // blank lines neither close nor continue a report
        for (let b = 0; b < blanks; b++) gap.splice(rng.int(0, gap.length), 0, '');
        for (const late of [panic, noKillable, kill, trigger]) {
          const log = [...lines, ...gap, late, ...Array.from({ length: 120 }, noise)].join('\n') + '\n';
          for (const [what, buf] of [['LF', Buffer.from(log)], ['CRLF and lone CR', Buffer.from(withMixedLineEnds(log))]] as const) {
            // every line start around where the parser closes the report, and cuts of every kind
            const at: number[] = [];
            let line = 0;
            for (let i = 0; i < buf.length; i++) if (buf[i] === 10 && ++line >= lines.length + 55 && line <= lines.length + k + blanks + 80) at.push(i + 1);
            const r = new Rng(k * 7 + blanks);
            check(`${c.name} + ${k} noise (${blanks} blank), then ${late.slice(-40)} (${what})`, buf,
              [[buf], cutAt(buf, at), cutAt(buf, boundaries(buf, r, 20)), cutAt(buf, at.map(x => x - 1))]);
          }
        }
      }
    }
    // the region ends soon after the parser closes the report, not hundreds of lines later
    const buf = Buffer.from([...lines, ...Array.from({ length: 300 }, noise)].join('\n') + '\n');
    const kept = analyzeChunks([buf]).stats.regionBytes - Buffer.byteLength(lines.join('\n'));
    assert.ok(kept < 200 * 120, `${c.name}: ${kept} bytes of the noise after the report were kept in its region`);
  }
});

test('a report that goes on long past its last marker line (task rows) ends its region only where no later line can join it', () => {
  const rng = new Rng(34);
  const clock = { sec: 1 };
  const noise = () => foreignLine(rng, clock).replace(/kill|Kill|usage|ks sup|_reap|Kernel|Mem|Task|vict|VmRSS|M enco|pid \]/g, 'x');
  const table = generateTaskTable(150).replace(/\n+$/, '').split('\n');
  const header = table.findIndex(l => l.includes('pid  ]'));
  const kill = table[table.length - 1];
  const stamp = kill.slice(0, kill.indexOf(']') + 2);
  const panic = `${stamp}Kernel panic - not syncing: System is deadlocked on memory`;
  const shapes: [string, string[]][] = [
    // a kill line with its task table pasted below it (parse.ts tableAfterKill): 150 rows after the last marker line
    ['kill line, then its table', [kill, ...table.slice(header, -2)]],
    // no kill line: the report ends with its rows
    ['table without a kill line', table.slice(0, -2)],
  ];
  for (const [what, lines] of shapes) {
    for (const k of [8, 9, 30, 50, 60, 64, 65, 70]) {
      for (const late of [panic, kill.replace(/Killed process \d+/, 'Killed process 4242')]) {
        const buf = Buffer.from([...lines, ...Array.from({ length: k }, noise), late, ...Array.from({ length: 200 }, noise)].join('\n') + '\n');
        check(`${what} + ${k} noise, then ${late.slice(-40)}`, buf, [[buf], cutAt(buf, boundaries(buf, new Rng(k), 10))]);
      }
    }
  }
});

test('userspace kills every few dozen lines: regions end between them once each event has read the lines it asked for', () => {
  const dir = path.join(root, 'test', 'fixtures', 'corpus', 'userspace');
  const rng = new Rng(31);
  const clock = { sec: 1 };
  const noise = (n: number) => Array.from({ length: n }, () => foreignLine(rng, clock).replace(/kill|proces|usage|backs|_reap|Kernel|Mem|Task|Kill|vict|pid \]/g, 'x'));
  for (const f of fs.readdirSync(dir).filter(n => n.endsWith('.log'))) {
    const kills = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\n+$/, '');
    for (const gap of [0, 3, 9, 40]) {
      const parts: string[] = [];
      for (let i = 0; i < 30; i++) parts.push(kills, ...noise(gap));
      const buf = Buffer.from(parts.join('\n') + '\n');
      check(`${f} every ${gap} lines`, buf, [[buf], cutAt(buf, boundaries(buf, rng, 10))]);
    }
    // memory is that of one region, not of the log: the regions end between kills further apart
    // than the lines their events read (600 after a `kubectl describe` block, 2,000 after `oomctl dump`'s first line)
    const gap = f.startsWith('oomctl') ? 2100 : /k8s|oomd/.test(f) ? 700 : 40;
    const parts: string[] = [];
    for (let i = 0; i < 12; i++) parts.push(kills, ...noise(gap));
    let regions = 0;
    try { regions = analyzeChunks([Buffer.from(parts.join('\n') + '\n')]).stats.regions; } catch (e) { if (!(e instanceof WholeTextNeeded)) throw e; continue; }
    assert.ok(regions >= 10, `${f} every ${gap} lines: ${regions} regions`);
  }
});

test('a `kubectl describe` block whose pod name is far above its OOMKilled reason: the stream reads back as far as the whole text does', () => {
  const rng = new Rng(33);
  const clock = { sec: 1 };
  const noise = Array.from({ length: 500 }, () => foreignLine(rng, clock).replace(/kill|proces|usage|backs|_reap|Kernel|Mem|Task|Kill|vict|pid \]/g, 'x'));
  const describe = fs.readFileSync(path.join(root, 'test', 'fixtures', 'corpus', 'userspace', 'k8s-kubectl-describe.log'), 'utf8');
  const labels = Array.from({ length: 200 }, (_, i) => `                  team.example.com/label-${i}=value-${i}`).join('\n');
  const long = describe.replace(/^(Labels: .*)$/m, `$1\n${labels}`);
  assert.notEqual(long, describe);
  const buf = Buffer.from([...noise, long, ...noise].join('\n') + '\n');
  const whole = parseOomLog(buf.toString('utf8'));
  assert.ok(whole.events.some(e => e.userspace?.facts.some(f => /worker-5f7d8c9b6d-h4kpz/.test(f.text))), 'the whole text names the pod');
  check('describe with 200 labels', buf, [[buf], cutAt(buf, boundaries(buf, rng, 10))]);
});

test('an oom_reaper line joins an earlier region only when the pid it names is that region\'s victim, not for a clock or a size equal to it', () => {
  const rng = new Rng(41);
  const clock = { sec: 1 };
  const noise = () => Array.from({ length: 200 }, () => foreignLine(rng, clock).replace(/kill|proces|usage|backs|_reap|Kernel|Mem|Task|Kill|vict|pid \]/g, 'x')).join('\n');
  const report = (pid: number) => [
    `[ 100.000001] java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0`,
    `[ 100.000002] Out of memory: Killed process ${pid} (java) total-vm:5347792kB, anon-rss:1732152kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4100kB oom_score_adj:0`,
  ].join('\n');
  const reaper = (pid: number, size: number) => `[ ${size}.000003] oom_reaper: reaped process ${pid} (java), now anon-rss:${size}kB, file-rss:0kB, shmem-rss:0kB`;
  // the second report's reaper line holds the first victim's pid as a clock and a size only
  const falseJoin = Buffer.from([report(4242), noise(), report(777), reaper(777, 4242), noise()].join('\n') + '\n');
  const got = analyzeChunks([falseJoin]);
  assert.equal(got.stats.joins, 0);
  check('a reaper line with a clock and a size equal to an earlier victim', falseJoin, [[falseJoin], cutAt(falseJoin, boundaries(falseJoin, rng, 10))]);
  // …and the first victim's own reaper line after the second report joins them
  const late = Buffer.from([report(4242), noise(), report(777), reaper(4242, 5), noise()].join('\n') + '\n');
  assert.equal(analyzeChunks([late]).stats.joins, 1);
  assert.ok(parseOomLog(late.toString('utf8')).events[0].reaper, 'the whole text ties the late reaper line to the first kill');
  check('a late reaper line', late, [[late], cutAt(late, boundaries(late, rng, 10))]);
});
