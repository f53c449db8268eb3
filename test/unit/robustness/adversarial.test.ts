/**
 * Hostile inputs for all three cores: huge lines, NUL bytes, invalid
 * UTF-8, CRLF / mixed / CR-only line endings, reports cut at every line. Each must give a result
 * with valid ranges (test/fuzz/check.ts) and keep the facts that survive the damage.
 * The million-row task table has its own file (million-rows.test.ts).
 * No timing assertions here (speed is measured by `npm run bench`); the checker's time limit is off.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readCorpus, generateSysctl, generateUnit, Rng } from '../../../bench/generate';
import { services, type LanguageName } from '../../../server/src/files/languages';
import { type OomLogAnalysis, endLineOf } from '../../../server/src/oomlog/model';
import { checkInput, contextFor } from '../../fuzz/check';

const NO_LIMIT = { limitMs: Number.POSITIVE_INFINITY, hovers: 5 };

function analyzeLog(text: string): OomLogAnalysis {
  return services['oom-log'].analyze(text, contextFor('oom-log')) as OomLogAnalysis;
}

function assertClean(lang: LanguageName, text: string, what: string): void {
  const r = checkInput(lang, text, NO_LIMIT);
  assert.deepEqual(r.failures.map(f => `${f.call}: ${f.problem}`), [], `${lang} on ${what}`);
}

/** A comparable digest of the events: where they are and what they say. */
function eventDigest(a: OomLogAnalysis) {
  return a.events.map(e => ({
    start: e.startLine, end: endLineOf(e), kind: e.kind, trigger: e.trigger?.comm, order: e.trigger?.order,
    victims: e.victims.map(v => `${v.pid}:${v.comm}:${v.anonRssKiB}`), rows: e.tasks?.rows.length ?? 0,
  }));
}

