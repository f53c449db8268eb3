/**
 * Structured log records that carry kernel lines as a field: JSON lines (journalctl -o json and
 * json-pretty, Docker json-file `{"log":…}`, Cloud Logging `textPayload` / `jsonPayload.message`)
 * and journal `KEY=value` records (journalctl -o export / verbose `MESSAGE=`, a frame in wrappers.ts).
 *
 * The message is taken out of its JSON string with its escapes decoded; `segs` say where each
 * piece of the decoded text sits in the physical line, so ranges still point into the document.
 * Only lines whose first non-blank character is `{` or `"` are looked at here.
 */
import type { Seg } from './lines';
import type { Timestamp } from './model';

/** JSON keys that hold the log line, most specific first. */
export const MESSAGE_KEYS = ['"MESSAGE"', '"log"', '"textPayload"', '"message"'];
/** JSON keys that hold the record's time. */
const TIME_KEYS = ['"__REALTIME_TIMESTAMP"', '"timestamp"', '"time"'];

/** Longest line searched for a message key (a record's metadata comes first in some exports). */
const KEY_CAP = 4096;

export interface RecordMessage {
  /** The decoded message. */
  text: string;
  /** Where each piece of `text` sits in the physical line (line number filled in by the caller). */
  segs: Seg[];
}

/** Whether `raw` may be a JSON record line or a json-pretty field (first non-blank is `{` or `"`). */
export function mayBeJson(raw: string): boolean {
  let i = 0;
  while (i < 16 && (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)) i++;
  const c = raw.charCodeAt(i);
  return c === 123 /* { */ || c === 34 /* " */;
}

/** Index just after `"key" : "` in `raw` from `from`, or -1. */
function valueStart(raw: string, key: string, limit: number): number {
  let k = raw.indexOf(key);
  while (k >= 0 && k < limit) {
    let i = k + key.length;
    while (raw.charCodeAt(i) === 32) i++;
    if (raw.charCodeAt(i) === 58 /* : */) {
      i++;
      while (raw.charCodeAt(i) === 32) i++;
      if (raw.charCodeAt(i) === 34) return i + 1;
    }
    k = raw.indexOf(key, k + 1);
  }
  return -1;
}

const ESC: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * The JSON string starting at `s` (just after its opening quote), decoded, with the column of each
 * piece. Ends at the closing quote or, for a line cut short, at the end of the line.
 */
export function decodeJsonString(raw: string, s: number, line: number): RecordMessage {
  let out = '';
  const segs: Seg[] = [{ off: 0, line, col: s }];
  let runStart = s;
  let i = s;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 34) break;
    if (c !== 92 /* \ */) continue;
    out += raw.slice(runStart, i);
    const e = raw[i + 1];
    let rep: string | undefined = ESC[e];
    let len = 2;
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) { rep = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)); len = 6; }
    if (rep === undefined) { rep = raw.slice(i, i + 2); }
    // the decoded character stands where its escape starts; what follows maps one to one again
    if (segs[segs.length - 1].off !== out.length) segs.push({ off: out.length, line, col: i });
    else segs[segs.length - 1].col = i;
    out += rep;
    segs.push({ off: out.length, line, col: i + len });
    i += len - 1;
    runStart = i + 1;
  }
  out += raw.slice(runStart, i);
  return { text: out, segs };
}

/** The message of a JSON record line or json-pretty field line, or undefined when it has none. */
export function jsonMessage(raw: string, line: number): RecordMessage | undefined {
  const limit = Math.min(raw.length, KEY_CAP);
  for (const key of MESSAGE_KEYS) {
    const s = valueStart(raw, key, limit);
    if (s >= 0) return dropEscapedEnd(decodeJsonString(raw, s, line));
  }
  return undefined;
}

/**
 * A message escaped once more before it was put in the record (Cloud Logging's serial-console
 * lines, label `is_text_escaped`) ends with the two characters `\n` or `\r\n` after decoding:
 * its line break, not message text. Dropped, so the last value on the line stays readable.
 */
function dropEscapedEnd(m: RecordMessage): RecordMessage {
  let t = m.text;
  while (t.length >= 2 && t.charCodeAt(t.length - 2) === 92 /* \ */ && (t[t.length - 1] === 'n' || t[t.length - 1] === 'r')) t = t.slice(0, -2);
  if (t.length !== m.text.length) m.text = t;
  return m;
}

/** The pieces of a decoded message split at its line breaks (a trailing one dropped): [start, end) pairs. */
export function messageLines(text: string): number[] {
  const out: number[] = [];
  let s = 0;
  for (;;) {
    const k = text.indexOf('\n', s);
    let e = k < 0 ? text.length : k;
    if (e > s && text.charCodeAt(e - 1) === 13) e--;
    if (k < 0 || e > s || k < text.length - 1) out.push(s, e);
    if (k < 0) break;
    s = k + 1;
    if (s >= text.length) break;
  }
  return out;
}

