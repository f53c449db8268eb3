/**
 * Text for a terminal. Everything the CLI prints for people comes from files (process names, cgroup
 * paths, unit and sysctl values, file names), and a crafted file could otherwise drive the user's
 * terminal: OSC 52 writes the clipboard, OSC 8 makes fake hyperlinks, CSI clears the screen or
 * moves the cursor. Every C0 control character except tab and newline, DEL and every C1 control
 * character is printed as a visible escape instead: `\x1b` for C0, `\u007f` and `\u009b` for DEL
 * and C1.
 *
 * The `\u00XX` form of DEL and C1 is also a JSON string escape of the same character, and C0
 * never appears raw in JSON.stringify's output, so the function leaves a JSON or SARIF text valid
 * and equal in value: it can be applied to every write of a command, whatever the format.
 */

// C0 without \t (0x09) and \n (0x0a), DEL, C1
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const HAS_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  const hex = code.toString(16).padStart(2, '0');
  return code < 0x20 ? `\\x${hex}` : `\\u00${hex}`;
}

/** `s` with control characters other than tab and newline replaced by visible escapes. */
export function forTerminal(s: string): string {
  return HAS_CONTROL.test(s) ? s.replace(CONTROL, visible) : s;
}

/** An output function that passes every text through forTerminal first. */
export function terminalSafe(write: (s: string) => void): (s: string) => void {
  return s => write(forTerminal(s));
}

/** `io` with its stdout and stderr passed through forTerminal (the CLI's commands wrap their io with it). */
export function terminalSafeIO<T extends { stdout: (s: string) => void; stderr: (s: string) => void }>(io: T): T {
  return { ...io, stdout: terminalSafe(io.stdout), stderr: terminalSafe(io.stderr) };
}

// every C0 control character (tab and newline too), DEL, C1
const FIELD_CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * One field of a one-line row (a process name, a cgroup path) for people to read: every control
 * character, tab and newline included, as `\xNN`. A process name may hold a newline
 * (PR_SET_NAME takes any byte but NUL), which would otherwise start a fake row.
 */
export function oneLineField(s: string): string {
  return s.replace(FIELD_CONTROL, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
