/**
 * The line shapes of the killers that act outside the kernel's OOM killer: one entry per shape of
 * line that starts an event. Formats come from the tools' sources:
 *  - systemd-oomd (src/oom/oomd-manager.c, oomd-util.c, v247 to today): `Killed …` (≤ v253) and
 *    `Marked … for killing` (v254+), the `Considered N cgroups for killing` candidate dump, the
 *    manager's `unit: systemd-oomd killed N process(es) in this unit`, `--dry-run`, `oomctl`;
 *  - earlyoom (kill.c, main.c, meminfo.c, v1.0 to today; `-k`, which hands the kill to the kernel);
 *  - Kubernetes: `kubectl describe pod`, `kubectl get pod -o yaml/json`, `docker inspect`,
 *    containerd's TaskOOM (its log line and its debug `event published`), kubelet's SystemOOM and
 *    CgroupOOM events, node-problem-detector's OOMKilling (a row, a log line or an Event object);
 *  - Android: lmkd (`Kill '…'`, Android 10+; `Killing '…', uid`, Android 9) and the kernel's
 *    staging lowmemorykiller driver (`Killing '…', adj`, and the older `send sigkill to`).
 *
 * Every regex carries the `d` flag (match indices give the fields' columns) and no nested
 * quantifier; lines are capped at 4096 characters before they get here.
 */
import type { OomKind } from '../model';
import type { Build, TextLine } from './scan';
import { formatBytes } from '../../common/size';

/** What a builder decided: an event, not this shape after all, or wait for a later line that reads this one. */
export type Verdict = 'ok' | 'no' | 'defer';

export interface Shape {
  id: string;
  kind: OomKind;
  killer: string;
  reporter?: string;
  /** Must be in the line (cheap test before the regex); one of USERSPACE_MARKERS or a longer text holding one. */
  marker: string;
  re: RegExp;
  build(b: Build, m: RegExpExecArray): Verdict;
}

// ---- small readers --------------------------------------------------------------------------------

/** systemd's sizes (`5.4G`, `512.0M`, `0B`; binary units) → bytes; undefined when unreadable. */
export function sizeBytes(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]?)B?$/.exec(s.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * 1024 ** ' KMGTPE'.indexOf(m[2] || ' '));
}

/** Kubernetes quantity (`512Mi`, `1G`, `500M`, `1073741824`) → bytes. */
export function quantityBytes(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$/.exec(s.trim());
  if (!m) return undefined;
  const u = m[2] ?? '';
  const bin = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'].indexOf(u);
  const dec = ['k', 'M', 'G', 'T', 'P', 'E'].indexOf(u === 'K' ? 'k' : u);
  const mult = bin >= 0 ? 1024 ** (bin + 1) : dec >= 0 ? 1000 ** (dec + 1) : 1;
  return Math.round(Number(m[1]) * mult);
}

function firstMatch(lines: TextLine[], re: RegExp, stop?: RegExp): { L: TextLine; m: RegExpExecArray } | undefined {
  for (const L of lines) {
    if (stop && stop.test(L.text)) return undefined;
    const m = re.exec(L.text);
    if (m) return { L, m };
  }
  return undefined;
}

function pct(a: number, b: number): string {
  return b > 0 ? `${((a / b) * 100).toFixed(2)} %` : '?';
}


// ---- systemd-oomd ---------------------------------------------------------------------------------

const OOMD_PRESSURE = /\b(Killed|Marked) (\/\S*) (?:for killing )?due to memory pressure for (\/\S*) being (\d{1,3}\.\d{2})% > (\d{1,3}\.\d{2})% for > (\S+) with reclaim activity/d;
const OOMD_SWAP = /\b(Killed|Marked) (\/\S*) (?:for killing )?due to (?:memory used \((\d+)\) \/ total \((\d+)\) and )?swap used \((\d+)\) \/ total \((\d+)\) being more than (\d{1,3}\.\d{2}) ?%/d;
// `Memory pressure for /x.slice is 64.15% > 1.00% for > 30s with reclaim activity` (notice before the kill)
const OOMD_PRESSURE_NOTICE = /\bMemory pressure for (\/\S*) is (\d{1,3}\.\d{2})% > (\d{1,3}\.\d{2})% for > (\S+) with reclaim activity/d;
// `systemd-oomd[93234]: Killed /user.slice/…/tmux` with the rest of the line cut off (`…`, `>` or nothing)
const OOMD_KILL_PATH_ONLY = /(?:^\s*|systemd-oomd(?:\[\d{1,10}\])?: )(Killed|Marked) (\/[^\s…>]+)[…>]?\s*$/d;
const OOMD_KILL_ANY = /\b(?:Killed|Marked) \/\S* (?:for killing )?due to (?:memory|swap)/;
const OOMD_CONSIDERED = /Considered (\d+) cgroups for killing, top candidates were:/d;
/** The service manager's line (`app.service: systemd-oomd killed 4 process(es) in this unit.`), read from its fixed tail back to the unit name. */
const OOMD_UNIT_TAIL = /: systemd-oomd killed (\d+) process\(es\) in this unit/d;
const UNIT_NAME = /^[^\s:]{1,255}\.(?:scope|service|slice|socket|mount|swap)$/;

/** The unit line's match with the unit as group 1 and the count as group 2 (indices as with the `d` flag); null when L is not one. */
function unitLine(text: string): RegExpExecArray | null {
  const t = OOMD_UNIT_TAIL.exec(text);
  if (!t) return null;
  // the unit is the word right before the tail
  const uS = Math.max(text.lastIndexOf(' ', t.index - 1), text.lastIndexOf('\t', t.index - 1)) + 1;
  const unit = text.slice(uS, t.index);
  if (!UNIT_NAME.test(unit)) return null;
  const m = [text.slice(uS, t.index + t[0].length), unit, t[1]] as unknown as RegExpExecArray;
  m.index = uS;
  m.indices = [[uS, t.index + t[0].length], [uS, t.index], t.indices![1]] as RegExpIndicesArray;
  return m;
}
/** One line of a candidate (or oomctl) dump: `\tPath: /…`, `\t\tSwap Usage: 2.5G`, `\t\tPressure: Avg10: …`. */
const OOMD_DUMP_LINE = /(?:^|\]: |: )(\s+)(Path|Swap Usage|Memory Pressure Limit|Memory Pressure Duration|Pressure|Current Memory Usage|Memory Min|Memory Low|Memory High|Memory Max|Swap Max|Pgscan|Last Pgscan|Memory|Swap): (.*)$/d;
const OOMD_AVG10 = /Avg10: (\d+\.\d+)/d;

interface Candidate { path: string; line: number; pressure?: string; memory?: string; swap?: string }

/** The candidate dump starting after line L (the `Considered` line); takes its lines. */
function readCandidates(b: Build, L: TextLine, startsAfterCurrent: TextLine[]): Candidate[] {
  const out: Candidate[] = [];
  for (const C of startsAfterCurrent) {
    if (C.line <= L.line) continue;
    const m = OOMD_DUMP_LINE.exec(C.text);
    if (!m) break;
    b.take(C);
    const key = m[2];
    if (key === 'Path') {
      out.push({ path: m[3].trim(), line: C.line });
      b.field('oomd.candidate.path', C, m, 3);
      continue;
    }
    const cur = out[out.length - 1];
    if (!cur) continue;
    if (key === 'Pressure') {
      const a = OOMD_AVG10.exec(m[3]);
      if (a) {
        cur.pressure = a[1];
        const base = m.indices![3][0];
        b.fields.push({ key: 'oomd.candidate.pressure', raw: a[1], value: Number(a[1]), unit: 'none',
          range: { start: { line: C.line, character: base + a.indices![1][0] }, end: { line: C.line, character: base + a.indices![1][1] } } });
      }
    } else if (key === 'Current Memory Usage') {
      cur.memory = m[3].trim();
      b.field('oomd.candidate.memory', C, m, 3, 'bytes', sizeBytes(m[3]));
    } else if (key === 'Swap Usage') {
      cur.swap = m[3].trim();
      b.field('oomd.candidate.swap', C, m, 3, 'bytes', sizeBytes(m[3]));
    }
  }
  return out;
}

/** Candidates dumped next to a kill line: before it (newer systemd) or after it. */
function oomdCandidates(b: Build): void {
  const isOther = (t: string) => OOMD_KILL_ANY.test(t);
  let found = firstMatch(b.before(40), OOMD_CONSIDERED, /\b(?:Killed|Marked) \/\S* (?:for killing )?due to/);
  if (found && b.taken(found.L.line)) found = undefined;
  let list: TextLine[] = [];
  if (found) {
    list = b.between(found.L, b.first);
  } else {
    const after = b.after(600);
    const k = after.findIndex(L => OOMD_CONSIDERED.test(L.text) || isOther(L.text));
    if (k >= 0 && k < 40 && OOMD_CONSIDERED.test(after[k].text) && !b.taken(after[k].line)) {
      found = { L: after[k], m: OOMD_CONSIDERED.exec(after[k].text)! };
      list = after.slice(k + 1);
    }
  }
  if (!found) return;
  b.take(found.L);
  const n = Number(found.m[1]);
  b.field('oomd.considered', found.L, found.m, 1, 'count', n);
  b.kill.numbers.candidatesConsidered = n;
  const cands = readCandidates(b, found.L, list);
  const victim = b.kill.victim.cgroup;
  cands.forEach((c, i) => {
    const what = [c.pressure !== undefined ? `pressure avg10 ${c.pressure} %` : '', c.memory ? `memory ${c.memory}` : '', c.swap ? `swap ${c.swap}` : ''].filter(Boolean).join(', ');
    const killed = victim !== undefined && (c.path === victim || (c.path.includes('…') && victim.endsWith(c.path.slice(c.path.lastIndexOf('…') + 1))));
    b.fact(`Candidate ${i + 1}`, `${c.path}${what ? ` — ${what}` : ''}${killed ? ' (killed)' : ''}`, c.line);
  });
  b.fact('Candidates', `${n} cgroup${n === 1 ? '' : 's'} considered, ${cands.length} listed`, found.L.line);
}

