/** Code lenses on each event's first line: the victim verdict and "Show OOM report". */
import type { CodeLensEntry } from '../common/types';
import type { OomLogAnalysis } from './model';
import { explainVictim } from './badness';

const MAX_TITLE = 140;

function clip(s: string): string {
  return s.length > MAX_TITLE ? `${s.slice(0, MAX_TITLE - 1)}…` : s;
}

export function oomCodeLenses(analysis: OomLogAnalysis, uri: string): CodeLensEntry[] {
  const out: CodeLensEntry[] = [];
  for (const ev of analysis.events) {
    const range = { start: { line: ev.startLine, character: 0 }, end: { line: ev.startLine, character: 0 } };
    const ex = explainVictim(ev, analysis);
    let title = ex.summary;
    // When the victim was not the top task (or cannot be ranked), say why right on the lens.
    if (ex.victimIsTop !== true && ex.reasons.length) title += ` — ${ex.reasons[ex.reasons.length > 1 && ex.reasons[0].startsWith('The kernel selected') ? 1 : 0]}`;
    out.push({ range, title: clip(title), command: 'oomLens.showReport', arguments: [uri, ev.index] });
    out.push({ range, title: 'Show OOM report', command: 'oomLens.showReport', arguments: [uri, ev.index] });
  }
  return out;
}