/** Segs of `m` for text[a, ...), offsets made relative to `a`. */
export function segsFrom(m: RecordMessage, a: number): Seg[] {
  const out: Seg[] = [];
  for (let k = 0; k < m.segs.length; k++) {
    const s = m.segs[k];
    const next = k + 1 < m.segs.length ? m.segs[k + 1].off : Infinity;
    if (next <= a) continue;
    if (s.off <= a) out.push({ off: 0, line: s.line, col: s.col + (a - s.off) });
    else out.push({ off: s.off - a, line: s.line, col: s.col });
  }
  return out;
}

/**
 * Lines that are a record's other fields, not log lines: json-pretty `"KEY" : …`, the braces and
 * brackets around records, journal export/verbose `KEY=value`, and journalctl -o verbose's
 * `Wed 2024-05-01 10:00:00.123456 UTC [s=…;i=…]` record header.
 */
export function isRecordField(raw: string): boolean {
  return /^\s{0,16}(?:"[\w.@-]{1,64}" ?:|[{}[\]],?\s*$|[A-Z_][A-Z0-9_]{0,63}=)/.test(raw) ||
    /^[A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [\w+-]{1,10} \[s=/.test(raw);
}

/** Microseconds since the epoch as an ISO time (journal __REALTIME_TIMESTAMP). */
function isoOfMicros(us: string): string | undefined {
  const ms = Number(us.slice(0, -3));
  if (!(us.length >= 13 && us.length <= 17 && Number.isFinite(ms))) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${us.slice(-6)}Z`);
}

/** A record time text as a Timestamp (ISO times as they are; journal microseconds converted). */
function recordTs(v: string): Timestamp | undefined {
  if (/^\d{13,17}$/.test(v)) {
    const iso = isoOfMicros(v);
    return iso ? { raw: v, wall: iso, iso } : undefined;
  }
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v)) return { raw: v, wall: v, iso: v };
  return undefined;
}

/** The time of a one-line JSON record, or undefined. */
export function jsonRecordTime(raw: string): Timestamp | undefined {
  const limit = Math.min(raw.length, KEY_CAP);
  for (const key of TIME_KEYS) {
    const s = valueStart(raw, key, limit);
    if (s < 0) continue;
    const e = raw.indexOf('"', s);
    if (e > s && e - s <= 40) return recordTs(raw.slice(s, e));
  }
  return undefined;
}

/** Farthest back a record's time is looked for before its message line. */
const LOOKBACK = 8192;

/**
 * The time of the multi-line record (json-pretty, export, a pretty-printed Cloud Logging array)
 * whose message line starts at `at`: its `__REALTIME_TIMESTAMP` field before the message (after
 * the previous record's message), or a `"timestamp"` field after it (before the next message).
 */
export function recordTimeBefore(text: string, at: number): Timestamp | undefined {
  const k = text.lastIndexOf('__REALTIME_TIMESTAMP', at);
  if (k < 0 || at - k > LOOKBACK) return verboseHeaderTime(text, at) ?? recordTimeAfter(text, at);
  const prev = text.lastIndexOf('MESSAGE', at - 1);
  if (prev > k) return undefined;
  let i = k + 20;
  while (i < k + 26 && (text[i] === '"' || text[i] === ' ' || text[i] === ':' || text[i] === '=')) i++;
  let e = i;
  while (e < i + 17 && text.charCodeAt(e) >= 48 && text.charCodeAt(e) <= 57) e++;
  return recordTs(text.slice(i, e));
}

/** journalctl -o verbose's record header: its clock as printed, with its zone name (no ISO: a zone name is not an offset). */
const VERBOSE_HEADER = /^([A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [\w+-]{1,10}) \[s=/;

/**
 * The clock of the journalctl -o verbose record whose `MESSAGE=` line starts at `at`: on the
 * record's header line (`Thu 2024-05-02 10:00:00.123456 CEST [s=…;i=…;…]`) before it, when no
 * other record's message lies between them.
 */
function verboseHeaderTime(text: string, at: number): Timestamp | undefined {
  const h = text.lastIndexOf(' [s=', at);
  if (h < 0 || at - h > LOOKBACK || text.lastIndexOf('MESSAGE', at - 1) > h) return undefined;
  const m = VERBOSE_HEADER.exec(text.slice(text.lastIndexOf('\n', h) + 1, h + 4));
  return m ? { raw: m[1], wall: m[1] } : undefined;
}

/** A pretty-printed JSON record's `"timestamp": "…"` field after its message line at `at`. */
function recordTimeAfter(text: string, at: number): Timestamp | undefined {
  const eol = text.indexOf('\n', at);
  if (eol < 0) return undefined;
  const k = text.indexOf('"timestamp"', eol);
  if (k < 0 || k - at > LOOKBACK) return undefined;
  for (const key of MESSAGE_KEYS) {
    const m = text.indexOf(key, eol);
    if (m >= 0 && m < k) return undefined;
  }
  const e = text.indexOf('\n', k);
  return jsonRecordTime(text.slice(k, e < 0 ? text.length : e));
}