/** What systemd-oomd and the manager log around a kill line: the unit's line and the candidate list. */
function oomdKillContext(b: Build): Verdict {
  oomdUnitLine(b);
  oomdCandidates(b);
  return 'ok';
}

/** The manager's `unit: systemd-oomd killed N process(es) in this unit` line near the kill. */
function oomdUnitLine(b: Build): void {
  for (const L of [...b.after(8), ...b.before(8)]) {
    if (b.taken(L.line)) continue;
    const m = unitLine(L.text);
    if (!m) continue;
    const cg = b.kill.victim.cgroup ?? '';
    if (!cg.endsWith('/' + m[1]) && !cg.endsWith(m[1])) continue;
    b.take(L);
    const n = Number(m[2]);
    b.field('oomd.unit', L, m, 1);
    b.field('oomd.processes_killed', L, m, 2, 'count', n);
    b.kill.numbers.processesKilled = n;
    b.fact('Processes killed', `${n} in ${m[1]}`, L.line);
    return;
  }
}

/**
 * The pressure figures of a kill line, or of the notice line before a cut one: m[at] the monitored
 * cgroup, then the pressure %, its limit % and how long it held. `note` ends the reason.
 */
function oomdPressure(b: Build, L: TextLine, m: RegExpExecArray, at: number, note: string): void {
  const [cgroup, pct, limit, held] = [m[at], m[at + 1], m[at + 2], m[at + 3]];
  b.field('oomd.monitored.path', L, m, at);
  b.field('oomd.pressure', L, m, at + 1, 'none', Number(pct));
  b.field('oomd.pressure_limit', L, m, at + 2, 'none', Number(limit));
  b.field('oomd.pressure_duration', L, m, at + 3);
  Object.assign(b.kill.numbers, { pressurePercent: Number(pct), pressureLimitPercent: Number(limit) });
  Object.assign(b.kill.texts, { monitoredCgroup: cgroup, duration: held, trigger: 'memory pressure' });
  b.kill.reason = `memory pressure on ${cgroup} was ${pct} % > its limit ${limit} % for more than ${held}, with reclaim activity${note}`;
  b.fact('Pressure', `${pct} % of the last 10 s stalled on memory (PSI some avg10) in ${cgroup}; limit ${limit} % (ManagedOOMMemoryPressureLimit=, else DefaultMemoryPressureLimit=), held for > ${held} (DefaultMemoryPressureDurationSec=)`, L.line);
}

/** The action word (m[1]) and the killed cgroup (m[2]) of a systemd-oomd kill line. */
function oomdKilled(b: Build, m: RegExpExecArray): void {
  oomdAction(b, m[1]);
  b.kill.victim.cgroup = m[2];
  b.field('oomd.killed.path', b.first, m, 2);
}

function oomdAction(b: Build, word: string): void {
  b.kill.texts.action = word === 'Marked' ? 'marked for killing' : 'killed';
}

const OOMD: Shape[] = [
  {
    id: 'oomd-pressure', kind: 'systemd-oomd', killer: 'systemd-oomd', marker: 'due to memory pressure', re: OOMD_PRESSURE,
    build(b, m) {
      const L = b.first;
      oomdKilled(b, m);
      b.fact('Killed cgroup', m[2], L.line);
      oomdPressure(b, L, m, 3, '');
      return oomdKillContext(b);
    },
  },
  {
    id: 'oomd-swap', kind: 'systemd-oomd', killer: 'systemd-oomd', marker: 'swap used (', re: OOMD_SWAP,
    build(b, m) {
      const L = b.first;
      oomdKilled(b, m);
      const memUsed = m[3] !== undefined ? Number(m[3]) : undefined, memTotal = m[4] !== undefined ? Number(m[4]) : undefined;
      const swapUsed = Number(m[5]), swapTotal = Number(m[6]);
      if (memUsed !== undefined) b.field('oomd.mem_used', L, m, 3, 'bytes', memUsed);
      if (memTotal !== undefined) b.field('oomd.mem_total', L, m, 4, 'bytes', memTotal);
      b.field('oomd.swap_used', L, m, 5, 'bytes', swapUsed);
      b.field('oomd.swap_total', L, m, 6, 'bytes', swapTotal);
      b.field('oomd.swap_used_limit', L, m, 7, 'none', Number(m[7]));
      Object.assign(b.kill.numbers, { swapUsedBytes: swapUsed, swapTotalBytes: swapTotal, swapUsedLimitPercent: Number(m[7]) });
      if (memUsed !== undefined && memTotal !== undefined) Object.assign(b.kill.numbers, { memUsedBytes: memUsed, memTotalBytes: memTotal });
      b.kill.texts.trigger = 'swap used';
      const memPart = memUsed !== undefined && memTotal !== undefined ? `memory ${pct(memUsed, memTotal)} used and ` : '';
      b.kill.reason = `${memPart}swap ${pct(swapUsed, swapTotal)} used (${formatBytes(swapUsed)} of ${formatBytes(swapTotal)}), more than SwapUsedLimit=${m[7]} %`;
      b.fact('Killed cgroup', `${m[2]} (the candidate using the most swap)`, L.line);
      if (memPart) b.fact('Memory', `${formatBytes(memUsed!)} used of ${formatBytes(memTotal!)} (${pct(memUsed!, memTotal!)})`, L.line);
      b.fact('Swap', `${formatBytes(swapUsed)} used of ${formatBytes(swapTotal)} (${pct(swapUsed, swapTotal)}); limit ${m[7]} % (SwapUsedLimit= in oomd.conf, per unit ManagedOOMSwap=kill)`, L.line);
      return oomdKillContext(b);
    },
  },
  {
    // a kill line cut short (journalctl ellipsizes long lines: `… for /x be>`, `…`): whom, not the numbers
    id: 'oomd-cut', kind: 'systemd-oomd', killer: 'systemd-oomd', marker: ' due to ', re: /\b(Killed|Marked) (\/[^\s\u2026]*) (?:for killing )?due to (memory pressure|memory used|swap used|swap|memory)/d,
    build(b, m) {
      const L = b.first;
      oomdKilled(b, m);
      b.kill.texts.trigger = m[3].startsWith('memory p') ? 'memory pressure' : 'swap used';
      b.kill.reason = `${b.kill.texts.trigger === 'memory pressure' ? 'memory pressure' : 'memory and swap use'} above systemd-oomd's limit (the line is cut off in this log: the figures are not shown)`;
      b.fact('Killed cgroup', m[2], L.line);
      // v248–v252 log the figures on a notice line just before the kill: read them from there
      const p = b.kill.texts.trigger === 'memory pressure' ? firstMatch(b.before(8), OOMD_PRESSURE_NOTICE) : undefined;
      if (p && m[2].startsWith(p.m[1]) && !b.taken(p.L.line)) {
        b.take(p.L);
        oomdPressure(b, p.L, p.m, 1, ' (from the line before the kill, which is cut off in this log)');
      }
      return oomdKillContext(b);
    },
  },
  {
    // a kill line cut right after the cgroup (a pager's or a paste's cut): whom, not why
    id: 'oomd-cut-path', kind: 'systemd-oomd', killer: 'systemd-oomd', marker: 'Killed /', re: OOMD_KILL_PATH_ONLY,
    build(b, m) {
      const L = b.first;
      oomdKilled(b, m);
      b.kill.reason = 'systemd-oomd killed this cgroup (the line is cut off in this log before the reason: memory pressure or swap use)';
      b.fact('Killed cgroup', m[2], L.line);
      return oomdKillContext(b);
    },
  },
  {
    id: 'oomd-dry-run', kind: 'systemd-oomd', killer: 'systemd-oomd', marker: 'Would have tried to kill',
    re: /oomd dry-run: Would have tried to kill (\S+) and all its descendants/d,
    build(b, m) {
      b.kill.victim.cgroup = m[1];
      b.field('oomd.killed.path', b.first, m, 1);
      b.kill.texts.action = 'dry run';
      b.kill.reason = 'dry run: systemd-oomd would have killed this cgroup (it runs with --dry-run, nothing was killed)';
      b.fact('Would kill', m[1], b.first.line);
      oomdCandidates(b);
      return 'ok';
    },
  },
  {
    id: 'oomd-considered', kind: 'systemd-oomd', killer: 'systemd-oomd', marker: 'cgroups for killing', re: OOMD_CONSIDERED,
    build(b, m) {
      // a kill line right after the dump reads it (oomdCandidates); wait for that line
      const after = b.after(600);
      const k = after.findIndex(L => !OOMD_DUMP_LINE.test(L.text));
      if (k >= 0 && after.slice(k, k + 8).some(L => OOMD_KILL_ANY.test(L.text) || OOMD_KILL_PATH_ONLY.test(L.text))) return 'defer';
      const n = Number(m[1]);
      b.field('oomd.considered', b.first, m, 1, 'count', n);
      b.kill.numbers.candidatesConsidered = n;
      const cands = readCandidates(b, b.first, after);
      cands.forEach((c, i) => b.fact(`Candidate ${i + 1}`, `${c.path}${c.swap ? ` — swap ${c.swap}` : ''}${c.memory ? ` — memory ${c.memory}` : ''}`, c.line));
      b.kill.texts.action = 'considered';
      b.kill.reason = `systemd-oomd listed ${n} candidate cgroup${n === 1 ? '' : 's'}; no kill line follows in this log`;
      return 'ok';
    },
  },
  {
    id: 'oomd-unit', kind: 'systemd-oomd', killer: 'systemd-oomd', reporter: 'systemd', marker: 'systemd-oomd killed', re: OOMD_UNIT_TAIL,
    build(b) {
      const m = unitLine(b.first.text);
      if (!m) return 'no';
      // the kill line (within a few lines) reads this one
      if ([...b.after(8), ...b.before(8)].some(L => !b.taken(L.line) && OOMD_KILL_ANY.test(L.text))) return 'defer';
      const n = Number(m[2]);
      b.field('oomd.unit', b.first, m, 1);
      b.field('oomd.processes_killed', b.first, m, 2, 'count', n);
      b.kill.numbers.processesKilled = n;
      b.kill.texts.unit = m[1];
      b.kill.texts.action = 'killed';
      b.kill.reason = `systemd-oomd killed ${n} process${n === 1 ? '' : 'es'} of ${m[1]} (its own log line, with the reason, is not in this log)`;
      b.fact('Unit', m[1], b.first.line);
      return 'ok';
    },
  },
  {
    // `oomctl` (a dump of systemd-oomd's state): found by its third line, the first that the
    // marker scan can see; the two above it (`Dry Run:`, `Swap Used Limit:`) are read back
    id: 'oomctl', kind: 'systemd-oomd', killer: 'systemd-oomd', reporter: 'oomctl', marker: 'Default Memory Pressure Limit', re: /^\s*(Default Memory Pressure Limit): (\S+)\s*$/d,
    build(b) {
      let monitored = 0;
      const setting = (L: TextLine): boolean => {
        const d = /^\s*Dry Run: (yes|no)\s*$/d.exec(L.text);
        if (d) { b.take(L); b.field('oomd.dry_run', L, d, 1); b.kill.texts.dryRun = d[1]; b.fact('Dry Run', d[1], L.line); return true; }
        const s = /^\s*(Swap Used Limit|Default Memory Pressure Limit|Default Memory Pressure Duration): (\S+)\s*$/d.exec(L.text);
        if (!s) return false;
        b.take(L);
        const key = s[1] === 'Swap Used Limit' ? 'oomd.swap_used_limit' : s[1] === 'Default Memory Pressure Limit' ? 'oomd.default_pressure_limit' : 'oomd.default_pressure_duration';
        const pct = key !== 'oomd.default_pressure_duration';
        b.field(key, L, s, 2, pct ? 'none' : undefined, pct ? parseFloat(s[2]) : undefined);
        b.fact(s[1], s[2], L.line);
        return true;
      };
      for (const L of b.before(3).reverse()) setting(L);
      setting(b.first);
      for (const L of b.after(2000)) {
        if (setting(L)) continue;
        if (/^(System Context|Swap Monitored CGroups|Memory Pressure Monitored CGroups|Rules Monitored CGroups):\s*$/.test(L.text)) { b.take(L); continue; }
        const d = OOMD_DUMP_LINE.exec(L.text);
        if (!d) break;
        b.take(L);
        if (d[2] === 'Path') { monitored++; b.field('oomd.candidate.path', L, d, 3); b.fact('Monitored', d[3].trim(), L.line); }
        else if (d[2] === 'Memory Pressure Limit') b.field('oomd.pressure_limit', L, d, 3, 'none', parseFloat(d[3]));
        else if (d[2] === 'Current Memory Usage') b.field('oomd.candidate.memory', L, d, 3, 'bytes', sizeBytes(d[3]));
        else if (d[2] === 'Swap Usage') b.field('oomd.candidate.swap', L, d, 3, 'bytes', sizeBytes(d[3]));
      }
      b.kill.texts.action = 'settings';
      b.kill.numbers.monitoredCgroups = monitored;
      b.kill.reason = `oomctl dump: systemd-oomd's settings and the ${monitored} cgroup${monitored === 1 ? '' : 's'} it watches (no kill)`;
      return 'ok';
    },
  },
];

