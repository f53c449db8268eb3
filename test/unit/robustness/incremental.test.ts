import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generateLog, readCorpus, Rng } from '../../../bench/generate';
import type { Range } from '../../../server/src/common/types';
import { ChunkedText } from '../../../server/src/common/chunkedText';
import { composeChanges, lineStarts, ProgressiveParse, reparseOomLog, sameLineModel, type ContentChange, type IncrementalStats } from '../../../server/src/oomlog/incremental';
import { parseOomLog } from '../../../server/src/oomlog/parse';
import type { OomLogAnalysis } from '../../../server/src/oomlog/model';
import { withFields } from '../../helpers/eagerParse';
import * as fs from 'fs';
import * as path from 'path';

/** Equal analyses, every event's fields (from each analysis's FieldIndex) included. */
function assertSameAnalysis(actual: OomLogAnalysis, expected: OomLogAnalysis, message: string): void {
  assert.deepEqual(withFields(actual), withFields(expected), message);
}

const corpus = readCorpus();
/** Kills made outside the kernel's OOM killer (systemd-oomd, earlyoom, Kubernetes, lmkd): their events must survive edits too. */
const userDir = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus', 'userspace');
const userCorpus = fs.readdirSync(userDir).filter(f => f !== 'SOURCES.md').sort().map(name => ({ name, text: fs.readFileSync(path.join(userDir, name), 'utf8') }));
/** Reports as people paste them (JSON records, journal exports, quoted-printable, learned prefixes, cut lines ...). */
const pastedDir = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'corpus', 'pasted');
const pastedCorpus = fs.readdirSync(pastedDir).filter(f => f !== 'SOURCES.md').sort().map(name => ({ name, text: fs.readFileSync(path.join(pastedDir, name), 'utf8') }));
const corpusLines = [...corpus, ...userCorpus].flatMap(c => c.text.split('\n')).filter(l => l.length);
const pastedLines = [...corpusLines, ...pastedCorpus.flatMap(c => c.text.split('\n')).filter(l => l.length)];

/** A generated log with the userspace corpus files put in between its lines, each at a line start. */
function withUserspace(text: string, rng: Rng): string {
  const lines = text.split('\n');
  for (const c of userCorpus) lines.splice(rng.int(0, lines.length - 1), 0, c.text.replace(/\n$/, ''));
  return lines.join('\n');
}

function applyChange(text: string, ch: ContentChange): string {
  if (!ch.range) return ch.text;
  const starts = lineStarts(text);
  const off = (p: Range['start']) => Math.min(text.length, starts[Math.min(p.line, starts.length - 1)] + p.character);
  return text.slice(0, off(ch.range.start)) + ch.text + text.slice(off(ch.range.end));
}

/** A random edit of the kinds people make in a log: type, delete, paste lines, cut a report apart. */
function randomChange(text: string, rng: Rng, donors = corpusLines): ContentChange {
  // LSP positions never fall between the \r and \n of a CRLF
  const lines = text.split(/\r?\n/);
  const pos = () => {
    const line = rng.int(0, lines.length - 1);
    return { line, character: rng.int(0, lines[line].length) };
  };
  const a = pos();
  let b = a;
  const kind = rng.int(0, 9);
  if (kind <= 2) {
    // delete a stretch (within a line or across lines)
    const line = Math.min(lines.length - 1, a.line + (rng.chance(0.5) ? 0 : rng.int(0, 30)));
    b = { line, character: line === a.line ? rng.int(a.character, lines[line].length) : rng.int(0, lines[line].length) };
    return { range: { start: a, end: b }, text: '' };
  }
  if (kind <= 5) {
    // paste whole corpus lines (triggers, kill lines, reaper lines, task rows ...) at a line start
    const n = rng.int(1, 12);
    const start = rng.int(0, donors.length - n);
    const at = { line: a.line, character: 0 };
    return { range: { start: at, end: at }, text: donors.slice(start, start + n).join('\n') + '\n' };
  }
  if (kind === 6) {
    // delete whole lines
    const to = Math.min(lines.length - 1, a.line + rng.int(1, 5));
    return { range: { start: { line: a.line, character: 0 }, end: { line: to, character: 0 } }, text: '' };
  }
  if (kind === 7) {
    const special = rng.pick([
      '[ 5.000000] oom_kill_process: 3 callbacks suppressed\n',
      '[ 5.000001] oom_reaper: reaped process 1234 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n',
      'Jun 13 23:04:43 host kernel: java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0\n',
      '\n\n',
    ]);
    const at = { line: a.line, character: 0 };
    return { range: { start: at, end: at }, text: special };
  }
  // type a few characters, maybe a newline
  return { range: { start: a, end: a }, text: rng.pick(['x', '9', ' ', '\n', 'kB', ': ', '123\n', ']']) };
}

