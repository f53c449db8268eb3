/**
 * A repository is untrusted input: file text in hover Markdown and in the Markdown export shows as
 * the text it is, and never becomes a link, a (remote) image, HTML or a broken-out code span.
 * Checked by rendering with markdown-it (CommonMark + tables, with raw HTML and GFM-style bare
 * URL linking switched on: the strictest reading).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { defaultSettings, emptyWorkspace, type DocumentContext, type WorkspaceFile } from '../../../server/src/common/service';
import { mdCode, mdText } from '../../../server/src/common/markdown';
import { unitService } from '../../../server/src/crossfile';
import { sysctlService } from '../../../server/src/crossfile';
import { oomLogService } from '../../../server/src/crossfile';
import { buildReportView } from '../../../server/src/report/model';
import { renderMarkdown } from '../../../server/src/report/markdown';
import { evidenceMarkdown } from '../../../server/src/crossfile/logEvidence';
import { mismatchText } from '../../../server/src/crossfile/unitEvidence';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const MarkdownIt = require('markdown-it');
const md = new MarkdownIt({ html: true, linkify: true });

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const IMG = '![x](http://evil.example/beacon.png)';
const LINK = '[click](command:workbench.action.terminal.new)';
const HTML = '<img src=http://evil.example/i.png><b>bold</b>';
const BARE = 'http://evil.example/x www.evil.example me@evil.example';
const TICKS = '``` a ` b ``';
const CRAFTED = [IMG, LINK, HTML, BARE, TICKS, '*em* _u_ ~~s~~ | cell | \\', '&lt;img&gt;'];

/** Our own links point to the documentation sites; anything else came from the file. */
const OWN_LINK = /^https:\/\/(www\.freedesktop\.org|docs\.kernel\.org|www\.kernel\.org|man7\.org)\//;

function assertInert(markdown: string, what: string): string {
  const html: string = md.render(markdown);
  assert.doesNotMatch(html, /<img\b/i, `${what}: no image\n${markdown}`);
  for (const m of html.matchAll(/<a href="([^"]*)"/g)) assert.match(m[1], OWN_LINK, `${what}: a link from file text: ${m[1]}\n${markdown}`);
  const tags = [...html.matchAll(/<\/?([a-z0-9]+)\b/gi)].map(m => m[1].toLowerCase());
  for (const t of tags) assert.ok(['p', 'strong', 'em', 'code', 'a', 'ul', 'ol', 'li', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'h1', 'h2', 'h3', 'pre'].includes(t), `${what}: raw HTML <${t}> from file text\n${markdown}`);
  assert.doesNotMatch(html, /(src|href)="[^"]*evil/, `${what}: no live remote reference`);
  return html;
}

/** Text content of rendered HTML. */
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

test('mdText and mdCode: every crafted value renders as exactly itself, inert', () => {
  for (const v of CRAFTED) {
    const asText = assertInert(`Value: ${mdText(v)} end`, `mdText(${v})`);
    assert.equal(textOf(asText).trim(), `Value: ${v} end`);
    const asCode = assertInert(`Value: ${mdCode(v)} end`, `mdCode(${v})`);
    assert.match(asCode, /<code>/);
    assert.equal(textOf(asCode).trim(), `Value: ${v} end`, `code span keeps ${v}`);
    const cell = assertInert(`| a | b |\n|---|---|\n| ${mdText(v)} | x |`, `cell ${v}`);
    assert.equal((cell.match(/<td>/g) ?? []).length, 2, `a | in ${v} does not add a column`);
  }
  assert.equal(mdCode('a```b'), '````a```b````', 'fence longer than the longest backtick run');
  assert.equal(mdCode('`x'), '`` `x ``', 'padded when it starts with a backtick');
  assert.equal(mdText('# title'), '\\# title');
  assert.equal(mdText('oom_reaper'), 'oom_reaper', 'an underscore inside a word stays readable');
});

