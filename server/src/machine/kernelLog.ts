/**
 * This machine's kernel log, from the first source that has one:
 *   1. `journalctl -k -o short-iso` (with --since, or -b for this boot)
 *   2. `dmesg -T` (the ring buffer: this boot only, and it may need privileges)
 *   3. /var/log/kern.log, then /var/log/messages (syslog files)
 * Commands run through the given runner with a fixed argument list (no shell) and a timeout;
 * the reasons each source failed are kept, so the message says what to do when none works.
 */

/** How far back to read: a relative time journalctl understands, this boot, or all it keeps. */
export type Since = '-1h' | '-24h' | '-7d' | 'boot' | 'all';
export const SINCE_CHOICES: readonly { value: Since; label: string }[] = [
  { value: '-1h', label: 'Last hour' },
  { value: '-24h', label: 'Last 24 hours' },
  { value: 'boot', label: 'Since this boot' },
  { value: '-7d', label: 'Last 7 days' },
  { value: 'all', label: 'Everything the journal keeps' },
];

export function isSince(v: unknown): v is Since {
  return SINCE_CHOICES.some(c => c.value === v);
}

export interface RunResult {
  /** Exit code; null when it did not start or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run: `ENOENT` (not installed), `ETIMEDOUT`, `ENOBUFS` (too much output) … */
  errorCode?: string;
  errorMessage?: string;
}
export type Runner = (command: string, args: string[]) => Promise<RunResult>;
/** Reads a file's last `maxBytes`; throws like fs does. */
export type TailReader = (path: string, maxBytes: number) => Promise<string>;

export interface KernelLog {
  text: string;
  /** `journalctl -k -o short-iso --since=-1h`, `dmesg -T`, `/var/log/kern.log`. */
  source: string;
  /** Caveats: the time range could not be applied, the file was cut to its end … */
  notes: string[];
}

/** Most text we hand to the editor (VS Code gives documents over 50 MB to no extension). */
export const MAX_LOG_BYTES = 48 * 1024 * 1024;

function meaningful(text: string): boolean {
  // journalctl prints `-- No entries --` (and `-- Boot … --` separators) even when it found nothing
  for (const line of text.split('\n')) if (line.trim() && !/^-- .* --$/.test(line.trim())) return true;
  return false;
}

function why(r: RunResult, command: string): string {
  if (r.errorCode === 'ENOENT') return `${command} is not installed`;
  if (r.errorCode === 'ETIMEDOUT') return `${command} did not answer in time`;
  if (r.errorCode === 'ENOBUFS' || r.errorCode === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return `${command} printed more than ${MAX_LOG_BYTES / 1048576} MB: pick a shorter time range`;
  const err = r.stderr.trim().split('\n')[0];
  if (r.code !== 0) return `${command} failed${err ? `: ${err}` : r.errorMessage ? `: ${r.errorMessage}` : ` (exit ${r.code})`}`;
  return `${command} found no kernel messages${err ? ` (${err})` : ''}`;
}

export async function readKernelLog(since: Since, run: Runner, tail: TailReader): Promise<KernelLog | { error: string }> {
  const failures: string[] = [];
  const jArgs = ['-k', '-o', 'short-iso', '--no-pager', ...(since === 'boot' ? ['-b'] : since === 'all' ? [] : [`--since=${since}`])];
  const j = await run('journalctl', jArgs);
  if (j.code === 0 && !j.errorCode && meaningful(j.stdout)) return { text: j.stdout, source: `journalctl ${jArgs.join(' ')}`, notes: [] };
  failures.push(why(j, 'journalctl'));

  const d = await run('dmesg', ['-T']);
  if (d.code === 0 && !d.errorCode && meaningful(d.stdout)) {
    const notes = ['The kernel ring buffer holds this boot only, and only its most recent messages; dmesg -T times drift after a suspend.'];
    if (since !== 'boot' && since !== 'all') notes.push('The time range could not be applied: dmesg shows what the ring buffer holds.');
    return { text: d.stdout, source: 'dmesg -T', notes: [`Not from the journal (${failures[0]}).`, ...notes] };
  }
  failures.push(/not permitted|permission/i.test(d.stderr) ? 'dmesg needs privileges here (kernel.dmesg_restrict = 1)' : why(d, 'dmesg'));

  for (const file of ['/var/log/kern.log', '/var/log/messages']) {
    try {
      const text = await tail(file, MAX_LOG_BYTES);
      if (!meaningful(text)) { failures.push(`${file} is empty`); continue; }
      const notes = [`Not from the journal or dmesg (${failures.join('; ')}).`];
      if (since !== 'all') notes.push('The time range could not be applied to a syslog file: it is shown whole (its last 48 MB at most).');
      return { text, source: file, notes };
    } catch (e: any) {
      failures.push(e?.code === 'ENOENT' ? `${file} does not exist` : e?.code === 'EACCES' ? `${file} is not readable (permission denied)` : `${file}: ${e?.message ?? String(e)}`);
    }
  }
  return {
    error: `No kernel log is readable on this machine: ${failures.join('; ')}. ` +
      'Containers often have no journal and no access to dmesg; read the log on the host, or open a saved log file (kern.log, dmesg output) in the editor.',
  };
}
