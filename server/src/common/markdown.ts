/**
 * File text inside Markdown (hovers, the Markdown export). A log, unit or sysctl file is untrusted:
 * a process name, cgroup path, section name or value must show as the text it is, and never become
 * a link, an image (a remote image in a hover is fetched when shown), HTML, emphasis, a table
 * column or a line break. Markdown written by OOM Lens itself goes around these values unchanged.
 */

/**
 * Characters that start Markdown syntax anywhere in a line: emphasis and strikethrough (`*`, `~`,
 * `_` at a word edge: `_` inside a word never starts emphasis, so `oom_reaper` stays readable),
 * code spans, links and images (`[`, `]`, `!`), HTML, autolinks and entities (`<`, `>`, `&`),
 * table cells (`|`), the backslash itself. All are ASCII punctuation, which CommonMark lets a
 * backslash escape.
 */
const INLINE = /[\\`*~[\]!<>&|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
/**
 * What GFM turns into a link without any syntax, even inside a word: `…://…`, `www.…`, `user@host`.
 * An escaped `:`, `.` or `@` breaks the pattern and still shows as itself.
 */
const AUTOLINK = /:(?=\/\/)|(?<=www)\.|@/gi;
/** Line-start syntax when a value begins a line: headings and list items (`>` is escaped anyway). */
const LINE_START = /^(\s*)([#+=-])(?=\s|$)/;

/** Line breaks: a value stays on its line. (Other control characters are left to the output: the CLI shows them as escapes, common/terminal.ts.) */
const BREAKS = /[\r\n\v\f\u0085\u2028\u2029]+/g;

/** `s` as literal inline text: every character that could start Markdown syntax is escaped. */
export function mdText(s: string): string {
  return s.replace(BREAKS, ' ')
    .replace(INLINE, c => `\\${c}`)
    .replace(AUTOLINK, c => `\\${c}`)
    .replace(LINE_START, (_m, sp: string, c: string) => `${sp}\\${c}`);
}

/** The longest run of backticks in `s`. */
function longestBacktickRun(s: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 96) { run++; if (run > best) best = run; } else run = 0;
  }
  return best;
}

/**
 * `s` as an inline code span: nothing inside a code span is Markdown (no link, image or HTML), and
 * the fence is one backtick longer than the longest run of backticks in `s`, so `s` cannot close
 * it. A value that starts or ends with a backtick or a space is padded with one space on each side,
 * which CommonMark strips again. Not for table cells: GFM splits a row at `|` even in a code span
 * (use mdText there).
 */
export function mdCode(s: string): string {
  const t = s.replace(BREAKS, ' ');
  if (!t) return '` `';
  const fence = '`'.repeat(longestBacktickRun(t) + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}
