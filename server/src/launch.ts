/**
 * How the server process is started: the VS Code client and the benchmark both use this, so the
 * figures in the README are those of the process users get. Editors that run
 * `node dist/server.js --stdio` themselves can pass the same flag and variable (README).
 *
 * Both only change memory, not behaviour. Measured with the 50 MB bench log opened over stdio,
 * RSS after the first analysis / after tokens, 20 edits and the idle collection:
 *   plain node                                  180–193 / ~200 MB
 *   + MALLOC_MMAP_THRESHOLD_=32768              128–145 / 148–159 MB
 *   + --max-semi-space-size=4                   120–127 / 132–140 MB   (the document: 50 MB)
 *
 * - `MALLOC_MMAP_THRESHOLD_` (glibc; ignored elsewhere): the transport reads a huge message in
 *   64 KB pieces. By default glibc serves those from its heap, and once they are freed ~45 MB stays
 *   with the process (the heap cannot shrink past blocks still in use above them). Served by mmap
 *   instead, each piece goes back to the system when freed. Costs ~3 % more instructions on the
 *   first analysis, nothing measurable at start-up or on requests.
 * - `--max-semi-space-size=4` (MB): V8's young generation grows to 2 × 16 MB during the first
 *   analysis and keeps it. Capped at 4 MB it stays ~15–20 MB smaller. Costs: any V8 flag on the
 *   command line makes node reject the code cache of its own modules (start-up 0.77 → 0.85 G
 *   instructions, ~25 ms once), and an edit of the 50 MB log takes 10–25 % more CPU (edit →
 *   diagnostics p50 14 → 16–17.5 ms in the same runs). Taken: the memory stays for the whole
 *   session, the start-up cost is paid once.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '32768' };

/**
 * Directory where the server keeps V8's code cache of its bundle (codeCache.ts): the VS Code
 * client passes its global storage; other editors may set it to any private directory.
 */
export const CODE_CACHE_ENV = 'OOM_LENS_CODE_CACHE_DIR';
