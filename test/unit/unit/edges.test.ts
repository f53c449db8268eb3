import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import { unitService } from '../../../server/src/crossfile';
import { parseUnitFile } from '../../../server/src/unit/parse';
import { MAX_FINDINGS_PER_RULE } from '../../../server/src/common/findingCap';
import type { Finding } from '../../../server/src/common/types';
import { full } from './helpers';
import { MAX_SUGGESTED, ruleModel } from '../../../server/src/unit/rules';
import { buildModel } from '../../../server/src/unit/model';

const ctx: DocumentContext = { uri: 'file:///x/app.service', path: '/x/app.service', settings: defaultSettings, workspace: emptyWorkspace };
const lint = (text: string) => unitService.diagnostics(unitService.analyze(text, ctx), ctx);

test('SDU015: a % at the very end of a line is flagged without running past the line', () => {
  const text = '[Service]\nExecStart=/usr/bin/app --port%\n';
  const f = lint(text).find(x => x.ruleId === 'SDU015');
  assert.ok(f);
  const line = text.split('\n')[1];
  assert.equal(f.range.start.line, 1);
  assert.equal(f.range.end.character, line.length);
  assert.equal(line.slice(f.range.start.character, f.range.end.character), '%');
});

/** A rule's findings in a file that hit the cap: the ones shown, and the note that ends the list (findingCap.ts). */
function capped(found: Finding[]): { shown: Finding[]; note: Finding } {
  assert.equal(found.length, MAX_FINDINGS_PER_RULE + 1, 'the cap, then one note');
  const note = found[found.length - 1];
  assert.equal(note.severity, 'information');
  assert.match(full(note), new RegExp(`^${note.ruleId} stopped here after ${MAX_FINDINGS_PER_RULE} findings in this file`));
  return { shown: found.slice(0, -1), note };
}

test('the same unknown key repeated thousands of times is reported up to the cap, each with the same suggestion, then one note', () => {
  const text = '[Service]\n' + 'MemroyMax=1G\n'.repeat(3000);
  const { shown, note } = capped(lint(text).filter(x => x.ruleId === 'SDU007'));
  assert.ok(shown.every(f => /MemoryMax/.test(f.message) && f.severity !== 'information'));
  assert.deepEqual(shown.map(f => f.range.start.line), Array.from({ length: MAX_FINDINGS_PER_RULE }, (_, i) => i + 1));
  assert.equal(note.range.start.line, MAX_FINDINGS_PER_RULE + 1, 'the note sits on the first problem not shown');
  assert.match(full(note), /A unit file normally has a few dozen lines/);
});

test('misspellings are looked for in the first MAX_SUGGESTED distinct unknown keys: one after them is an unknown directive', () => {
  const junk = Array.from({ length: MAX_SUGGESTED }, (_, i) => `Junkkey${i.toString(36)}=1\n`).join('');
  const text = '[Service]\nMemroyMax=1G\n' + junk + 'MemroyHigh=1G\n';
  const findings = lint(text);
  const sdu007 = findings.filter(x => x.ruleId === 'SDU007');
  assert.deepEqual(sdu007.map(f => f.range.start.line), [1]);
  assert.match(sdu007[0].message, /did you mean MemoryMax=/);
  // SDU006 stops at its cap long before the last line; the lookup itself is what is bounded
  const m = ruleModel(buildModel(parseUnitFile(text, 'x.service'), defaultSettings));
  const answers = m.unknown.map(i => m.misspelling(i));
  assert.equal(m.unknown[MAX_SUGGESTED + 1].entry.key, 'MemroyHigh');
  assert.equal(answers[MAX_SUGGESTED + 1], undefined, 'past the budget');
  assert.deepEqual(m.misspelling(m.unknown[0]), { name: 'MemoryMax' }, 'keys seen before the budget ran out keep their answer');
});

test('a continuation followed only by comments up to the end of the file records each comment once', () => {
  for (const text of ['[Service]\nExecStart=/bin/a \\\n# one\n; two', '[Service]\nExecStart=/bin/a \\\n# one\n' + 'x'.repeat(1024 * 1024 + 1)]) {
    const a = unitService.analyze(text, ctx);
    const comments = unitService.tokens(a).filter(t => t.kind === 'comment').map(t => t.line);
    assert.deepEqual(comments, [...new Set(comments)], 'no duplicate comment tokens');
    assert.ok(comments.includes(2));
  }
});

// Fuzz (1.67 s for one 160 KB file): every junk line looked up its section by scanning all headers,
// and every move fix searched all sections and walked back over blank lines. These inputs used to
// take seconds; the tests check what comes out.
test('thousands of headers each followed by a junk line: each junk line up to the cap is reported once, in its own section', () => {
  const n = 5000;
  const text = '[Service]\r\njunk\r\n'.repeat(n);
  const { shown, note } = capped(lint(text).filter(x => x.ruleId === 'SDU005'));
  assert.deepEqual(shown.map(f => f.range.start.line), Array.from({ length: MAX_FINDINGS_PER_RULE }, (_, i) => 2 * i + 1));
  assert.equal(note.range.start.line, 2 * MAX_FINDINGS_PER_RULE + 1);
});

test('junk lines in a section that systemd skips are not reported, also between thousands of headers', () => {
  const text = '[Service]\njunk\n[Bogus]\njunk\n'.repeat(2000);
  const lines = lint(text).filter(x => x.ruleId === 'SDU005').map(f => f.range.start.line);
  assert.equal(lines.length, MAX_FINDINGS_PER_RULE + 1, 'the cap, then its note');
  assert.ok(lines.every(l => l % 4 === 1), 'only the junk under [Service]');
});

test('move fixes go after the last filled line of the last section of that name, with thousands of sections and blank lines', () => {
  const n = 3000;
  const text = '[Unit]\nMemoryMax=1G\n[Service]\nType=exec\n\r\r\r\n'.repeat(n);
  const lastService = 7 * (n - 1) + 2; // header line of the last [Service]
  const { shown } = capped(lint(text).filter(x => x.ruleId === 'SDU008'));
  for (const f of shown) {
    const insert = f.fixes![0].edits[1];
    assert.deepEqual(insert.range.start, { line: lastService + 1, character: 'Type=exec'.length });
    assert.equal(insert.newText, '\nMemoryMax=1G');
  }
});

test('a broken section header ends the section before it (outline range, where fixes insert)', () => {
  const file = parseUnitFile('[Service]\nExecStart=/bin/true\nMemoryMax=1G\n[Install\nWantedBy=multi-user.target\n', '/etc/systemd/system/a.service');
  assert.equal(file.sections.length, 1);
  assert.equal(file.sections[0].name, 'Service');
  assert.equal(file.sections[0].endLine, 2, 'the [Service] section ends before the broken header on line 3');
  assert.ok(file.problems.some(p => p.kind === 'bad-header'));
});

test('a lone backslash on the last line (after spaces): SDU005 on a range that does not end before it starts (fuzz, seed 5150)', () => {
  for (const text of ['[Service]\n \\', '[Service]\n\t  \\', '[Service]\n \\\n# only a comment after it']) {
    const f = lint(text).find(x => x.ruleId === 'SDU005');
    assert.ok(f, JSON.stringify(text));
    const { start, end } = f.range;
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${JSON.stringify(text)}: ${JSON.stringify(f.range)}`);
  }
});
