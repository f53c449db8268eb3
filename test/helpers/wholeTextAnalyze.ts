/**
 * The oracle for `oom-lens analyze` (server/src/cli/analyze.ts, which streams): the same command
 * over each input read whole — one string, or a ChunkedText analysed in steps for a file too big
 * for one — and analysed by the OOM-log service as the editor analyses a document. The stream ≡
 * whole-text tests compare the shipped command's output with this one, byte for byte.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CliIO } from '../../server/src/cli/main';
import { USAGE } from '../../server/src/cli/usage';
import { ChunkedText, MAX_STRING } from '../../server/src/common/chunkedText';
import { defaultSettings, type DocumentContext } from '../../server/src/common/service';
import { terminalSafeIO } from '../../server/src/common/terminal';
import { heapNearlyFull, MAX_LOG, outOfMemoryMessage, readLogFile } from '../../server/src/files/readLog';
import { oomLogService } from '../../server/src/oomlog';
import { ProgressiveParse } from '../../server/src/oomlog/incremental';
import type { OomEvent, OomLogAnalysis } from '../../server/src/oomlog/model';
import { eventJson, eventSummaryText } from '../../server/src/oomlog/report';
import { renderMarkdown } from '../../server/src/report/markdown';
import { buildReportView } from '../../server/src/report/model';

/** A file (or `-`, standard input) read whole: a string, a ChunkedText past one string's size, or why not. */
function readLog(file: string, io: CliIO): string | ChunkedText | { error: string } {
  const name = file === '-' ? '<stdin>' : file;
  try {
    if (file === '-') return io.readStdin();
    const st = fs.statSync(file);
    if (st.isDirectory()) return { error: `${file}: is a directory` };
    if (st.size > MAX_LOG) return { error: `${file}: ${Math.round(st.size / 1048576)} MB is more than oom-lens analyses at once (${MAX_LOG / 1048576} MB); cut out the time around the incident first.` };
    return readLogFile(file);
  } catch (e: any) {
    if (e?.code === 'ERR_STRING_TOO_LONG' || (e instanceof Error && /string longer than/i.test(e.message))) {
      return { error: `${name}: the input is more than oom-lens can read as one text (${Math.round(MAX_STRING / 1048576)} MB).` };
    }
    return { error: `${name}: ${e?.code === 'ENOENT' ? 'no such file' : e?.message ?? String(e)}` };
  }
}

function context(file: string): DocumentContext {
  const abs = file === '-' ? '/dev/stdin' : path.resolve(file);
  return { uri: pathToFileURL(abs).href, path: abs, settings: defaultSettings, workspace: { unitFiles: () => [], sysctlFiles: () => [], logFiles: () => [] } };
}

/** One entry of `files` in `analyze --json`: what `JSON.stringify({ files }, null, 2)` prints for it. */
function writeJsonFile(io: CliIO, name: string, events: readonly OomEvent[], first: boolean): void {
  io.stdout(`${first ? '' : ','}\n    {\n      "file": ${JSON.stringify(name)},\n      "events": [`);
  events.forEach((ev, i) => io.stdout(`${i ? ',' : ''}\n        ${JSON.stringify(eventJson(ev), null, 2).replace(/\n/g, '\n        ')}`));
  io.stdout(events.length ? '\n      ]\n    }' : ']\n    }');
}

/** `oom-lens analyze ARGS` over whole texts: the exit code; the output goes to `io`. */
export function analyzeCommand(args: string[], io: CliIO): number {
  io = terminalSafeIO(io);
  let json = false;
  let markdown = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json' || a === '--format=json') { json = true; markdown = false; }
    else if (a === '--format=text') { json = false; markdown = false; }
    else if (a === '--format=markdown' || a === '--markdown') { markdown = true; json = false; }
    else if (a === '--format') {
      const f = args[++i];
      if (f === 'json') { json = true; markdown = false; }
      else if (f === 'text') { json = false; markdown = false; }
      else if (f === 'markdown') { markdown = true; json = false; }
      else { io.stderr(`oom-lens analyze: unknown format ${f ?? ''}\n`); return 2; }
    }
    else if (a === '-h' || a === '--help') { io.stdout(USAGE + '\n'); return 0; }
    else if (a.startsWith('-') && a !== '-') { io.stderr(`oom-lens analyze: unknown option ${a}\n${USAGE}\n`); return 2; }
    else files.push(a);
  }
  if (!files.length) files.push('-');
  let failed = false;
  let jsonFiles = 0;
  if (json) io.stdout('{\n  "files": [');
  const text: string[] = [];
  const md: string[] = [];
  for (const f of files) {
    const input = readLog(f, io);
    if (typeof input !== 'string' && !(input instanceof ChunkedText)) { io.stderr(`oom-lens analyze: ${input.error}\n`); failed = true; continue; }
    const ctx = context(f);
    let analysis: OomLogAnalysis;
    try {
      if (typeof input === 'string') analysis = oomLogService.analyze(input, ctx);
      else {
        const parse = new ProgressiveParse(input);
        while (!parse.step()) if (heapNearlyFull()) throw new Error(outOfMemoryMessage(parse.fraction));
        analysis = parse.result();
      }
    } catch (e) {
      io.stderr(`oom-lens analyze: ${f}: ${e instanceof Error ? e.message : String(e)}\n`); failed = true; continue;
    }
    const name = f === '-' ? '<stdin>' : f;
    if (json) writeJsonFile(io, name, analysis.events, jsonFiles++ === 0);
    if (markdown) md.push(renderMarkdown(buildReportView(analysis, name, ctx.uri)));
    if (json || markdown) continue; // the text summary is not printed then
    if (!analysis.events.length) text.push(`${name}: no OOM report found\n`);
    else {
      text.push(`${name}: ${analysis.events.length} OOM event${analysis.events.length === 1 ? '' : 's'}\n`);
      for (const ev of analysis.events) text.push('\n' + eventSummaryText(ev) + '\n');
    }
  }
  if (json) io.stdout(jsonFiles ? '\n  ]\n}\n' : ']\n}\n');
  else if (markdown) io.stdout(md.join('\n---\n\n'));
  else io.stdout(text.join(''));
  return failed ? 2 : 0;
}
