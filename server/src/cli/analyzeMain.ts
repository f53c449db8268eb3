/**
 * Bundle entry of `oom-lens analyze` (dist/cli-analyze.js): the OOM-log analyser without the unit
 * and sysctl linters or the machine commands, so that the command that runs on big logs loads and
 * compiles only its own code. dist/cli.js (cli/entry.ts) loads it for `analyze`.
 */
import { runAnalyzeCli } from './analyze';
import { stopQuietlyOnClosedPipe, USAGE } from './usage';

stopQuietlyOnClosedPipe();
runAnalyzeCli(process.argv.slice(3), USAGE);
