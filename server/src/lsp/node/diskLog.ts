/**
 * The report view of a log the editor did not pass to the server.
 *
 * VS Code keeps files over 50 MB from extensions: no didOpen, no document, so hover, tokens,
 * diagnostics and the outline cannot work on them. The report view still can: asked for a
 * `file:` URI that is not an open document, the server reads the file from disk and analyses it
 * in steps (ProgressiveParse), so it keeps answering other requests, reports progress and stops
 * when cancelled. Only the view model is kept (a few per session), not the analysis.
 */
import { promises as fsp } from 'fs';
import { fileURLToPath } from 'url';
import { ProgressiveParse } from '../../oomlog/incremental';
import { heapNearlyFull, MAX_LOG, outOfMemoryMessage, readLogFileAsync } from '../../files/readLog';
import { buildReportView, type ReportView } from '../../report/model';

export interface DiskLogHooks {
  /** Share of the file read so far, 0..1 (called between steps). */
  progress(fraction: number): void;
  /** True once the user or the client gave up: the reading stops at the next step. */
  cancelled(): boolean;
}

/** A file that could not be read: `message` is meant for the user. */
export class DiskLogError extends Error {}

const views = new Map<string, { mtimeMs: number; size: number; view: ReportView }>();
const KEEP = 4;

/**
 * The report view of the log at `uri` read from disk; null when `uri` is not a readable file (or
 * the reading was cancelled). Throws DiskLogError when the file is too big to read.
 */
export async function diskReportView(uri: string, hooks: DiskLogHooks): Promise<ReportView | null> {
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return null;
  }
  const st = await fsp.stat(path).catch(() => undefined);
  if (!st || !st.isFile()) return null;
  const known = views.get(uri);
  if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known.view;
  const name = path.split(/[\\/]/).pop() || path;
  if (st.size > MAX_LOG) {
    throw new DiskLogError(`OOM Lens: ${name} is ${Math.round(st.size / 1048576)} MB, more than the ` +
      `${MAX_LOG / 1048576} MB it reads at once. Cut out the time around the incident (or split it: ` +
      `split -C 1000M ${name} part-) and open the part.`);
  }
  // a file too big for one string comes as a ChunkedText (files/readLog.ts), read in steps alike
  const text = await readLogFileAsync(path).catch(() => undefined);
  if (text === undefined) return null;
  const parse = new ProgressiveParse(text);
  while (!parse.step()) {
    hooks.progress(parse.fraction);
    await new Promise(resolve => setImmediate(resolve)); // let other requests and the cancellation in
    if (hooks.cancelled()) return null;
    if (heapNearlyFull()) throw new DiskLogError(`OOM Lens: reading ${name}: ${outOfMemoryMessage(parse.fraction)}`);
  }
  const view = buildReportView(parse.result(), name, uri);
  views.delete(uri);
  views.set(uri, { mtimeMs: st.mtimeMs, size: st.size, view });
  while (views.size > KEEP) views.delete(views.keys().next().value!);
  return view;
}
