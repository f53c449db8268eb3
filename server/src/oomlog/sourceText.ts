/**
 * The document text behind an analysis, kept outside the analysis object (which is sent as JSON
 * to the report view) in a WeakMap. Features that need the raw line (fixed phrases, stack frames,
 * unit suffixes) ask for one line at a time; line starts are indexed once, lazily.
 */
import type { OomLogAnalysis } from './model';
import { ChunkedText } from '../common/chunkedText';

interface Source { text: string; lineCount: number; starts?: number[]; lspBreaks?: boolean }

const sources = new WeakMap<OomLogAnalysis, Source | ChunkedText>();

/**
 * @param text the parsed text: a string, or the server's ChunkedText of the same version (its
 *   lines are LSP's, which are the parser's: the parser reads a lone \r as a line break too)
 */
export function attachSource(analysis: OomLogAnalysis, text: string | ChunkedText): void {
  sources.set(analysis, typeof text === 'string' ? { text, lineCount: analysis.lineCount } : text);
}

function scan(t: string, lsp: boolean): number[] {
  const starts = [0];
  if (!lsp) {
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (lsp && c === 13 && t.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/**
 * Line starts in the same line model as the parser: `\n` (with `\r\n`) only, or — when the
 * parser's line count says so — LSP's model where a lone `\r` also ends a line.
 */
function startsOf(src: Source): number[] {
  if (src.starts) return src.starts;
  let starts = scan(src.text, false);
  if (starts.length !== src.lineCount && src.text.includes('\r')) {
    const lsp = scan(src.text, true);
    if (lsp.length === src.lineCount) { starts = lsp; src.lspBreaks = true; }
  }
  src.starts = starts;
  return starts;
}

/** The text of a 0-based line without its line break, or undefined when unknown. */
export function lineText(analysis: OomLogAnalysis, line: number): string | undefined {
  const src = sources.get(analysis);
  if (!src) return undefined;
  if (src instanceof ChunkedText) return line >= 0 && line < src.lineCount ? src.lineText(line) : undefined;
  const starts = startsOf(src);
  if (line < 0 || line >= starts.length) return undefined;
  let end = line + 1 < starts.length ? starts[line + 1] - 1 : src.text.length;
  // drop the \r of a \r\n break
  if (end > starts[line] && src.text.charCodeAt(end - 1) === 13) end--;
  return src.text.slice(starts[line], end);
}

export function hasSource(analysis: OomLogAnalysis): boolean {
  return sources.has(analysis);
}
