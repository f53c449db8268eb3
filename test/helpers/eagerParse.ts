/**
 * The oracle for the field index (server/src/oomlog/fieldstore.ts): the same parse, with every
 * field built as a Field object the moment a recogniser reports it (makeField) and kept in a
 * plain list per event. The property tests compare what the analysis's FieldIndex answers with
 * these lists.
 */
import type { Range } from '../../server/src/common/types';
import type { Field, OomEvent, OomLogAnalysis, OomParse } from '../../server/src/oomlog/model';
import { type FieldOpts, type FieldsOut, type FieldTarget, type Line, posAt } from '../../server/src/oomlog/lines';
import { parseOomLogTo } from '../../server/src/oomlog/parse';

/** The Field a recogniser's report describes, built at once. */
export function makeField(key: string, L: Line, start: number, end: number, opts: FieldOpts): Field {
  const f: Field = {
    key,
    range: { start: posAt(L, start), end: posAt(L, end) },
    raw: L.text.slice(start, end),
  };
  if (opts.nameStart !== undefined && opts.nameEnd !== undefined) {
    f.nameRange = { start: posAt(L, opts.nameStart), end: posAt(L, opts.nameEnd) };
  }
  if (opts.value !== undefined && Number.isFinite(opts.value)) f.value = opts.value;
  if (opts.unit) f.unit = opts.unit;
  return f;
}

class FieldList implements FieldTarget {
  readonly keepsRows = false;
  readonly fields: Field[] = [];
  add(key: string, L: Line, start: number, end: number, opts: FieldOpts): void { this.fields.push(makeField(key, L, start, end, opts)); }
  addRow(): void { throw new Error('the eager oracle adds rows field by field (keepsRows is false)'); }
  addField(f: Field): void { this.fields.push(f); }
  first(key: string): Range | undefined { return this.fields.find(f => f.key === key)?.range; }
}

class FieldLists implements FieldsOut {
  readonly lists = new Map<OomEvent, FieldList>();
  of(ev: OomEvent): FieldList {
    let l = this.lists.get(ev);
    if (!l) this.lists.set(ev, (l = new FieldList()));
    return l;
  }
  drop(ev: OomEvent): void { this.lists.delete(ev); }
}

export interface EagerParse {
  analysis: OomParse;
  /** The Field objects of one of its events, in the order the parser met them. */
  fieldsOf(ev: OomEvent): Field[];
}

export function parseOomLogEager(text: string): EagerParse {
  const out = new FieldLists();
  const analysis = parseOomLogTo(text, 0, out);
  return { analysis, fieldsOf: ev => out.lists.get(ev)?.fields ?? [] };
}

/** An analysis with each event's fields put back on it as a plain `fields` list, to compare whole analyses. */
export function withFields(a: OomLogAnalysis): unknown;
export function withFields(a: OomParse, fieldsOf: (ev: OomEvent) => Field[]): unknown;
export function withFields(a: OomParse & { fields?: OomLogAnalysis['fields'] }, fieldsOf?: (ev: OomEvent) => Field[]): unknown {
  const of = fieldsOf ?? ((ev: OomEvent) => a.fields!.all(ev));
  return { ...a, fields: undefined, events: a.events.map(ev => ({ ...ev, fields: of(ev) })) };
}