// ---- earlyoom -------------------------------------------------------------------------------------

const EARLY_SEND = /sending (SIGTERM|SIGKILL|signal \d+) to process (\d+)(?: uid (\d+))? "(.*?)": (badness|oom_score) (-?\d+)(?:, oom_score_adj (-?\d+))?, VmRSS (\d+) MiB(?:, cmdline "(.*)")?/d;
const EARLY_OLD_SIGNAL = /Killing process '(.*?)' with signal (\d+), pid: (\d+), badness: (-?\d+), VmRSS: (\d+) MiB/d;
const EARLY_OLD = /Killing process: (.*?), pid: (\d+), badness: (-?\d+), VmRSS: (\d+) MiB/d;
const EARLY_KILLING_WITH = /killing process (\d+) "(.*?)" with signal (\d+): badness (-?\d+), VmRSS (\d+) MiB/d;
const EARLY_ANY = /VmRSS:? \d+ MiB/;
const EARLY_LOW = /low memory! at or below (SIGTERM|SIGKILL|sigterm|sigkill) limits:? \(?mem:?\s*(\d+(?:\.\d+)?)\s?%, swap:?\s*(\d+(?:\.\d+)?)\s?%/di;
const EARLY_AVAIL = /mem avail:\s*(\d+)(?: of\s*(\d+))? MiB \(\s*(\d+(?:\.\d+)?)\s?%\), swap free:\s*(\d+)(?: of\s*(\d+))? MiB \(\s*(\d+(?:\.\d+)?)\s?%\)/d;
const EARLY_AFTER = /process (\d+) exited after ([\d.]+) seconds|escalating to SIGKILL after ([\d.]+) seconds|kill failed: (.*)$|process (\d+) did not exit|process exited after ([\d.]+) seconds/d;

function earlyContext(b: Build, rssMiB: number): void {
  earlyBefore(b);
  earlyAfter(b, rssMiB);
}

/** earlyoom's `low memory!` limits line and `mem avail:` line before a kill line (taken into the event). */
function earlyBefore(b: Build): void {
  for (const L of b.before(6)) {
    if (EARLY_ANY.test(L.text) || b.taken(L.line)) break;
    const low = EARLY_LOW.exec(L.text);
    if (low && b.kill.texts.limitSignal === undefined) {
      b.take(L);
      b.field('earlyoom.limit.mem', L, low, 2, 'none', Number(low[2]));
      b.field('earlyoom.limit.swap', L, low, 3, 'none', Number(low[3]));
      Object.assign(b.kill.numbers, { memLimitPercent: Number(low[2]), swapLimitPercent: Number(low[3]) });
      b.kill.texts.limitSignal = low[1].toUpperCase();
      const opt = low[1].toUpperCase() === 'SIGKILL' ? '-m/-s second values (SIGKILL limits, default half of the SIGTERM ones)' : '-m/-s (SIGTERM limits, default 10 %)';
      b.fact('Limits', `${low[1].toUpperCase()} below ${low[2]} % available memory and ${low[3]} % free swap — ${opt}`, L.line);
      continue;
    }
    const av = EARLY_AVAIL.exec(L.text);
    if (av && b.kill.numbers.memAvailPercent === undefined) {
      b.take(L);
      b.field('earlyoom.mem_avail', L, av, 1, 'none', Number(av[1]));
      if (av[2] !== undefined) b.field('earlyoom.mem_total', L, av, 2, 'none', Number(av[2]));
      b.field('earlyoom.mem_avail_percent', L, av, 3, 'none', Number(av[3]));
      b.field('earlyoom.swap_free', L, av, 4, 'none', Number(av[4]));
      if (av[5] !== undefined) b.field('earlyoom.swap_total', L, av, 5, 'none', Number(av[5]));
      b.field('earlyoom.swap_free_percent', L, av, 6, 'none', Number(av[6]));
      Object.assign(b.kill.numbers, { memAvailMiB: Number(av[1]), memAvailPercent: Number(av[3]), swapFreeMiB: Number(av[4]), swapFreePercent: Number(av[6]) });
      if (av[2] !== undefined) b.kill.numbers.memTotalMiB = Number(av[2]);
      if (av[5] !== undefined) b.kill.numbers.swapTotalMiB = Number(av[5]);
      b.fact('Memory', `${av[1]} MiB available${av[2] !== undefined ? ` of ${av[2]} MiB` : ''} (${av[3]} %), swap ${av[4]} MiB free${av[5] !== undefined ? ` of ${av[5]} MiB` : ''} (${av[6]} %)`, L.line);
    }
  }
}

/** What became of the signalled process: the lines after the kill line. */
function earlyAfter(b: Build, rssMiB: number): void {
  for (const L of b.after(6)) {
    if (EARLY_ANY.test(L.text) || b.taken(L.line)) break;
    const a = EARLY_AFTER.exec(L.text);
    if (!a) continue;
    b.take(L);
    if (a[2] !== undefined || a[6] !== undefined) {
      const s = a[2] ?? a[6];
      b.field('earlyoom.exit_seconds', L, a, a[2] !== undefined ? 2 : 6, 'none', Number(s));
      b.kill.texts.outcome = `exited after ${s} s`;
      b.fact('Outcome', `the process exited ${s} s after the signal, giving back up to ${rssMiB} MiB`, L.line);
      break;
    }
    if (a[3] !== undefined) { b.kill.texts.outcome = `escalated to SIGKILL after ${a[3]} s`; b.fact('Outcome', `still alive after ${a[3]} s: earlyoom sent SIGKILL`, L.line); continue; }
    if (a[4] !== undefined) { b.kill.texts.outcome = `kill failed: ${a[4]}`; b.fact('Outcome', `the signal could not be sent: ${a[4]}`, L.line); break; }
    if (a[5] !== undefined) { b.kill.texts.outcome = 'did not exit'; b.fact('Outcome', 'the process did not exit in time (stuck in the kernel, or ignoring SIGTERM)', L.line); continue; }
  }
}

function earlyReason(b: Build, signal: string): void {
  const n = b.kill.numbers;
  const why = n.memAvailPercent !== undefined
    ? `available memory ${n.memAvailPercent} % and free swap ${n.swapFreePercent} %`
    : 'available memory and free swap';
  const lim = n.memLimitPercent !== undefined ? ` at or below its ${b.kill.texts.limitSignal ?? signal} limits (${n.memLimitPercent} % / ${n.swapLimitPercent} %)` : ' below its limits';
  b.kill.reason = `${why}${lim}; earlyoom sent ${signal} to the process it ranked first`;
}

/** Which capture group holds what in one of earlyoom's older `Killing …` wordings (no signal group: SIGKILL). */
interface KillingGroups { comm: number; pid: number; signal?: number; badness: number; rss: number }

/** An older earlyoom kill line: victim, badness and VmRSS (MiB) from the groups `g` names. */
function earlyKilling(b: Build, m: RegExpExecArray, g: KillingGroups): 'ok' {
  const L = b.first;
  const v = b.kill.victim;
  v.pid = Number(m[g.pid]); v.comm = m[g.comm];
  b.kill.numbers.badness = Number(m[g.badness]);
  const rss = Number(m[g.rss]);
  v.rssKiB = rss * 1024;
  // fields in the order they stand on the line (the wordings order them differently)
  const fields: [number, () => void][] = [
    [g.comm, () => b.field('earlyoom.comm', L, m, g.comm)],
    [g.pid, () => b.field('earlyoom.pid', L, m, g.pid, 'count', v.pid)],
    [g.badness, () => b.field('earlyoom.badness', L, m, g.badness, 'count', Number(m[g.badness]))],
    [g.rss, () => b.field('earlyoom.vmrss', L, m, g.rss, 'none', rss)],
  ];
  if (g.signal !== undefined) fields.push([g.signal, () => b.field('earlyoom.signal', L, m, g.signal!, 'count', Number(m[g.signal!]))]);
  for (const [, add] of fields.sort((x, y) => x[0] - y[0])) add();
  const n = g.signal === undefined ? '9' : m[g.signal];
  const sig = n === '15' ? 'SIGTERM' : n === '9' ? 'SIGKILL' : `signal ${n}`;
  b.kill.texts.signal = sig;
  earlyContext(b, rss);
  earlyReason(b, sig);
  return 'ok';
}

/** The low-memory line before earlyoom -k hands over: `Low memory! mem avail: 177 of 5875 MiB (3) % <= min 10 %, swap free: 0 of 0 MiB (0 %) <= min 10 %` */
const EARLY_KERNEL = /Invoking oom killer: ?(done|failed)?|trigger_kernel_oom: (successfully) triggered kernel OOM killer/d;
const EARLY_LOW_OLD = /mem avail: (\d+) of (\d+) MiB \((\d+(?:\.\d+)?)(?:\) ?%| ?%\)) <= min (\d+(?:\.\d+)?) ?%, swap free: (\d+) of (\d+) MiB \((\d+(?:\.\d+)?)(?:\) ?%| ?%\)) <= min (\d+(?:\.\d+)?) ?%/d;

