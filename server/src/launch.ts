/**
 * How the server process is started: the VS Code client and the benchmark both use this, so the
 * figures in the README are those of the process users get. Editors that run
 * `node dist/server.js --stdio` themselves can set the same variable (README).
 *
 * `MALLOC_MMAP_THRESHOLD_=32768` (glibc; ignored elsewhere). The transport reads a huge message
 * in 64 KB pieces; by default glibc serves those from its heap, and once they are freed ~45 MB
 * stays with the process (the heap cannot shrink past blocks still in use above them). Served by
 * mmap instead, each piece goes back to the system when it is freed. Measured with the 50 MB
 * bench log opened over stdio, RSS after the first analysis: 180 → 135 MB; it costs ~3 % more
 * instructions on that first analysis and nothing measurable at start-up or on requests.
 *
 * Not used: `--max-semi-space-size=4` (V8's young generation stays at 2 × 16 MB after the first
 * analysis) saves another ~15 MB, but any V8 flag on the command line makes node reject the code
 * cache of its own modules: start-up went from 0.77 to 0.85 G instructions (~25 ms).
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '32768' };
