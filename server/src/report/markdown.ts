/**
 * The report view as Markdown: `oom-lens analyze --format markdown` and the webview's
 * "Export to Markdown" print exactly this.
 */
import { formatKiB, type EventView, type ReportView, type TimelinePoint } from './model';
import { mdCode, mdText } from '../common/markdown';

/** Escape text for a Markdown table cell or inline text (process names may hold `|`, `*`, `<`, backticks, links). */
export const mdEscape = mdText;

/** Inline code span that survives backticks inside the text (common/markdown.ts). */
const code = mdCode;

function eventMarkdown(e: EventView, out: string[]): void {
  out.push(`## Event ${e.index + 1} (line ${e.line + 1}): ${mdEscape(e.headline)}`, '');
  const facts: string[] = [];
  if (e.when) facts.push(`- **When:** ${mdEscape(e.when)}`);
  if (e.kernel) facts.push(`- **Kernel:** ${mdEscape(e.kernel)}`);
  facts.push(`- **Kind:** ${mdEscape(e.kindText)}${e.constraint ? ` (${mdEscape(e.constraint)})` : ''}`);
  const u = e.userspace;
  if (u) {
    facts.push(`- **Killed by:** ${mdEscape(u.killer === 'kernel' ? `the kernel OOM killer (reported by ${u.reporter ?? 'the runtime'})` : u.killer)}`);
    facts.push(`- **Why:** ${mdEscape(u.reason)}`);
    for (const f of u.facts) facts.push(`- **${mdEscape(f.label)}:** ${mdEscape(f.text)}${f.line !== undefined ? ` (line ${f.line + 1})` : ''}`);
  }
  if (e.trigger) {
    const t = e.trigger;
    facts.push(`- **Trigger:** ${mdEscape(t.comm)}${t.pid !== undefined ? ` (pid ${t.pid})` : ''} asked for memory and could not get it (line ${t.line + 1})`);
    if (t.orderText) facts.push(`- **Allocation:** order ${t.order}: ${mdEscape(t.orderText)}`);
    if (t.gfpFlags.length) {
      const how = t.gfpSource === 'decoded' ? ` (this kernel prints no names: decoded with the gfp.h table of ${t.gfpEra ?? 'its version'})` : '';
      facts.push(`- **GFP flags** ${mdEscape(t.gfpMask ?? '')}${how}:`);
      for (const f of t.gfpFlags) facts.push(`  - ${code(f.name)}${f.words ? `: ${mdEscape(f.words)}` : ''}`);
    } else if (t.gfpMask) facts.push(`- **GFP mask:** ${mdEscape(t.gfpMask)}${t.gfpMask === '0x0' ? ' (no flags: OOM from a page fault)' : ''}`);
  }
  if (e.memcg) {
    const m = e.memcg;
    if (m.limitPath) facts.push(`- **Limit hit in:** ${code(m.limitPath)}${m.limitUnit ? ` (unit ${mdEscape(m.limitUnit)})` : ''}`);
    if (m.taskPath && m.taskPath !== m.limitPath) facts.push(`- **Victim's cgroup:** ${code(m.taskPath)}`);
    if (m.container) facts.push(`- **Container:** ${mdEscape(m.container)}`);
    if (m.usageKiB !== undefined) {
      const limit = m.unlimited ? 'no limit' : `limit ${formatKiB(m.limitKiB)}`;
      facts.push(`- **${m.counter === 'memory+swap' ? 'Memory+swap (the limit that was hit)' : m.counter === 'kmem' ? 'Kernel memory (the limit that was hit)' : 'Memory'}:** usage ${formatKiB(m.usageKiB)}, ${limit}${m.failcnt !== undefined ? `, limit hit ${m.failcnt} times` : ''}`);
    }
    if (m.swapUsageKiB !== undefined) facts.push(`- **Swap (cgroup):** usage ${formatKiB(m.swapUsageKiB)}, limit ${formatKiB(m.swapLimitKiB)}`);
  }
  for (const v of e.victims) {
    const parts = [
      v.anonKiB !== undefined ? `anon ${formatKiB(v.anonKiB)}` : '',
      v.fileKiB !== undefined ? `file ${formatKiB(v.fileKiB)}` : '',
      v.shmemKiB !== undefined ? `shmem ${formatKiB(v.shmemKiB)}` : '',
      v.totalVmKiB !== undefined ? `virtual ${formatKiB(v.totalVmKiB)}` : '',
    ].filter(Boolean);
    facts.push(`- **Killed:** ${mdEscape(v.comm)} (pid ${v.pid}${v.uid !== undefined ? `, uid ${v.uid}` : ''}${v.oomScoreAdj !== undefined ? `, oom_score_adj ${v.oomScoreAdj}` : ''}) line ${v.line + 1}${parts.length ? `: ${parts.join(', ')}` : ''}`);
  }
  if (e.victimCount > e.victims.length) facts.push(`- **Killed:** … and ${e.victimCount - e.victims.length} more`);
  if (e.groupPath) facts.push(`- **Group kill:** every task in ${code(e.groupPath)} (memory.oom.group)`);
  if (e.noKillable) facts.push('- **No killable process:** every candidate was unkillable (oom_score_adj -1000 or kernel threads)');
  if (!u) facts.push(`- **Reaper:** ${mdEscape(e.reaper.text)}${e.reaper.line !== undefined ? ` (line ${e.reaper.line + 1})` : ''}`);
  if (e.panic) facts.push(`- **Panic:** ${mdEscape(e.panic)}`);
  out.push(...facts, '');

  if (e.topProcesses.length) {
    out.push(`### Largest processes (${e.topProcesses.length} of ${e.taskCount})`, '');
    if (e.rssSplit) {
      out.push('| pid | name | rss | anon | file | shmem | oom_score_adj | line |', '|---:|---|---:|---:|---:|---:|---:|---:|');
      for (const p of e.topProcesses) {
        out.push(`| ${p.pid} | ${mdEscape(p.name)}${p.victim ? ' **(killed)**' : ''} | ${formatKiB(p.rssKiB)} | ${formatKiB(p.anonKiB)} | ${formatKiB(p.fileKiB)} | ${formatKiB(p.shmemKiB)} | ${p.oomScoreAdj ?? ''} | ${p.line + 1} |`);
      }
    } else {
      out.push('| pid | name | rss | oom_score_adj | line |', '|---:|---|---:|---:|---:|');
      for (const p of e.topProcesses) {
        out.push(`| ${p.pid} | ${mdEscape(p.name)}${p.victim ? ' **(killed)**' : ''} | ${formatKiB(p.rssKiB)} | ${p.oomScoreAdj ?? ''} | ${p.line + 1} |`);
      }
    }
    out.push('');
  }
  if (e.zones.length) {
    out.push('### Free memory per zone', '', '| zone | free | min | low | high | state | line |', '|---|---:|---:|---:|---:|---|---:|');
    for (const z of e.zones) {
      out.push(`| ${mdEscape(z.name)} | ${formatKiB(z.freeKiB)} | ${formatKiB(z.minKiB)} | ${formatKiB(z.lowKiB)} | ${formatKiB(z.highKiB)} | ${z.belowMin ? 'below min' : 'ok'} | ${z.line + 1} |`);
    }
    out.push('');
  }
  if (e.swap) {
    out.push(e.swap.totalKiB === 0
      ? '**Swap:** none configured.'
      : `**Swap:** ${formatKiB(e.swap.freeKiB)} free of ${formatKiB(e.swap.totalKiB)}.`, '');
  }
  if (e.missing.length) out.push(`**Not in the report:** ${e.missing.map(mdEscape).join(', ')}.`, '');
  if (e.problems.length) {
    out.push('**Problems:**', '');
    for (const p of e.problems) out.push(`- line ${p.line + 1}: ${mdEscape(p.message)}`);
    if (e.problemCount > e.problems.length) out.push(`- … and ${e.problemCount - e.problems.length} more`);
    out.push('');
  }
}

