/**
 * The `oom-lens` executable (dist/cli.js): picks the bundle of the command named in argv and runs
 * it. `analyze` has a bundle of its own (dist/cli-analyze.js, cli/analyzeMain.ts) without the
 * linters and the machine commands; every other command is in dist/cli-main.js (cli.ts). This
 * file stays small: it is all that every command loads before its own bundle.
 */
import * as path from 'path';

if (process.argv[2] === 'analyze') require(path.join(__dirname, 'cli-analyze.js'));
else (require(path.join(__dirname, 'cli-main.js')) as typeof import('../cli')).runCli();
