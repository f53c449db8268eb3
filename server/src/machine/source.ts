/**
 * Where the machine readers get their files: a directory that holds a `/proc` and a
 * `/sys/fs/cgroup` tree — `/` for the live machine, or a saved copy (tests, `oom-lens ps --root`).
 *
 * Reading /proc races with processes that exit: a file that vanishes (ENOENT, ESRCH) or cannot be
 * read (EACCES, EPERM, EINVAL …) comes back as `undefined`, and the callers treat the value as
 * absent. Nothing here throws for a missing or unreadable file.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface MachineSource {
  /** The file's text, or undefined when it is missing or unreadable. */
  read(p: string): string | undefined;
  /** Names in a directory, or undefined when it is missing or unreadable. */
  list(p: string): string[] | undefined;
  /** The root it reads under, for messages. */
  readonly root: string;
}

/** Reads `p` (an absolute machine path such as `/proc/1/status`) under `root`. */
export function directorySource(root: string): MachineSource {
  const abs = path.resolve(root);
  const at = (p: string) => (abs === '/' ? p : path.join(abs, p));
  return {
    root: abs,
    read(p) {
      try { return fs.readFileSync(at(p), 'utf8'); } catch { return undefined; }
    },
    list(p) {
      try { return fs.readdirSync(at(p)); } catch { return undefined; }
    },
  };
}
