/**
 * Report header lines: the trigger line (`X invoked oom-killer: …`), the cpuset line, the
 * `CPU: … PID: … Comm: …` / `Pid: N, comm:` line and the stack dump that follows.
 */
import { type Trigger, relLine } from './model';
import { type Line, intAt, named } from './lines';
import { type OpenEvent, Phase } from './state';

const TRIGGER_MARK = ' invoked oom-killer: ';
const LEGACY_MARK = 'oom-killer: gfp_mask=';

/** Is this line a trigger line? Cheap test used before starting a new event. */
export function isTrigger(t: string): boolean {
  if (t.includes(TRIGGER_MARK)) return true;
  return t.startsWith(LEGACY_MARK);
}

/**
 * Split `k=v, k=v` after `invoked oom-killer: `. Values end at `, <name>=` (nodemask lists such
 * as `0-1,3` contain commas without a following space).
 */
function kvList(text: string, from: number): { key: string; ks: number; vs: number; ve: number }[] {
  const out: { key: string; ks: number; vs: number; ve: number }[] = [];
  let i = from;
  while (i < text.length) {
    while (text.charCodeAt(i) === 32) i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i, eq);
    if (!/^[a-z_]{1,20}$/.test(key)) break;
    // value runs to the next ", name=" boundary
    let j = eq + 1;
    let ve = text.length;
    for (;;) {
      const c = text.indexOf(',', j);
      if (c < 0) break;
      let k = c + 1;
      while (text.charCodeAt(k) === 32) k++;
      if (k > c + 1 && /^[a-z_]{1,20}=/.test(text.slice(k, k + 21))) { ve = c; break; }
      j = c + 1;
    }
    out.push({ key, ks: i, vs: eq + 1, ve });
    i = ve + 1;
  }
  return out;
}

export function parseTrigger(L: Line, t0: number, o: OpenEvent): void {
  const text = L.text;
  const ev = o.ev;
  let after: number;
  const mark = text.indexOf(TRIGGER_MARK, t0);
  const trig: Trigger = { comm: '', gfpFlags: [], gfpFlagsSource: 'none', line: relLine(ev, L.line) };
  if (mark >= 0) {
    trig.comm = text.slice(t0, mark);
    o.sink.add('trigger.comm', L, t0, mark);
    after = mark + TRIGGER_MARK.length;
  } else {
    after = text.indexOf(LEGACY_MARK, t0) + 'oom-killer: '.length;
  }
  for (const kv of kvList(text, after)) {
    const raw = text.slice(kv.vs, kv.ve);
    switch (kv.key) {
      case 'gfp_mask': {
        const paren = raw.indexOf('(');
        const hexEnd = paren >= 0 ? kv.vs + paren : kv.vs + (/^0x[0-9a-fA-F]*/.exec(raw)?.[0].length ?? raw.length);
        // a mask is read right or not at all (never the `3D0x…` of an undecoded mail)
        if (!/^0x[0-9a-fA-F]{1,16}$/.test(text.slice(kv.vs, hexEnd))) break;
        trig.gfpMask = text.slice(kv.vs, hexEnd);
        o.sink.add('trigger.gfp_mask', L, kv.vs, hexEnd, named(kv.ks, kv.vs - 1, 'none', parseInt(trig.gfpMask, 16)));
        if (paren >= 0) {
          const close = raw.indexOf(')', paren);
          const inner = raw.slice(paren + 1, close >= 0 ? close : raw.length);
          trig.gfpFlags = inner ? inner.split('|') : [];
          trig.gfpFlagsSource = 'printed';
          o.sink.add('trigger.gfp_flags', L, kv.vs + paren + 1, kv.vs + paren + 1 + inner.length);
        }
        break;
      }
      case 'nodemask':
        trig.nodemask = raw;
        o.sink.add('trigger.nodemask', L, kv.vs, kv.ve, named(kv.ks, kv.vs - 1));
        break;
      case 'order': case 'oom_score_adj': case 'oom_adj': case 'oomkilladj': {
        const n = intAt(text, kv.vs);
        // the number must be the whole value: `order=3D0` is an undecoded mail, not order 3
        if (!n || text.slice(n.end, kv.ve).trim() !== '') break;
        if (kv.key === 'order') trig.order = n.value;
        else if (kv.key === 'oom_score_adj') trig.oomScoreAdj = n.value;
        else trig.oomAdj = n.value;
        o.sink.add(`trigger.${kv.key}`, L, kv.vs, n.end, named(kv.ks, kv.vs - 1, 'count', n.value));
        break;
      }
    }
  }
  ev.trigger = trig;
  o.phase = Phase.Trigger;
  o.block = 'stack';
}

