/** Event problems (truncated or self-inconsistent reports) as information-level findings. */
import type { Finding } from '../common/types';
import { type OomLogAnalysis, absRange, problemMessage } from './model';
import { DOC_URLS } from './knowledge';

export function oomDiagnostics(analysis: OomLogAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const ev of analysis.events) {
    for (const p of ev.problems) {
      out.push({ ruleId: p.code, severity: 'information', message: problemMessage(ev, p), range: absRange(ev, p.range), docUrl: DOC_URLS.oomKill });
    }
  }
  return out;
}
