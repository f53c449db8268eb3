/**
 * A field target for output that reads no field store (the CLI's text, JSON, JSON Lines and
 * Markdown): per event, the range of the first field of each key in FIRST_KEYS and nothing else.
 * The keys are the ones the parse asks for while it runs (finalize.ts points problems at the first
 * `killed.pid` and `summary.pid`) and the one the report view reads a line from (report/model.ts:
 * `swap.total`); test/unit/stream/firstFields.test.ts checks that no other key is asked for.
 * Task-table rows are taken as rows (keepsRows) and dropped: no key of FIRST_KEYS is a row's.
 */
import type { Field, OomEvent } from '../model';
import type { Range } from '../../common/types';
import { colOf, lineOf, type FieldOpts, type FieldTarget, type FieldsOut, type Line } from '../lines';
import type { TaskColumn } from '../state';
import { type ParseEnd, parseOomLogTo } from '../parse';
import type { RowScan } from '../taskcells';

export const FIRST_KEYS: ReadonlySet<string> = new Set(['killed.pid', 'summary.pid', 'swap.total']);


class FirstTarget implements FieldTarget {
  readonly keepsRows = true;
  ranges: Map<string, Range> | undefined;

  add(key: string, L: Line, start: number, end: number, _opts: FieldOpts): void {
    if (!FIRST_KEYS.has(key) || this.ranges?.has(key)) return;
    (this.ranges ??= new Map()).set(key, {
      start: { line: lineOf(L, start), character: colOf(L, start) },
      end: { line: lineOf(L, end), character: colOf(L, end) },
    });
  }

  addRow(_L: Line, _cols: readonly TaskColumn[], _scan: RowScan): void { /* no key of FIRST_KEYS is a task-table cell */ }

  addField(f: Field): void {
    if (!FIRST_KEYS.has(f.key) || this.ranges?.has(f.key)) return;
    const r = f.range;
    (this.ranges ??= new Map()).set(f.key, { start: { ...r.start }, end: { ...r.end } });
  }

  first(key: string): Range | undefined {
    return this.ranges?.get(key);
  }
}

/** The first fields of FIRST_KEYS for each event of one parse (in the parse's own line numbers: the stream moves no event). */
export class FirstFields implements FieldsOut {
  private readonly targets = new Map<OomEvent, FirstTarget>();

  of(ev: OomEvent): FieldTarget {
    let t = this.targets.get(ev);
    if (!t) this.targets.set(ev, (t = new FirstTarget()));
    return t;
  }

  drop(ev: OomEvent): void {
    this.targets.delete(ev);
  }

  /** The first field of `ev` with `key` (a key of FIRST_KEYS), as FieldIndex.find gives its key and range. */
  find(ev: OomEvent, key: string): Pick<Field, 'key' | 'range'> | undefined {
    const range = this.targets.get(ev)?.ranges?.get(key);
    return range ? { key, range } : undefined;
  }
}

/** A region's parse into FirstFields (StreamAnalyzer's `parse` for output that reads no field store). */
export function parseFirstFields(text: string, firstLine: number, end?: ParseEnd): { events: OomEvent[]; wholeText?: boolean; fields: FirstFields } {
  const fields = new FirstFields();
  const a = parseOomLogTo(text, firstLine, fields, end);
  return { events: a.events, wholeText: a.wholeText, fields };
}
