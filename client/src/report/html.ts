/**
 * The OOM report webview page as one HTML string: a pure function of the view model, testable in
 * node. Strict Content-Security-Policy (nothing loads from anywhere; style and script by nonce),
 * theme colours from VS Code's CSS variables. Only the selected event's details are rendered;
 * the others are rendered on demand (renderEventDetail) when the user opens them, so a file with
 * hundreds of events stays light.
 */
import { formatKiB, type EventView, type ReportView } from '../../../server/src/lsp/protocol';
import { esc, processChart, timelineChart, usageBar, zoneChart } from './charts';

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.4em; } h3 { font-size: 1em; margin: 1em 0 .3em; }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
table { border-collapse: collapse; margin: .3em 0; }
th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
tr.summary { cursor: pointer; } tr.summary:hover, tr.summary.open { background: var(--vscode-list-hoverBackground); }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px; margin: .4em 0; } dt { color: var(--vscode-descriptionForeground); } dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
code, h2, td { overflow-wrap: anywhere; }
a.line, .clickable { cursor: pointer; color: var(--vscode-textLink-foreground); }
.victim-name { font-weight: bold; color: var(--vscode-errorForeground); }
.note { color: var(--vscode-descriptionForeground); }
.problem { color: var(--vscode-editorWarning-foreground); }
.chart text { fill: var(--vscode-foreground); font-size: 11px; } .chart .legend { fill: var(--vscode-descriptionForeground); }
.chart g.victim .label { fill: var(--vscode-errorForeground); font-weight: bold; }
.seg-anon { fill: var(--vscode-charts-red); } .seg-file { fill: var(--vscode-charts-blue); } .seg-shmem { fill: var(--vscode-charts-purple); }
.seg-rss, .seg-used, .seg-event { fill: var(--vscode-charts-blue); } .seg-free { fill: var(--vscode-charts-green); } .seg-low { fill: var(--vscode-charts-red); }
.track { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-panel-border); }
.victim-outline { fill: none; stroke: var(--vscode-charts-orange); stroke-width: 2; }
.mark-min { stroke: var(--vscode-charts-red); stroke-width: 2; } .mark-low { stroke: var(--vscode-charts-orange); stroke-width: 2; } .mark-high { stroke: var(--vscode-charts-yellow); stroke-width: 2; }
.axis { stroke: var(--vscode-panel-border); }
svg.chart { max-width: 100%; height: auto; }
.clickable:focus { outline: 1px solid var(--vscode-focusBorder); }
`;

/** Runs inside the webview: clicks → messages to the extension; details arrive as HTML. */
const SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  let wanted = -1;
  function openEvent(i) {
    wanted = i;
    const box = document.getElementById('ev-' + i);
    if (!box) return;
    document.querySelectorAll('tr.summary').forEach(function (r) { r.classList.toggle('open', r.getAttribute('data-event') === String(i)); });
    if (!box.hasAttribute('data-loaded')) vscode.postMessage({ type: 'expand', index: i });
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
  }
  function activate(t) {
    if (t.closest('#export')) { vscode.postMessage({ type: 'exportMarkdown' }); return; }
    const ev = t.closest('[data-event]');
    const link = t.closest('[data-line]');
    if (ev) openEvent(Number(ev.getAttribute('data-event')));
    if (link) vscode.postMessage({ type: 'reveal', line: Number(link.getAttribute('data-line')) });
  }
  document.addEventListener('click', function (ev) {
    if (ev.target instanceof Element) activate(ev.target);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && ev.target instanceof Element && !ev.target.closest('button')) activate(ev.target);
  });
  window.addEventListener('message', function (ev) {
    const m = ev.data;
    if (!m || m.type !== 'eventHtml') return;
    const box = document.getElementById('ev-' + m.index);
    if (!box) return;
    box.innerHTML = m.html;
    box.setAttribute('data-loaded', '');
    // The details arrive after the click: bring the event the user asked for into view now.
    if (m.index === wanted) box.scrollIntoView({ block: 'start' });
  });
})();
`;

function lineLink(line: number | undefined, text?: string): string {
  if (line === undefined) return '';
  return `<a class="line" data-line="${line}" tabindex="0" title="Show in log">${esc(text ?? `line ${line + 1}`)}</a>`;
}

