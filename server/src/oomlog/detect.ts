/** Cheap test used to pick up OOM reports pasted into plain-text or generic log documents. */
const MARKERS = ['invoked oom-killer', 'Killed process ', 'Out of memory: ', 'oom-kill:constraint=', 'Memory cgroup out of memory'];

export function looksLikeOomLog(text: string): boolean {
  for (const m of MARKERS) if (text.includes(m)) return true;
  return false;
}
