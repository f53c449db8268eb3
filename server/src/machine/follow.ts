/**
 * Following a kernel log line by line (`oom-lens watch`): keep only the report that is open, and
 * hand it to the OOM-log parser as soon as it is complete. Pure: the caller feeds lines with the
 * time they arrived and arms a timer for `dueAt()`.
 *
 * A report opens on a line that only OOM reports print (the markers of oomlog/detect.ts) and is
 * complete when
 *   - the oom_reaper line arrives (the last line of a report since 4.6), or
 *   - a new `invoked oom-killer` line arrives after a kill line (back-to-back reports), or
 *   - `quietMs` have passed since the kill line (kernels without a reaper line, or a victim that
 *     exited on its own), or since the last line while no kill line has been seen yet.
 * Lines outside an open report are dropped, and an open report stops growing at `maxBytes`
 * (it is parsed as it stands and the rest of it skipped), so memory stays bounded however long
 * the log runs.
 */
import { looksLikeOomLog } from '../oomlog/detect';
import type { OomEvent } from '../oomlog/model';
import { parseOomLog } from '../oomlog/parse';
import { attachSource } from '../oomlog/sourceText';

export interface FollowOptions {
  /** Quiet period that closes a report. */
  quietMs: number;
  /** Largest report text kept (a 250,000-row task table is about 32 MB). */
  maxBytes: number;
}

export const defaultFollowOptions: FollowOptions = { quietMs: 1000, maxBytes: 64 * 1024 * 1024 };

const KILL = /\b(Killed process \d+|Out of memory and no killable processes|Kill process \d+ \(.*\) score)/;
const REAPER = /oom_reaper: reaped process \d+/;
const START = 'invoked oom-killer';

export interface CompletedReport {
  events: OomEvent[];
  /** The report was cut at maxBytes. */
  truncated: boolean;
  lines: number;
}

export class ReportFollower {
  private lines: string[] = [];
  private bytes = 0;
  private lastAt = 0;
  private killAt: number | undefined;
  private truncated = false;
  /** Skipping the rest of a report that outgrew maxBytes, until the next start. */
  private skipping = false;

  constructor(private readonly options: FollowOptions = defaultFollowOptions) {}

  get open(): boolean {
    return this.lines.length > 0;
  }

  /** Feeds one line (without its line break); returns the reports it completed. */
  push(line: string, now: number): CompletedReport[] {
    const out: CompletedReport[] = [];
    const starts = line.includes(START);
    if (this.skipping) {
      if (!starts) return out;
      this.skipping = false;
    }
    if (!this.open) {
      if (!looksLikeOomLog(line)) return out;
    } else if (starts && this.killAt !== undefined) {
      out.push(this.close());
    }
    this.lines.push(line);
    this.bytes += line.length + 1;
    this.lastAt = now;
    if (this.killAt === undefined && KILL.test(line)) this.killAt = now;
    if (REAPER.test(line)) out.push(this.close());
    else if (this.bytes >= this.options.maxBytes) {
      this.truncated = true;
      out.push(this.close());
      this.skipping = true;
    }
    return out;
  }

  /** When the open report is due to close, or undefined when none is open. */
  dueAt(): number | undefined {
    if (!this.open) return undefined;
    return (this.killAt ?? this.lastAt) + this.options.quietMs;
  }

  /** Closes the open report if its time has come (or always, with force: end of input). */
  poll(now: number, force = false): CompletedReport[] {
    const due = this.dueAt();
    if (due === undefined || (!force && now < due)) return [];
    return [this.close()];
  }

  private close(): CompletedReport {
    const text = this.lines.join('\n');
    const analysis = parseOomLog(text);
    attachSource(analysis, text); // summaries read raw lines through it
    const done: CompletedReport = { events: analysis.events, truncated: this.truncated, lines: this.lines.length };
    this.lines = [];
    this.bytes = 0;
    this.killAt = undefined;
    this.truncated = false;
    return done;
  }
}
