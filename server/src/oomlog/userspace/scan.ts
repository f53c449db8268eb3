/**
 * Kills made outside the kernel's OOM killer: the collector that turns the lines of
 * systemd-oomd, earlyoom, Kubernetes and Android's lmkd (shapes.ts) into OomEvents.
 *
 * The kernel parser (parse.ts) hands over each line that holds one of USERSPACE_MARKERS (those
 * lines are found by its marker scan, so the rest of the log is never looked at). A shape that
 * matches starts an event; the lines around it that belong to it (earlyoom's `mem avail:` line,
 * systemd-oomd's candidate list, the rest of a `kubectl describe` container block) are read
 * from the text directly, at most a shape's window away.
 *
 * Reading around a line never crosses a kernel report's first line (`invoked oom-killer`,
 * `callbacks suppressed`): incremental.ts re-parses regions that start and end there, and an
 * event must come out the same whichever way the text was parsed.
 */
import type { Field, OomEvent, OomKind, Timestamp, Unit, UserspaceKill } from '../model';
import { PrefixScan, prefixTimestamp, scanPrefix } from '../prefix';
import { SHAPES, type Shape } from './shapes';

/** Longest line looked at. */
const MAX_LINE = 4096;
/**
 * Most lines a shape reads before its first line (Build.before: a `kubectl describe` block's pod
 * name above its container's reason). The stream keeps that many lines before a region
 * (stream/regions.ts CONTEXT), so it reads back as far as the whole text does.
 */
export const MAX_BACK = 300;

/** Every line that can start a userspace event holds one of these (each contains an ANCHOR of parse.ts). */
export const USERSPACE_MARKERS = [
  'Killed /', 'for killing due to', 'Would have tried to kill', 'systemd-oomd killed', 'cgroups for killing', 'Default Memory Pressure Limit',
  // earlyoom's kill lines (`sending SIGTERM to process N …, VmRSS N MiB`, and the older wordings) all end with its VmRSS
  'VmRSS', 'Killing process', 'killing process', 'OOMKill', 'TaskOOM', 'victim process', 'OOM encountered', "Kill '", "Killing '", 'send sigkill',
  // earlyoom -k / --kernel-oom handing the kill to the kernel; the kubelet's `"reason": "OOM Killed"` (2014)
  'Invoking oom killer', 'triggered kernel OOM killer', 'OOM Killed',
  // the kubelet's evictions (shapes.ts EVICTIONS)
  'Evicting pod', 'evicted successfully', 'Evicted',
  // Talos' OOM controller (shapes.ts TALOS)
  'SIGKILL to cgroup',
];

/**
 * Every marker contains one of these (test/unit/oomlog/userspace-corpus.test.ts checks it): the
 * lines an open kernel report rejects (a dozen thousand in a 50 MB mixed log) are turned away
 * with six short searches instead of one per marker.
 */
export const USERSPACE_NEEDLES = ['ill', 'OOM', 'Mem', 'vict', 'VmRSS', 'KILL t'];

export function hasUserspaceMarker(line: string): boolean {
  if (!line.includes('ill') && !line.includes('OOM') && !line.includes('Mem') && !line.includes('vict') && !line.includes('VmRSS') && !line.includes('KILL t')) return false;
  for (const m of USERSPACE_MARKERS) if (line.includes(m)) return true;
  return false;
}

/**
 * A line of the text: where it starts and its content (without \r\n, capped at MAX_LINE). `col`:
 * column of text[0] when `text` is the line without a prefix (an indented paste), else 0.
 */
export interface TextLine { line: number; start: number; text: string; col?: number }

/** Lines that a userspace event may not read past (a kernel report starts there). */
function isBarrier(text: string): boolean {
  return text.includes('oom-killer') || text.includes('callbacks suppressed');
}