/** One event's Markdown, as renderMarkdown writes it; a report's events are joined with EVENT_SEPARATOR. */
export function eventMarkdownText(e: EventView): string {
  const out: string[] = [];
  eventMarkdown(e, out);
  return out.join('\n');
}

export const EVENT_SEPARATOR = '\n';

/*
 * A report's Markdown is, in this order: markdownHead, then with a timeline each event's
 * timelineRow and the timelineTail, then the events' eventMarkdownText joined with
 * EVENT_SEPARATOR. renderMarkdown puts them together from a report view; the streaming
 * `oom-lens analyze --format markdown` (cli/analyze.ts) writes the rows and event texts as the
 * events come and the head, which needs their count, at the end.
 */

/** The title, the event count and, when the report has a timeline, the timeline table's header. */
export function markdownHead(file: string, count: number, timeline: boolean): string {
  const out: string[] = [`# OOM report: ${mdEscape(file)}`, ''];
  if (!count) {
    out.push('No OOM-killer report found in this file.', '');
    return out.join('\n');
  }
  out.push(`${count} OOM event${count === 1 ? '' : 's'}.`, '');
  if (timeline) out.push('## Timeline', '', '| # | when | killed | freed | line |', '|---:|---|---|---:|---:|');
  out.push('');
  return out.join('\n');
}

/** One row of the timeline table, with its line break; `when` is the event's. */
export function timelineRow(p: TimelinePoint, when: string | undefined): string {
  return `| ${p.index + 1} | ${mdEscape(when ?? '')} | ${mdEscape(p.victim ?? '—')} | ${formatKiB(p.freedKiB)} | ${p.line + 1} |\n`;
}

/** What follows the timeline's rows: the memory freed by all its kills. */
export function timelineTail(totalFreedKiB: number): string {
  return `\nMemory freed by all kills (anonymous + shmem; file pages stay cached): ${formatKiB(totalFreedKiB)}.\n\n`;
}

/** The whole report of a view (the editor's report view and its "Export to Markdown"). */
export function renderMarkdown(view: ReportView): string {
  const head = markdownHead(view.file, view.events.length, !!view.timeline);
  if (!view.events.length) return head;
  const out: string[] = [head];
  if (view.timeline) {
    for (const p of view.timeline.points) {
      const e = view.events[p.index] ?? view.events.find(x => x.index === p.index);
      out.push(timelineRow(p, e?.when));
    }
    out.push(timelineTail(view.timeline.totalFreedKiB));
  }
  return out.join('') + view.events.map(eventMarkdownText).join(EVENT_SEPARATOR);
}
