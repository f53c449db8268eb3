/**
 * FirstFields (oomlog/stream/firstFields.ts), the field target of `oom-lens analyze`: a parse into
 * it gives the same events as parseOomLog, its first fields of FIRST_KEYS are the FieldIndex's,
 * and neither the parse (finalize.ts) nor the report view (report/model.ts) asks for another key.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseOomLog, parseOomLogTo } from '../../../server/src/oomlog/parse';
import type { OomEvent } from '../../../server/src/oomlog/model';
import type { FieldTarget, FieldsOut } from '../../../server/src/oomlog/lines';
import { FieldIndex } from '../../../server/src/oomlog/fieldstore';
import { FIRST_KEYS, FirstFields, parseFirstFields } from '../../../server/src/oomlog/stream/firstFields';
import { buildEventView } from '../../../server/src/report/model';
import { generateLog, readCorpus } from '../../../bench/generate';

const root = path.resolve(__dirname, '..', '..', '..', '..');

function logTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.md')) out.push({ name: path.relative(root, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(root, 'test', 'fixtures', 'corpus'));
  walk(path.join(root, 'test', 'fixtures', 'field'));
  walk(path.join(root, 'samples'));
  out.push({ name: 'generated', text: generateLog({ bytes: 400_000, reports: 12, seed: 77, corpus: readCorpus() }) });
  return out;
}

/** A FieldIndex that records the keys the parse asks `first` for. */
class AskedKeys implements FieldsOut {
  readonly asked = new Set<string>();
  constructor(readonly index: FieldIndex) {}
  of(ev: OomEvent): FieldTarget {
    const t = this.index.of(ev);
    const asked = this.asked;
    return {
      keepsRows: t.keepsRows,
      add: (k, L, s, e, o) => t.add(k, L, s, e, o),
      addRow: (L, c, s) => t.addRow(L, c, s),
      addField: f => t.addField(f),
      first: key => { asked.add(key); return t.first(key); },
    };
  }
  drop(ev: OomEvent): void { this.index.drop(ev); }
}

test('a parse into FirstFields: the events of parseOomLog, the same first fields of FIRST_KEYS, and no other key asked for', () => {
  const texts = logTexts();
  assert.ok(texts.length >= 40, `logs found (${texts.length})`);
  const asked = new Set<string>();
  let compared = 0;
  for (const { name, text } of texts) {
    const whole = parseOomLog(text, 3);
    const cheap = parseFirstFields(text, 3);
    assert.deepEqual(cheap.events, whole.events, `${name}: events`);
    assert.equal(cheap.wholeText, whole.wholeText, `${name}: wholeText`);
    for (const ev of whole.events) {
      const i = whole.events.indexOf(ev);
      for (const key of FIRST_KEYS) {
        const want = whole.fields.find(ev, key);
        const got = cheap.fields.find(cheap.events[i], key);
        assert.deepEqual(got?.range, want?.range, `${name}: event ${i + 1}, first ${key}`);
        if (want) compared++;
      }
      const view = (f: Pick<FieldIndex, 'find'>) => buildEventView(ev, { find: (e, key) => { asked.add(key); return f.find(e, key); } });
      view(whole.fields);
      assert.deepEqual(buildEventView(cheap.events[i], cheap.fields), buildEventView(ev, whole.fields), `${name}: event ${i + 1}, report view`);
    }
    const rec = new AskedKeys(new FieldIndex());
    parseOomLogTo(text, 3, rec);
    for (const k of rec.asked) asked.add(k);
  }
  assert.ok(compared > 50, `first fields compared (${compared})`);
  for (const k of asked) assert.ok(FIRST_KEYS.has(k), `the parse or the report view asks for the first ${k}, which FirstFields does not keep: add it to FIRST_KEYS`);
});

test('FirstFields keeps the first field of a key, not a later one, and forgets a dropped event', () => {
  const f = new FirstFields();
  const ev = {} as OomEvent;
  const t = f.of(ev);
  const L = { text: 'pid 12 pid 34', line: 7, col: 2 };
  t.add('killed.pid', L, 4, 6, { unit: undefined, value: 12, nameStart: undefined, nameEnd: undefined });
  t.add('killed.pid', L, 11, 13, { unit: undefined, value: 34, nameStart: undefined, nameEnd: undefined });
  t.add('zone.free', L, 0, 3, { unit: undefined, value: undefined, nameStart: undefined, nameEnd: undefined });
  assert.deepEqual(t.first('killed.pid'), { start: { line: 7, character: 6 }, end: { line: 7, character: 8 } });
  assert.equal(t.first('zone.free'), undefined);
  assert.deepEqual(f.find(ev, 'killed.pid')?.range.start, { line: 7, character: 6 });
  f.drop(ev);
  assert.equal(f.find(ev, 'killed.pid'), undefined);
});
