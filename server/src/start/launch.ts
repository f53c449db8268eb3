/**
 * How the server process is started: the VS Code client and the benchmark both use this, so the
 * bench's figures (docs/performance.md) are those of the process users get. Editors that run
 * `node dist/server.js --stdio` themselves can pass the same flag and variable (README).
 *
 * Both only change memory, not behaviour; the bench reports the server's RSS started this way
 * (and, for comparison, as plain `node dist/server.js`).
 *
 * - `MALLOC_MMAP_THRESHOLD_` (glibc; ignored elsewhere): the transport reads a huge message in
 *   64 KB pieces. By default glibc serves those from its heap, and once they are freed much of it
 *   stays with the process (the heap cannot shrink past blocks still in use above them). Served by
 *   mmap instead, each piece goes back to the system when freed, for a little more work on the
 *   first analysis.
 * - `--max-semi-space-size=4` (MB): V8's young generation grows during the first analysis and
 *   keeps its size; capped at 4 MB the process stays smaller. Costs: any V8 flag on the command
 *   line makes node reject the code cache of its own modules (a slower start, once), and edits of
 *   a huge log take more CPU (the young generation is collected more often). Taken: the memory
 *   stays for the whole session, the start-up cost is paid once.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '32768' };

/**
 * Directory where the server keeps V8's code cache of its bundle (codeCache.ts): the VS Code
 * client passes its global storage; other editors may set it to any private directory.
 */
export const CODE_CACHE_ENV = 'OOM_LENS_CODE_CACHE_DIR';