function logs(): { name: string; text: string }[] {
  const out = [
    { name: 'generated 100 KB, 10 reports', text: generateLog({ bytes: 100_000, reports: 10, seed: 11, corpus }) },
    { name: 'generated 60 KB, 30 reports (reports close together)', text: generateLog({ bytes: 60_000, reports: 30, seed: 12, corpus }) },
    { name: 'corpus concatenated, CRLF line ends', text: corpus.map(c => c.text).join('').replace(/\n/g, '\r\n') },
    { name: 'generated 80 KB, 12 reports, with systemd-oomd / earlyoom / Kubernetes / lmkd kills between', text: withUserspace(generateLog({ bytes: 80_000, reports: 12, seed: 14, corpus }), new Rng(15)) },
  ];
  return out;
}

test('composeChanges: sequential changes become one dirty span in old and new lines', () => {
  const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
  assert.deepEqual(composeChanges([{ range: r(5, 0, 5, 0), text: 'a\nb\n' }]), { start: 5, oldEnd: 5, newEnd: 7 });
  assert.deepEqual(composeChanges([{ range: r(5, 0, 8, 0), text: '' }]), { start: 5, oldEnd: 8, newEnd: 5 });
  // second change before the first one
  assert.deepEqual(composeChanges([{ range: r(10, 0, 10, 0), text: 'x\n' }, { range: r(2, 0, 3, 0), text: '' }]), { start: 2, oldEnd: 10, newEnd: 10 });
  // second change after the first one
  assert.deepEqual(composeChanges([{ range: r(2, 0, 2, 1), text: 'x\n\n' }, { range: r(20, 0, 21, 0), text: '' }]), { start: 2, oldEnd: 19, newEnd: 20 });
  assert.equal(composeChanges([{ text: 'whole' }]), null);
});

test('incremental re-parse equals a full parse after random edits (chained, 400 edits over 4 logs; every other one read from the server\'s ChunkedText)', () => {
  let handled = 0, fallback = 0, reparsed = 0, total = 0;
  const reasons: Record<string, number> = {};
  const all = logs();
  const earlyoom = all.filter(log => log.name.includes('earlyoom'));
  assert.equal(earlyoom.length, 1, 'one of the logs is an earlyoom log');
  assert.ok(parseOomLog(earlyoom[0].text).events.filter(e => e.userspace).length >= 15, `${earlyoom[0].name}: the userspace kills are found`);
  for (const [i, log] of all.entries()) {
    const rng = new Rng(1000 + i);
    let text = log.text;
    // the server's document store, edited alongside (small chunks: edits cross chunk boundaries)
    let doc = ChunkedText.of(text, 2048);
    let analysis = parseOomLog(text);
    assert.ok(analysis.events.length > 0, log.name);
    for (let step = 0; step < 100; step++) {
      const changes: ContentChange[] = [];
      let next = text;
      for (let k = rng.chance(0.2) ? rng.int(2, 3) : 1; k > 0; k--) {
        const ch = randomChange(next, rng);
        changes.push(ch);
        next = applyChange(next, ch);
      }
      doc = doc.edit(changes);
      const edit = composeChanges(changes);
      assert.ok(edit);
      const starts = lineStarts(next);
      const stats: IncrementalStats = { regionStart: 0, regionEnd: 0, reparsedLines: 0 };
      const full = parseOomLog(next);
      assert.ok(sameLineModel(next), 'the edits keep the line model (the server checks this before re-parsing)');
      const chunked = step % 2 === 1;
      const edited = doc;
      const inc = chunked ? reparseOomLog(analysis, edited, edit, l => edited.lineStart(l), stats) : reparseOomLog(analysis, next, edit, l => starts[l], stats);
      assert.equal(edited.getText(), next, 'ChunkedText after the same changes');
      if (inc) {
        handled++;
        reparsed += stats.reparsedLines;
        total += full.lineCount;
      } else {
        fallback++;
        reasons[stats.fallback ?? '?'] = (reasons[stats.fallback ?? '?'] ?? 0) + 1;
      }
      // what the server goes on with: the incremental result, or the full parse when it declines the edit
      analysis = inc ?? full;
      assertSameAnalysis(analysis, full, `${log.name}, step ${step}: ${JSON.stringify(changes).slice(0, 400)} region ${stats.regionStart}-${stats.regionEnd}`);
      text = next;
    }
  }
  assert.ok(handled >= 220, `only ${handled} of ${handled + fallback} edits were handled incrementally: ${JSON.stringify(reasons)}`);
  // the point of it all: a small part of the document is parsed again
  assert.ok(reparsed / total < 0.5, `re-parsed ${(100 * reparsed / total).toFixed(0)}% of the lines on average`);
});

