/**
 * `oom-lens watch [--json] [--from-start] [FILE]`: follows a kernel log and prints each OOM event
 * as soon as its report is complete (machine/follow.ts: at most one quiet second after its kill
 * line), as text or as JSON Lines (one object per event, written at once).
 *
 * Input: FILE, followed as `tail -F` does (from its end unless --from-start; reopened when it is
 * rotated or truncated); `-` or a pipe on standard input (ends at EOF); otherwise
 * `journalctl -kf -o short-iso -n 0`, started with a fixed argument list and no shell.
 * Ends cleanly on EOF and on SIGINT/SIGTERM, printing the report still open.
 */
import type { ChildProcess } from 'child_process';
import type * as ChildProcesses from 'child_process';
import * as fs from 'fs';
import { StringDecoder } from 'string_decoder';
import { eventJson, eventSummaryText } from '../oomlog/report';
import { defaultFollowOptions, ReportFollower, type CompletedReport } from '../machine/follow';
import { oneLineField } from '../common/terminal';

export interface WatchIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const WATCH_USAGE = `  oom-lens watch [--json] [--from-start] [--journal | FILE]
                                               follow a kernel log (FILE as tail -F does, standard input,
                                               or journalctl -kf: the default on a terminal, or --journal)
                                               and print each OOM event once its report is complete;
                                               --json prints JSON Lines`;

/** Longest line kept whole; a longer run without a line break is cut there (bounded memory). */
const MAX_LINE = 1024 * 1024;
const POLL_MS = 250;

/**
 * Starts following; returns 2 at once on bad usage, else 0 and runs until the input ends,
 * then calls `finished` with the exit code (the CLI sets process.exitCode from it).
 */
export function watchCommand(args: string[], io: WatchIO, finished: (code: number) => void = code => { process.exitCode = code; }): number {
  let json = false;
  let fromStart = false;
  let file: string | undefined;
  let journal = false;
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a === '--journal') journal = true;
    else if (a === '--from-start') fromStart = true;
    else if (a === '-h' || a === '--help') { io.stdout(`usage:\n${WATCH_USAGE}\n`); return 0; }
    else if (a.startsWith('-') && a !== '-') { io.stderr(`oom-lens watch: unknown option ${a}\nusage:\n${WATCH_USAGE}\n`); return 2; }
    else if (file !== undefined) { io.stderr('oom-lens watch: one input at a time\n'); return 2; }
    else file = a;
  }
  if (journal && file !== undefined) { io.stderr('oom-lens watch: --journal or a FILE, not both\n'); return 2; }

  const follower = new ReportFollower(defaultFollowOptions);
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const emit = (reports: CompletedReport[]) => {
    for (const r of reports) {
      for (const ev of r.events) {
        seq++;
        if (json) io.stdout(JSON.stringify({ seq, receivedAt: new Date().toISOString(), truncated: r.truncated, ...eventJson(ev) }) + '\n');
        else {
          const lines = eventSummaryText(ev).split('\n').map(oneLineField);
          lines[0] = lines[0].replace(/^event \d+ \(lines [^)]*\)/, `OOM event ${seq}`);
          if (r.truncated) lines.push('  (report cut: longer than oom-lens keeps)');
          io.stdout(lines.join('\n') + '\n\n');
        }
      }
    }
  };
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const due = follower.dueAt();
    if (due === undefined) return;
    timer = setTimeout(() => { timer = undefined; emit(follower.poll(Date.now())); arm(); }, Math.max(0, due - Date.now()));
  };
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const feed = (chunk: Buffer | string) => {
    const text = partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    const now = Date.now();
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      emit(follower.push(text.slice(start, nl).replace(/\r$/, ''), now));
      start = nl + 1;
    }
    partial = text.slice(start);
    if (partial.length > MAX_LINE) { emit(follower.push(partial, now)); partial = ''; }
    arm();
  };
  let stopSource = () => {};
  const end = (code: number) => {
    if (ended) return;
    ended = true;
    if (timer) clearTimeout(timer);
    const rest = partial + decoder.end();
    if (rest) emit(follower.push(rest, Date.now()));
    emit(follower.poll(Date.now(), true));
    stopSource();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    finished(code);
  };
  const onSignal = () => end(0);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (file !== undefined && file !== '-') stopSource = followFile(file, fromStart, feed, io, msg => { io.stderr(`oom-lens watch: ${msg}\n`); end(2); });
  else if (!journal && (file === '-' || !process.stdin.isTTY)) {
    process.stdin.on('data', feed);
    process.stdin.on('end', () => end(0));
    process.stdin.on('error', e => { io.stderr(`oom-lens watch: standard input: ${e.message}\n`); end(2); });
    stopSource = () => process.stdin.pause();
  } else stopSource = followJournal(feed, io, end);
  return 0;
}