/** `comm cpuset=<name> mems_allowed=<list>` (2.6 – 4.18). */
export function parseCpuset(L: Line, t0: number, o: OpenEvent): boolean {
  const text = L.text;
  const c = text.indexOf(' cpuset=', t0);
  if (c < 0) return false;
  const m = text.lastIndexOf(' mems_allowed=');
  if (m < c) return false;
  const comm = text.slice(t0, c);
  const name = text.slice(c + 8, m);
  const mems = text.slice(m + 14).trimEnd();
  o.ev.cpuset = { comm, name, memsAllowed: mems, line: relLine(o.ev, L.line) };
  o.sink.add('cpuset.cpuset', L, c + 8, m, named(c + 1, c + 7));
  o.sink.add('cpuset.mems_allowed', L, m + 14, m + 14 + mems.length, named(m + 1, m + 13));
  return true;
}

/**
 * `CPU: 4 PID: 29481 Comm: sed Not tainted 3.10.0-514.6.1.el7.x86_64 #1` (3.10+, 6.11+ adds `UID: N`)
 * or `Pid: 18613, comm: minicom Not tainted 2.6.36-ARCH #1` (≤3.9).
 */
export function parseCpuLine(L: Line, t0: number, o: OpenEvent): boolean {
  const text = L.text;
  let i = t0;
  let pid: number | undefined;
  let commStart: number;
  if (text.startsWith('CPU: ', i)) {
    const cpu = intAt(text, i + 5);
    if (!cpu) return false;
    o.sink.add('cpu.cpu', L, i + 5, cpu.end, named(i, i + 3, 'count', cpu.value));
    i = cpu.end + 1;
    if (text.startsWith('UID: ', i)) {
      const uid = intAt(text, i + 5);
      if (!uid) return false;
      o.sink.add('cpu.uid', L, i + 5, uid.end, named(i, i + 3, 'count', uid.value));
      if (o.ev.trigger) o.ev.trigger.uid = uid.value;
      i = uid.end + 1;
    }
    if (!text.startsWith('PID: ', i)) {
      // s390 and other old ports: `CPU: 7 Not tainted 2.6.32-… #1` (the pid is on the `Process` line)
      if (!text.startsWith('Not tainted ', i) && !text.startsWith('Tainted: ', i)) return false;
      if (o.ev.trigger) o.ev.trigger.cpu = cpu.value;
      release(L, i - 1, o);
      return true;
    }
    const p = intAt(text, i + 5);
    if (!p) return false;
    pid = p.value;
    o.sink.add('cpu.pid', L, i + 5, p.end, named(i, i + 3, 'count', p.value));
    if (o.ev.trigger) o.ev.trigger.cpu = cpu.value;
    i = p.end + 1;
    if (!text.startsWith('Comm: ', i)) return false;
    commStart = i + 6;
  } else if (text.startsWith('Pid: ', i)) {
    const p = intAt(text, i + 5);
    if (!p || !text.startsWith(', comm: ', p.end)) return false;
    pid = p.value;
    o.sink.add('cpu.pid', L, i + 5, p.end, named(i, i + 3, 'count', p.value));
    commStart = p.end + 8;
  } else if (text.startsWith('Process ', i)) {
    // s390: `Process java (pid: 1234, task: 000000007b8a8000, ksp: 000000007b8abb38)`
    const k = text.indexOf(' (pid: ', i + 8);
    if (k < 0 || k - (i + 8) > 15) return false;
    const p = intAt(text, k + 7);
    if (!p || !text.startsWith(', task: ', p.end)) return false;
    o.sink.add('cpu.comm', L, i + 8, k);
    o.sink.add('cpu.pid', L, k + 7, p.end, named(k + 2, k + 5, 'count', p.value));
    if (o.ev.trigger && o.ev.trigger.comm === text.slice(i + 8, k)) o.ev.trigger.pid = p.value;
    return true;
  } else return false;

  // comm ends at the taint text (or `Kdump: loaded`), which is followed by the release and `#N`.
  const limit = Math.min(text.length, commStart + 21 + 200);
  const seg = text.slice(commStart, limit);
  let commEnd = -1;
  for (const mark of [' Kdump: loaded ', ' Not tainted ', ' Tainted: ']) {
    const k = seg.indexOf(mark);
    if (k >= 0 && (commEnd < 0 || k < commEnd)) commEnd = k;
  }
  if (commEnd < 0) return true;
  o.sink.add('cpu.comm', L, commStart, commStart + commEnd);
  if (o.ev.trigger && pid !== undefined) o.ev.trigger.pid = pid;
  release(L, commStart + commEnd, o);
  return true;
}