const EARLYOOM: Shape[] = [
  {
    // earlyoom -k (before 1.2; and builds made with USE_KERNEL_OOM_KILLER before 1.0) and
    // --kernel-oom (since 750a7c0, `trigger_kernel_oom: successfully triggered kernel OOM killer`)
    // write `f` to /proc/sysrq-trigger instead of signalling a process: the kernel's OOM killer
    // picks and kills, and its own `Killed process` line names the victim
    id: 'earlyoom-kernel', kind: 'earlyoom', killer: 'kernel', reporter: 'earlyoom', marker: 'killer', re: EARLY_KERNEL,
    build(b, m) {
      const n = b.kill.numbers;
      if (m[2] !== undefined) {
        earlyBefore(b);
        b.field('earlyoom.sysrq', b.first, m, 2);
        b.kill.texts.action = 'kernel asked';
        const why = n.memAvailPercent !== undefined ? `available memory ${n.memAvailPercent} % and free swap ${n.swapFreePercent} %` : 'low memory';
        const lim = n.memLimitPercent !== undefined ? ` at or below its ${b.kill.texts.limitSignal ?? 'SIGTERM'} limits (${n.memLimitPercent} % / ${n.swapLimitPercent} %)` : '';
        b.kill.reason = `${why}${lim}: earlyoom handed the kill to the kernel's OOM killer (option --kernel-oom, writing f to /proc/sysrq-trigger); the kernel picked the victim — its "Killed process" line in the kernel log names it`;
        return 'ok';
      }
      const low = firstMatch(b.before(2), EARLY_LOW_OLD, /Invoking oom killer/);
      if (low && !b.taken(low.L.line)) {
        const L = low.L, g = low.m;
        b.take(L);
        b.field('earlyoom.mem_avail', L, g, 1, 'none', Number(g[1]));
        b.field('earlyoom.mem_total', L, g, 2, 'none', Number(g[2]));
        b.field('earlyoom.mem_avail_percent', L, g, 3, 'none', Number(g[3]));
        b.field('earlyoom.limit.mem', L, g, 4, 'none', Number(g[4]));
        b.field('earlyoom.swap_free', L, g, 5, 'none', Number(g[5]));
        b.field('earlyoom.swap_total', L, g, 6, 'none', Number(g[6]));
        b.field('earlyoom.swap_free_percent', L, g, 7, 'none', Number(g[7]));
        b.field('earlyoom.limit.swap', L, g, 8, 'none', Number(g[8]));
        Object.assign(n, {
          memAvailMiB: Number(g[1]), memTotalMiB: Number(g[2]), memAvailPercent: Number(g[3]), memLimitPercent: Number(g[4]),
          swapFreeMiB: Number(g[5]), swapTotalMiB: Number(g[6]), swapFreePercent: Number(g[7]), swapLimitPercent: Number(g[8]),
        });
        b.fact('Memory', `${g[1]} of ${g[2]} MiB available (${g[3]} %, minimum ${g[4]} %), swap ${g[5]} of ${g[6]} MiB free (${g[7]} %, minimum ${g[8]} %)`, L.line);
      }
      if (m[1] !== undefined) b.field('earlyoom.sysrq', b.first, m, 1);
      b.kill.texts.action = 'kernel asked';
      const why = n.memAvailPercent !== undefined
        ? `available memory ${n.memAvailPercent} % (minimum ${n.memLimitPercent} %) and free swap ${n.swapFreePercent} % (minimum ${n.swapLimitPercent} %)`
        : 'low memory';
      b.kill.reason = m[1] === 'failed'
        ? `${why}: earlyoom tried to hand the kill to the kernel's OOM killer (option -k, /proc/sysrq-trigger), and the write failed`
        : `${why}: earlyoom handed the kill to the kernel's OOM killer (option -k, writing f to /proc/sysrq-trigger); the kernel picked the victim — its "Killed process" line in the kernel log names it`;
      return 'ok';
    },
  },
  {
    id: 'earlyoom-sending', kind: 'earlyoom', killer: 'earlyoom', marker: 'VmRSS', re: EARLY_SEND,
    build(b, m) {
      const L = b.first;
      const v = b.kill.victim;
      v.pid = Number(m[2]); v.comm = m[4];
      b.field('earlyoom.signal', L, m, 1);
      b.field('earlyoom.pid', L, m, 2, 'count', v.pid);
      if (m[3] !== undefined) { v.uid = Number(m[3]); b.field('earlyoom.uid', L, m, 3, 'count', v.uid); }
      b.field('earlyoom.comm', L, m, 4);
      const score = Number(m[6]);
      b.field(m[5] === 'badness' ? 'earlyoom.badness' : 'earlyoom.oom_score', L, m, 6, 'count', score);
      b.kill.numbers[m[5] === 'badness' ? 'badness' : 'oomScore'] = score;
      if (m[7] !== undefined) { v.oomScoreAdj = Number(m[7]); b.field('earlyoom.oom_score_adj', L, m, 7, 'count', v.oomScoreAdj); }
      const rss = Number(m[8]);
      v.rssKiB = rss * 1024;
      b.field('earlyoom.vmrss', L, m, 8, 'none', rss);
      if (m[9] !== undefined) { b.kill.texts.cmdline = m[9]; b.field('earlyoom.cmdline', L, m, 9); }
      b.kill.texts.signal = m[1];
      earlyContext(b, rss);
      earlyReason(b, m[1]);
      b.fact('Signal', `${m[1]} to ${m[4]} (pid ${m[2]}${m[3] !== undefined ? `, uid ${m[3]}` : ''}): ${m[5]} ${m[6]}${m[7] !== undefined ? `, oom_score_adj ${m[7]}` : ''}, VmRSS ${rss} MiB`, L.line);
      return 'ok';
    },
  },
  {
    id: 'earlyoom-killing-signal', kind: 'earlyoom', killer: 'earlyoom', marker: 'VmRSS', re: EARLY_OLD_SIGNAL,
    build: (b, m) => earlyKilling(b, m, { comm: 1, signal: 2, pid: 3, badness: 4, rss: 5 }),
  },
  {
    id: 'earlyoom-killing-with-signal', kind: 'earlyoom', killer: 'earlyoom', marker: 'VmRSS', re: EARLY_KILLING_WITH,
    build: (b, m) => earlyKilling(b, m, { pid: 1, comm: 2, signal: 3, badness: 4, rss: 5 }),
  },
  {
    id: 'earlyoom-killing', kind: 'earlyoom', killer: 'earlyoom', marker: 'VmRSS', re: EARLY_OLD,
    build: (b, m) => earlyKilling(b, m, { comm: 1, pid: 2, badness: 3, rss: 4 }),
  },
  {
    // earlyoom 0.x: `Out of memory! avail: N MiB < min: M MiB` then `Killing process PID NAME` (SIGKILL, no ranking printed)
    id: 'earlyoom-v0', kind: 'earlyoom', killer: 'earlyoom', marker: 'Killing process ', re: /Killing process (\d+) (\S.{0,255}?)\s*$/d,
    build(b, m) {
      const oom = firstMatch(b.before(2), /Out of memory! (?:kb_)?avail: (\d+)(?: MiB)? < (?:kb_)?min: (\d+)(?: MiB)?/d, /Killing process /);
      // the words alone are too common to call it earlyoom's: its own low-memory line must be right above
      if (!oom || b.taken(oom.L.line)) return 'no';
      const L = b.first, v = b.kill.victim;
      v.pid = Number(m[1]); v.comm = m[2];
      b.field('earlyoom.pid', L, m, 1, 'count', v.pid);
      b.field('earlyoom.comm', L, m, 2);
      b.take(oom.L);
      const kib = !/MiB/.test(oom.m[0]);
      b.field('earlyoom.mem_avail', oom.L, oom.m, 1, kib ? 'kB' : 'none', Number(oom.m[1]));
      b.field('earlyoom.limit.mem', oom.L, oom.m, 2, kib ? 'kB' : 'none', Number(oom.m[2]));
      b.kill.texts.signal = 'SIGKILL';
      b.kill.reason = `available memory ${oom.m[1]} ${kib ? 'KiB' : 'MiB'} fell below earlyoom's minimum ${oom.m[2]} ${kib ? 'KiB' : 'MiB'} (-m); it killed the process with the highest oom_score`;
      b.fact('Memory', `${oom.m[1]} ${kib ? 'KiB' : 'MiB'} available < ${oom.m[2]} ${kib ? 'KiB' : 'MiB'} minimum`, oom.L.line);
      return 'ok';
    },
  },
];

