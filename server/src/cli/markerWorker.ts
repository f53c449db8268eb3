/**
 * The search for marker lines (findMarkerLines: one indexOf pass per needle over every byte) in
 * a worker thread, so that on a big log it runs on a second core while this thread parses the
 * report regions of earlier windows. A window goes to the worker as a copy and comes back with
 * its marker lines; windows are read in the order they were cut.
 */
import type * as WorkerThreads from 'worker_threads';
import { ANCHORS, BY_NEEDLE } from '../oomlog/parse';
import { findMarkerLines, type StreamAnalyzer } from '../oomlog/stream/regions';

/** What the worker's caller does with the analysis. */
type Analysis = Pick<StreamAnalyzer<unknown>, 'cut' | 'cutEnd' | 'lines' | 'finish'>;

/** Windows sent ahead of the one being read: enough to keep the worker busy while this thread parses. */
const AHEAD = 4;

/** The worker's program: findMarkerLines's own source with its needles and markers (it names nothing from outside itself). */
function workerSource(): string {
  return `const { parentPort } = require('worker_threads');
const findMarkerLines = ${findMarkerLines.toString()};
const needles = ${JSON.stringify(ANCHORS)}.map(n => Buffer.from(n, 'latin1'));
const byNeedle = ${JSON.stringify(BY_NEEDLE)};
parentPort.on('message', bytes => {
  const marks = findMarkerLines(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), needles, byNeedle);
  parentPort.postMessage({ bytes, marks }, [bytes.buffer, marks.buffer]);
});`;
}

interface Pending { resolve: (r: { win: Buffer; marks: Int32Array }) => void; reject: (e: Error) => void }

export class MarkerWorker {
  private readonly worker: WorkerThreads.Worker;
  private readonly waiting: Pending[] = [];
  /** Windows sent and not read yet, oldest first. */
  private readonly queue: Promise<{ win: Buffer; marks: Int32Array }>[] = [];
  private failed: Error | undefined;
  /** Windows read with the marker lines the worker found. */
  windows = 0;

  constructor(private readonly sa: Analysis) {
    // loaded only for a big log, like zlib in analyze.ts: not a cost of every analyze
    const { Worker } = require('worker_threads') as typeof WorkerThreads;
    this.worker = new Worker(workerSource(), { eval: true });
    this.worker.on('message', (m: { bytes: Uint8Array; marks: Int32Array }) => {
      this.waiting.shift()?.resolve({ win: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.length), marks: m.marks });
    });
    const fail = (e: Error) => {
      this.failed ??= e;
      for (const p of this.waiting.splice(0)) p.reject(e);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', code => fail(new Error(`the marker search thread stopped (exit code ${code})`)));
  }

  /** Cuts `chunk` into windows, sends them to the worker, and reads the windows that are more than AHEAD behind. */
  async push(chunk: Buffer): Promise<void> {
    for (const win of this.sa.cut(chunk)) this.send(win);
    while (this.queue.length > AHEAD) await this.readOldest();
  }

  /** The input is over: reads every window sent and the last one, then finishes the analysis. */
  async end(): Promise<void> {
    const last = this.sa.cutEnd();
    if (last) this.send(last);
    while (this.queue.length) await this.readOldest();
    this.sa.finish();
  }

  /** Stops the thread: after end(), or when the run stopped before it. */
  close(): void {
    void this.worker.terminate();
  }

  private send(win: Buffer): void {
    if (this.failed) throw this.failed;
    // a copy with a memory of its own, handed over (not copied again) to the worker and back
    const bytes = new Uint8Array(win.length);
    bytes.set(win);
    const result = new Promise<{ win: Buffer; marks: Int32Array }>((resolve, reject) => this.waiting.push({ resolve, reject }));
    // its failure is seen where it is read; one that is never read (the run stopped first) is no error of its own
    result.catch(() => undefined);
    this.queue.push(result);
    this.worker.postMessage(bytes, [bytes.buffer]);
  }

  private async readOldest(): Promise<void> {
    const { win, marks } = await this.queue.shift()!;
    this.windows++;
    this.sa.lines(win, marks);
  }
}
