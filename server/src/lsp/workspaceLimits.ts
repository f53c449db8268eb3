/**
 * Bounds on what is read from a workspace for cross-file checks (a repository is untrusted input:
 * logs of repeated reports compress to almost nothing in git, so a small clone can hold
 * gigabytes). Used by the Node walk (workspace.ts) and the web worker's listing (web/workspace.ts).
 */
export interface WorkspaceLimits {
  /** Files listed by the folder walk. */
  maxFiles: number;
  /** Unit and sysctl files: bytes in all, and per file. */
  maxConfigBytes: number;
  maxConfigFileBytes: number;
  /** Logs read in the background: bytes and files in all, bytes per file. */
  maxLogBytes: number;
  maxLogFiles: number;
  maxLogFileBytes: number;
  /** Unit and sysctl texts kept between requests. */
  cacheBytes: number;
  /** Facts of the logs read (a few hundred bytes per report). */
  factBytes: number;
}

export const DEFAULT_LIMITS: WorkspaceLimits = {
  maxFiles: 5000,
  maxConfigBytes: 32 << 20,
  maxConfigFileBytes: 1 << 20,
  maxLogBytes: 256 << 20,
  maxLogFiles: 500,
  maxLogFileBytes: 64 << 20,
  cacheBytes: 32 << 20,
  factBytes: 64 << 20,
};

/** A byte count for messages: MB from 1 MB up, else KB. */
export const mb = (n: number) => (n >= 1 << 20 ? `${Math.round(n / 1048576)} MB` : `${Math.ceil(n / 1024)} KB`);
