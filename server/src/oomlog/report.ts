/** Text and JSON renderings of OOM events for the CLI (`oom-lens analyze`). */
import type { OomEvent } from './model';

export function eventSummaryText(ev: OomEvent): string {
  return `event ${ev.index + 1} at line ${ev.startLine + 1}: ${ev.kind}`;
}

export function eventJson(ev: OomEvent): Record<string, unknown> {
  return { startLine: ev.startLine + 1, kind: ev.kind };
}
