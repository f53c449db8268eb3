/**
 * The document text behind an analysis, kept outside the analysis object (which is sent as JSON
 * to the report view) in a WeakMap. Features that need the raw line (fixed phrases, stack frames,
 * unit suffixes) ask for one line at a time; line starts are indexed once, lazily.
 */
import type { OomLogAnalysis } from './model';

interface Source { text: string; starts?: number[] }

const sources = new WeakMap<OomLogAnalysis, Source>();

export function attachSource(analysis: OomLogAnalysis, text: string): void {
  sources.set(analysis, { text });
}

function startsOf(src: Source): number[] {
  if (src.starts) return src.starts;
  const starts = [0];
  const t = src.text;
  let i = t.indexOf('\n');
  while (i >= 0) {
    starts.push(i + 1);
    i = t.indexOf('\n', i + 1);
  }
  src.starts = starts;
  return starts;
}

/** The text of a 0-based line without its line break, or undefined when unknown. */
export function lineText(analysis: OomLogAnalysis, line: number): string | undefined {
  const src = sources.get(analysis);
  if (!src) return undefined;
  const starts = startsOf(src);
  if (line < 0 || line >= starts.length) return undefined;
  let end = line + 1 < starts.length ? starts[line + 1] - 1 : src.text.length;
  if (end > starts[line] && src.text.charCodeAt(end - 1) === 13) end--;
  return src.text.slice(starts[line], end);
}

export function hasSource(analysis: OomLogAnalysis): boolean {
  return sources.has(analysis);
}