/** `journalctl -kf`: new kernel messages as they come. */
function followJournal(feed: (b: Buffer) => void, io: WatchIO, end: (code: number) => void): () => void {
  // loaded here: child_process brings net and dgram with it, which no other command needs
  const { spawn } = require('child_process') as typeof ChildProcesses;
  const child: ChildProcess = spawn('journalctl', ['-k', '-f', '-o', 'short-iso', '-n', '0', '--no-pager'], { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
  let hinted = false;
  io.stderr('oom-lens watch: following journalctl -kf (new kernel messages only; Ctrl-C to stop)\n');
  child.stdout!.on('data', feed);
  // passed on at once: journalctl keeps running after `No journal files were found.`, and silence would look like a hang
  child.stderr!.on('data', (b: Buffer) => {
    for (const line of b.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      io.stderr(`oom-lens watch: journalctl: ${oneLineField(line.trim())}\n`);
      if (!hinted && /no journal files/i.test(line)) {
        hinted = true;
        io.stderr('oom-lens watch: without a journal (containers often have none), pipe a kernel log in instead, e.g. `dmesg -w | oom-lens watch`, or name a file.\n');
      }
    }
  });
  child.on('error', (e: NodeJS.ErrnoException) => {
    io.stderr(e.code === 'ENOENT'
      ? 'oom-lens watch: journalctl is not installed here. Pipe a kernel log in instead, e.g. `dmesg -w | oom-lens watch`, or name a file: `oom-lens watch /var/log/kern.log`.\n'
      : `oom-lens watch: could not start journalctl: ${e.message}\n`);
    end(2);
  });
  child.on('close', code => {
    if (code) io.stderr(`oom-lens watch: journalctl stopped (exit ${code}). Without a journal, pipe a kernel log in, e.g. \`dmesg -w | oom-lens watch\`.\n`);
    end(code ? 2 : 0);
  });
  return () => { if (child.exitCode === null) child.kill('SIGTERM'); };
}

/** A file followed as `tail -F` does: reopened when replaced (rotation) or truncated. */
function followFile(file: string, fromStart: boolean, feed: (b: Buffer) => void, io: WatchIO, fail: (msg: string) => void): () => void {
  let fd: number | undefined;
  let ino = 0;
  let pos = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const buf = Buffer.allocUnsafe(64 * 1024);
  const open = (atEnd: boolean): boolean => {
    try {
      fd = fs.openSync(file, 'r');
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) { fs.closeSync(fd); fd = undefined; fail(`${file}: is a directory`); return false; }
      ino = st.ino;
      pos = atEnd ? st.size : 0;
      return true;
    } catch (e: any) {
      fd = undefined;
      if (e?.code !== 'ENOENT') { fail(`${file}: ${e?.message ?? String(e)}`); return false; }
      return true; // not there yet: wait for it, as tail -F does
    }
  };
  const tick = () => {
    if (stopped) return;
    try {
      if (fd === undefined) { if (!open(false)) return; }
      if (fd !== undefined) {
        for (;;) {
          const n = fs.readSync(fd, buf, 0, buf.length, pos);
          if (n <= 0) break;
          pos += n;
          feed(Buffer.from(buf.subarray(0, n)));
        }
        let st: fs.Stats | undefined;
        try { st = fs.statSync(file); } catch { st = undefined; }
        if (!st || st.ino !== ino) { fs.closeSync(fd); fd = undefined; } // rotated: read the new file from its start
        else if (st.size < pos) pos = 0; // truncated in place
      }
    } catch (e: any) {
      fail(`${file}: ${e?.message ?? String(e)}`);
      return;
    }
    timer = setTimeout(tick, POLL_MS);
  };
  if (!open(!fromStart)) return () => {};
  if (fd === undefined && !fs.existsSync(file)) io.stderr(`oom-lens watch: ${file} does not exist yet; waiting for it\n`);
  tick();
  return () => { stopped = true; if (timer) clearTimeout(timer); if (fd !== undefined) fs.closeSync(fd); };
}
