/**
 * The rule engine of the unit and sysctl linters: one Rule type, one runner.
 *
 * A rule is one catalogue entry (id, default severity, title, man page, check). The runner gives
 * every finding the rule's id and defaults, applies the user's per-rule severity (`off` skips the
 * rule), stops a rule at the finding cap (findingCap.ts) and turns a rule that throws into an
 * error finding of its own (RULE_CRASH_ID), so a broken rule is seen by the user, the tests and
 * the fuzzer instead of silently losing its findings.
 *
 * A check writes its text headline first: the first sentence says what is wrong and what it
 * causes, the sentences after it why and what to write instead. The Problems panel shows one line
 * per diagnostic, so the runner keeps the first sentence as the finding's message and moves the
 * rest to its detail (shown as related information in the editor, and in the rule's page). A test
 * holds every message of the rule cases to one sentence of at most MESSAGE_MAX characters.
 */
import type { Finding, Fix, Range, Severity } from './types';
import { capNote, MAX_FINDINGS_PER_RULE } from './findingCap';
import { applySeverity, type RuleSeverities } from './severity';

/** What a check reports; the runner fills in the rule id and the defaults. */
export interface RuleReport {
  range: Range;
  message: string;
  /** Another severity than the rule's default (e.g. a warning-only value vs an invalid one). */
  severity?: Severity;
  docUrl?: string;
  fixes?: Fix[];
  related?: Finding['related'];
  tags?: Finding['tags'];
}

export type Emit = (r: RuleReport) => void;

export interface Rule<M> {
  id: string;
  /** Default severity; a report may choose another one. */
  severity: Severity;
  /** One line for the rule list, SARIF and docs. */
  title: string;
  /** Man page / documentation of the rule when a finding does not carry a more specific one. */
  docUrl: string;
  help?: string;
  /**
   * The settings the check is about: when the model sets none of them (`RunOptions.mentions`), the
   * check could not report anything and is skipped.
   */
  keys?: readonly string[];
  check(model: M, emit: Emit): void;
}

/** Longest message: what the Problems panel shows on one line at common widths. */
export const MESSAGE_MAX = 140;

/**
 * A sentence ends at `.`, `?` or `!` followed by white space and what starts a sentence here
 * (a capital, a quote, a bracket): "e.g. 5s", "vm.panic_on_oom" and "1.5G" do not end one.
 */
const SENTENCE_END = /[.?!](?=\s+["'(\[`A-Z])/g;

/**
 * `text` as the message (its first sentence) and the detail (the sentences after it, if any).
 * Text between double quotes is file text ("Hello. World" as a value), so no sentence ends in it.
 */
export function splitMessage(text: string): { message: string; detail?: string } {
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    if (quotesBefore(text, m.index) % 2 === 1) continue;
    const detail = text.slice(m.index + 1).trim();
    return detail ? { message: text.slice(0, m.index + 1), detail } : { message: text };
  }
  return { message: text };
}

function quotesBefore(text: string, end: number): number {
  let n = 0;
  for (let k = text.indexOf('"'); k >= 0 && k < end; k = text.indexOf('"', k + 1)) n++;
  return n;
}

/** The finding with its message split into message and detail (a detail it already has comes after). */
export function withHeadline(f: Finding): Finding {
  const { message, detail } = splitMessage(f.message);
  if (detail === undefined) return f;
  return { ...f, message, detail: f.detail ? `${detail} ${f.detail}` : detail };
}

/** Id of the finding that stands for a rule that threw. */
export const RULE_CRASH_ID = 'OOMLENS000';

export interface RunOptions {
  /** What the file should be, for the cap note ("unit file", "sysctl file"). */
  fileKind: string;
  /** Per-rule severities from the settings (`off` skips the rule). */
  severities?: RuleSeverities;
  /** Whether the model sets one of `keys` (rules without keys always run). */
  mentions?: (keys: readonly string[]) => boolean;
}

/** Thrown by emit to stop the rule that reached the cap; never escapes the runner. */
class RuleStopped extends Error {}
const STOPPED = new RuleStopped('finding cap reached');

/** The finding for `what` ("Rule SDU042", "The unit parser") having thrown `e`. */
function crashFinding(what: string, e: unknown, fileKind: string): Finding {
  const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return {
    ruleId: RULE_CRASH_ID,
    severity: 'error',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `${what} failed on this ${fileKind}, so its findings are missing.`,
    detail: `The error: ${error.slice(0, 200)}. This is a bug in oom-lens, not in the file: please report it with the file attached.`,
  };
}

/**
 * Runs every rule on `model` and returns the findings in line order, with the user's severities
 * applied (findings of rules set to `off` are dropped).
 */
export function runRules<M>(rules: readonly Rule<M>[], model: M, opts: RunOptions): Finding[] {
  const out: Finding[] = [];
  const severities = opts.severities;
  let current = rules[0];
  let emitted = 0;
  const emit: Emit = r => {
    if (emitted === MAX_FINDINGS_PER_RULE) { out.push(capNote(current.id, r.range, opts.fileKind)); throw STOPPED; }
    emitted++;
    // built field by field: rules pass objects of many shapes, and spreading them is costly on
    // junk files with hundreds of thousands of findings
    const { message, detail } = splitMessage(r.message);
    const f: Finding = { ruleId: current.id, severity: r.severity ?? current.severity, message, range: r.range, docUrl: r.docUrl ?? current.docUrl };
    if (detail) f.detail = detail;
    if (r.fixes?.length) f.fixes = r.fixes;
    if (r.related?.length) f.related = r.related;
    if (r.tags?.length) f.tags = r.tags;
    out.push(f);
  };
  for (const rule of rules) {
    if (severities && severities[rule.id] === 'off') continue;
    if (rule.keys && opts.mentions && !opts.mentions(rule.keys)) continue;
    current = rule;
    emitted = 0;
    try {
      rule.check(model, emit);
    } catch (e) {
      if (e !== STOPPED) out.push(crashFinding(`Rule ${rule.id}`, e, opts.fileKind));
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return severities ? applySeverity(out, severities) : out;
}

/**
 * Runs `extra` (findings not from the catalogue, e.g. cross-file ones); a throw becomes a crash
 * finding that names `what` ("Rule SDU026", "The unit parser").
 */
export function guarded(what: string, fileKind: string, extra: () => Finding[]): Finding[] {
  try { return extra().map(withHeadline); } catch (e) { return [crashFinding(what, e, fileKind)]; }
}
