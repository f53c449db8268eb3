/**
 * The command line's usage text and its handling of a closed pipe: shared by the whole CLI
 * (cli/main.ts) and the bundle that runs only `analyze` (cli/analyzeMain.ts), which must not load the
 * linters or the machine commands. The usage texts of ps and watch are plain constants, so
 * importing them here brings none of their code into the analyze bundle.
 */
import { ANALYZE_USAGE } from './analyze';
import { PS_USAGE } from './ps';
import { WATCH_USAGE } from './watch';

export const USAGE = `usage:
${ANALYZE_USAGE}
  oom-lens lint [--format text|json|sarif] [--max-warnings N] [--systemd-version N] [--kernel-version X.Y]
                [--type unit|sysctl] [--rule ID=LEVEL]... [--stdin-filename NAME] [--explain] FILE|DIR|-...
                                               lint systemd units and sysctl files: a named file by its name
                                               or content, directories searched by file name, - reads stdin;
                                               .oom-lens.json settings from each file's folder upward;
                                               --explain adds why it matters, the fixes and the rule page
${PS_USAGE}
${WATCH_USAGE}
exit codes: analyze 0 ran, 2 unreadable input; lint 0 no error, 1 errors found (or more warnings than
--max-warnings), 2 bad usage, unreadable input, a bad .oom-lens.json or nothing linted`;

/** `oom-lens analyze big.log | head`: once the reader is gone, stop quietly (with the command's exit code) instead of a stack trace. */
export function stopQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit();
      throw e;
    });
  }
}