/**
 * Pasted formats whose reading depends on lines outside the edited report: a quoted-printable body
 * (decoded as a whole), JSON records and json-pretty / export / verbose records (the record's
 * time is on other lines), a learned prefix (learned once, stripped from every later line), cut
 * and joined lines, a report whose line breaks were lost; each alone, and behind a plain report.
 */
const PASTED = [
  'journalctl-json.log', 'journalctl-json-pretty.log', 'journalctl-export.log', 'journalctl-verbose.log', 'quoted-printable-mail.eml',
  'docker-compose-learned.log', 'kubectl-logs-prefix-learned.log', 'grep-n.log', 'terminal-hard-wrap-80.log', 'mail-wrap-72.log',
  'line-breaks-lost.log', 'docker-json-file.log', 'gcloud-jsonPayload-pretty.json', 'cloud-logging-textPayload.jsonl', 'mail-quote-nested.log', 'cat-n.log',
];

function pastedLogs(): { name: string; text: string }[] {
  const plain = corpus[0].text;
  const out: { name: string; text: string }[] = [];
  for (const name of PASTED) {
    const c = pastedCorpus.find(p => p.name === name);
    assert.ok(c, name);
    out.push({ name, text: c.text }, { name: `plain report, then ${name}`, text: plain + c.text });
  }
  out.push({ name: 'userspace corpus concatenated', text: userCorpus.map(c => c.text).join('') });
  return out;
}

test('incremental re-parse equals a full parse after random edits of pasted formats and userspace kills (chained, 25 edits per log)', () => {
  let handled = 0, fallback = 0;
  const reasons: Record<string, number> = {};
  const failures: string[] = [];
  for (const [i, log] of pastedLogs().entries()) {
    const rng = new Rng(2000 + i);
    let text = log.text;
    let doc = ChunkedText.of(text, 2048);
    let analysis = parseOomLog(text);
    assert.ok(analysis.events.length > 0, log.name);
    for (let step = 0; step < 25; step++) {
      const changes: ContentChange[] = [];
      let next = text;
      for (let k = rng.chance(0.2) ? 2 : 1; k > 0; k--) {
        const ch = randomChange(next, rng, rng.chance(0.5) ? pastedLines : corpusLines);
        changes.push(ch);
        next = applyChange(next, ch);
      }
      doc = doc.edit(changes);
      const edit = composeChanges(changes)!;
      const starts = lineStarts(next);
      const stats: IncrementalStats = { regionStart: 0, regionEnd: 0, reparsedLines: 0 };
      const full = parseOomLog(next);
      const edited = doc;
      const inc = step % 2 ? reparseOomLog(analysis, edited, edit, l => edited.lineStart(l), stats) : reparseOomLog(analysis, next, edit, l => starts[l], stats);
      if (inc) handled++;
      else {
        fallback++;
        reasons[stats.fallback ?? '?'] = (reasons[stats.fallback ?? '?'] ?? 0) + 1;
      }
      // the incremental result, or the full parse the server falls back to
      try { assertSameAnalysis(inc ?? full, full, `${log.name}, step ${step}: ${JSON.stringify(changes).slice(0, 300)} region ${stats.regionStart}-${stats.regionEnd}`); }
      catch (e) { failures.push((e as Error).message.split('\n')[0]); if (!process.env.OOM_LENS_PROBE) throw e; }
      analysis = full;
      text = next;
    }
  }
  if (process.env.OOM_LENS_PROBE) console.log(JSON.stringify({ handled, fallback, reasons, failures: failures.length }, null, 1), failures.join('\n'));
  assert.equal(failures.length, 0);
  assert.ok(handled > 0 && fallback > 0, `handled ${handled}, fell back ${fallback}: ${JSON.stringify(reasons)}`);
});

