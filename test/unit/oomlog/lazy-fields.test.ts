/**
 * The field index (server/src/oomlog/fieldstore.ts): parseOomLog keeps fields as numbers and the
 * analysis's FieldIndex builds Field objects when asked. Property: it answers what the eager
 * oracle (test/helpers/eagerParse.ts: Field objects built while parsing) gives, over the whole
 * corpus, its line-ending variants, generated and mutated logs, and after incremental
 * re-analysis moves events.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog, MARKERS, ANCHORS, MarkerScan } from '../../../server/src/oomlog/parse';
import { parseOomLogEager, withFields } from '../../helpers/eagerParse';
import { type Field, type OomLogAnalysis, endLineOf } from '../../../server/src/oomlog/model';
import { FieldStore, FieldView } from '../../../server/src/oomlog/fieldstore';
import { composeChanges, lineStarts, reparseOomLog } from '../../../server/src/oomlog/incremental';
import { generateLog, generateTaskTable, readCorpus, Rng } from '../../../bench/generate';
import { mutate } from '../../fuzz/mutate';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const dir = path.join(repoRoot, 'test', 'fixtures', 'corpus');
const corpus = fs.readdirSync(dir).filter(f => f.endsWith('.log')).sort()
  .map(name => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));

function assertSame(text: string, what: string): OomLogAnalysis {
  const lazy = parseOomLog(text);
  const eager = parseOomLogEager(text);
  assert.deepEqual(withFields(lazy), withFields(eager.analysis, eager.fieldsOf), what);
  assert.equal(JSON.stringify(lazy), JSON.stringify({ ...eager.analysis, fields: eager.analysis.events.map(eager.fieldsOf) }), `${what}: JSON`);
  return lazy;
}

test('the field index equals the eager fields over the corpus and its line-ending variants', () => {
  assert.ok(corpus.length >= 10);
  let fields = 0;
  for (const f of corpus) {
    const a = assertSame(f.text, f.name);
    for (const ev of a.events) fields += a.fields.count(ev);
    assertSame(f.text.replace(/\n/g, '\r\n'), `${f.name} CRLF`);
    assertSame(f.text.replace(/\n/g, '\r'), `${f.name} CR`);
    let i = 0;
    assertSame(f.text.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]), `${f.name} mixed`);
  }
  assert.ok(fields > 3000, `only ${fields} fields in the corpus`);
});

test('the field index equals the eager fields over generated logs and mutated reports', () => {
  const bench = readCorpus();
  for (let seed = 1; seed <= 4; seed++) {
    const a = assertSame(generateLog({ bytes: 300_000, reports: 10, seed, corpus: bench }), `generated seed ${seed}`);
    assert.ok(a.events.length >= 10);
  }
  const rng = new Rng(42);
  const donors = corpus.map(c => c.text);
  for (let i = 0; i < 200; i++) {
    const m = mutate(rng.pick(corpus).text, rng, donors);
    assertSame(m.text, `mutation ${i} (${m.applied.join(', ')})`);
  }
});

test("events are plain data with no fields of their own; the analysis JSON lists each event's fields in event order", () => {
  const a = parseOomLog(corpus[0].text);
  const ev = a.events[0];
  assert.ok(a.fields.count(ev) > 0);
  assert.equal(Object.getPrototypeOf(ev), Object.prototype);
  assert.ok(!('fields' in ev), 'an event holds no fields');
  const eager = parseOomLogEager(corpus[0].text);
  assert.equal(JSON.stringify(ev), JSON.stringify(eager.analysis.events[0]));
  assert.deepEqual(a.fields.all(ev), eager.fieldsOf(eager.analysis.events[0]));
  const json = JSON.parse(JSON.stringify(a));
  assert.equal(json.fields.length, a.events.length);
  assert.deepEqual(json.fields, a.events.map(e => eager.fieldsOf(eager.analysis.events[e.index])));
});

test('moved events give moved fields (incremental re-analysis after edits)', () => {
  const bench = readCorpus();
  let text = generateLog({ bytes: 200_000, reports: 8, seed: 5, corpus: bench });
  let analysis = parseOomLog(text);
  const rng = new Rng(7);
  let handled = 0;
  for (let step = 0; step < 40; step++) {
    // read the fields of some events before the edit (a line index built before must follow the move)
    for (const ev of analysis.events) if (rng.chance(0.5)) void analysis.fields.onLine(ev, ev.startLine + 1);
    const lines = text.split('\n');
    const at = rng.int(0, lines.length - 1);
    const removed = rng.int(0, Math.min(3, lines.length - 1 - at));
    const added = Array.from({ length: rng.int(0, 4) }, (_, k) => `inserted line ${step}.${k}`);
    const next = [...lines.slice(0, at), ...added, ...lines.slice(at + removed)].join('\n');
    // the same edit as an LSP change: lines at..at+removed-1 replaced by the added lines
    const edit = composeChanges([{ range: { start: { line: at, character: 0 }, end: { line: at + removed, character: 0 } }, text: added.map(l => l + '\n').join('') }])!;
    const starts = lineStarts(next);
    const inc = reparseOomLog(analysis, next, edit, l => starts[l]);
    const full = parseOomLogEager(next);
    if (inc) handled++;
    // what the server goes on with: the incremental result, or a full parse when it declines the edit
    analysis = inc ?? parseOomLog(next);
    assert.deepEqual(withFields(analysis), withFields(full.analysis, full.fieldsOf), `step ${step}: edit ${JSON.stringify(edit)}${inc ? '' : ' (full parse)'}`);
    text = next;
  }
  assert.ok(handled >= 20, `only ${handled} edits handled incrementally`);
});

test('every report marker contains one of the anchors the line scan searches for', () => {
  for (const m of MARKERS) assert.ok(ANCHORS.some(a => m.includes(a)), m);
  // longer needles make V8's indexOf switch to a slower search (see ANCHORS in parse.ts)
  for (const a of ANCHORS) assert.ok(a.length >= 3 && a.length <= 6 && !a.includes('\n'), `needle ${a}`);
});

test('marker scan finds exactly the lines that contain a marker', () => {
  const bench = readCorpus();
  const noise = 'x Mem Task kill Kill usage pid ] ks sup _reap Kernel VmRS M enco vict oom-kil oom_rea Memo callbacks supp will process';
  const texts = [
    ...corpus.map(c => c.text),
    generateLog({ bytes: 300_000, reports: 10, seed: 3, corpus: bench }),
    // every needle without its marker, markers at the very start and end of the text
    [MARKERS[0], ...noise.split(' '), ...MARKERS.map(m => `a${m}b`), noise, MARKERS[MARKERS.length - 1]].join('\n'),
  ];
  for (const text of texts) {
    const lines = text.split('\n');
    const starts: number[] = [];
    for (let i = 0, off = 0; i < lines.length; off += lines[i].length + 1, i++) starts.push(off);
    const expected = lines.flatMap((l, i) => (MARKERS.some(m => l.includes(m)) ? [i] : []));
    const found: number[] = [];
    const scan = new MarkerScan(text);
    // ask from every line start in turn, like the parser does between reports
    for (let i = 0; i < lines.length; i++) {
      const at = scan.nextLine(starts[i]);
      if (at === starts[i]) found.push(i);
    }
    assert.deepEqual(found, expected);
  }
});

test('marker scan: anchor words in unrelated lines do not hide or invent reports', () => {
  const report = corpus.find(c => c.name.startsWith('09-'))!.text;
  const noise = [
    'systemd[1]: Started process accounting.', 'Task scheduler: Memory pressure low', 'kernel: zoom panicky usage: 3',
    'cron[12]: (root) CMD (process Task Mem oom)', 'pid ] stray bracket', '[pid] process table', 'x'.repeat(5000) + ' process',
  ];
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) lines.push(noise[i % noise.length]);
  // the lines right after a report are read as its possible continuation: keep them plain
  const quiet = Array.from({ length: 100 }, (_, i) => `sshd[${i}]: session closed`);
  const text = lines.join('\n') + '\n' + report + '\n' + quiet.join('\n') + '\n' + lines.join('\n');
  const alone = parseOomLog(report);
  const mixed = assertSame(text, 'report between anchor noise');
  assert.equal(mixed.events.length, alone.events.length);
  assert.equal(mixed.lineCount, alone.lineCount + 700);
  for (const [i, ev] of mixed.events.entries()) {
    assert.equal(ev.startLine, alone.events[i].startLine + 300);
    assert.deepEqual(ev.victims.map(v => v.pid), alone.events[i].victims.map(v => v.pid));
    assert.deepEqual(mixed.fields.all(ev).map(f => f.raw), alone.fields.all(alone.events[i]).map(f => f.raw));
  }
});

test('field views (what semantic tokens read) equal the Field objects and the eager fields, line by line, after events move', () => {
  const asView = (f: Field) => ({
    key: f.key, sLine: f.range.start.line, sCol: f.range.start.character, eLine: f.range.end.line, eCol: f.range.end.character,
    nsLine: f.nameRange ? f.nameRange.start.line : -1, nsCol: f.nameRange?.start.character ?? 0,
    neLine: f.nameRange?.end.line ?? 0, neCol: f.nameRange?.end.character ?? 0, value: f.value ?? NaN, raw: f.raw,
  });
  // (a view keeps stale name numbers when nsLine is -1: only nsLine says there is no name)
  const seen = (v: FieldView) => ({
    key: v.key, sLine: v.sLine, sCol: v.sCol, eLine: v.eLine, eCol: v.eCol,
    nsLine: v.nsLine, nsCol: v.nsLine >= 0 ? v.nsCol : 0, neLine: v.nsLine >= 0 ? v.neLine : 0, neCol: v.nsLine >= 0 ? v.neCol : 0,
    value: v.value, raw: v.raw(),
  });
  let checked = 0;
  const touches = (f: Field, line: number) => f.range.start.line === line || f.range.end.line === line || f.nameRange?.start.line === line;
  const check = (a: OomLogAnalysis, what: string, eager: (ev: OomLogAnalysis['events'][number]) => Field[]) => {
    const view = new FieldView();
    for (const [k, ev] of a.events.entries()) {
      for (let line = ev.startLine - 2; line <= endLineOf(ev) + 2; line++) {
        const got: unknown[] = [];
        a.fields.visitLine(ev, line, view, v => got.push(seen(v)), undefined);
        assert.deepEqual(got, a.fields.onLine(ev, line).map(asView), `${what}: line ${line}`);
        assert.deepEqual(a.fields.onLine(ev, line), eager(a.events[k]).filter(f => touches(f, line)), `${what}: line ${line} (eager)`);
        checked += got.length;
      }
    }
  };
  for (const f of corpus) {
    const e = parseOomLogEager(f.text);
    check(parseOomLog(f.text), f.name, ev => e.fieldsOf(e.analysis.events[ev.index]));
  }
  // events moved by lines inserted above them: views follow like the Field objects do
  const text = generateLog({ bytes: 200_000, reports: 8, seed: 5, corpus: readCorpus() });
  const next = 'a\nb\nc\n' + text;
  const starts = lineStarts(next);
  const edit = composeChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'a\nb\nc\n' }])!;
  const moved = reparseOomLog(parseOomLog(text), next, edit, l => starts[l]);
  assert.ok(moved && moved.events.length && moved.events[0].startLine > 3, 'the edit is handled incrementally and moves the events');
  const e = parseOomLogEager(next);
  check(moved, 'after lines are inserted above', ev => e.fieldsOf(e.analysis.events[ev.index]));
  assert.ok(checked > 10_000, `checked ${checked} fields`);
});

test('a task table of 1,000 rows (11,000 fields: kept rows span six blocks of spans and values) equals the eager parse, field views included', () => {
  const text = generateTaskTable(1_000);
  const a = assertSame(text, '1,000 rows');
  const ev = a.events[0];
  assert.ok(a.fields.count(ev) > 10_000, `${a.fields.count(ev)} fields`);
  // the views tokens read, on rows on both sides of block boundaries
  const e = parseOomLogEager(text);
  const eagerFields = e.fieldsOf(e.analysis.events[0]);
  const view = new FieldView();
  for (const row of [ev.tasks!.rows[0], ev.tasks!.rows[185], ev.tasks!.rows[186], ev.tasks!.rows[999]]) {
    const got: string[] = [];
    a.fields.visitLine(ev, row.line, view, v => got.push(`${v.key}@${v.sCol}-${v.eCol}=${v.value}:${v.raw()}`), undefined);
    const want = eagerFields.filter(f => f.range.start.line === row.line)
      .map(f => `${f.key}@${f.range.start.character}-${f.range.end.character}=${f.value ?? NaN}:${f.raw}`);
    assert.deepEqual(got, want, `row on line ${row.line}`);
  }
});

test('a store past MAP_LIMIT (a task table of 10,000 rows) finds the same fields per line, in the same order', () => {
  const text = generateTaskTable(10_000);
  const a = parseOomLog(text);
  const ev = a.events[0];
  assert.ok(a.fields.count(ev) > FieldStore.MAP_LIMIT, `${a.fields.count(ev)} fields`);
  const byLine = new Map<number, Field[]>();
  const file = (line: number, f: Field) => { const l = byLine.get(line); if (!l) byLine.set(line, [f]); else if (l[l.length - 1] !== f) l.push(f); };
  for (const f of a.fields.all(ev)) {
    file(f.range.start.line, f);
    file(f.range.end.line, f);
    if (f.nameRange) file(f.nameRange.start.line, f);
  }
  for (let line = ev.startLine - 1; line <= endLineOf(ev) + 1; line++) {
    assert.deepEqual(a.fields.onLine(ev, line), byLine.get(line) ?? [], `line ${line}`);
  }
});

test('task rows kept as rows read back as the fields the eager parse adds one by one (state letters, odd spacing, empty names, long numbers, #012 records)', () => {
  const head = 'Nov 21 14:22:56 host kernel: ';
  const lines = [
    'x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0',
    '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
    '[  62685]     0 62685 S     2925      679    65536        0          -998 bash',
    '[  62686]     0 62686     2925      679    65536        0          -998 ',
    '[  62687]     0 62687     2925      679    65536        0          -998 two words  \t',
    '[\t62688 ]     0 62688     2925      679    65536        0             0 tabbed\u00a0',
    '[  62689]     0 62689 123456789012345678     679    65536        0             0 big',
    '[  62690]     0 62690     2925      679    65536        0             0',
    '[  62691]     0 62691 D     2925      679    65536        0             0 python3 -m http.server',
    'Out of memory: Killed process 62685 (bash) total-vm:11700kB, anon-rss:2716kB, file-rss:0kB, shmem-rss:0kB',
    'y invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0',
    '[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj state name',
    '[ 1303]     0  1303      868       37   4       0             0 R syslog-ng',
    '[ 1304]     0  1304      868       37   4       0             0 S',
  ];
  const plain = lines.join('\n');
  const prefixed = lines.map(l => head + l).join('\n');
  // a syslog record split at #012: several rows on one line
  const split = `${head}[ 1305]     0  1305      868       37   4       0             0 S a#012[ 1306]     0  1306      868       37   4       0             0 R b`;
  const recordSplit = [...lines.slice(10, 13).map(l => head + l), split].join('\n');
  for (const [text, what] of [[plain, 'plain'], [prefixed, 'syslog'], [recordSplit, '#012 record']] as const) {
    const a = assertSame(text, what);
    const rows = a.events.reduce((n, e) => n + (e.tasks?.rows.length ?? 0), 0);
    assert.ok(rows >= 2, `${what}: ${rows} rows`);
    for (const ev of a.events) {
      // the key-only paths (no re-reading of rows) agree with the fields read out
      for (const key of ['task.pid', 'task.state', 'task.name', 'task.oom_score_adj', 'killed.pid']) {
        assert.deepEqual(a.fields.withKey(ev, k => k === key), a.fields.all(ev).filter(f => f.key === key), `${what}: ${key}`);
      }
    }
  }
  const pa = parseOomLog(plain);
  const ev = pa.events[0];
  assert.deepEqual(pa.fields.all(ev).filter(f => f.key === 'task.state').map(f => f.raw), ['S', 'D']);
  assert.deepEqual(ev.tasks!.rows.map(r => r.name), ['bash', '', 'two words', 'tabbed', 'big', '', 'python3 -m http.server']);
  assert.equal(pa.fields.find(ev, 'task.total_vm') && pa.fields.all(ev).find(f => f.key === 'task.total_vm' && f.raw === '123456789012345678')?.value, 123456789012345678);
});