// ---- Kubernetes and container runtimes ------------------------------------------------------------

/** `  app:` — a container's header in `kubectl describe pod` (two spaces, a DNS-1123 name, a colon). */
const DESCRIBE_CONTAINER = /^ {2}([a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?):\s*$/d;
/** `Reason:` sits 6 columns in; whatever a paste put before that (a code block's indent, `> `) is cut off every line. */
const REASON_AT = /^(.*?) {6}Reason:/;

/** The lines of a describe block without the paste's prefix (lines that lack it are left out). */
function dedent(b: Build, lines: TextLine[]): TextLine[] {
  const p = REASON_AT.exec(b.first.text)?.[1] ?? '';
  if (!p) return lines;
  const out: TextLine[] = [];
  for (const L of lines) {
    if (L.text.startsWith(p)) out.push({ line: L.line, start: L.start, text: L.text.slice(p.length), col: p.length });
    else if (!L.text.trim()) out.push(L);
    else break;
  }
  return out;
}
const DESCRIBE_TOP = /^[A-Z][A-Za-z ]{0,40}:/;

function describeOwner(b: Build): void {
  const v = b.kill.victim;
  const before = dedent(b, b.before(300));
  for (const L of before) {
    if (v.container === undefined) {
      const c = DESCRIBE_CONTAINER.exec(L.text);
      if (c) {
        v.container = c[1];
        b.take(L);
        b.field('k8s.container', L, c, 1);
        continue;
      }
      const id = /^\s+Container ID:\s+([\w-]+):\/\/([0-9a-f]{12,64})\s*$/d.exec(L.text);
      if (id) {
        v.containerId = id[2];
        b.kill.texts.runtime = id[1];
        b.field('k8s.container_id', L, id, 2);
        continue;
      }
      const st = /^\s+(Last State|State):\s+Terminated\s*$/d.exec(L.text);
      if (st && b.kill.texts.state === undefined) { b.kill.texts.state = st[1]; b.field('k8s.state', L, st, 1); continue; }
      continue;
    }
    const ns = /^Namespace:\s+(\S+)\s*$/d.exec(L.text);
    if (ns && b.kill.texts.namespace === undefined) { b.kill.texts.namespace = ns[1]; b.field('k8s.namespace', L, ns, 1); continue; }
    const pod = /^Name:\s+(\S+)\s*$/d.exec(L.text);
    if (pod) { b.kill.texts.pod = pod[1]; b.field('k8s.pod', L, pod, 1); break; }
  }
}

function describeRest(b: Build): void {
  const v = b.kill.victim;
  let block: 'limits' | 'requests' | undefined;
  let last = b.first;
  for (const L of dedent(b, b.after(400))) {
    if (DESCRIBE_CONTAINER.test(L.text) || /^Name:\s/.test(L.text)) break;
    if (DESCRIBE_TOP.test(L.text)) {
      const q = /^QoS Class:\s+(\w+)\s*$/d.exec(L.text);
      if (q) { b.kill.texts.qos = q[1]; b.field('k8s.qos', L, q, 1); }
      block = undefined;
      continue;
    }
    if (b.kill.texts.qos !== undefined) break;
    const ec = /^\s+Exit Code:\s+(\d+)\s*$/d.exec(L.text);
    if (ec) { b.kill.numbers.exitCode = Number(ec[1]); b.field('k8s.exit_code', L, ec, 1, 'count', Number(ec[1])); last = L; continue; }
    const t = /^\s+(Started|Finished):\s+(.+?)\s*$/d.exec(L.text);
    if (t) {
      const k = t[1].toLowerCase();
      if (b.kill.texts[k] === undefined) b.kill.texts[k] = t[2];
      last = L;
      continue;
    }
    const rc = /^\s+Restart Count:\s+(\d+)\s*$/d.exec(L.text);
    if (rc) { b.kill.numbers.restartCount = Number(rc[1]); b.field('k8s.restart_count', L, rc, 1, 'count', Number(rc[1])); last = L; continue; }
    const blk = /^\s+(Limits|Requests):\s*$/.exec(L.text);
    if (blk) { block = blk[1] === 'Limits' ? 'limits' : 'requests'; last = L; continue; }
    const mem = /^\s+memory:\s+(\S+)\s*$/d.exec(L.text);
    if (mem && block) {
      const bytes = quantityBytes(mem[1]);
      b.field(block === 'limits' ? 'k8s.limit.memory' : 'k8s.request.memory', L, mem, 1, 'bytes', bytes);
      b.kill.texts[block === 'limits' ? 'memoryLimit' : 'memoryRequest'] = mem[1];
      if (bytes !== undefined) b.kill.numbers[block === 'limits' ? 'memoryLimitBytes' : 'memoryRequestBytes'] = bytes;
      last = L;
      continue;
    }
    if (/^\s+(cpu|ephemeral-storage|hugepages-\S+|nvidia\.com\/gpu):/.test(L.text) && block) { last = L; continue; }
    if (/^ {4}\S/.test(L.text)) block = undefined;
  }
  for (const L of b.between(b.first, last)) b.take(L);
  b.take(last);
  // the pod's QoS class is printed once, after all its containers
  if (b.kill.texts.qos === undefined) {
    for (const L of dedent(b, b.after(600))) {
      if (/^Name:\s/.test(L.text)) break;
      const q = /^QoS Class:\s+(\w+)\s*$/d.exec(L.text);
      if (q) { b.kill.texts.qos = q[1]; b.field('k8s.qos', L, q, 1); break; }
    }
  }
}

function k8sReason(b: Build): void {
  const t = b.kill.texts, n = b.kill.numbers, v = b.kill.victim;
  const who = v.container ? `container ${v.container}` : 'a container';
  const pod = t.pod ? ` of pod ${t.namespace ? `${t.namespace}/` : ''}${t.pod}` : '';
  const lim = t.memoryLimit ? ` (memory limit ${t.memoryLimit})` : '';
  const code = n.exitCode !== undefined ? `, exit code ${n.exitCode}${n.exitCode === 137 ? ' = 128 + SIGKILL' : ''}` : '';
  b.kill.reason = `OOMKilled: the kernel OOM killer killed ${who}${pod}${lim}${code}`;
}

const DOCKER_ID = /^\s*"Id":\s*"([0-9a-f]{12,64})"/d;
/** The kernel's kill line inside a node-problem-detector event: whose limit, the verb, pid and comm. */
const NPD_KILL = /(Memory cgroup out of memory|Out of memory)[^:]{0,80}: (Kill(?:ed)?) process (\d+) \(([^)]*)\)/d;
const KUBELET_OOM = /(System|Cgroup) OOM encountered(?:, victim process: (.+?), pid: (\d+)|:\s+process pid (\d+), process name: (\S+))?/d;

/**
 * `kubectl describe node` lists the kubelet's SystemOOM/CgroupOOM row and node-problem-detector's
 * OOMKilling row for the same kill side by side: the row next to the event's first line that names
 * the same pid is taken into the event, so one kill is one event.
 */
function sameKillRow(b: Build, pid: number, other: 'kubelet' | 'node-problem-detector'): void {
  for (const L of [...b.after(3), ...b.before(3)]) {
    if (b.taken(L.line)) continue;
    let m: RegExpExecArray | null;
    if (other === 'kubelet') {
      m = KUBELET_OOM.exec(L.text);
      if (!m || Number(m[3] ?? m[4]) !== pid) continue;
    } else {
      if (!/OOMKilling\b/.test(L.text)) continue;
      m = NPD_KILL.exec(L.text);
      if (!m || m[2] !== 'Killed' || Number(m[3]) !== pid) continue;
    }
    b.take(L);
    b.kill.texts.alsoReportedBy = other;
    b.fact('Also reported', other === 'kubelet' ? `by the kubelet (${m[1]}OOM) for the same pid ${pid}` : `by node-problem-detector (OOMKilling) for the same pid ${pid}`, L.line);
    return;
  }
}