test('parseOomLog(text, firstLine) numbers lines from firstLine: the same analysis as the text behind that many empty lines', () => {
  for (const c of corpus) {
    const shifted = parseOomLog(c.text, 7);
    const padded = parseOomLog('\n'.repeat(7) + c.text);
    assert.equal(shifted.lineCount, padded.lineCount - 7, c.name);
    assertSameAnalysis({ ...shifted, lineCount: 0 }, { ...padded, lineCount: 0 }, c.name);
  }
});

test('no object is reachable from two events (an edit moves each event behind it on its own: model.ts moveEvent)', () => {
  const texts = [...corpus.map(c => c.text), corpus.map(c => c.text).join(''), generateLog({ bytes: 1_000_000, reports: 400, seed: 9, corpus })];
  for (const text of texts) {
    const owner = new Map<object, number>();
    for (const ev of parseOomLog(text).events) {
      const stack: unknown[] = [ev];
      while (stack.length) {
        const o = stack.pop();
        if (o === null || typeof o !== 'object') continue;
        const seenBy = owner.get(o);
        if (seenBy === ev.index) continue;
        assert.equal(seenBy, undefined, `an object of event ${ev.index} also belongs to event ${seenBy}`);
        owner.set(o, ev.index);
        for (const v of Object.values(o)) stack.push(v);
      }
    }
    assert.ok(owner.size > 0);
  }
});

test('incremental: an edit inside one report of a 2 MB log re-parses a small region', () => {
  const text = generateLog({ bytes: 2_000_000, reports: 40, seed: 3, corpus });
  const analysis = parseOomLog(text);
  const ev = analysis.events[20];
  const line = ev.startLine + 1;
  const change: ContentChange = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'garbage line\n' };
  const next = applyChange(text, change);
  const starts = lineStarts(next);
  const stats = { regionStart: 0, regionEnd: 0, reparsedLines: 0 };
  const inc = reparseOomLog(analysis, next, composeChanges([change])!, l => starts[l], stats);
  assert.ok(inc);
  assertSameAnalysis(inc, parseOomLog(next), 'one edit in a 2 MB log');
  assert.ok(stats.reparsedLines < analysis.lineCount / 10, `re-parsed ${stats.reparsedLines} of ${analysis.lineCount} lines`);
});

test('incremental: edits that cannot be handled locally say so (null) instead of guessing', () => {
  const text = corpus.map(c => c.text).join('');
  const analysis = parseOomLog(text);
  const past = { start: analysis.lineCount + 5, oldEnd: analysis.lineCount + 5, newEnd: analysis.lineCount + 5 };
  assert.equal(reparseOomLog(analysis, text, past, () => 0), null);
});

test('progressive first parse (append chunk after chunk) equals one full parse, for tiny to large chunks', () => {
  const text = generateLog({ bytes: 300_000, reports: 25, seed: 21, corpus }) + corpus.map(c => c.text).join('') + userCorpus.map(c => c.text).join('');
  const full = parseOomLog(text);
  assert.ok(full.events.some(e => e.kind === 'systemd-oomd') && full.events.some(e => e.kind === 'lmkd'));
  // chunks smaller than the log take several steps; one bigger than it may take one
  for (const [chunk, minSteps] of [[300, 3], [4096, 3], [65536, 3], [1 << 20, 0]]) {
    const p = new ProgressiveParse(text, chunk);
    let steps = 0;
    let last = -1;
    while (!p.step()) {
      steps++;
      assert.ok(p.fraction > last && p.fraction <= 1);
      last = p.fraction;
    }
    assertSameAnalysis(p.result(), full, `chunk ${chunk}`);
    assert.ok(steps >= minSteps, `chunk ${chunk}: ${steps} steps`);
    assert.ok(p.fullParses <= 2, `chunk ${chunk}: ${p.fullParses} steps fell back to a full parse`);
  }
});

