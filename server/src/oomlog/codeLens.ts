/**
 * Code lenses on each event's first line. The verdict ("Victim: java (1843) — ranked #1 of 7 by
 * badness") opens the hover on the victim in the kill line, which explains the ranking; "Show OOM
 * report" opens the report view at this event.
 */
import type { CodeLensEntry } from '../common/types';
import type { OomLogAnalysis } from './model';
import { explainVictim } from './badness';
import { userspaceHeadline } from './userspace/text';

const MAX_TITLE = 140;

function clip(s: string): string {
  return s.length > MAX_TITLE ? `${s.slice(0, MAX_TITLE - 1)}…` : s;
}

function firstSentence(s: string): string {
  const i = s.indexOf('. ');
  return i > 0 ? s.slice(0, i + 1) : s;
}

export function oomCodeLenses(analysis: OomLogAnalysis, uri: string): CodeLensEntry[] {
  const out: CodeLensEntry[] = [];
  for (const ev of analysis.events) {
    const range = { start: { line: ev.startLine, character: 0 }, end: { line: ev.startLine, character: 0 } };
    if (ev.userspace) {
      // a kill from user space: who, by whom and why (there is no kernel ranking to explain)
      out.push({ range, title: clip(userspaceHeadline(ev)), command: 'oomLens.showReport', arguments: [uri, ev.index] });
      out.push({ range, title: 'Show OOM report', command: 'oomLens.showReport', arguments: [uri, ev.index] });
      continue;
    }
    const ex = explainVictim(ev, analysis);
    let title = ex.summary;
    // When the victim was not the top task (or cannot be ranked), say why right on the lens.
    if (ex.victimIsTop === false && ex.reasons.length) {
      const reason = ex.reasons[ex.reasons.length > 1 && ex.reasons[0].startsWith('The kernel selected') ? 1 : 0];
      title += ` — ${firstSentence(reason)}`;
    }
    const victimAt = (analysis.fields.find(ev, 'killed.comm') ?? analysis.fields.find(ev, 'chosen.comm'))?.range.start;
    out.push(victimAt
      ? { range, title: clip(title), command: 'oomLens.showRanking', arguments: [uri, victimAt.line, victimAt.character] }
      : { range, title: clip(title) });
    out.push({ range, title: 'Show OOM report', command: 'oomLens.showReport', arguments: [uri, ev.index] });
  }
  return out;
}