function findingDigest(lang: LanguageName, text: string) {
  const s = services[lang];
  const ctx = contextFor(lang);
  return s.diagnostics(s.analyze(text, ctx), ctx)
    .map(f => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`).sort();
}

const corpus = readCorpus();
const TRIGGER = 'invoked oom-killer';

test('a 100 MB single line: every language answers with valid ranges', () => {
  const fragments: Record<LanguageName, string> = {
    'oom-log': '[ 1.000000] java invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0 Killed process 1 (java) total-vm:1kB, anon-rss:1kB ',
    'systemd-unit': '[Service] MemoryMax=1G OOMPolicy=kill ',
    sysctl: 'vm.swappiness = 10 vm.panic_on_oom=1 # ',
  };
  for (const lang of Object.keys(fragments) as LanguageName[]) {
    const f = fragments[lang];
    const text = f.repeat(Math.ceil(100 * 1024 * 1024 / f.length));
    assertClean(lang, text, '100 MB single line');
  }
});

test('NUL bytes: a run of NULs between reports (a log after a power cut) keeps every report', () => {
  for (const c of corpus) {
    const lines = c.text.split('\n');
    const clean = eventDigest(analyzeLog(c.text));
    // a NUL run as its own line at the top, where no report is
    const withNul = '\u0000'.repeat(1 << 16) + '\n' + c.text;
    const got = eventDigest(analyzeLog(withNul));
    assert.deepEqual(got.map(e => ({ ...e, start: e.start - 1, end: e.end - 1 })), clean, c.name);
    assertClean('oom-log', withNul, `${c.name} with a NUL run`);
    // NULs sprinkled inside lines
    const rng = new Rng(lines.length);
    const sprinkled = lines.map(l => (rng.chance(0.3) ? l.slice(0, 10) + '\u0000' + l.slice(10) : l)).join('\n');
    assertClean('oom-log', sprinkled, `${c.name} with NULs inside lines`);
  }
  const rng = new Rng(3);
  for (const lang of ['systemd-unit', 'sysctl'] as const) {
    const text = lang === 'sysctl' ? generateSysctl(rng) : generateUnit(rng);
    assertClean(lang, text.replace(/=/g, '=\u0000'), 'NULs after =');
    assertClean(lang, '\u0000'.repeat(100_000), 'only NULs');
  }
});

test('invalid UTF-8 (decoded to replacement characters) next to a report keeps the report', () => {
  const junk = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x28, 0x8c, 0x28, 0x0a]);
  for (const c of corpus) {
    const text = Buffer.concat([junk, Buffer.from(c.text, 'utf8'), junk]).toString('utf8');
    assert.ok(text.includes('\ufffd'));
    const got = eventDigest(analyzeLog(text));
    const clean = eventDigest(analyzeLog(c.text));
    assert.deepEqual(got.map(e => ({ ...e, start: e.start - 1, end: e.end - 1 })), clean, c.name);
    assertClean('oom-log', text, `${c.name} with invalid UTF-8`);
  }
  const rng = new Rng(4);
  for (const lang of ['systemd-unit', 'sysctl'] as const) {
    const text = lang === 'sysctl' ? generateSysctl(rng) : generateUnit(rng);
    const bad = Buffer.concat([Buffer.from(text.slice(0, 20)), junk, Buffer.from(text.slice(20))]).toString('utf8');
    assertClean(lang, bad, 'invalid UTF-8');
  }
});

test('CRLF and mixed line endings give the same events and findings as LF', () => {
  for (const c of corpus) {
    const lf = eventDigest(analyzeLog(c.text));
    const crlf = c.text.replace(/\n/g, '\r\n');
    let k = 0;
    const mixed = c.text.replace(/\n/g, () => (k++ % 2 ? '\r\n' : '\n'));
    assert.deepEqual(eventDigest(analyzeLog(crlf)), lf, `${c.name} CRLF`);
    assert.deepEqual(eventDigest(analyzeLog(mixed)), lf, `${c.name} mixed`);
    assertClean('oom-log', crlf, `${c.name} CRLF`);
    assertClean('oom-log', mixed, `${c.name} mixed`);
  }
  const rng = new Rng(5);
  for (let i = 0; i < 30; i++) {
    for (const lang of ['systemd-unit', 'sysctl'] as const) {
      const text = lang === 'sysctl' ? generateSysctl(rng) : generateUnit(rng);
      const crlf = text.replace(/\n/g, '\r\n');
      assert.deepEqual(findingDigest(lang, crlf), findingDigest(lang, text), `${lang} CRLF:\n${text}`);
      assertClean(lang, crlf, 'CRLF');
    }
  }
});

test('CR-only line endings: ranges stay valid under the LSP line model', () => {
  for (const c of corpus) assertClean('oom-log', c.text.replace(/\n/g, '\r'), `${c.name} CR-only`);
  const rng = new Rng(6);
  assertClean('systemd-unit', generateUnit(rng).replace(/\n/g, '\r'), 'CR-only unit');
  assertClean('sysctl', generateSysctl(rng).replace(/\n/g, '\r'), 'CR-only sysctl');
});

test('a report cut at every line (and mid-line): no failure, and an event wherever a trigger line survives', () => {
  for (const c of corpus) {
    const lines = c.text.split('\n');
    for (let k = 0; k <= lines.length; k++) {
      const cut = lines.slice(0, k).join('\n');
      const midCut = k < lines.length ? cut + (k ? '\n' : '') + lines[k].slice(0, lines[k].length >> 1) : cut;
      for (const text of [cut, midCut]) {
        const r = checkInput('oom-log', text, { ...NO_LIMIT, hovers: 2 });
        assert.deepEqual(r.failures.map(f => `${f.call}: ${f.problem}`), [], `${c.name} cut at line ${k}`);
        const survivors = text.split('\n').filter(l => l.includes(TRIGGER) && /invoked oom-killer: /.test(l)).length;
        // an event wherever a trigger line survives (none expected before it)
        assert.ok(analyzeLog(text).events.length >= Math.min(survivors, 1), `${c.name} cut at line ${k}: trigger line present but no event`);
      }
    }
  }
});

test('units and sysctl files cut at every character: no failure', () => {
  const rng = new Rng(7);
  for (const lang of ['systemd-unit', 'sysctl'] as const) {
    const text = lang === 'sysctl' ? generateSysctl(rng) : generateUnit(rng);
    for (let k = 0; k <= text.length; k++) {
      const r = checkInput(lang, text.slice(0, k), { ...NO_LIMIT, hovers: 2 });
      assert.deepEqual(r.failures.map(f => `${f.call}: ${f.problem}`), [], `${lang} cut at ${k}`);
    }
  }
});