test('progressive first parse of pasted formats and userspace kills equals one full parse (formats read with context: the rest in one step)', () => {
  for (const log of pastedLogs()) {
    const full = parseOomLog(log.text);
    for (const chunk of [200, 4096]) {
      const p = new ProgressiveParse(log.text, chunk);
      assertSameAnalysis(p.result(), full, `${log.name}, chunk ${chunk}`);
      assert.ok(p.fullParses <= 2, `${log.name}, chunk ${chunk}: ${p.fullParses} steps fell back to a full parse`);
    }
  }
});

test('wholeText marks exactly the pasted formats read with context from outside their reports', () => {
  const context = ['journalctl-json.log', 'journalctl-json-pretty.log', 'journalctl-export.log', 'journalctl-verbose.log', 'quoted-printable-mail.eml',
    'docker-compose-learned.log', 'kubectl-logs-prefix-learned.log', 'docker-json-file.log', 'gcloud-jsonPayload-pretty.json', 'cloud-logging-textPayload.jsonl'];
  for (const name of PASTED) {
    const a = parseOomLog(pastedCorpus.find(p => p.name === name)!.text);
    assert.equal(a.wholeText === true, context.includes(name), name);
    // and an edit of such a log is parsed whole, said so
    const stats: IncrementalStats = { regionStart: 0, regionEnd: 0, reparsedLines: 0 };
    const text = pastedCorpus.find(p => p.name === name)!.text;
    const r = reparseOomLog(a, text, { start: 1, oldEnd: 1, newEnd: 1 }, l => lineStarts(text)[l], stats);
    if (context.includes(name)) assert.equal(r, null, name);
    else assert.ok(r, `${name}: ${stats.fallback}`);
  }
  for (const c of [...corpus, ...userCorpus]) assert.equal(parseOomLog(c.text).wholeText, undefined, c.name);
});

test('progressive parse of one giant report grows its chunks instead of re-parsing the report each step', () => {
  const head = '[  100.000000] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n' +
    '[  100.000001] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n';
  const rows: string[] = [];
  for (let i = 0; i < 60_000; i++) rows.push(`[  100.000002] [${String(1000 + i).padStart(7)}]     0 ${String(1000 + i).padStart(7)}    10000     2000    65536        0             0 w${i}`);
  const text = head + rows.join('\n') + '\n[  100.000003] Out of memory: Killed process 1000 (w0) total-vm:40000kB, anon-rss:8000kB, file-rss:0kB, shmem-rss:0kB\n';
  const p = new ProgressiveParse(text, 4096);
  let steps = 0;
  while (!p.step()) steps++;
  assertSameAnalysis(p.result(), parseOomLog(text), 'giant report');
  // 4 KB chunks over ~5 MB would be >1000 steps if chunks did not grow
  assert.ok(steps < 40, `${steps} steps`);
});

test('sameLineModel: CRLF and LF logs qualify for incremental re-parse, a lone CR does not', () => {
  assert.equal(sameLineModel('a\nb\n'), true);
  assert.equal(sameLineModel('a\r\nb\r\n'), true);
  assert.equal(sameLineModel('a\rb\n'), false);
  assert.equal(sameLineModel('a\r\nb\r'), false);
});

test('progressive parse of CRLF and lone-CR logs equals a full parse without falling back step after step', () => {
  const base = generateLog({ bytes: 200_000, reports: 15, seed: 8, corpus });
  for (const text of [base.replace(/\n/g, '\r\n'), base.replace(/\n/g, (_m, off: number) => (off % 7 ? '\n' : '\r'))]) {
    const p = new ProgressiveParse(text, 8192);
    assertSameAnalysis(p.result(), parseOomLog(text), 'CR variants');
    assert.ok(p.fullParses <= 2, `${p.fullParses} full parses`);
  }
});