function unitCtx(file: string, logs: WorkspaceFile[] = []): DocumentContext {
  return { uri: `file://${file}`, path: file, settings: defaultSettings, workspace: { ...emptyWorkspace, logFiles: () => logs } };
}

function hoverAll(service: any, text: string, ctx: DocumentContext): string[] {
  const a = service.analyze(text, ctx);
  const out: string[] = [];
  text.split('\n').forEach((line, l) => {
    for (let c = 0; c <= line.length; c += 3) {
      const h = service.hover(a, { line: l, character: c }, ctx);
      if (h && !out.includes(h.markdown)) out.push(h.markdown);
    }
  });
  return out;
}

test('unit hovers: crafted section names, keys and values stay inert', () => {
  const text = [
    `[Bogus${IMG}]`, `Key${LINK}=1`,
    '[Service]', `MemoryMax=1G ${IMG}`, `MemoryHigh=${TICKS}${LINK}`, `RuntimeMaxSec=${HTML}`,
    `X-${HTML}=1`, `Restart=${BARE}`, 'OOMScoreAdjust=-500',
  ].join('\n');
  const hovers = hoverAll(unitService, text, unitCtx('/etc/systemd/system/app.service'));
  assert.ok(hovers.length >= 5, `hovers found: ${hovers.length}`);
  for (const h of hovers) assertInert(h, 'unit hover');
  const joined = hovers.map(h => textOf(md.render(h))).join('\n');
  assert.ok(joined.includes(`${TICKS}${LINK}`), 'the value is shown whole, in a code span it cannot close');
});

test('sysctl hovers: crafted keys, values and file names stay inert', () => {
  // a file name holds no "/": the image's URL keeps its other characters
  const name = `${TICKS}${IMG.replace(/\//g, '')}.conf`;
  const other = `/etc/sysctl.d/${name}`;
  const text = `vm.${LINK} = 1\nkernel.core_pattern = ${TICKS} ${IMG}\nvm.swappiness = ${HTML}\nvm.overcommit_memory = 1\n`;
  const ctx: DocumentContext = {
    uri: 'file:///etc/sysctl.d/10-a.conf', path: '/etc/sysctl.d/10-a.conf', settings: defaultSettings,
    workspace: { ...emptyWorkspace, sysctlFiles: () => [{ uri: `file://${other}`, path: other, text: 'vm.overcommit_memory = 2\n' }, { uri: 'file:///etc/sysctl.d/10-a.conf', path: '/etc/sysctl.d/10-a.conf', text }] },
  };
  const hovers = hoverAll(sysctlService, text, ctx);
  assert.ok(hovers.length >= 4, `hovers found: ${hovers.length}`);
  for (const h of hovers) assertInert(h, 'sysctl hover');
  assert.ok(hovers.some(h => textOf(md.render(h)).includes(name)), 'the other file is named whole');
});