const KUBERNETES: Shape[] = [
  {
    id: 'kubectl-describe', kind: 'kubernetes', killer: 'kernel', reporter: 'kubectl', marker: 'OOMKill', re: /^.{0,40}? {6}Reason:\s+(OOMKilled)\s*$/d,
    build(b, m) {
      b.field('k8s.reason', b.first, m, 1);
      describeOwner(b);
      describeRest(b);
      const v = b.kill.victim;
      const t = b.kill.texts;
      if (t.state) b.fact('State', `${t.state}: Terminated, reason OOMKilled`, b.first.line);
      if (v.container) b.fact('Container', `${v.container}${v.containerId ? ` (${t.runtime ?? 'runtime'} ${v.containerId.slice(0, 12)})` : ''}`);
      if (t.pod) b.fact('Pod', `${t.namespace ? `${t.namespace}/` : ''}${t.pod}${t.qos ? `, QoS ${t.qos}` : ''}`);
      if (t.memoryLimit || t.memoryRequest) b.fact('Memory', `limit ${t.memoryLimit ?? 'none'}, request ${t.memoryRequest ?? 'none'}`);
      if (b.kill.numbers.exitCode !== undefined) b.fact('Exit code', `${b.kill.numbers.exitCode}${b.kill.numbers.exitCode === 137 ? ' (128 + 9: killed by SIGKILL)' : ''}`);
      if (t.finished) b.fact('Finished', t.finished);
      if (b.kill.numbers.restartCount !== undefined) b.fact('Restarts', String(b.kill.numbers.restartCount));
      k8sReason(b);
      return 'ok';
    },
  },
  {
    // `OOM Killed`: the kubelet's wording in 2014 (Kubernetes before 1.0, Docker 1.4)
    id: 'kubectl-yaml', kind: 'kubernetes', killer: 'kernel', reporter: 'kubectl', marker: 'OOM', re: /(?:^\s*reason:\s*"?|"reason":\s*")(OOMKilled|OOM Killed)"?,?\s*$/d,
    build(b, m) {
      b.field('k8s.reason', b.first, m, 1);
      const indent = /^\s*/.exec(b.first.text)![0].length;
      const near = [...b.before(8), ...b.after(8)];
      for (const L of near) {
        const ec = /"?exitCode"?:\s*(\d+)/d.exec(L.text);
        if (ec && b.kill.numbers.exitCode === undefined) { b.kill.numbers.exitCode = Number(ec[1]); b.field('k8s.exit_code', L, ec, 1, 'count', Number(ec[1])); b.take(L); }
        const id = /"?containerID"?:\s*"?([\w-]+):\/\/([0-9a-f]{12,64})/d.exec(L.text);
        if (id && b.kill.victim.containerId === undefined) { b.kill.victim.containerId = id[2]; b.kill.texts.runtime = id[1]; b.field('k8s.container_id', L, id, 2); b.take(L); }
      }
      // the status entry's `name:` follows `lastState`/`state`, less indented than `reason:`
      for (const L of b.after(30)) {
        const nm = /^(\s*)(?:- )?"?name"?:\s*"?([a-z0-9][-a-z0-9.]*)"?,?\s*$/d.exec(L.text);
        if (nm && nm[1].length < indent) { b.kill.victim.container = nm[2]; b.field('k8s.container', L, nm, 2); break; }
      }
      if (b.kill.victim.container) b.fact('Container', b.kill.victim.container);
      if (b.kill.numbers.exitCode !== undefined) b.fact('Exit code', String(b.kill.numbers.exitCode));
      k8sReason(b);
      return 'ok';
    },
  },
  {
    id: 'docker-inspect', kind: 'kubernetes', killer: 'kernel', reporter: 'docker', marker: 'OOMKill', re: /"OOMKilled":\s*(true)/d,
    build(b, m) {
      b.field('docker.oom_killed', b.first, m, 1);
      const v = b.kill.victim;
      for (const L of b.before(30)) {
        const id = DOCKER_ID.exec(L.text);
        if (id) { v.containerId = id[1]; b.field('k8s.container_id', L, id, 1); break; }
      }
      for (const L of b.after(200)) {
        if (DOCKER_ID.test(L.text)) break;
        const ec = /"ExitCode":\s*(-?\d+)/d.exec(L.text);
        if (ec && b.kill.numbers.exitCode === undefined) { b.kill.numbers.exitCode = Number(ec[1]); b.field('k8s.exit_code', L, ec, 1, 'count', Number(ec[1])); continue; }
        const fin = /"FinishedAt":\s*"([^"]+)"/d.exec(L.text);
        if (fin && b.kill.texts.finished === undefined) { b.kill.texts.finished = fin[1]; continue; }
        const nm = /^\s*"Name":\s*"\/?([^"]+)"/d.exec(L.text);
        if (nm && v.container === undefined) { v.container = nm[1]; b.field('k8s.container', L, nm, 1); continue; }
        const mem = /^\s*"Memory":\s*(\d+)/d.exec(L.text);
        if (mem && b.kill.numbers.memoryLimitBytes === undefined) {
          const bytes = Number(mem[1]);
          b.field('k8s.limit.memory', L, mem, 1, 'bytes', bytes);
          if (bytes > 0) { b.kill.numbers.memoryLimitBytes = bytes; b.kill.texts.memoryLimit = formatBytes(bytes); }
        }
      }
      b.kill.texts.runtime = 'docker';
      if (v.container) b.fact('Container', `${v.container}${v.containerId ? ` (${v.containerId.slice(0, 12)})` : ''}`);
      if (b.kill.texts.memoryLimit) b.fact('Memory limit', b.kill.texts.memoryLimit);
      if (b.kill.numbers.exitCode !== undefined) b.fact('Exit code', String(b.kill.numbers.exitCode));
      if (b.kill.texts.finished) b.fact('Finished', b.kill.texts.finished);
      k8sReason(b);
      return 'ok';
    },
  },
  {
    id: 'containerd-taskoom', kind: 'kubernetes', killer: 'kernel', reporter: 'containerd', marker: 'TaskOOM',
    re: /TaskOOM event (?:&TaskOOM\{ContainerID:([0-9a-f]{12,64})|container_id:\\*"?([0-9a-f]{12,64}))/d,
    build(b, m) {
      const g = m[1] !== undefined ? 1 : 2;
      b.kill.victim.containerId = m[g];
      b.field('k8s.container_id', b.first, m, g);
      b.kill.texts.runtime = 'containerd';
      b.kill.reason = `TaskOOM: the kernel OOM killer killed a process in container ${m[g].slice(0, 12)} (its memory cgroup hit its limit)`;
      b.fact('Container', m[g].slice(0, 12), b.first.line);
      return 'ok';
    },
  },
  {
    // containerd's debug log of the event itself (`event published` / `event forwarded`): which
    // namespace (`moby` is Docker, `k8s.io` the CRI), but not which container
    id: 'containerd-taskoom-topic', kind: 'kubernetes', killer: 'kernel', reporter: 'containerd', marker: 'TaskOOM',
    re: /\bns=([\w.-]{1,64}) topic=\/tasks\/oom type=containerd\.events\.(TaskOOM)\b/d,
    build(b, m) {
      b.field('k8s.reason', b.first, m, 2);
      b.kill.texts.runtime = 'containerd';
      b.kill.texts.namespace = m[1];
      const who = m[1] === 'moby' ? 'Docker' : m[1] === 'k8s.io' ? 'Kubernetes (CRI)' : `namespace ${m[1]}`;
      b.kill.reason = `TaskOOM (containerd event, ${who}): the kernel OOM killer killed a process in one of its containers; this line does not say which container`;
      return 'ok';
    },
  },
  {
    // `SystemOOM` (the node out of memory) and, since 1.21, `CgroupOOM` (a pod's cgroup at its limit)
    id: 'kubelet-system-oom', kind: 'kubernetes', killer: 'kernel', reporter: 'kubelet', marker: 'OOM encountered',
    re: KUBELET_OOM,
    build(b, m) {
      const v = b.kill.victim;
      const comm = m[2] ?? m[5];
      const pid = m[3] ?? m[4];
      if (comm !== undefined && pid !== undefined) {
        v.comm = comm; v.pid = Number(pid);
        b.field('k8s.victim.comm', b.first, m, m[2] !== undefined ? 2 : 5);
        b.field('k8s.victim.pid', b.first, m, m[3] !== undefined ? 3 : 4, 'count', v.pid);
      }
      if (v.pid !== undefined) sameKillRow(b, v.pid, 'node-problem-detector');
      const whom = comm !== undefined ? `${comm} (pid ${pid})` : 'a process';
      b.kill.reason = m[1] === 'Cgroup'
        ? `CgroupOOM: a container's memory cgroup hit its limit and the kernel OOM killer killed ${whom}`
        : `SystemOOM: the node ran out of memory and the kernel OOM killer killed ${whom}`;
      return 'ok';
    },
  },
  {
    // the event's reason, `OOMKilling` (`PodOOMKilling` in some kernel-monitor configurations), with
    // the kernel's kill line as its message: on the same line (an Events table row, a log line) or
    // in the Event object's `"message"` field next to it
    id: 'npd-oomkilling', kind: 'kubernetes', killer: 'kernel', reporter: 'node-problem-detector', marker: 'OOMKilling',
    re: /(?:\b|Pod)(OOMKilling)\b/d,
    build(b, m) {
      const v = b.kill.victim;
      b.field('k8s.reason', b.first, m, 1);
      let L = b.first;
      let k = NPD_KILL.exec(L.text);
      const json = /"reason":\s*"/.test(L.text);
      if (!k && json) {
        const msg = firstMatch([...b.before(12), ...b.after(12)], /"message":\s*"(?:Memory cgroup out of memory|Out of memory)/);
        if (msg && !b.taken(msg.L.line)) { L = msg.L; k = NPD_KILL.exec(L.text); if (k) b.take(L); }
      }
      if (json) {
        const t = firstMatch(b.after(16), /"(?:firstTimestamp|eventTime|lastTimestamp)":\s*"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^"]{0,24})"/, /"reason":/);
        if (t) b.time = { raw: t.m[1], wall: t.m[1], iso: t.m[1] };
      }
      // `Killed process` names the victim; `Kill process … or sacrifice child` (before 4.19) the task
      // the kernel chose, whose child may have died in its place
      const chose = k !== null && k[2] === 'Kill';
      if (k && !chose) {
        v.pid = Number(k[3]); v.comm = k[4];
        b.field('k8s.victim.pid', L, k, 3, 'count', v.pid);
        b.field('k8s.victim.comm', L, k, 4);
      }
      if (v.pid !== undefined) sameKillRow(b, v.pid, 'kubelet');
      const where = k?.[1] === 'Memory cgroup out of memory' ? 'a memory cgroup hit its limit' : k ? 'the node ran out of memory' : 'the kernel OOM killer killed a process';
      const who = k ? (chose ? `; the kernel chose ${k[4]} (pid ${k[3]}), or a child of it, to kill` : `; killed ${k[4]} (pid ${k[3]})`) : '';
      b.kill.reason = `OOMKilling (node-problem-detector): ${where}${who}`;
      return 'ok';
    },
  },
  {
    id: 'kubectl-get-pods', kind: 'kubernetes', killer: 'kernel', reporter: 'kubectl', marker: 'OOMKill',
    re: /^(?:(\S+)\s+)?([a-z0-9][-a-z0-9.]{0,252})\s+(\d+\/\d+)\s+(OOMKilled)\s+(\d+)/d,
    build(b, m) {
      b.field('k8s.pod', b.first, m, 2);
      b.field('k8s.reason', b.first, m, 4);
      b.field('k8s.restart_count', b.first, m, 5, 'count', Number(m[5]));
      b.kill.texts.pod = m[2];
      if (m[1] !== undefined) b.kill.texts.namespace = m[1];
      b.kill.numbers.restartCount = Number(m[5]);
      b.kill.reason = `OOMKilled: a container of pod ${m[2]} was killed by the kernel OOM killer (restarted ${m[5]} times)`;
      return 'ok';
    },
  },
  {
    id: 'kubelet-oomkilled', kind: 'kubernetes', killer: 'kernel', reporter: 'kubelet', marker: 'OOMKill', re: /\b(OOMKilled)\b(?!"?\s*:\s*false)/d,
    build(b, m) {
      b.field('k8s.reason', b.first, m, 1);
      const L = b.first;
      const pod = /\bpod="([^"/]+)\/([^"]+)"/d.exec(L.text);
      if (pod) { b.kill.texts.namespace = pod[1]; b.kill.texts.pod = pod[2]; b.field('k8s.pod', L, pod, 2); }
      const c = /\b(?:containerName|container)="([^"]+)"/d.exec(L.text);
      if (c) { b.kill.victim.container = c[1]; b.field('k8s.container', L, c, 1); }
      const id = /\bcontainerID="?(?:[\w-]+:\/\/)?([0-9a-f]{12,64})/d.exec(L.text);
      if (id) { b.kill.victim.containerId = id[1]; b.field('k8s.container_id', L, id, 1); }
      const ec = /\bexitCode[=:]\s*(\d+)/d.exec(L.text);
      if (ec) { b.kill.numbers.exitCode = Number(ec[1]); b.field('k8s.exit_code', L, ec, 1, 'count', Number(ec[1])); }
      k8sReason(b);
      return 'ok';
    },
  },
];

