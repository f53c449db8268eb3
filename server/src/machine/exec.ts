/**
 * The real runner and file reader behind machine/kernelLog.ts (and drift): execFile with a fixed
 * argument list (never a shell), a timeout, and a cap on the output; a file read from its end.
 */
import type * as ChildProcesses from 'child_process';
import * as fs from 'fs';
import { MAX_LOG_BYTES, type RunResult, type Runner, type TailReader } from './kernelLog';

export function execRunner(timeoutMs = 15_000, maxBuffer = MAX_LOG_BYTES): Runner {
  return (command, args) => new Promise<RunResult>(resolve => {
    // loaded on first use: child_process brings net and dgram with it, a cost every start would pay
    const { execFile } = require('child_process') as typeof ChildProcesses;
    execFile(command, args, { shell: false, timeout: timeoutMs, maxBuffer, encoding: 'utf8', env: { ...process.env, SYSTEMD_PAGER: '', PAGER: 'cat', LC_ALL: 'C.UTF-8' } },
      (error, stdout, stderr) => {
        if (!error) { resolve({ code: 0, stdout, stderr }); return; }
        const e = error as NodeJS.ErrnoException & { code?: string | number; killed?: boolean };
        const errorCode = typeof e.code === 'string' ? e.code : e.killed ? 'ETIMEDOUT' : undefined;
        resolve({ code: typeof e.code === 'number' ? e.code : null, stdout, stderr, errorCode, errorMessage: e.message });
      });
  });
}

/** The last `maxBytes` of a file, starting at a line start when it was cut. */
export const tailFile: TailReader = async (path, maxBytes) => {
  const fh = await fs.promises.open(path, 'r');
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    let text = buf.toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    return text;
  } finally {
    await fh.close();
  }
};