/** What a shape's builder works with: the event being built and the lines around it. */
export class Build {
  readonly fields: Field[] = [];
  readonly kill: UserspaceKill;
  startLine: number;
  endLine: number;
  /** The event's time when a field of its record gives it (an Event object's `firstTimestamp`), not the first line's prefix. */
  time: Timestamp | undefined;
  constructor(private readonly scan: UserspaceScan, readonly first: TextLine, readonly shape: Shape) {
    this.startLine = first.line;
    this.endLine = first.line;
    this.kill = { killer: shape.killer, reason: '', victim: { line: first.line }, facts: [], shape: shape.id, numbers: {}, texts: {} };
    if (shape.reporter) this.kill.reporter = shape.reporter;
  }

  /** A field on line L from match group `g` of `m` (a regex with the `d` flag run on L.text). */
  field(key: string, L: TextLine, m: RegExpExecArray, g: number, unit?: Unit, value?: number): Field | undefined {
    const at = m.indices?.[g];
    if (!at || m[g] === undefined) return undefined;
    const c = L.col ?? 0;
    const f: Field = {
      key,
      range: { start: { line: L.line, character: c + at[0] }, end: { line: L.line, character: c + at[1] } },
      raw: m[g],
    };
    if (value !== undefined && Number.isFinite(value)) f.value = value;
    if (unit) f.unit = unit;
    this.fields.push(f);
    return f;
  }

  /** The event takes line L (its range grows to hold it; nobody else may take it). */
  take(L: TextLine): void {
    if (L.line < this.startLine) this.startLine = L.line;
    if (L.line > this.endLine) this.endLine = L.line;
    this.scan.consume(L.line);
  }

  fact(label: string, text: string, line?: number): void {
    this.kill.facts.push(line === undefined ? { label, text } : { label, text, line });
  }

  /** Up to `n` lines before the first one, nearest first, stopping at a kernel report. */
  before(n: number): TextLine[] { return this.scan.around(this.first, -Math.min(n, MAX_BACK)); }
  /** Up to `n` lines after the first one, in order, stopping at a kernel report. */
  after(n: number): TextLine[] { return this.scan.around(this.first, n); }
  /** The lines strictly between `a` and `z` (a before z), in order. */
  between(a: TextLine, z: TextLine): TextLine[] { return z.line - a.line > 1 ? this.scan.around(a, z.line - a.line - 1) : []; }
  /** Whether another shape's event already took line `line`. */
  taken(line: number): boolean { return this.scan.isConsumed(line); }
}

/** Collects the userspace events of one parse. */
export class UserspaceScan {
  private readonly out: OomEvent[] = [];
  /** The fields of each event found (the parse moves them into its FieldIndex). */
  readonly fieldLists = new Map<OomEvent, Field[]>();
  private readonly consumed = new Set<number>();
  private readonly head = new PrefixScan();
  /** The furthest line an event asked to read after one of its lines (-1: none): parse.ts ParseEnd. */
  reach = -1;

  constructor(private readonly text: string) {}

  consume(line: number): void { this.consumed.add(line); }
  isConsumed(line: number): boolean { return this.consumed.has(line); }

  /** take() for the physical line `line` starting at offset `at` (a line the kernel parser did not want). */
  takeAt(line: number, at: number): boolean {
    const t = this.text;
    let e = t.indexOf('\n', at);
    if (e < 0) e = t.length;
    if (e > at && t.charCodeAt(e - 1) === 13) e--;
    return this.take(t.slice(at, Math.min(e, at + MAX_LINE)), line, at);
  }

