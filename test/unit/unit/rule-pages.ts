/**
 * The rule pages, docs/rules/<ID>.md, made from the rule catalogues (report/rules.ts pageRules)
 * and the catalogue's test cases (rule-cases.ts, ../sysctl/cases.ts): what the rule reports, why,
 * a bad and a good example with what OOM Lens says on the bad one, the fixes it offers, the
 * versions the example assumes and the references. `node scripts/rule-pages.mjs` writes them;
 * rule-pages.test.ts fails when a page is missing, stale or left over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultSettings, emptyWorkspace, type DocumentContext, type WorkspaceFile } from '../../../server/src/common/service';
import type { Finding } from '../../../server/src/common/types';
import { pageRules, rulePageUrl, type PageRule } from '../../../server/src/report/rules';
import { unitService } from '../../../server/src/crossfile';
import { SLICE_PROTECTION_RULE } from '../../../server/src/crossfile/sliceProtection';
import { oomLogService } from '../../../server/src/oomlog';
import { CASES, type RuleCase as SysctlCase } from '../sysctl/cases';
import { contextOf, lint as lintSysctl, type Input } from '../sysctl/helpers';
import { RULE_CASES } from './rule-cases';
import { lint as lintUnit } from './helpers';

/** One file of an example: its path and text. */
interface ExampleFile { path: string; text: string; lang: 'ini' | 'text' }

interface Example {
  bad: ExampleFile[];
  good: ExampleFile[];
  /** What the bad example produces for the rule (the first finding on the case's line). */
  finding: Finding;
  versions: string;
}

const UNIT_DIR = '/etc/systemd/system/';
const unitPath = (file: string) => (file.startsWith('/') ? file : UNIT_DIR + file);

function unitExample(id: string): Example | undefined {
  const bad = RULE_CASES.find(c => c.rule === id && c.kind === 'bad');
  const good = RULE_CASES.find(c => c.rule === id && c.kind === 'good');
  if (!bad || !good) return undefined;
  const line = bad.expect[0].line - 1;
  const found = lintUnit(bad.text, bad.file, bad.version).filter(f => f.ruleId === id);
  const finding = found.find(f => f.range.start.line === line) ?? found[0];
  if (!finding) throw new Error(`${id}: the bad case gives no finding`);
  const version = bad.version ?? defaultSettings.systemdVersion;
  const goodVersion = good.version ?? defaultSettings.systemdVersion;
  return {
    bad: [{ path: unitPath(bad.file), text: bad.text, lang: 'ini' }],
    good: [{ path: unitPath(good.file), text: good.text, lang: 'ini' }],
    finding,
    versions: goodVersion === version
      ? `The examples are checked for systemd ${version} (\`oomLens.systemd.version\`, \`--systemd-version\`).`
      : `The bad example is checked for systemd ${version}, the good one for systemd ${goodVersion} (\`oomLens.systemd.version\`, \`--systemd-version\`).`,
  };
}

function sysctlFiles(input: Input | string): ExampleFile[] {
  const i = typeof input === 'string' ? { text: input } : input;
  const ctx = contextOf(i);
  return [
    { path: ctx.path, text: i.text, lang: 'ini' },
    ...(i.files ?? []).map(f => ({ path: f.path, text: f.text, lang: 'ini' as const })),
    ...(i.units ?? []).map(f => ({ path: f.path, text: f.text, lang: 'ini' as const })),
  ];
}

function sysctlExample(id: string): Example | undefined {
  const c: SysctlCase | undefined = CASES.find(x => x.rule === id);
  if (!c) return undefined;
  const found = lintSysctl(c.bad).filter(f => f.ruleId === id);
  const finding = found.find(f => c.line === undefined || f.range.start.line === c.line) ?? found[0];
  if (!finding) throw new Error(`${id}: the bad case gives no finding`);
  const kernelOf = (x: Input | string) => (typeof x === 'string' ? undefined : x.kernel) ?? defaultSettings.kernelVersion;
  const [kb, kg] = [kernelOf(c.bad), kernelOf(c.good)];
  return {
    bad: sysctlFiles(c.bad),
    good: sysctlFiles(c.good),
    finding,
    versions: kb === kg
      ? `The examples are checked for Linux ${kb} (\`oomLens.kernel.version\`, \`--kernel-version\`).`
      : `The bad example is checked for Linux ${kb}, the good one for Linux ${kg} (\`oomLens.kernel.version\`, \`--kernel-version\`).`,
  };
}

