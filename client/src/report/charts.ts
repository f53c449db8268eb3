/**
 * Inline SVG charts for the OOM report webview. Pure functions: view model → SVG string.
 * Colours come from classes styled in html.ts with VS Code theme variables, never from literals,
 * and every clickable mark carries `data-line` (0-based) so the webview can reveal it in the log.
 */
import { formatKiB, type EventView, type ProcessBar, type ReportView, type ZoneBar } from '../../../server/src/lsp/protocol';

/** Escape for HTML text and double-quoted attributes. */
export function esc(s: string | number | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

const WIDTH = 640;
const LABEL = 170;
const ROW = 20;

function n(x: number): string {
  return Number.isFinite(x) ? (Math.round(x * 10) / 10).toString() : '0';
}

function processSegments(p: ProcessBar, split: boolean): { cls: string; kib: number; label: string }[] {
  if (split && p.anonKiB !== undefined) {
    return [
      { cls: 'seg-anon', kib: p.anonKiB ?? 0, label: 'anon' },
      { cls: 'seg-file', kib: p.fileKiB ?? 0, label: 'file' },
      { cls: 'seg-shmem', kib: p.shmemKiB ?? 0, label: 'shmem' },
    ];
  }
  return [{ cls: 'seg-rss', kib: p.rssKiB, label: 'rss' }];
}

/** `java (1843)`: the name cut so that name and pid fit the label column. */
function processLabel(b: ProcessBar): string {
  const pid = ` (${b.pid})`;
  const room = Math.max(6, 26 - pid.length);
  return (b.name.length > room ? b.name.slice(0, room - 1) + '…' : b.name) + pid;
}

/** Horizontal bars of the largest processes by resident memory, the victim marked. */
export function processChart(e: EventView): string {
  const bars = e.topProcesses;
  if (!bars.length) return '';
  const max = Math.max(1, ...bars.map(b => b.rssKiB));
  const scale = (WIDTH - LABEL - 90) / max;
  const h = bars.length * ROW + (e.rssSplit ? 22 : 6);
  const out: string[] = [`<svg class="chart" role="img" aria-label="Largest processes by resident memory" width="${WIDTH}" height="${h}" viewBox="0 0 ${WIDTH} ${h}">`];
  bars.forEach((b, i) => {
    const y = i * ROW + 2;
    const tip = `${b.name} (pid ${b.pid}): ${formatKiB(b.rssKiB)} resident${b.victim ? ' — killed' : ''}`;
    out.push(`<g class="clickable${b.victim ? ' victim' : ''}" data-line="${b.line}" tabindex="0"><title>${esc(tip)}</title>`);
    out.push(`<text class="label" x="${LABEL - 6}" y="${y + 13}" text-anchor="end">${b.victim ? '✖ ' : ''}${esc(processLabel(b))}</text>`);
    let x = LABEL;
    for (const s of processSegments(b, e.rssSplit)) {
      const w = s.kib * scale;
      if (w > 0) out.push(`<rect class="${s.cls}" x="${n(x)}" y="${y}" width="${n(Math.max(w, 1))}" height="${ROW - 5}"><title>${esc(`${s.label} ${formatKiB(s.kib)}`)}</title></rect>`);
      x += w;
    }
    if (b.victim) out.push(`<rect class="victim-outline" x="${LABEL}" y="${y - 1}" width="${n(Math.max(b.rssKiB * scale, 2))}" height="${ROW - 3}"/>`);
    out.push(`<text class="value" x="${n(x + 6)}" y="${y + 13}">${esc(formatKiB(b.rssKiB))}${b.victim ? ' killed' : ''}</text></g>`);
  });
  if (e.rssSplit) {
    const y = bars.length * ROW + 8;
    out.push(`<rect class="seg-anon" x="${LABEL}" y="${y}" width="10" height="10"/><text class="legend" x="${LABEL + 14}" y="${y + 9}">anon</text>`);
    out.push(`<rect class="seg-file" x="${LABEL + 60}" y="${y}" width="10" height="10"/><text class="legend" x="${LABEL + 74}" y="${y + 9}">file</text>`);
    out.push(`<rect class="seg-shmem" x="${LABEL + 110}" y="${y}" width="10" height="10"/><text class="legend" x="${LABEL + 124}" y="${y + 9}">shmem</text>`);
  }
  out.push('</svg>');
  return out.join('');
}

/** Free memory per zone against its min / low / high watermarks, all zones on one scale. */
export function zoneChart(zones: ZoneBar[]): string {
  if (!zones.length) return '';
  const h = zones.length * ROW + 6;
  const out: string[] = [`<svg class="chart" role="img" aria-label="Free memory and watermarks per zone" width="${WIDTH}" height="${h}" viewBox="0 0 ${WIDTH} ${h}">`];
  // one scale for every zone, so bars compare across zones (a tiny DMA zone looks tiny)
  const max = zones.reduce((m, z) => Math.max(m, z.freeKiB, (z.highKiB ?? 0) * 1.5), 1);
  const scale = (WIDTH - LABEL - 150) / max;
  zones.forEach((z, i) => {
    const y = i * ROW + 2;
    const tip = `${z.name}: free ${formatKiB(z.freeKiB)}, min ${formatKiB(z.minKiB)}, low ${formatKiB(z.lowKiB)}, high ${formatKiB(z.highKiB)}`;
    out.push(`<g class="clickable${z.belowMin ? ' low' : ''}" data-line="${z.line}" tabindex="0"><title>${esc(tip)}</title>`);
    out.push(`<text class="label" x="${LABEL - 6}" y="${y + 13}" text-anchor="end">${esc(z.name)}</text>`);
    out.push(`<rect class="track" x="${LABEL}" y="${y}" width="${n(max * scale)}" height="${ROW - 5}"/>`);
    out.push(`<rect class="${z.belowMin ? 'seg-low' : 'seg-free'}" x="${LABEL}" y="${y}" width="${n(Math.max(z.freeKiB * scale, 1))}" height="${ROW - 5}"/>`);
    for (const [cls, v] of [['mark-min', z.minKiB], ['mark-low', z.lowKiB], ['mark-high', z.highKiB]] as const) {
      if (v !== undefined) out.push(`<line class="${cls}" x1="${n(LABEL + v * scale)}" x2="${n(LABEL + v * scale)}" y1="${y - 1}" y2="${y + ROW - 4}"/>`);
    }
    out.push(`<text class="value" x="${n(LABEL + max * scale + 6)}" y="${y + 13}">${esc(formatKiB(z.freeKiB))} free${z.belowMin ? ' (below min)' : ''}</text></g>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** One "used of total" bar: memcg usage vs limit, swap used vs total. */
export function usageBar(label: string, usedKiB: number, totalKiB: number, line: number | undefined, text: string): string {
  const w = WIDTH - LABEL - 250;
  const frac = totalKiB > 0 ? Math.min(1, Math.max(0, usedKiB / totalKiB)) : 0;
  const cls = frac >= 0.95 ? 'seg-low' : 'seg-used';
  const data = line !== undefined ? ` class="clickable" data-line="${line}" tabindex="0"` : '';
  return `<svg class="chart" role="img" aria-label="${esc(label)}" width="${WIDTH}" height="${ROW + 4}" viewBox="0 0 ${WIDTH} ${ROW + 4}"><g${data}><title>${esc(text)}</title>`
    + `<text class="label" x="${LABEL - 6}" y="15" text-anchor="end">${esc(label)}</text>`
    + `<rect class="track" x="${LABEL}" y="2" width="${w}" height="${ROW - 5}"/>`
    + `<rect class="${cls}" x="${LABEL}" y="2" width="${n(Math.max(frac * w, totalKiB > 0 ? 1 : 0))}" height="${ROW - 5}"/>`
    + `<text class="value" x="${LABEL + w + 6}" y="15">${esc(text)}</text></g></svg>`;
}

/** Events over time, bar height = memory freed by the kill. Linear in the number of events. */
export function timelineChart(view: ReportView): string {
  const t = view.timeline;
  if (!t || !t.points.length) return '';
  const h = 120;
  const left = 70;
  const plotW = WIDTH - left - 10;
  const maxFreed = t.points.reduce((m, p) => Math.max(m, p.freedKiB), 1);
  const barW = Math.max(2, Math.min(14, plotW / t.points.length - 1));
  const times = t.timed ? t.points.map(p => p.timeSec!) : [];
  const t0 = times.reduce((m, x) => Math.min(m, x), Infinity);
  const span = times.length ? times.reduce((m, x) => Math.max(m, x), -Infinity) - t0 : 0;
  let xs: number[];
  let axis: string;
  if (t.timed && span > 0) {
    xs = t.points.map(p => left + ((p.timeSec! - t0) / span) * plotW);
    axis = `${formatSpan(span)} between first and last event`;
    // Events in the same second would hide each other: push overlapping bars apart (in time order),
    // as long as they all still fit; otherwise dense bursts simply overlap.
    if (t.points.length * (barW + 1) <= plotW) {
      const order = xs.map((x, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
      for (let k = 1; k < order.length; k++) {
        const prev = xs[order[k - 1]];
        if (xs[order[k]] < prev + barW + 1) xs[order[k]] = prev + barW + 1;
      }
      const over = xs[order[order.length - 1]] - (left + plotW);
      if (over > 0) for (const i of order) xs[i] = left + ((xs[i] - left) * plotW) / (plotW + over);
    }
  } else {
    xs = t.points.map((_, i) => left + (t.points.length === 1 ? 0 : (i / (t.points.length - 1)) * plotW));
    axis = t.timed ? 'all events in the same second; shown in file order' : 'events in file order (no usable timestamps)';
  }
  const xOf = (i: number) => xs[i];
  const out: string[] = [`<svg class="chart" role="img" aria-label="OOM events over time" width="${WIDTH}" height="${h + 20}" viewBox="0 0 ${WIDTH} ${h + 20}">`];
  out.push(`<line class="axis" x1="${left}" x2="${WIDTH - 10}" y1="${h}" y2="${h}"/>`);
  out.push(`<text class="legend" x="${left - 4}" y="12" text-anchor="end">${esc(formatKiB(maxFreed))}</text>`);
  t.points.forEach((p, i) => {
    const bh = Math.max(2, (p.freedKiB / maxFreed) * (h - 10));
    const x = xOf(i) - barW / 2;
    out.push(`<rect class="clickable seg-event" data-event="${p.index}" data-line="${p.line}" x="${n(Math.max(left - barW / 2, x))}" y="${n(h - bh)}" width="${n(barW)}" height="${n(bh)}"><title>${esc(`event ${p.index + 1}: ${p.victim ?? 'no kill'} — freed ${formatKiB(p.freedKiB)}`)}</title></rect>`);
  });
  out.push(`<text class="legend" x="${left}" y="${h + 15}">${esc(axis)}</text></svg>`);
  return out.join('');
}

function formatSpan(sec: number): string {
  if (sec < 120) return `${Math.round(sec)} s`;
  if (sec < 7200) return `${Math.round(sec / 60)} min`;
  if (sec < 172800) return `${(sec / 3600).toFixed(1)} h`;
  return `${(sec / 86400).toFixed(1)} days`;
}
