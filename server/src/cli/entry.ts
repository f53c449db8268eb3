/**
 * The `oom-lens` executable (dist/cli.js): picks the bundle of the command named in argv and runs
 * it through the code cache (cli/codeCache.ts). `analyze` has a bundle of its own
 * (dist/cli-analyze.js, cli/analyzeMain.ts) without the linters and the machine commands; every
 * other command is in dist/cli-main.js (cli/main.ts). This file stays small: it is all that every
 * command loads before its own bundle.
 */
import * as path from 'path';
import { loadCliBundle } from './codeCache';

if (process.argv[2] === 'analyze') loadCliBundle(path.join(__dirname, 'cli-analyze.js'), 'cli-analyze');
else (loadCliBundle(path.join(__dirname, 'cli-main.js'), 'cli-main') as typeof import('./main')).runCli();