// ---- Kubernetes: the kubelet's evictions under node memory pressure ---------------------------------
// Formats from pkg/kubelet/eviction: helpers.go (`The node was low on resource: %v. `, `Threshold
// quantity: %v, available: %v. `, `Container %s was using %s, request is %s, has larger consumption
// of %v. `; before 1.20 `…, which exceeds its request of %s. `), eviction_manager.go (`"Evicting pod"`
// at -v=3, `"Eviction manager: pod is evicted successfully"`, `"Eviction manager: attempting to
// reclaim" resourceName=…`; before structured logging `eviction manager: attempting to reclaim
// memory`, `… pods NAME_NAMESPACE(UID) evicted successfully`). Only memory evictions are events here.

/** The eviction message's details, each optional (a message may be cut). */
const EVICT_DETAIL = /The node was low on resource: memory\. (?:Threshold quantity: ([\w.%]+), available: ([\w.%]+)\. ?)?(?:Container ([a-z0-9][-a-z0-9.]*) was using (\w+), (?:request is (\w+), has larger consumption of memory|which exceeds its request of (\w+)))?/d;
const RECLAIM = /[Ee]viction manager: attempting to reclaim"?(?: resourceName="([\w.-]+)"| ([\w.-]+))/d;
const EVICTED_OK = /[Ee]viction manager: (?:pod is evicted successfully" pod="([^"/]+)\/([^"]+)"|pods? ([a-z0-9][-a-z0-9.]*)_([a-z0-9][-a-z0-9]*)(?:\(([0-9a-f-]{36})\))? (?:is )?evicted successfully)/d;
const EVICTION_STEP = /[Ee]viction manager: (?:attempting to reclaim|must evict pod|pods ranked for eviction)/;

/** Reads the message details on line L into the event; false when L has no memory eviction message. */
function evictionDetails(b: Build, L: TextLine): boolean {
  const m = EVICT_DETAIL.exec(L.text);
  if (!m) return false;
  const n = b.kill.numbers, t = b.kill.texts;
  const qty = (key: string, name: string, g: number) => {
    if (m[g] === undefined) return;
    t[name] = m[g];
    const bytes = m[g].endsWith('%') ? undefined : quantityBytes(m[g]);
    if (bytes !== undefined) n[`${name}Bytes`] = bytes;
    b.field(key, L, m, g, bytes !== undefined ? 'bytes' : undefined, bytes);
  };
  qty('k8s.eviction.threshold', 'threshold', 1);
  qty('k8s.eviction.available', 'available', 2);
  if (m[3] !== undefined) { b.kill.victim.container = m[3]; b.field('k8s.container', L, m, 3); }
  qty('k8s.eviction.usage', 'containerUsage', 4);
  qty('k8s.request.memory', 'memoryRequest', m[5] !== undefined ? 5 : 6);
  return true;
}

function evictionReason(b: Build): void {
  const t = b.kill.texts, v = b.kill.victim;
  const pod = t.pod ? ` pod ${t.namespace ? `${t.namespace}/` : ''}${t.pod}` : ' a pod';
  const avail = t.available && t.threshold ? ` (available ${t.available}, eviction threshold ${t.threshold})` : '';
  const use = v.container && t.containerUsage ? `; container ${v.container} used ${t.containerUsage}${t.memoryRequest ? `, more than its request ${t.memoryRequest}` : ''}` : '';
  b.kill.reason = `evicted: node low on memory — the kubelet evicted${pod}${avail}${use}`;
  if (t.pod) b.fact('Pod', `${t.namespace ? `${t.namespace}/` : ''}${t.pod}${t.podUid ? ` (uid ${t.podUid})` : ''}`);
  if (avail) b.fact('Node memory', `available ${t.available}, eviction threshold ${t.threshold} (memory.available in evictionHard/evictionSoft)`);
  if (use) b.fact('Container', `${v.container}: using ${t.containerUsage}, request ${t.memoryRequest ?? 'not shown'}`);
}

function setPod(b: Build, L: TextLine, m: RegExpExecArray, ns: number, pod: number): void {
  if (m[pod] === undefined) return;
  b.kill.texts.pod = m[pod];
  b.field('k8s.pod', L, m, pod);
  if (m[ns] !== undefined) { b.kill.texts.namespace = m[ns]; b.field('k8s.namespace', L, m, ns); }
}

const EVICTIONS: Shape[] = [
  {
    id: 'kubelet-evicting-pod', kind: 'kubernetes', killer: 'kubelet', reporter: 'kubelet', marker: 'Evicting pod',
    re: /"Evicting pod" pod="([^"/]+)\/([^"]+)"(?: podUID="([^"]+)")?/d,
    build(b, m) {
      if (!evictionDetails(b, b.first)) return 'no';
      setPod(b, b.first, m, 1, 2);
      if (m[3] !== undefined) b.kill.texts.podUid = m[3];
      // the kubelet's next line on this pod says whether it went: part of this event
      for (const L of b.after(20)) {
        const ok = EVICTED_OK.exec(L.text);
        if (ok && ok[2] === m[2] && ok[1] === m[1]) { b.take(L); b.fact('Result', 'evicted successfully', L.line); break; }
      }
      evictionReason(b);
      return 'ok';
    },
  },
  {
    id: 'kubelet-evicted', kind: 'kubernetes', killer: 'kubelet', reporter: 'kubelet', marker: 'evicted successfully', re: EVICTED_OK,
    build(b, m) {
      // the resource is on the `attempting to reclaim` line of the same round, a few lines up
      let resource: string | undefined;
      const steps: TextLine[] = [];
      for (const L of b.before(12)) {
        if (EVICTED_OK.test(L.text)) break;
        if (EVICTION_STEP.test(L.text)) steps.push(L);
        const r = RECLAIM.exec(L.text);
        if (r) { resource = r[1] ?? r[2]; b.field('k8s.eviction.resource', L, r, r[1] !== undefined ? 1 : 2); break; }
      }
      if (resource !== 'memory') return 'no';
      for (const L of steps) b.take(L);
      if (m[2] !== undefined) setPod(b, b.first, m, 1, 2);
      else {
        setPod(b, b.first, m, 4, 3);
        if (m[5] !== undefined) b.kill.texts.podUid = m[5];
      }
      b.fact('Result', 'evicted successfully', b.first.line);
      evictionReason(b);
      return 'ok';
    },
  },
  {
    id: 'kubectl-describe-evicted', kind: 'kubernetes', killer: 'kubelet', reporter: 'kubectl', marker: 'Evicted', re: /^.{0,8}?Reason:\s+(Evicted)\s*$/d,
    build(b, m) {
      b.field('k8s.eviction.reason', b.first, m, 1);
      const msg = b.after(2).find(L => /Message:\s/.test(L.text));
      if (!msg || !evictionDetails(b, msg)) return 'no';
      b.take(msg);
      const col = b.first.text.indexOf('Reason:');
      // the pod's Name: and Namespace: start in the same column as its Reason:, above it
      for (const L of b.before(40)) {
        const nm = L.text.indexOf('Name:') === col ? /Name:\s+([a-z0-9][-a-z0-9.]*)/d.exec(L.text) : null;
        if (nm) { b.kill.texts.pod = nm[1]; b.field('k8s.pod', L, nm, 1); break; }
        const ns = L.text.indexOf('Namespace:') === col ? /Namespace:\s+([a-z0-9][-a-z0-9]*)/d.exec(L.text) : null;
        if (ns) { b.kill.texts.namespace = ns[1]; b.field('k8s.namespace', L, ns, 1); }
      }
      // the Events table's `Warning  Evicted` row tells the same eviction (the describe output ends at a blank line)
      for (const L of b.after(80)) {
        if (!L.text.trim()) break;
        if (/\bWarning\s+Evicted\s/.test(L.text)) { b.take(L); break; }
      }
      evictionReason(b);
      return 'ok';
    },
  },
  {
    id: 'kubectl-event-evicted', kind: 'kubernetes', killer: 'kubelet', reporter: 'kubectl', marker: 'Evicted',
    re: /\bWarning\s+(Evicted)\s+(?:pod\/([a-z0-9][-a-z0-9.]*)\s+|\S+\s+\S+\s+)(?=The node was low on resource: memory\.)/d,
    build(b, m) {
      b.field('k8s.eviction.reason', b.first, m, 1);
      if (!evictionDetails(b, b.first)) return 'no';
      if (m[2] !== undefined) { b.kill.texts.pod = m[2]; b.field('k8s.pod', b.first, m, 2); }
      evictionReason(b);
      return 'ok';
    },
  },
];

