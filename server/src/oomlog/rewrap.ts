/**
 * Line breaks that a terminal, a mailer or a web form added or lost.
 *
 * Added: a long kernel line cut over 2–4 lines (`… anon-rss:515600kB, fi` / `le-rss:400kB, …`).
 * For the report lines that are long enough to be cut (GLUABLE), the next physical line is glued
 * back when it carries no clock of its own and the text across the cut forms one of that line's
 * `name:value` / `name=value` fields (or the next field after a cut at a separator).
 *
 * Lost: a whole report on one line (a web form or a chat that collapsed newlines and runs of
 * spaces). It is split again before each text a kernel report line starts with (LINE_START).
 */

export interface Gluable {
  /** Text that identifies the line kind. */
  mark: string;
  /** Field names printed on it. */
  names: readonly string[];
  /** Every value is a number with an optional unit (a cut inside one must leave a number). */
  numeric: boolean;
  /** The line is whole: nothing can follow. */
  complete?: RegExp;
}

const KILLED = 'Killed process ';

export const GLUABLE: readonly Gluable[] = [
  {
    mark: KILLED, numeric: true, complete: /oom_score_adj:-?\d{1,5}$/,
    names: ['total-vm', 'anon-rss', 'file-rss', 'shmem-rss', 'UID', 'pgtables', 'oom_score_adj'],
  },
  {
    mark: 'oom-kill:constraint=', numeric: false, complete: /,uid=\d{1,10}$/,
    names: ['constraint', 'nodemask', 'cpuset', 'mems_allowed', 'oom_memcg', 'task_memcg', 'task', 'pid', 'uid', 'global_oom'],
  },
  {
    mark: ' invoked oom-killer: ', numeric: false, complete: /(?:oom_score_adj|oom_adj|oomkilladj)=-?\d{1,5}$/,
    names: ['gfp_mask', 'nodemask', 'order', 'oom_score_adj', 'oom_adj', 'oomkilladj'],
  },
  {
    // cgroup v1 prints memory.stat on one line: `cache:32KB rss:448KB rss_huge:0KB …`
    mark: 'Memory cgroup stats for ', numeric: true,
    names: [
      'cache', 'rss', 'rss_huge', 'shmem', 'mapped_file', 'dirty', 'writeback', 'swap', 'pgpgin', 'pgpgout', 'pgfault',
      'pgmajfault', 'inactive_anon', 'active_anon', 'inactive_file', 'active_file', 'unevictable', 'hierarchical_memory_limit',
      'hierarchical_memsw_limit',
    ],
  },
];

/**
 * Every GLUABLE mark holds one of these (test/unit/oomlog/rewrap-needles.test.ts checks it). Each
 * starts with a character that is rare in log text (`K`, `-`, `M`), so searching for them skips
 * through a line faster than searching for the marks, one of which starts with a space.
 */
export const GLUE_NEEDLES = ['Kill', '-kill', 'Memory c'] as const;

/**
 * The kind of `msg` whose cut lines may be glued back, or undefined: it holds the kind's mark, or
 * ends in the first word or more of it (`…: Killed` / `process 4242 …`).
 */
export function gluable(msg: string): Gluable | undefined {
  // most lines hold none of GLUE_NEEDLES: they are ruled out before the marks are searched
  if (msg.includes(GLUE_NEEDLES[0]) || msg.includes(GLUE_NEEDLES[1]) || msg.includes(GLUE_NEEDLES[2])) {
    for (let k = 0; k < GLUABLE.length; k++) if (msg.includes(GLUABLE[k].mark)) return GLUABLE[k];
  }
  // the line may end inside a mark only if it ends with the last letter of one of the mark's words
  switch (msg.charCodeAt(msg.length - 1)) {
    case 100: /* d */ case 115: /* s */ case 58: /* : */ case 121: /* y */ case 112: /* p */ case 114: /* r */ case 61: /* = */
      for (let k = 0; k < GLUABLE.length; k++) if (cutMark(GLUABLE[k], msg) > 0) return GLUABLE[k];
  }
  return undefined;
}