  /**
   * Offers a physical line (`raw`, starting at offset `at`, line number `line`) that the marker
   * scan found. Returns true when it is a userspace line: the kernel parser then leaves it alone.
   */
  take(raw: string, line: number, at: number): boolean {
    if (!hasUserspaceMarker(raw)) return false;
    if (this.consumed.has(line)) return true;
    const L: TextLine = { line, start: at, text: raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw };
    for (const shape of SHAPES) {
      if (!L.text.includes(shape.marker)) continue;
      shape.re.lastIndex = 0;
      const m = shape.re.exec(L.text);
      if (!m) continue;
      const b = new Build(this, L, shape);
      const r = shape.build(b, m);
      if (r === 'defer') return true; // a line further on starts the event and reads this one
      if (r === 'no') continue;
      b.take(L);
      this.out.push(this.event(b, L, shape.kind));
      return true;
    }
    return false;
  }

  private event(b: Build, first: TextLine, kind: OomKind): OomEvent {
    const ts = b.time ?? prefixTimestamp(scanPrefix(first.text, this.head));
    // facts in the order the log prints them (a fact without a line sits with the line that started the event)
    const at = (f: { line?: number }) => f.line ?? first.line;
    b.kill.facts.sort((x, y) => at(x) - at(y));
    // the builder's lines are document lines; the event's count from its start (model.ts OomEvent)
    const s = b.startLine;
    b.kill.victim.line -= s;
    for (const f of b.kill.facts) if (f.line !== undefined) f.line -= s;
    const ev: OomEvent = {
      index: 0, startLine: s, span: b.endLine - s, kind, victims: [], missing: [], problems: [],
      userspace: b.kill,
    };
    if (ts) ev.timestamp = ts;
    this.fieldLists.set(ev, b.fields);
    const v = b.kill.victim;
    if (v.pid !== undefined && v.comm !== undefined) {
      const victim: OomEvent['victims'][number] = { pid: v.pid, comm: v.comm, line: v.line };
      if (v.uid !== undefined) victim.uid = v.uid;
      if (v.oomScoreAdj !== undefined) victim.oomScoreAdj = v.oomScoreAdj;
      ev.victims.push(victim);
    }
    return ev;
  }

  /**
   * Lines next to L: `n` < 0 reads backwards (nearest first). Stops at the text's ends and
   * before a kernel report's first line.
   */
  around(L: TextLine, n: number): TextLine[] {
    if (L.line + n > this.reach) this.reach = L.line + n;
    const t = this.text;
    const out: TextLine[] = [];
    let start = L.start;
    let line = L.line;
    for (let k = 0; k < Math.abs(n); k++) {
      if (n < 0) {
        if (start === 0) break;
        const prevEnd = start - 1; // the \n ending the line before
        const s = t.lastIndexOf('\n', prevEnd - 1) + 1;
        start = s; line--;
        const text = lineAt(t, s);
        if (isBarrier(text)) break;
        out.push({ line, start, text });
      } else {
        const e = t.indexOf('\n', start);
        if (e < 0) break;
        start = e + 1; line++;
        const text = lineAt(t, start);
        if (isBarrier(text)) break;
        out.push({ line, start, text });
      }
    }
    return out;
  }

  /** The events found, in line order. */
  events(): OomEvent[] {
    return this.out;
  }
}

function lineAt(t: string, s: number): string {
  let e = t.indexOf('\n', s);
  if (e < 0) e = t.length;
  if (e > s && t.charCodeAt(e - 1) === 13) e--;
  return t.slice(s, Math.min(e, s + MAX_LINE));
}

/**
 * Kernel events and userspace events in one list sorted by first line (each list is already
 * sorted), with `index` renumbered.
 */
export function mergeEvents(kernel: OomEvent[], user: OomEvent[]): OomEvent[] {
  if (!user.length) return kernel;
  const sorted = user.slice().sort((a, b) => a.startLine - b.startLine);
  const out: OomEvent[] = [];
  let i = 0, j = 0;
  while (i < kernel.length || j < sorted.length) {
    if (j >= sorted.length || (i < kernel.length && kernel[i].startLine <= sorted[j].startLine)) out.push(kernel[i++]);
    else out.push(sorted[j++]);
  }
  for (let k = 0; k < out.length; k++) out[k].index = k;
  return out;
}
