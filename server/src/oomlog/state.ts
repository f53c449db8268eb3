/** The parser's working state for the report being read (internal to the oomlog parser). */
import type { MemcgStats, OomEvent } from './model';
import { FieldSink, type FieldsOut } from './lines';

/** Report blocks in the order the kernel prints them; used to notice where a new report begins. */
export enum Phase {
  None = 0,
  Trigger = 1,
  Stack = 2,
  Memory = 3,   // memcg block and/or Mem-Info
  Tasks = 4,
  Summary = 5,
  Chosen = 6,
  Killed = 7,
}

export type Block = 'none' | 'stack' | 'memcg-stats' | 'meminfo' | 'slab' | 'allocs' | 'tasks';

export interface OpenEvent {
  ev: OomEvent;
  sink: FieldSink;
  phase: Phase;
  block: Block;
  /** Last physical line that belonged to the report. */
  lastLine: number;
  /** Consecutive lines that did not belong to the report. */
  foreignRun: number;
  stats?: MemcgStats;
  /** Whether the wrapper of the report's lines was recognised (to spot terminal-wrapped continuations). */
  wrapped: boolean;
  /** The task table's columns with their field keys and units, worked out once from its header (tasks.ts). */
  taskColumns: TaskColumn[] | undefined;
}

export interface TaskColumn {
  name: string; key: string; unit: 'pages' | 'bytes' | 'count' | 'none';
  /** Which TaskRow property the column sets (tasks.ts ROW_PROP; -1: none, the column only becomes a field). */
  prop: number;
}

/** A new report's working state, its fields written to `fields`. */
export function openEvent(index: number, line: number, fields: FieldsOut): OpenEvent {
  const ev: OomEvent = { index, startLine: line, span: 0, kind: 'unknown', victims: [], missing: [], problems: [] };
  // all fields present from the start (one hidden class; see parseText)
  return { ev, sink: new FieldSink(fields.of(ev)), phase: Phase.None, block: 'none', lastLine: line, foreignRun: 0, stats: undefined, wrapped: false, taskColumns: undefined };
}