function dl(rows: [string, string][]): string {
  return `<dl>${rows.filter(r => r[1]).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** Details of one event: facts, the process chart, watermarks, memcg and swap usage. */
export function renderEventDetail(e: EventView): string {
  const rows: [string, string][] = [];
  rows.push(['When', esc(e.when ?? 'no timestamp')]);
  if (e.kernel) rows.push(['Kernel', esc(e.kernel)]);
  rows.push(['Kind', `${esc(e.kindText)}${e.constraint ? ` <span class="note">(${esc(e.constraint)})</span>` : ''}`]);
  const u = e.userspace;
  if (u) {
    rows.push(['Killed by', esc(u.killer === 'kernel' ? `the kernel OOM killer (reported by ${u.reporter ?? 'the runtime'})` : u.killer)]);
    rows.push(['Why', esc(u.reason)]);
    for (const f of u.facts) rows.push([f.label, `${esc(f.text)}${f.line !== undefined ? ` — ${lineLink(f.line)}` : ''}`]);
  }
  const t = e.trigger;
  if (t) {
    rows.push(['Trigger', `${esc(t.comm)}${t.pid !== undefined ? ` (pid ${t.pid})` : ''} needed memory and could not get it — ${lineLink(t.line)}`]);
    if (t.orderText) rows.push(['Allocation', `order ${esc(t.order)}: ${esc(t.orderText)}`]);
    if (t.gfpFlags.length) {
      const how = t.gfpSource === 'decoded' ? ` <span class="note">(this kernel prints no names: decoded with the gfp.h table of ${esc(t.gfpEra ?? 'its version')})</span>` : '';
      rows.push(['GFP flags', `<code>${esc(t.gfpMask)}</code>${how}<ul>${t.gfpFlags.map(f => `<li><code>${esc(f.name)}</code>${f.words ? ` — ${esc(f.words)}` : ''}</li>`).join('')}</ul>`]);
    } else if (t.gfpMask) rows.push(['GFP mask', `<code>${esc(t.gfpMask)}</code>${t.gfpMask === '0x0' ? ' — no flags: OOM raised from a page fault' : ''}`]);
  }
  const m = e.memcg;
  if (m) {
    if (m.limitPath) rows.push(['Limit hit in', `<code>${esc(m.limitPath)}</code>${m.limitUnit ? ` (unit <b>${esc(m.limitUnit)}</b>)` : ''}`]);
    if (m.taskPath && m.taskPath !== m.limitPath) rows.push(["Victim's cgroup", `<code>${esc(m.taskPath)}</code>`]);
    if (m.container) rows.push(['Container', esc(m.container)]);
  }
  for (const v of e.victims) {
    const held = [
      v.anonKiB !== undefined ? `anon ${formatKiB(v.anonKiB)}` : '', v.fileKiB !== undefined ? `file ${formatKiB(v.fileKiB)}` : '',
      v.shmemKiB !== undefined ? `shmem ${formatKiB(v.shmemKiB)}` : '', v.totalVmKiB !== undefined ? `virtual ${formatKiB(v.totalVmKiB)}` : '',
    ].filter(Boolean).join(', ');
    rows.push(['Killed', `<span class="victim-name">${esc(v.comm)}</span> (pid ${v.pid}${v.uid !== undefined ? `, uid ${v.uid}` : ''}${v.oomScoreAdj !== undefined ? `, oom_score_adj ${v.oomScoreAdj}` : ''})${held ? ` held ${esc(held)}` : ''} — ${lineLink(v.line)}`]);
  }
  if (e.victimCount > e.victims.length) rows.push(['Killed', `… and ${e.victimCount - e.victims.length} more`]);
  if (e.chosen && !e.victims.some(v => v.pid === e.chosen!.pid)) {
    rows.push(['Selected', `${esc(e.chosen.comm)} (pid ${e.chosen.pid}${e.chosen.score !== undefined ? `, score ${e.chosen.score}` : ''}) — a child or another task was killed instead — ${lineLink(e.chosen.line)}`]);
  }
  if (e.groupPath) rows.push(['Group kill', `every task in <code>${esc(e.groupPath)}</code> (memory.oom.group)`]);
  if (e.noKillable) rows.push(['No victim', 'every candidate was unkillable (oom_score_adj -1000, kernel threads)']);
  if (!u) rows.push(['Reaper', `${esc(e.reaper.text)}${e.reaper.line !== undefined ? ` — ${lineLink(e.reaper.line)}` : ''}`]);
  if (e.panic) rows.push(['Panic', `<span class="problem">${esc(e.panic)}</span>`]);

  const parts: string[] = [dl(rows)];
  if (m && m.usageKiB !== undefined && m.limitKiB !== undefined) {
    parts.push('<h3>Memory cgroup</h3>');
    parts.push(m.unlimited
      ? `<p>Usage ${esc(formatKiB(m.usageKiB))}, no limit set on this counter. ${lineLink(m.line)}</p>`
      : usageBar('usage / limit', m.usageKiB, m.limitKiB, m.line, `${formatKiB(m.usageKiB)} of ${formatKiB(m.limitKiB)}${m.failcnt !== undefined ? `, limit hit ${m.failcnt}×` : ''}`));
    if (m.swapUsageKiB !== undefined && m.swapLimitKiB !== undefined && m.swapLimitKiB < 9e15) {
      parts.push(usageBar('swap / limit', m.swapUsageKiB, m.swapLimitKiB, undefined, `${formatKiB(m.swapUsageKiB)} of ${formatKiB(m.swapLimitKiB)}`));
    }
  }
  if (e.topProcesses.length) {
    parts.push(`<h3>Largest processes by resident memory (${e.topProcesses.length} of ${e.taskCount}${e.rssSplit ? '' : ', total rss'})</h3>`);
    parts.push(processChart(e));
  } else if (e.missing.some(x => /task/i.test(x))) {
    parts.push('<p class="note">No task table in this report (vm.oom_dump_tasks=0, or the lines were not captured).</p>');
  }
  if (e.zones.length) {
    parts.push('<h3>Free memory per zone vs. watermarks <span class="note">(ticks: red min, orange low, yellow high; below min only emergency allocations succeed)</span></h3>');
    parts.push(zoneChart(e.zones));
  }
  if (e.swap) {
    parts.push('<h3>Swap</h3>');
    parts.push(e.swap.totalKiB === 0
      ? `<p>No swap configured. ${lineLink(e.swap.line)}</p>`
      : usageBar('swap used', e.swap.totalKiB - e.swap.freeKiB, e.swap.totalKiB, e.swap.line, `${formatKiB(e.swap.freeKiB)} free of ${formatKiB(e.swap.totalKiB)}`));
  }
  if (e.missing.length) parts.push(`<p class="note">Not in the report: ${esc(e.missing.join(', '))}.</p>`);
  if (e.problems.length) parts.push(`<ul>${e.problems.map(p => `<li class="problem">${esc(p.message)} — ${lineLink(p.line)}</li>`).join('')}${e.problemCount > e.problems.length ? `<li class="problem">… and ${e.problemCount - e.problems.length} more</li>` : ''}</ul>`);
  return parts.join('\n');
}

export interface HtmlOptions {
  nonce: string;
  /** Event whose details are rendered right away (default: the first). */
  selected?: number;
}

export function renderReportHtml(view: ReportView, opts: HtmlOptions): string {
  const nonce = esc(opts.nonce);
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:; font-src 'none'; connect-src 'none'; form-action 'none'; frame-src 'none'`;
  const body: string[] = [];
  body.push(`<h1>OOM report: ${esc(view.file)}</h1>`);
  body.push(`<p>${view.events.length} OOM event${view.events.length === 1 ? '' : 's'} <button id="export" type="button">Export to Markdown</button></p>`);
  if (!view.events.length) body.push('<p class="note">No OOM-killer report found in this file.</p>');
  if (view.timeline) {
    body.push(`<h2>Timeline</h2><p class="note">Bar height: memory freed by the kill (anonymous + shmem resident memory of the killed processes; file pages stay cached); ${esc(formatKiB(view.timeline.totalFreedKiB))} in all. Click a bar to open the event.</p>`);
    body.push(timelineChart(view));
  }
  if (view.events.length) {
    const selected = opts.selected !== undefined && opts.selected >= 0 && opts.selected < view.events.length ? opts.selected : 0;
    body.push('<h2>Events</h2><table><thead><tr><th>#</th><th>when</th><th>what happened</th><th>freed</th><th>line</th></tr></thead><tbody>');
    for (const e of view.events) {
      body.push(`<tr class="summary${e.index === view.events[selected].index ? ' open' : ''}" data-event="${e.index}" tabindex="0"><td>${e.index + 1}</td><td>${esc(e.when ?? '')}</td><td>${esc(e.headline)}</td><td>${esc(e.freedKiB !== undefined ? formatKiB(e.freedKiB) : '—')}</td><td>${lineLink(e.line, String(e.line + 1))}</td></tr>`);
    }
    body.push('</tbody></table>');
    for (let i = 0; i < view.events.length; i++) {
      const e = view.events[i];
      const open = i === selected;
      body.push(`<section id="ev-${e.index}" class="detail"${open ? ' data-loaded' : ' hidden'}>${open ? renderEventSection(e) : ''}</section>`);
    }
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OOM Report: ${esc(view.file)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
${body.join('\n')}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

/** What the panel posts back when the user opens an event that was not rendered yet. */
export function renderEventSection(e: EventView): string {
  return `<h2>Event ${e.index + 1}: ${esc(e.headline)}</h2>${renderEventDetail(e)}`;
}