// ---- Android ---------------------------------------------------------------------------------------

const LMK: Shape[] = [
  {
    id: 'lmkd-kill', kind: 'lmkd', killer: 'lmkd', marker: "Kill '",
    re: /Kill '([^']*)' \((\d+)\), uid (\d+), oom_(score_)?adj (-?\d+) to free (\d+)kB(?: rss, (\d+)kB swap)?(?:; reason: (.*))?/d,
    build(b, m) {
      const L = b.first, v = b.kill.victim;
      v.comm = m[1]; v.pid = Number(m[2]); v.uid = Number(m[3]); v.oomScoreAdj = Number(m[5]); v.rssKiB = Number(m[6]);
      b.field('lmkd.comm', L, m, 1);
      b.field('lmkd.pid', L, m, 2, 'count', v.pid);
      b.field('lmkd.uid', L, m, 3, 'count', v.uid);
      b.field(m[4] ? 'lmkd.oom_score_adj' : 'lmkd.oom_adj', L, m, 5, 'count', v.oomScoreAdj);
      b.field('lmkd.rss', L, m, 6, 'kB', v.rssKiB);
      if (m[7] !== undefined) { v.swapKiB = Number(m[7]); b.field('lmkd.swap', L, m, 7, 'kB', v.swapKiB); }
      if (m[8] !== undefined) { b.kill.texts.lmkdReason = m[8].trim(); b.field('lmkd.reason', L, m, 8); }
      b.kill.reason = m[8] !== undefined ? m[8].trim() : `lmkd killed the app with the highest oom_score_adj it could find (${m[5]})`;
      b.fact('Killed', `${m[1]} (pid ${m[2]}, uid ${m[3]}, ${m[4] ? 'oom_score_adj' : 'oom_adj'} ${m[5]}) to free ${m[6]} kB${m[7] !== undefined ? ` rss and ${m[7]} kB swap` : ''}`, L.line);
      return 'ok';
    },
  },
  {
    id: 'lmkd-killing', kind: 'lmkd', killer: 'lmkd', marker: "Killing '", re: /Killing '([^']*)' \((\d+)\), uid (\d+), adj (-?\d+)/d,
    build(b, m) {
      const L = b.first, v = b.kill.victim;
      v.comm = m[1]; v.pid = Number(m[2]); v.uid = Number(m[3]); v.oomScoreAdj = Number(m[4]);
      b.field('lmkd.comm', L, m, 1);
      b.field('lmkd.pid', L, m, 2, 'count', v.pid);
      b.field('lmkd.uid', L, m, 3, 'count', v.uid);
      b.field('lmkd.oom_score_adj', L, m, 4, 'count', v.oomScoreAdj);
      let why = '';
      for (const C of [L, ...b.after(3)]) {
        const f = /to free (\d+)kB because (.*?)\s*$/d.exec(C.text);
        if (!f) continue;
        if (C !== L) b.take(C);
        v.rssKiB = Number(f[1]);
        b.field('lmkd.rss', C, f, 1, 'kB', v.rssKiB);
        why = f[2];
        break;
      }
      b.kill.reason = why || `lmkd killed the app with the highest adj it could find (${m[4]})`;
      return 'ok';
    },
  },
  {
    id: 'lowmemorykiller', kind: 'lmkd', killer: 'lowmemorykiller', marker: "Killing '", re: /Killing '([^']*)' \((\d+)\), adj (-?\d+),?/d,
    build(b, m) {
      const L = b.first, v = b.kill.victim;
      v.comm = m[1]; v.pid = Number(m[2]); v.oomScoreAdj = Number(m[3]);
      b.field('lmk.comm', L, m, 1);
      b.field('lmk.pid', L, m, 2, 'count', v.pid);
      b.field('lmk.adj', L, m, 3, 'count', v.oomScoreAdj);
      let cache: string | undefined, limit: string | undefined, adjLimit: string | undefined;
      for (const C of [L, ...b.after(4)]) {
        if (C !== L && /Killing '|send sigkill/.test(C.text)) break;
        let used = false;
        const f = /to free (\d+)kB on behalf of '([^']*)' \((\d+)\)/d.exec(C.text);
        if (f) { used = true; v.rssKiB = Number(f[1]); b.field('lmk.free', C, f, 1, 'kB', v.rssKiB); b.kill.texts.onBehalfOf = `${f[2]} (pid ${f[3]})`; }
        const c = /cache (\d+)kB is below limit (\d+)kB for oom_score_adj (-?\d+)/d.exec(C.text);
        if (c) {
          used = true; cache = c[1]; limit = c[2]; adjLimit = c[3];
          b.field('lmk.cache', C, c, 1, 'kB', Number(c[1]));
          b.field('lmk.minfree', C, c, 2, 'kB', Number(c[2]));
          b.field('lmk.min_adj', C, c, 3, 'count', Number(c[3]));
          Object.assign(b.kill.numbers, { cacheKiB: Number(c[1]), minfreeKiB: Number(c[2]), minAdj: Number(c[3]) });
        }
        const fr = /Free memory is (-?\d+)kB above reserved/d.exec(C.text);
        if (fr) { used = true; b.field('lmk.free_above_reserved', C, fr, 1, 'kB', Number(fr[1])); b.kill.numbers.freeAboveReservedKiB = Number(fr[1]); }
        if (used && C !== L) b.take(C);
      }
      b.kill.reason = cache !== undefined
        ? `page cache ${cache} kB fell below the minfree level ${limit} kB, which allows killing apps with oom_score_adj ≥ ${adjLimit}`
        : `the kernel lowmemorykiller killed the app with the highest adj (${m[3]})`;
      if (b.kill.texts.onBehalfOf) b.fact('On behalf of', b.kill.texts.onBehalfOf);
      return 'ok';
    },
  },
  {
    id: 'lowmemorykiller-old', kind: 'lmkd', killer: 'lowmemorykiller', marker: 'send sigkill', re: /send sigkill to (\d+) \(([^)]*)\), adj (-?\d+), size (\d+)/d,
    build(b, m) {
      const L = b.first, v = b.kill.victim;
      v.pid = Number(m[1]); v.comm = m[2]; v.oomScoreAdj = Number(m[3]);
      b.field('lmk.pid', L, m, 1, 'count', v.pid);
      b.field('lmk.comm', L, m, 2);
      b.field('lmk.adj', L, m, 3, 'count', v.oomScoreAdj);
      b.field('lmk.size', L, m, 4, 'pages', Number(m[4]));
      v.rssKiB = Number(m[4]) * 4;
      b.kill.reason = `the kernel lowmemorykiller killed the app with the highest oom_adj (${m[3]}) once free memory and cache fell below its minfree level`;
      return 'ok';
    },
  },
];

// ---- Talos -----------------------------------------------------------------------------------------

/** `[talos] victim processes: {…, "processes": [1234, 5678]}`: the pids in the cgroup it killed (`[]` when it was empty). */
const TALOS_VICTIMS = /\[talos\] victim processes:.*?"processes":\s*\[([\d,\s]*)\]/;

const TALOS: Shape[] = [
  {
    // Talos' runtime.OOMController (internal/app/machined/pkg/controllers/runtime/oom.go): on node
    // memory pressure it ranks the kubepods cgroups (BestEffort first) and kills the whole cgroup
    id: 'talos-oom-controller', kind: 'kubernetes', killer: 'talos', marker: 'SIGKILL to cgroup',
    re: /\[talos\] Sending SIGKILL to cgroup .*?"cgroup":\s*"([^"]{1,4096})"/d,
    build(b, m) {
      const L = b.first;
      b.kill.victim.cgroup = m[1];
      b.field('talos.cgroup', L, m, 1);
      // the lines of this round only: not across the kill line of another
      for (const P of b.before(4)) {
        if (P.text.includes('SIGKILL to cgroup')) break;
        if (!b.taken(P.line) && /\[talos\] OOM controller triggered/.test(P.text)) { b.take(P); break; }
      }
      let pids: number[] | undefined;
      for (const N of b.after(4)) {
        if (N.text.includes('SIGKILL to cgroup')) break;
        const v = TALOS_VICTIMS.exec(N.text);
        if (!v) continue;
        b.take(N);
        pids = v[1].split(',').map(x => x.trim()).filter(Boolean).map(Number);
        b.fact('Processes', pids.length ? pids.join(', ') : 'none (the cgroup was empty: nothing was freed)', N.line);
        break;
      }
      b.kill.reason = `Talos' OOM controller: the node was low on memory, and it sent SIGKILL to every process of the cgroup it ranked first (BestEffort pods before Burstable)${pids && !pids.length ? ', which held none' : ''}`;
      b.fact('Cgroup', m[1], L.line);
      return 'ok';
    },
  },
];

/** All shapes, most specific first within each killer. */
export const SHAPES: readonly Shape[] = [...OOMD, ...EARLYOOM, ...LMK, ...KUBERNETES, ...EVICTIONS, ...TALOS];