/** SDU026 needs the slices above the unit: the example is a small workspace. */
function sliceExample(): Example {
  const unit = { path: '/etc/systemd/system/db.service', text: '[Service]\nExecStart=/usr/bin/db\nSlice=db.slice\nMemoryMin=512M\n' };
  const run = (slice: string): Finding[] => {
    const files: WorkspaceFile[] = [unit, { path: '/etc/systemd/system/db.slice', text: slice }].map(f => ({ uri: `file://${f.path}`, ...f }));
    const ctx: DocumentContext = {
      uri: `file://${unit.path}`, path: unit.path, settings: defaultSettings,
      workspace: { unitFiles: () => files, sysctlFiles: () => [], logFiles: () => [] },
    };
    return unitService.diagnostics(unitService.analyze(unit.text, ctx), ctx).filter(f => f.ruleId === SLICE_PROTECTION_RULE);
  };
  const [bad, good] = ['[Slice]\nMemoryLow=1G\n', '[Slice]\nMemoryMin=1G\n'];
  const finding = run(bad)[0];
  if (!finding || run(good).length) throw new Error('SDU026: the page example no longer shows the rule');
  return {
    bad: [{ path: unit.path, text: unit.text, lang: 'ini' }, { path: '/etc/systemd/system/db.slice', text: bad, lang: 'ini' }],
    good: [{ path: unit.path, text: unit.text, lang: 'ini' }, { path: '/etc/systemd/system/db.slice', text: good, lang: 'ini' }],
    finding,
    versions: `The examples are checked for systemd ${defaultSettings.systemdVersion}.`,
  };
}

/** One whole cgroup OOM report (kernel 6.1 layout); the OOM00x examples are it with lines cut or changed. */
const OOM_REPORT = [
  '[  512.100000] app invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
  '[  512.100010] CPU: 1 PID: 4242 Comm: app Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1',
  '[  512.100100] memory: usage 524288kB, limit 524288kB, failcnt 12',
  '[  512.100110] swap: usage 0kB, limit 0kB, failcnt 0',
  '[  512.100200] Tasks state (memory values in pages):',
  '[  512.100210] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
  '[  512.100220] [   4242]  1000  4242   200000   130000  1200000        0             0 app',
  '[  512.100300] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/app.service,task_memcg=/system.slice/app.service,task=app,pid=4242,uid=1000',
  '[  512.100400] Memory cgroup out of memory: Killed process 4242 (app) total-vm:800000kB, anon-rss:520000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:1172kB oom_score_adj:0',
];

/** The report as each OOM00x finds it. */
const OOM_BAD: Record<string, string[]> = {
  OOM001: OOM_REPORT.slice(0, 8),
  OOM002: [...OOM_REPORT.slice(0, 7), OOM_REPORT[7].replace('pid=4242', 'pid=4243'), OOM_REPORT[8].replace('process 4242', 'process 4243')],
  OOM003: [...OOM_REPORT.slice(0, 7), OOM_REPORT[7].replace('pid=4242', 'pid=4300'), OOM_REPORT[8]],
  OOM004: OOM_REPORT.slice(2),
};

function oomLogExample(id: string): Example {
  const file = '/var/log/kern.log';
  const run = (lines: string[]): Finding[] => {
    const ctx: DocumentContext = { uri: `file://${file}`, path: file, settings: defaultSettings, workspace: emptyWorkspace };
    return oomLogService.diagnostics(oomLogService.analyze(lines.join('\n') + '\n', ctx), ctx);
  };
  const bad = OOM_BAD[id];
  const finding = bad && run(bad).find(f => f.ruleId === id);
  if (!finding || run(OOM_REPORT).length) throw new Error(`${id}: the page example no longer shows the finding`);
  return {
    bad: [{ path: file, text: bad.join('\n') + '\n', lang: 'text' }],
    good: [{ path: file, text: OOM_REPORT.join('\n') + '\n', lang: 'text' }],
    finding,
    versions: 'The report layout of Linux 4.19 and later; OOM Lens reads the older layouts too.',
  };
}

function exampleOf(r: PageRule): Example | undefined {
  if (r.id === SLICE_PROTECTION_RULE) return sliceExample();
  if (r.kind === 'oomlog') return oomLogExample(r.id);
  if (r.kind === 'unit') return unitExample(r.id);
  if (r.kind === 'sysctl') return sysctlExample(r.id);
  return undefined;
}

/** Longest example line shown in full; longer ones (a 5,000-character value) are cut. */
const SHOWN_LINE = 160;

