/**
 * What `oom-lens lint` makes of a file named on the command line: a unit file, a sysctl file, or
 * neither (with the reason), decided by `--type`, then by name (files/languages.ts), then by content.
 */
import { languageOfPath } from '../files/languages';

export type LintLanguage = 'systemd-unit' | 'sysctl';

/** `--type` values → language. */
export const LINT_TYPES: Record<string, LintLanguage> = { unit: 'systemd-unit', sysctl: 'sysctl' };

/** How many characters the binary check looks at (as in git and grep, the start of the file decides). */
const SNIFF_CHARS = 8000;

/**
 * A binary file (an executable, an image, a compressed log), judged on its decoded start: a NUL
 * character in the first 8000, or more than a tenth of them control characters (other than tab,
 * line ends, form feed and escape) or bytes that are not UTF-8 (decoded as U+FFFD).
 */
export function isBinary(text: string): boolean {
  const n = Math.min(text.length, SNIFF_CHARS);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0xfffd) odd++;
  }
  return odd * 10 > n;
}

/** How many meaningful lines the content check reads: enough to decide, bounded for huge files. */
const SNIFF_LINES = 200;

/**
 * A file's kind by its content: `[Section]` headers make a unit file; `key = value` lines whose
 * keys are dotted or slashed (`vm.swappiness`, `net/ipv4/ip_forward`) make a sysctl file.
 * Comments (`#`, `;`) and blank lines do not count. Null when it is neither.
 */
export function sniffLanguage(text: string): LintLanguage | null {
  let sysctlLines = 0;
  let otherLines = 0;
  let pos = 0;
  for (let seen = 0; seen < SNIFF_LINES && pos < text.length;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, Math.min(end, pos + 4096)).trim();
    pos = end + 1;
    if (!line || line[0] === '#' || line[0] === ';') continue;
    seen++;
    if (/^\[[^\]\s][^\]]*\]$/.test(line)) return 'systemd-unit';
    if (/^-?[A-Za-z0-9_*-]+(?:[./][A-Za-z0-9_*:-]+)+\s*=/.test(line)) sysctlLines++;
    else otherLines++;
  }
  return sysctlLines > 0 && sysctlLines >= otherLines ? 'sysctl' : null;
}

/**
 * The language to lint `file` as: `forced` (from --type) when given, else by name, else by content.
 * `{ skip }` says why a file is none of them.
 */
export function lintLanguageOf(file: string, text: string, forced?: LintLanguage): LintLanguage | { skip: string } {
  if (forced) return forced;
  const byName = languageOfPath(file);
  if (byName === 'systemd-unit' || byName === 'sysctl') return byName;
  const byContent = sniffLanguage(text);
  if (byContent) return byContent;
  return { skip: 'neither a unit file (no [Section] header) nor a sysctl file (no key.name = value lines); skipped (use --type unit|sysctl to lint it anyway)' };
}
