/** sysctl hover: what a key does (range, default, kernel versions), what a value means, and which file's value takes effect. */
import type { HoverResult, Position } from '../common/types';
import { describeRange, kernelAccepts, keyDoc, rangeFor, suggestKeys, type KeyDoc } from './catalog';
import { effective, type Merged } from './merge';
import { keyRange, valueRange, type Entry, type ParsedSysctl } from './parse';
import { formatBytes, formatKiB, readInt } from './values';
import { clip } from './rule';
import { mdCode, mdText } from '../common/markdown';

export interface FeatureInput { uri: string; parsed: ParsedSysctl; merged: Merged; kernelVersion: string }

const within = (e: { line: number }, pos: Position, start: number, end: number) =>
  e.line === pos.line && pos.character >= start && pos.character <= end;

function rangeLine(doc: KeyDoc, kernel: string): string {
  const parts = [`**Type:** ${doc.type}${doc.unit ? ` (${doc.unit})` : ''}`];
  const r = rangeFor(doc, kernel);
  if (r) parts.push(`**Range:** ${describeRange(r)}${doc.ranges!.length > 1 ? ` on kernel ${kernel} (${doc.ranges!.map(x => `${describeRange(x)}${x.since ? ` from ${x.since}` : ' before'}`).join(', ')})` : ''}`);
  if (doc.default) parts.push(`**Default:** ${doc.default}`);
  // a Markdown hard line break ends each fact, so each renders on its own line
  return parts.join('  \n');
}

/** A key's documentation; completion shows the summary as the detail and asks for it without the heading. */
export function keyMarkdown(doc: KeyDoc, kernel: string, opts: { heading?: boolean } = {}): string {
  const out = opts.heading === false ? [rangeLine(doc, kernel)] : [`**${doc.name}** — ${doc.summary}`, '', rangeLine(doc, kernel)];
  if (doc.values?.length) {
    out.push('', '| Value | What it does |', '|---|---|');
    for (const v of doc.values) out.push(`| \`${v.value}\` | ${v.meaning} |`);
  }
  if (doc.details) out.push('', doc.details);
  if (doc.conditional) out.push('', `_Only present on ${doc.conditional}._`);
  if (doc.since) out.push('', `_Since Linux ${doc.since}._`);
  if (doc.removed) out.push('', `⚠ ${doc.removed.note}.`);
  out.push('', `[Kernel documentation](${doc.doc})`);
  return out.join('\n');
}

function effectiveLine(input: FeatureInput, e: Entry): string {
  const s = effective(input.merged, e.key, x => kernelAccepts(e.key, x.entry.value, input.kernelVersion));
  if (!s) {
    const shadow = input.merged.shadowed.find(x => x.file.uri === input.uri);
    return shadow ? `**Effective value:** this file is not applied (${mdCode(shadow.by.path)} has the same name and wins).` : '**Effective value:** not set by the applied files.';
  }
  const where = s.file.uri === input.uri
    ? (s.entry.line === e.line ? 'this line' : `line ${s.entry.line + 1} of this file`)
    : `${mdCode(s.file.path || s.file.uri)} line ${s.entry.line + 1}`;
  const glob = s.entry.glob ? ` (through the glob ${mdCode(s.entry.rawKey)})` : '';
  const count = input.merged.byKey.get(e.key)?.length ?? 0;
  return `**Effective value:** ${mdCode(clip(s.entry.value))} — set last by ${where}${glob}${count > 1 ? `, after ${count - 1} earlier assignment${count > 2 ? 's' : ''}` : ''}.`;
}

/** What one value means for a key, in words. */
export function explainValue(doc: KeyDoc | undefined, value: string, kernel: string, opts: { meaning?: boolean } = {}): string {
  if (!doc) return `Value ${mdCode(clip(value, 200))} (unknown key: no documentation).`;
  const lines: string[] = [];
  const exact = doc.values?.find(v => v.value.toLowerCase() === value.toLowerCase());
  const r = readInt(value);
  if (exact) { if (opts.meaning !== false) lines.push(`\`${doc.name} = ${exact.value}\`: ${exact.meaning}.`); }
  else if (doc.name === 'kernel.panic' && r) {
    lines.push(r.value === 0 ? 'Never reboot after a panic: the machine hangs.' : r.value < 0 ? 'Reboot immediately after a panic.' : `Reboot ${r.value} s after a panic.`);
  } else if (doc.name === 'vm.zone_reclaim_mode' && r && doc.values) {
    const bits = doc.values.filter(v => Number(v.value) && (r.value & Number(v.value))).map(v => v.meaning);
    lines.push(bits.length ? `Flags: ${bits.join('; ')}.` : 'Off.');
  } else if (r) {
    if (doc.type === 'kbytes') lines.push(`${r.value} KiB = ${formatKiB(r.value)}.`);
    else if (doc.type === 'bytes') lines.push(`${r.value} bytes = ${formatBytes(r.value)}.`);
    else if (doc.type === 'ratio') lines.push(`${r.value} %.`);
    else lines.push(`\`${r.value}\`.`);
    if (doc.name === 'vm.overcommit_ratio') lines.push(`In strict mode the commit limit becomes swap + ${r.value} % of RAM.`);
    if (doc.name === 'vm.overcommit_kbytes') lines.push(`In strict mode the commit limit becomes swap + ${formatKiB(r.value)}.`);
    if (doc.name === 'vm.watermark_scale_factor') lines.push(`Watermark gap: ${(r.value / 100).toFixed(2)} % of memory.`);
  } else if (doc.type !== 'string' && doc.type !== 'list') {
    lines.push(`${mdCode(clip(value))} is not a number: the kernel rejects it.`);
  } else lines.push(`Stored as written: ${mdCode(clip(value, 200))}.`);
  const range = rangeFor(doc, kernel);
  if (r && range && ((range.min !== undefined && r.value < range.min) || (range.max !== undefined && r.value > range.max))) {
    lines.push(`⚠ Outside ${describeRange(range)} on kernel ${kernel}: the write is refused.`);
  }
  if (doc.default) lines.push(`Default: ${doc.default}.`);
  return lines.join('\n\n');
}

export function sysctlHover(input: FeatureInput, pos: Position): HoverResult | null {
  for (const e of input.parsed.entries) {
    if (e.line !== pos.line) continue;
    const doc = keyDoc(e.key);
    if (within(e, pos, e.minus ?? e.keyStart, e.keyEnd)) {
      let md: string;
      if (doc) md = keyMarkdown(doc, input.kernelVersion);
      else {
        const guesses = e.key ? suggestKeys(e.key) : [];
        md = `**${e.key ? mdText(e.key) : '(empty key)'}** — not in OOM Lens's key catalogue.${guesses.length ? ` Did you mean ${guesses.map(g => `\`${g}\``).join(' or ')}?` : ''}`;
      }
      if (e.kind === 'exclude') md += '\n\n`-key` without a value: excluded from glob assignments.';
      else if (e.glob) md += '\n\nGlob: writes every matching key except explicit and excluded ones.';
      else if (e.key) md += '\n\n' + effectiveLine(input, e);
      return { range: keyRange(e), markdown: md };
    }
    if (e.value !== null && within(e, pos, e.valueStart, e.valueEnd) && e.valueEnd > e.valueStart) {
      return { range: valueRange(e), markdown: explainValue(doc, e.value, input.kernelVersion) };
    }
  }
  return null;
}
