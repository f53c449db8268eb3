/** Hover for unit files: section names, directive names and values (explained in plain words). */
import type { HoverResult, Position, Range } from '../common/types';
import { directive, docUrlFor, generatedSummary, isMemoryKey, manPageFor, SECTIONS_BY_TYPE } from './catalog';
import { DIRECTIVE_DOCS, MAN_BASE, SECTION_DOCS } from './docs';
import type { UnitModel } from './model';
import { formatBytes, formatTimespan, parseBoolean, parseCInt, parseMemory, parsePermyriad, parseTimespan } from './values';
import { mdCode, mdText } from '../common/markdown';
import { own } from '../common/lookup';

function inRange(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/**
 * A directive's documentation. The facts (Value, Default, Sections, Versions, Use instead) are one
 * per line; the replacement of a legacy key is said once, on the "Use instead" line. Completion
 * shows the summary as the item's detail, so it asks for the text without the heading.
 */
export function keyMarkdown(key: string, section?: string, opts: { heading?: boolean } = {}): string | null {
  const d = directive(key);
  if (!d) return null;
  const doc = d.doc;
  const lines: string[] = [];
  if (opts.heading !== false) lines.push(`**${key}=** — ${doc ? doc.summary : generatedSummary(d, section)}`, '');
  if (doc) {
    const facts = [`*Value:* ${doc.syntax}`];
    if (doc.default) facts.push(`*Default:* ${doc.default}`);
    facts.push(`*Sections:* ${d.sections.map(s => `[${s}]`).join(' ')}`);
    const ver: string[] = [];
    if (doc.since) ver.push(`added in systemd ${doc.since}`);
    if (doc.deprecated) ver.push(`deprecated in ${doc.deprecated}`);
    if (doc.ignoredSince) ver.push(`ignored from ${doc.ignoredSince}`);
    if (ver.length) facts.push(`*Versions:* ${ver.join(', ')}`);
    if (doc.replacement) facts.push(`*Use instead:* \`${doc.replacement}=\` ${doc.sameScale ? '(same value)' : '(another scale: convert the value, do not copy it)'}`);
    // a Markdown hard line break ends each fact, so each renders on its own line
    lines.push(facts.join('  \n'), '', doc.details);
    if (doc.values) {
      lines.push('');
      for (const [v, text] of Object.entries(doc.values)) lines.push(`- \`${v}\` — ${text}`);
    }
    lines.push('');
  }
  lines.push(`[${manPageFor(key, section)}(5)](${docUrlFor(key, section)})`);
  return lines.join('\n');
}

/** What a value means, in words. Null when we have nothing useful to add. */
export function explainValue(key: string, value: string, section: string | undefined): string | null {
  const doc = own(DIRECTIVE_DOCS, key);
  if (isMemoryKey(key)) {
    const r = parseMemory(value);
    const what = key.includes('Max') || key === 'MemoryLimit' ? 'limit' : key.includes('High') ? 'throttling point' : 'protection';
    const reached = key.endsWith('MemoryMax') || key === 'MemoryLimit' ? 'When the unit reaches it and reclaim fails, the kernel OOM-kills a process inside this unit (`constraint=CONSTRAINT_MEMCG`).'
      : key.endsWith('MemoryHigh') ? 'Above it the kernel throttles and reclaims; it never OOM-kills because of this value.'
      : key.includes('Swap') ? 'Once reached, anonymous memory can no longer be swapped out.'
      : 'Below this usage the kernel prefers to reclaim from other units.';
    switch (r.kind) {
      case 'infinity': return `\`${key}=infinity\` — no ${what}.`;
      case 'empty': return `\`${key}=\` (empty) — resets to the default.`;
      case 'bytes': return `${mdCode(`${key}=${value}`)} → **${formatBytes(r.bytes)}** = ${r.bytes.toString()} bytes. ${r.bytes === 0n ? '' : reached}`;
      case 'percent': return `${mdCode(`${key}=${value}`)} → ${(r.permyriad / 100).toString()} % of ${key.includes('Swap') ? 'the swap size' : 'physical RAM'} (computed when the unit starts). ${reached}`;
      default: return `${mdCode(value)} is not a valid size: systemd ignores the line.`;
    }
  }
  if (key === 'OOMScoreAdjust') {
    const n = parseCInt(value);
    if (n === null) return null;
    if (n === -1000) return '`-1000` → **never killed** by the kernel OOM killer: other processes die instead, or the machine panics with vm.panic_on_oom.';
    if (n < 0) return `\`${n}\` → less likely to be killed: ${-n / 10} percentage points are subtracted from the badness score (0–1000).`;
    if (n === 0) return '`0` → neutral: the kernel judges these processes by memory use alone.';
    if (n === 1000) return '`1000` → killed first under memory pressure, whatever its size.';
    return `\`+${n}\` → preferred victim: ${n / 10} percentage points are added to the badness score (0–1000).`;
  }
  if (key === 'ManagedOOMMemoryPressureLimit') {
    const p = parsePermyriad(value);
    if (p === null) return null;
    return p === 0 ? '`0%` → use DefaultMemoryPressureLimit= from oomd.conf (60% unless changed).'
      : `${mdCode(value)} → systemd-oomd acts when tasks in this unit are stalled on memory ${p / 100}% of the time (averaged) for the configured duration.`;
  }
  if (doc?.values && Object.prototype.hasOwnProperty.call(doc.values, value)) return `${mdCode(`${key}=${value}`)} — ${doc.values[value]}`;
  const d = directive(key);
  const kind = doc?.kind ?? (d?.type252(section) === 'BOOLEAN' ? 'boolean' : d?.type252(section) === 'SECONDS' ? 'timespan' : 'other');
  if (kind === 'timespan') {
    const t = parseTimespan(value);
    if (t === null) return null;
    return `${mdCode(value)} → ${t === Infinity ? 'infinity (no limit)' : `${formatTimespan(t)} (${t / 1e6} s)`}`;
  }
  if (kind === 'boolean') {
    const b = parseBoolean(value);
    return b === null ? null : `${mdCode(value)} → ${b ? 'yes (on)' : 'no (off)'}`;
  }
  return null;
}

export function unitHover(m: UnitModel, pos: Position): HoverResult | null {
  for (const s of m.file.sections) {
    if (!inRange(s.headerRange, pos)) continue;
    const doc = own(SECTION_DOCS, s.name);
    const allowed = SECTIONS_BY_TYPE[m.type].includes(s.name);
    const md = doc
      ? `**[${s.name}]** — ${doc.summary}${allowed ? '' : `\n\n⚠ Not read in a .${m.type} unit.`}\n\n[${doc.page}(5)](${MAN_BASE}${doc.page}.html)`
      : s.name.startsWith('X-') ? `**\\[${mdText(s.name)}\\]** — custom section: systemd ignores it (X- prefix).`
      : `**\\[${mdText(s.name)}\\]** — not a section systemd knows; it is ignored with everything under it.`;
    return { range: s.headerRange, markdown: md };
  }
  for (const e of m.file.entries) {
    if (e.range.start.line > pos.line) break;
    if (inRange(e.keyRange, pos)) {
      const section = e.section?.name;
      const md = keyMarkdown(e.key, section)
        ?? (e.key.startsWith('X-') ? `**${mdText(e.key)}=** — custom key: systemd ignores keys starting with X-.` : `**${mdText(e.key)}=** — not a directive systemd knows.`);
      return { range: e.keyRange, markdown: md };
    }
    if (inRange(e.valueRange, pos)) {
      const md = explainValue(e.key, e.value, e.section?.name);
      return md ? { range: e.valueRange, markdown: md } : null;
    }
  }
  return null;
}