function codeBlock(f: ExampleFile): string {
  const lines = f.text.replace(/\n$/, '').split('\n').map(l => (l.length > SHOWN_LINE ? `${l.slice(0, SHOWN_LINE)}… (${l.length} characters in all)` : l));
  const body = lines.join('\n');
  const fence = '`'.repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map(m => m[0].length + 1)));
  return `\`${f.path}\`:\n\n${fence}${f.lang}\n${body}\n${fence}`;
}

/** Text from a finding or the catalogue in Markdown: literal (names hold `*`, `_` and `=`). */
function md(s: string): string {
  return s.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

const KIND: Record<PageRule['kind'], string> = {
  unit: 'systemd unit files and drop-ins',
  sysctl: 'sysctl files (`sysctl.conf`, `sysctl.d/*.conf`)',
  engine: 'every file OOM Lens lints',
  oomlog: 'kernel logs with OOM reports (the editor\'s OOM log view; `oom-lens analyze` lists them as problems)',
};

/** The page of one rule, as Markdown. */
export function renderPage(r: PageRule): string {
  const out: string[] = [
    `<!-- Generated by scripts/rule-pages.mjs from the rule catalogue and its test cases: edit those, not this file. -->`,
    `# ${r.id}: ${md(r.title)}`,
    '',
    r.kind === 'oomlog'
      ? `Default severity: **${r.severity}** · Checks: ${KIND[r.kind]} · Change it with \`oomLens.lint.rules\` (\`"${r.id}": "off"\` …).`
      : `Default severity: **${r.severity}** · Checks: ${KIND[r.kind]} · Change it with \`oomLens.lint.rules\` or \`--rule ${r.id}=off|error|warning|information|hint\`.`,
  ];
  const ex = exampleOf(r);
  out.push('', '## What it reports', '');
  if (ex) out.push(`On the bad example below, line ${ex.finding.range.start.line + 1}:`, '', `> ${md(ex.finding.message)}`);
  else out.push(md(r.title) + '.');
  out.push('', '## Why', '');
  const why = [r.help, ex?.finding.detail].filter((x): x is string => !!x);
  out.push(why.length ? why.map(md).join('\n\n') : `${md(r.title)}: see the message above and the references below.`);
  if (ex?.finding.related?.length) {
    out.push('', 'The diagnostic also points at:', '', ...ex.finding.related.map(x => `- line ${x.range.start.line + 1}${x.uri && !ex.bad[0].path.endsWith(x.uri.replace(/^file:\/\//, '')) ? ` of \`${x.uri.replace(/^file:\/\//, '')}\`` : ''}: ${md(x.message)}`));
  }
  if (ex) {
    out.push('', '## Example', '', 'Bad:', '', ...ex.bad.map(codeBlock).join('\n\n').split('\n'), '', 'Good:', '', ...ex.good.map(codeBlock).join('\n\n').split('\n'));
  }
  out.push('', '## Fix', '');
  const fixes = ex?.finding.fixes ?? [];
  if (fixes.length) out.push('Quick fixes offered on the bad example (the editor\'s light bulb):', '', ...fixes.map(f => `- ${md(f.title)}${f.isPreferred ? ' (preferred)' : ''}`));
  else if (ex && r.kind === 'oomlog') out.push('Nothing in the log is to be edited: find the missing or mixed-up lines as "Why" says. The good example is the whole report.');
  else if (ex) out.push('Change the file as the good example shows.');
  else out.push('See "Why" above.');
  out.push('', '## Versions', '', ex ? ex.versions : 'Not version-dependent.');
  const refs = [...new Set([r.docUrl, ex?.finding.docUrl].filter((u): u is string => !!u && /^https:\/\//.test(u) && u !== rulePageUrl(r.id)))];
  out.push('', '## References', '', ...(refs.length ? refs.map(u => `- <${u}>`) : ['- OOM Lens itself: the README\'s "Command line" section.']));
  return out.join('\n') + '\n';
}

/** Every page by file name (`SDU001.md` → Markdown). */
export function renderPages(): Map<string, string> {
  return new Map(pageRules().map(r => [`${r.id}.md`, renderPage(r)]));
}

/** The folder the pages live in, from the repository root. */
export const PAGES_DIR = path.join('docs', 'rules');

/** Writes every page under `root`/docs/rules and removes pages of rules that no longer exist. */
export function writePages(root: string): { written: number; removed: string[] } {
  const dir = path.join(root, PAGES_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const pages = renderPages();
  const removed = fs.readdirSync(dir).filter(n => n.endsWith('.md') && !pages.has(n));
  for (const n of removed) fs.unlinkSync(path.join(dir, n));
  for (const [name, text] of pages) fs.writeFileSync(path.join(dir, name), text);
  return { written: pages.size, removed };
}