function craftedLog(): string {
  const sample = fs.readFileSync(path.join(repoRoot, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8');
  return sample.replace(/php-fpm8\.2/g, IMG).replace(/php-fpm(?=\s+invoked| \(pid|$)/gm, LINK)
    .replace(/\/system\.slice\/php8\.2-fpm\.service/g, `/system.slice/a${TICKS.replace(/ /g, '')}${HTML.replace(/ /g, '')}.service`);
}

test('OOM log hovers: crafted process names and cgroup paths stay inert (task rows, kill line, why this victim)', () => {
  const text = craftedLog();
  const ctx: DocumentContext = { uri: 'file:///tmp/kern.log', path: '/tmp/kern.log', settings: defaultSettings, workspace: emptyWorkspace };
  const hovers = hoverAll(oomLogService, text, ctx);
  assert.ok(hovers.length >= 10, `hovers found: ${hovers.length}`);
  assert.ok(hovers.some(h => h.includes('Why this victim')), 'the victim explanation is among them');
  for (const h of hovers) assertInert(h, 'OOM hover');
  assert.ok(hovers.some(h => textOf(md.render(h)).includes(IMG)), 'the crafted name is shown as text');
});

test('Markdown export: crafted names, cgroup paths and file name stay inert', () => {
  const text = craftedLog();
  const analysis = oomLogService.analyze(text, { uri: 'file:///tmp/kern.log', path: '/tmp/kern.log', settings: defaultSettings, workspace: emptyWorkspace });
  assert.ok(analysis.events.length >= 1);
  const out = renderMarkdown(buildReportView(analysis, `kern${LINK}.log`, 'file:///tmp/kern.log'));
  const html = assertInert(out, 'export');
  const shown = textOf(html);
  assert.ok(shown.includes(IMG), 'process name shown whole');
  assert.ok(shown.includes(`kern${LINK}.log`), 'file name shown whole');
  assert.ok(shown.includes(`a${TICKS.replace(/ /g, '')}`), 'cgroup path with backticks shown whole');
});

test('unit hover evidence from logs: crafted unit and process names stay inert', () => {
  const h = evidenceMarkdown({
    unit: `a${LINK}.service`, kills: 1, limitsKiB: [1024], peakRssKiB: 2048, peakRssProcess: IMG,
    events: [], mismatchCount: 1, mismatches: [{ uri: 'file:///x', line: 0, loggedLimitKiB: 1, configuredKiB: 2, ...mismatchText(`${HTML}${TICKS}a${LINK}.service`, 1024, 'MemoryMax= of 2 GiB') }],
  });
  assertInert(h, 'evidence');
  const shown = textOf(md.render(h));
  assert.ok(shown.includes(IMG) && shown.includes(`a${LINK}.service`));
  assert.ok(shown.includes(`systemctl show -p MemoryMax ${HTML}${TICKS}a${LINK}.service`), 'the command shown whole, as code');
});

test('names that are Object properties (constructor, __proto__, toString) are unknown names, not table entries', async () => {
  const { eventSummaryText } = await import('../../../server/src/oomlog/report');
  const log = 'Mar 03 02:14:07 web-7 kernel: php-fpm invoked oom-killer: gfp_mask=0xcc0(constructor|__proto__|toString), order=0, oom_score_adj=0\n'
    + 'Mar 03 02:14:07 web-7 kernel: Out of memory: Killed process 81417 (php-fpm8.2) total-vm:604912kB, anon-rss:371376kB, file-rss:1852kB, shmem-rss:0kB, UID:33 pgtables:1204kB oom_score_adj:0\n';
  const ctx: DocumentContext = { uri: 'file:///tmp/p.log', path: '/tmp/p.log', settings: defaultSettings, workspace: emptyWorkspace };
  const a = oomLogService.analyze(log, ctx);
  assert.equal(a.events.length, 1);
  const bad = /function|native code|undefined|\[object/;
  assert.doesNotMatch(eventSummaryText(a.events[0]), bad);
  const md = renderMarkdown(buildReportView(a, 'p.log', ctx.uri));
  assert.match(md, /`constructor`/);
  assert.doesNotMatch(md, bad);
  for (const h of hoverAll(oomLogService, log, ctx)) assert.doesNotMatch(h, bad);
  const unit = '[constructor]\ntoString=1\n[Service]\nconstructor=1\n__proto__=2\n';
  for (const h of hoverAll(unitService, unit, unitCtx('/etc/systemd/system/x.service'))) assert.doesNotMatch(h, bad, h);
  // completion of values after such a key (the service would swallow a throw and offer nothing)
  const uctx = unitCtx('/etc/systemd/system/x.service');
  const um = unitService.analyze(unit, uctx);
  for (const line of [3, 4]) {
    const at = { line, character: unit.split('\n')[line].length };
    const { unitCompletion } = await import('../../../server/src/unit/complete');
    const items = unitCompletion(um.model, at);
    for (const it of items) assert.doesNotMatch(`${it.label} ${it.detail ?? ''} ${typeof it.documentation === 'string' ? it.documentation : ''}`, bad);
  }
});