/** The release: the token before the first ` #<digit>` after the taint text that starts at `from`. */
function release(L: Line, from: number, o: OpenEvent): void {
  const text = L.text;
  const seg = text.slice(from, Math.min(text.length, from + 221));
  const hash = /^(.*?) (\S+) #\d/.exec(seg);
  if (hash) {
    const relStart = from + hash[1].length + 1;
    o.ev.kernel = hash[2];
    o.sink.add('cpu.release', L, relStart, relStart + hash[2].length);
  }
}

/**
 * Stack-dump lines between the header and the first memory block. Records what the frames say
 * about the allocation path. Returns false for lines that do not look like stack output.
 */
export function parseStackLine(L: Line, t0: number, o: OpenEvent): boolean {
  const t = L.text;
  if (t0 >= t.length) return false;
  const c = t.charCodeAt(t0);
  const rest = t.length - t0 > 300 ? t.slice(t0, t0 + 300) : t.slice(t0);
  let frame = false;
  // Each pattern below is tried only when the line's first character (or a '+0x' in it) can start a
  // match: most lines that reach here are none of these, and would otherwise try every one.
  const upper = c >= 65 && c <= 90;
  const letter = upper || (c >= 97 && c <= 122);
  const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
  if (c === 91 /* [ */ && rest.startsWith('[<')) frame = true;
  else if (c === 63 /* ? */ && rest.startsWith('? ')) frame = true;
  else if (c === 60 /* < */ && /^<\/?(TASK|IRQ|NMI|EOI)>/.test(rest)) return true;
  else if (upper && /^(Call Trace:|Hardware name: |Workqueue: |Code: |Exception stack|Backtrace:|Stack:|COMPACTION is disabled|Kdump: |Modules linked in:|Huh VM_FAULT_OOM|Memory cgroup min protection )/.test(rest)) return true;
  else if (letter && /^(R[A-Z0-9]{1,3}|E[A-Z]{2}|CS|DS|ES|FS|GS|CR[0-4]|DR[0-7]|pc|lr|sp|ip|fp|psr|x\d{1,2}|r\d{1,2}) ?: /.test(rest)) return true;
  else if (upper && /^(?:Flags: |Control: |Table: |DAC: |Process .{1,16} \(pid: |Krnl PSW |Krnl GPRS:|Last Breaking-Event-Address:)/.test(rest)) return true;
  else if (c === 70 /* F */ && rest.startsWith('Function entered at [<')) frame = true;
  // ARM unwinder frames without the caller's address in front (Android 4.14 builds):
  // `(dump_header) from [<c027cfe4>] (oom_kill_process+0xc0/0x5c4)`
  else if (c === 40 /* ( */ && /^\([\w.$]{1,120}\) from \[<[0-9a-f]{8,16}>\] \(/.test(rest)) frame = true;
  // ARM frame-pointer unwinder: the registers saved by each frame, ` r6:00000000 r5:c0a0b0c0 …`
  else if (c === 114 /* r */ && /^r\d{1,2}:[0-9a-f]{8}(?: |$)/.test(rest)) return true;
  else if (hex && /^[0-9a-f]{8,16}(?: [0-9a-f]{8,16}){1,7} ?$/.test(rest)) return true;
  // ARM `Exception stack(…)` dump: `bfa0: 5d056000 00000000 …` (the offset, then up to 8 words)
  else if (hex && /^[0-9a-f]{4}: {1,40}[0-9a-f]{8}(?: [0-9a-f]{8}){0,7} ?$/.test(rest)) return true;
  else if (!rest.includes('+0x')) return false; // both frame shapes below have one
  else if (/^[\w.$]{1,120}\+0x[0-9a-f]{1,8}\/0x[0-9a-f]{1,8}/.test(rest)) frame = true;
  else if (/^[\w.$]{1,120} from [\w.$]{1,120}\+0x/.test(rest)) frame = true;
  if (!frame) return false;
  const s = o.ev.stack ?? (o.ev.stack = { memcg: false, pageAlloc: false, pagefault: false, sysrq: false, line: relLine(o.ev, L.line) });
  if (rest.includes('mem_cgroup_out_of_memory') || rest.includes('mem_cgroup_oom')) s.memcg = true;
  if (rest.includes('__alloc_pages')) s.pageAlloc = true;
  if (rest.includes('pagefault_out_of_memory')) s.pagefault = true;
  if (rest.includes('moom_callback') || rest.includes('sysrq')) s.sysrq = true;
  return true;
}