/**
 * Per GLUABLE entry: the starts of its (trimmed) mark that end at a word boundary, longest first —
 * up to a space (not included) or a `:` (included), at index n >= 6 — each with that n. Worked
 * out once, so a line ending in one of the letters above is checked without making strings.
 */
const CUTS: readonly { text: string; n: number }[][] = GLUABLE.map(g => {
  const mark = g.mark.trim();
  const out: { text: string; n: number }[] = [];
  for (let n = mark.length - 1; n >= 6; n--) {
    const c = mark.charCodeAt(n);
    if (c === 32 || c === 58) out.push({ text: mark.slice(0, n + (c === 58 ? 1 : 0)), n });
  }
  return out;
});

/** Length of the start of g's mark that `msg` ends with (a whole word or more of it), or 0. */
function cutMark(g: Gluable, msg: string): number {
  const cuts = CUTS[GLUABLE.indexOf(g)];
  for (let k = 0; k < cuts.length; k++) if (msg.endsWith(cuts[k].text)) return cuts[k].n;
  return 0;
}

/** A cut kernel line that has lost its wrapper's line: a report line that starts at the cut. */
const REPORT_LINE = /^(?:oom-kill:constraint=|Memory cgroup out of memory: |Out of memory: |Killed process |[^ ]{1,15} invoked oom-killer: )/;

/**
 * `cont` is the whole message of a line whose wrapper stands alone on the line before (`msg` is
 * empty): a mailer broke before a long unbreakable kernel line.
 */
export function movedMessage(msg: string, cont: string): boolean {
  return msg.trim() === '' && REPORT_LINE.test(cont);
}

function isTokSep(c: number): boolean { return c === 32 || c === 44; }

/** `name` of a `name:…` / `name=…` token if it is one of g's fields (v1 stats also as `total_name`). */
function fieldName(g: Gluable, tok: string): boolean {
  const m = /^([\w-]{1,40})[:=]/.exec(tok);
  if (!m) return false;
  const n = g.names.includes(m[1]) ? m[1] : m[1].startsWith('total_') ? m[1].slice(6) : '';
  return g.names.includes(n);
}

function valueOk(g: Gluable, tok: string): boolean {
  return !g.numeric || /^[\w-]{1,40}[:=]-?\d{1,20}(?:kB|KB|B)?,?$/.test(tok);
}

/**
 * How `cont`, the next physical line without its wrapper, continues `msg` of kind `g`: 0 it does
 * not; 1 glued as it is (a cut inside a field, or the separator is still there); 2 with a space put
 * back (a mailer dropped the space it broke the line at).
 */
export function continuation(g: Gluable, msg: string, cont: string): 0 | 1 | 2 {
  if (!cont.length || cont.charCodeAt(0) === 32) return 0;
  if (!msg.includes(g.mark)) {
    // the cut is inside the mark itself
    if (!cutMark(g, msg)) return 0;
    const tail = msg.slice(-g.mark.length);
    if ((tail + cont.slice(0, g.mark.length)).includes(g.mark)) return 1;
    return (tail + ' ' + cont.slice(0, g.mark.length)).includes(g.mark) ? 2 : 0;
  }
  if (g.complete && g.complete.test(msg)) return 0;
  if (g.mark === KILLED) {
    // cut inside `Killed process N (comm)`: in the pid, inside the comm, or right after the pid
    const k = msg.lastIndexOf(KILLED) + KILLED.length;
    const rest = msg.slice(k);
    if (/^\d{0,9}$/.test(rest) && /^\d/.test(cont)) return 1;
    if (/^\d{1,10},?$/.test(rest) && (cont.charCodeAt(0) === 40 /* ( */ || cont.startsWith('UID '))) return 2;
    if (/^\d{1,10},?( UID \d{1,10},)? $/.test(rest) && (cont.charCodeAt(0) === 40 || cont.startsWith('UID '))) return 1;
    const open = rest.indexOf('(');
    if (open >= 0 && rest.indexOf(')', open) < 0) return 1;
  }
  let s = msg.length;
  while (s > 0 && !isTokSep(msg.charCodeAt(s - 1))) s--;
  const last = msg.slice(s);
  let e = 0;
  while (e < cont.length && e < 200 && !isTokSep(cont.charCodeAt(e))) e++;
  const first = cont.slice(0, e + (cont.charCodeAt(e) === 44 ? 1 : 0));
  if (last) {
    const tok = last + first;
    // `global_oom` is the one oom-kill field without a value
    if (g.names.includes('global_oom') && /^global_oom,?$/.test(tok)) return 1;
    return fieldName(g, tok) && valueOk(g, tok) ? 1 : 0;
  }
  if (!fieldName(g, first)) return 0;
  // the cut was at a separator: `…kB,` / `file-rss:…` (a space is needed unless one is there)
  return msg.charCodeAt(msg.length - 1) === 32 ? 1 : 2;
}

