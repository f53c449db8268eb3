/** Shared helpers for sysctl tests: run the service on a text with a small fake workspace. */
import { defaultSettings, type DocumentContext, type WorkspaceFile } from '../../../server/src/common/service';
import type { Finding, TextEdit } from '../../../server/src/common/types';
import { sysctlService } from '../../../server/src/crossfile';

export interface Input {
  text: string;
  path?: string;
  /** Other sysctl files of the workspace. */
  files?: { path: string; text: string }[];
  units?: { path: string; text: string }[];
  kernel?: string;
}

const file = (path: string, text: string): WorkspaceFile => ({ uri: `file://${path}`, path, text });

export function contextOf(input: Input): DocumentContext {
  const path = input.path ?? '/etc/sysctl.d/50-test.conf';
  const sysctl = (input.files ?? []).map(f => file(f.path, f.text));
  const units = (input.units ?? []).map(f => file(f.path, f.text));
  return {
    uri: `file://${path}`,
    path,
    settings: { ...defaultSettings, kernelVersion: input.kernel ?? defaultSettings.kernelVersion },
    workspace: { unitFiles: () => units, sysctlFiles: () => [...sysctl, file(path, input.text)], logFiles: () => [] },
  };
}

export function lint(input: Input | string): Finding[] {
  const i = typeof input === 'string' ? { text: input } : input;
  const ctx = contextOf(i);
  return sysctlService.diagnostics(sysctlService.analyze(i.text, ctx), ctx);
}

/** Applies non-overlapping edits to a text (LSP positions, \n line breaks). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** A finding's whole text: the one-sentence message and the detail after it (common/rules.ts splitMessage). */
export function full(f: Finding): string {
  return f.detail ? `${f.message} ${f.detail}` : f.message;
}
