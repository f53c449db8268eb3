/**
 * A hover or completion that threw, made visible the way the rule engine makes a rule that threw
 * visible (common/rules.ts crashFinding): the user sees that oom-lens failed here and why, instead
 * of an empty popup that looks like "nothing to say", and tests and the fuzzer see `failure`.
 */
import type { CompletionEntry, HoverResult, Position } from './types';

function describe(e: unknown): string {
  return (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 200);
}

/** The hover shown at `pos` when building the hover of a `fileKind` threw `e`. */
export function crashHover(fileKind: string, e: unknown, pos: Position): HoverResult {
  const error = describe(e);
  return {
    range: { start: pos, end: pos },
    markdown: `⚠ **oom-lens could not build this hover** for the ${fileKind}: \`${error.replace(/`/g, "'")}\`.\n\nThis is a bug in oom-lens, not in the file: please report it with the file attached.`,
    failure: error,
  };
}

/** The one completion item offered when completing in a `fileKind` threw `e`: it inserts nothing. */
export function crashCompletion(fileKind: string, e: unknown): CompletionEntry[] {
  const error = describe(e);
  return [{
    label: `⚠ oom-lens completion failed in this ${fileKind}`,
    kind: 'keyword',
    detail: error,
    documentation: 'This is a bug in oom-lens, not in the file: please report it with the file attached.',
    insertText: '',
    failure: error,
  }];
}