/**
 * Where report lines start inside one long line whose line breaks were lost: before a kernel
 * time, and before each text a report line starts with (not `Killed process` after `: `, which is
 * the rest of the kill message; not a memory.stat `name N` pair unless the stats header came first).
 */
const LINE_START = new RegExp(
  ' (?=\\[ {0,12}\\d{1,12}\\.\\d{1,9}\\] ' +
  '|(?:Mem-Info:|Call Trace:|Hardware name: |Tasks state |oom-kill:|Memory cgroup out of memory|Memory cgroup stats for |' +
  'Out of memory|memory: usage|memory\\+swap: usage|kmem: usage|swap: usage|Node \\d{1,4} |\\d{1,12} total pagecache|' +
  '\\d{1,12} pages |Free swap |Total swap |active_anon:|lowmem_reserve|\\[ {0,8}\\d{1,10}\\] |\\[ {0,3}pid {0,3}\\]|' +
  'CPU: \\d|Pid: \\d|oom_reaper: |Task in |</?TASK>|\\? [\\w.]{1,80}\\+0x|[\\w.]{1,80}\\+0x[0-9a-f]{1,8}/0x|' +
  '[a-z][a-z0-9_]{1,40} \\d{1,20}(?: |$))' +
  '|(?<!: )Killed process )',
  'g',
);

/** Longest line that is never split (a long report line is shorter: Node lines run to ~600 characters). */
export const SPLIT_MIN = 700;

/**
 * Starts of the report lines inside `msg` when it is a report whose line breaks were lost: it is
 * long and holds the starts of at least three different report blocks. Empty otherwise.
 */
export function lostBreaks(msg: string): number[] {
  if (msg.length < SPLIT_MIN) return [];
  let blocks = 0;
  for (const b of ['invoked oom-killer', 'Mem-Info:', 'Call Trace:', 'Tasks state', 'pid ]', 'Killed process', 'oom-kill:', 'memory: usage']) {
    if (msg.includes(b)) blocks++;
  }
  if (blocks < 3) return [];
  const out: number[] = [];
  LINE_START.lastIndex = 0;
  // memory.stat `name N` pairs are lines only between the stats header and the next block
  const stats = msg.indexOf('Memory cgroup stats for ');
  let statsEnd = msg.length;
  if (stats >= 0) {
    for (const b of ['Tasks state', 'pid ]', 'oom-kill:', 'Killed process', 'Mem-Info:']) {
      const k = msg.indexOf(b, stats);
      if (k >= 0 && k < statsEnd) statsEnd = k;
    }
  }
  for (let m = LINE_START.exec(msg); m; m = LINE_START.exec(msg)) {
    const at = m.index + 1;
    // `? foo+0x…/0x…` is one frame: no cut between the `?` and the function
    if (msg.charCodeAt(m.index - 1) === 63 /* ? */) continue;
    // a memory.stat `name N` pair starts a line only inside the stats block
    if (stats < 0 || at < stats || at >= statsEnd) {
      const c = msg.charCodeAt(at);
      if (c >= 97 && c <= 122 && /^[a-z][a-z0-9_]{1,40} \d/.test(msg.slice(at, at + 64)) && !/^[\w.]{1,80}\+0x/.test(msg.slice(at, at + 100))) continue;
    }
    out.push(at);
  }
  return out;
}
