/**
 * Quoted-printable mail bodies (RFC 2045 §6.7): `=3D` for `=`, `=20` for a space, and a soft line
 * break (`=` at the end of a line) where the mailer wrapped a long line. A kernel report pasted
 * into such a mail has `gfp_mask=3D0x…` and lines cut at 76 characters: it is decoded before it is
 * parsed, and every decoded character remembers where it was in the document (`QpMap`).
 *
 * Decoding runs only when the parse of the text as it is saw the signs of it (parse.ts), and only
 * when a line with `=3D` is quoted-printable throughout (every `=` starts an escape or a soft
 * break), so a log that merely contains `=3D` somewhere is left alone.
 */
import type { Seg } from './lines';

export interface QpText {
  text: string;
  /** Per decoded line: where each piece of it was in the document (offsets within the decoded line). */
  map: Seg[][];
  /** Lines of the document. */
  sourceLines: number;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Is `line` (no terminator) quoted-printable throughout: every `=` an escape `=XX` or the soft break at its end? */
function qpLine(line: string): boolean {
  for (let k = line.indexOf('='); k >= 0; k = line.indexOf('=', k + 1)) {
    if (k === line.length - 1) return true;
    if (hexVal(line.charCodeAt(k + 1)) < 0 || hexVal(line.charCodeAt(k + 2)) < 0) return false;
    k += 2;
  }
  return true;
}

/** Whether `text` is a quoted-printable body: its first `=3D` line is quoted-printable throughout. */
export function looksQuotedPrintable(text: string): boolean {
  const k = text.indexOf('=3D');
  if (k < 0) return false;
  const s = text.lastIndexOf('\n', k) + 1;
  let e = text.indexOf('\n', k);
  if (e < 0) e = text.length;
  if (e > s && text.charCodeAt(e - 1) === 13) e--;
  return qpLine(text.slice(s, e));
}

/**
 * Decode `text`, whose first line is document line `firstLine`. Escapes that are not valid are
 * kept as they are; a soft break joins the line with the next one.
 */
export function decodeQp(text: string, firstLine: number): QpText {
  const lines = text.split('\n');
  const out: string[] = [];
  const map: Seg[][] = [];
  let cur = '';
  let segs: Seg[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const ln = firstLine + i;
    let soft = false;
    let run = 0;
    segs.push({ off: cur.length, line: ln, col: 0 });
    for (let k = line.indexOf('='); k >= 0; k = line.indexOf('=', k + 1)) {
      if (k === line.length - 1) { soft = true; cur += line.slice(run, k); run = line.length; break; }
      const h = hexVal(line.charCodeAt(k + 1)), l = hexVal(line.charCodeAt(k + 2));
      if (h < 0 || l < 0) continue;
      cur += line.slice(run, k);
      // the decoded character stands where its escape starts; the text after it maps one to one again
      segs.push({ off: cur.length, line: ln, col: k });
      cur += String.fromCharCode(h * 16 + l);
      segs.push({ off: cur.length, line: ln, col: k + 3 });
      run = k + 3;
      k += 2;
    }
    if (run < line.length) cur += line.slice(run);
    if (soft && i < lines.length - 1) continue;
    out.push(cur);
    map.push(segs);
    cur = '';
    segs = [];
  }
  return { text: out.join('\n'), map, sourceLines: lines.length };
}

/**
 * Where the decoded run [col, col + len) of decoded line `d` (relative to the first decoded line)
 * was in the document, as segs with offsets from `base`.
 */
export function mapRun(q: QpText, d: number, col: number, len: number, base: number, out: Seg[]): void {
  const segs = q.map[d];
  if (!segs) return;
  for (let k = 0; k < segs.length; k++) {
    const s = segs[k];
    const next = k + 1 < segs.length ? segs[k + 1].off : Infinity;
    if (next <= col || s.off >= col + len) continue;
    // zero-width pieces (an escape at the very end) are skipped by the `next <= col` test above
    const from = Math.max(s.off, col);
    const seg = { off: base + (from - col), line: s.line, col: s.col + (from - s.off) };
    const last = out[out.length - 1];
    if (last && last.off === seg.off) out[out.length - 1] = seg; else out.push(seg);
  }
}
