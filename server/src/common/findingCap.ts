/**
 * How many findings one rule may report in one configuration file. A real unit or sysctl file
 * has a few dozen lines; a file that makes one rule fire hundreds of times is something else
 * (a log opened as a unit file, generated junk). Reporting all of them cost seconds of CPU per
 * edit on a 2 MB file (200,000 findings) and a message of tens of MB to the editor. A rule that
 * reaches the cap stops, and one information finding at the next problem says why the list ends.
 */
import type { Finding, Range } from './types';

export const MAX_FINDINGS_PER_RULE = 200;

/** The finding that ends a capped rule's list; `file` names what the file should be ("unit file"). */
export function capNote(ruleId: string, range: Range, file: string): Finding {
  return {
    ruleId,
    severity: 'information',
    range,
    message: `${ruleId} stopped here after ${MAX_FINDINGS_PER_RULE} findings in this file, so more may follow.`,
    detail: `A ${file} normally has a few dozen lines; if this is not one (a log, generated text), change the editor's `
      + `language mode for it. Otherwise fix the ones shown and the rest appear.`,
  };
}
