/**
 * oom-lens command line: the same cores as the language server, without an editor.
 *
 *   oom-lens analyze [--json|--format markdown] [FILE...]   OOM reports → summary (stdin when no file;
 *     streamed by cli/analyze.ts, in a bundle of its own)
 *   oom-lens lint [--format text|json|sarif] [--max-warnings N] FILE|DIR...   units and sysctl files → diagnostics
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { defaultSettings, type DocumentContext, type Settings, type WorkspaceFile, type WorkspaceView } from '../common/service';
import type { Finding, Severity } from '../common/types';
import { languageOfPath, services } from '../files/languages';
import { isBinary, LINT_TYPES, lintLanguageOf, type LintLanguage } from './lintInput';
import { ConfigFiles, withOverrides, type SettingsOverrides } from '../files/lintConfig';
import { ruleLevel } from '../common/severity';
import { ChunkedText, MAX_STRING } from '../common/chunkedText';
import { readLogStdin } from '../files/readLog';
import { toSarif, type SarifFile } from '../report/sarif';
import { lintRuleCatalogue, rulePageUrl } from '../report/rules';
import { psCommand } from './ps';
import { watchCommand } from './watch';
import { forTerminal, terminalSafeIO } from '../common/terminal';
import { runAnalyzeCli } from './analyze';
import { stopQuietlyOnClosedPipe, USAGE } from './usage';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** All of standard input: a ChunkedText when it is too big for one string (files/readLog.ts). */
  readStdin: () => string | ChunkedText;
}

/** What to say about a file too big to read as one text, and what to do instead. */
function tooBig(file: string, bytes: number): string {
  const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
  const name = file === '-' ? '<stdin>' : file;
  return `${name}: ${file === '-' ? 'the input' : mb(bytes)} is more than oom-lens can read as one text (${mb(MAX_STRING)}). ` +
    `Split it at line ends and analyse the parts, e.g. \`split -C 400M ${file === '-' ? 'FILE' : file} part-\` ` +
    `(a report cut at a split shows up as two partial ones), or cut out the time around the incident first.`;
}

/** @param known the file's stats when the caller already has them (saves a second stat per file) */
function readInput(file: string, io: CliIO, known?: fs.Stats): string | { error: string } {
  let size = 0;
  try {
    if (file === '-') {
      const all = io.readStdin();
      if (typeof all === 'string') return all;
      return all.length <= MAX_STRING ? all.getText() : { error: tooBig(file, all.length) };
    }
    const st = known ?? fs.statSync(file);
    if (st.isDirectory()) return { error: `${file}: is a directory` };
    size = st.size;
    if (size > 4 * MAX_STRING) return { error: tooBig(file, size) }; // more than any UTF-8 of MAX_STRING units
    return fs.readFileSync(file).toString('utf8'); // one Buffer decoded at once: quicker than readFileSync(file, 'utf8') on large files
  } catch (e: any) {
    // a UTF-8 file up to 4× MAX_STRING bytes may still fit: decoding says whether it does
    if (e?.code === 'ERR_STRING_TOO_LONG' || (e instanceof Error && /string longer than/i.test(e.message))) return { error: tooBig(file, size) };
    return { error: `${file === '-' ? '<stdin>' : file}: ${e?.code === 'ENOENT' ? 'no such file' : e?.message ?? String(e)}` };
  }
}

interface LintRow {
  file: string; line: number; column: number; endLine: number; endColumn: number; severity: Severity; code: string; message: string; url?: string;
  /** With --explain: why it matters and what to write instead, and the titles of the fixes the editor offers. */
  detail?: string; fixes?: string[];
}

export function lintCommand(args: string[], io: CliIO): number {
  io = terminalSafeIO(io); // file text reaches the terminal: no control characters
  let format = 'text';
  let maxWarnings: number | undefined;
  let forced: LintLanguage | undefined;
  let stdinName: string | undefined;
  let explain = false;
  const overrides: SettingsOverrides = { rules: {} };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--format') format = value() ?? '';
    else if (flag === '--json') format = 'json';
    else if (a === '--explain') explain = true;
    else if (flag === '--systemd-version') {
      const v = value();
      if (v === undefined || !/^\d+$/.test(v)) { io.stderr('oom-lens lint: --systemd-version needs a number\n'); return 2; }
      overrides.systemdVersion = Number(v);
    }
    else if (flag === '--kernel-version') {
      const v = value();
      if (v === undefined || !/^\d+\.\d+/.test(v)) { io.stderr('oom-lens lint: --kernel-version needs a version such as 6.1\n'); return 2; }
      overrides.kernelVersion = v;
    }
    else if (flag === '--type') {
      const v = value();
      forced = v === undefined ? undefined : LINT_TYPES[v];
      if (!forced) { io.stderr(`oom-lens lint: --type must be unit or sysctl, not ${v ?? 'nothing'}\n`); return 2; }
    }
    else if (flag === '--rule') {
      // --rule SDU042=off: the value holds a '=' of its own
      const v = inline !== undefined ? inline : args[++i];
      const m = v === undefined ? null : /^([A-Za-z]+[0-9]+)[=:](.*)$/.exec(v);
      const level = m ? ruleLevel(m[2]) : null;
      if (!m || !level) { io.stderr(`oom-lens lint: --rule needs ID=LEVEL with LEVEL off, error, warning, information or hint (e.g. --rule SDU042=off), not ${v ?? 'nothing'}\n`); return 2; }
      overrides.rules[m[1]] = level;
    }
    else if (flag === '--stdin-filename') {
      stdinName = value();
      if (!stdinName) { io.stderr('oom-lens lint: --stdin-filename needs a name\n'); return 2; }
    }
    else if (flag === '--max-warnings') {
      const v = value();
      if (v === undefined || !/^\d+$/.test(v)) { io.stderr('oom-lens lint: --max-warnings needs a whole number\n'); return 2; }
      maxWarnings = Number(v);
    }
    else if (a === '-h' || a === '--help') { io.stdout(USAGE + '\n'); return 0; }
    else if (a.startsWith('-') && a !== '-') { io.stderr(`oom-lens lint: unknown option ${a}\n${USAGE}\n`); return 2; }
    else files.push(a);
  }
  if (!['text', 'json', 'sarif'].includes(format)) { io.stderr(`oom-lens lint: unknown format ${format}\n`); return 2; }
  if (!files.length) { io.stderr(`oom-lens lint: no files (name files or directories, or - for standard input)\n${USAGE}\n`); return 2; }

  const inputs: (WorkspaceFile & { lang: LintLanguage; settings: Settings })[] = [];
  const configs = new ConfigFiles();
  // one settings object per config file: cross-file rules keep what they parsed per settings object
  const withFlags = new Map<Settings, Settings>();
  const configReported = new Set<string>();
  let unreadable = false;
  for (const f of expandArgs(files, io)) {
    if ('error' in f) { unreadable = true; continue; }
    const stdin = f.file === '-';
    const name = stdin ? stdinName ?? '<stdin>' : f.file;
    const abs = path.resolve(stdin ? stdinName ?? '<stdin>' : f.file);
    const text = readInput(f.file, io, f.stats);
    if (typeof text !== 'string') { io.stderr(`oom-lens lint: ${text.error}\n`); unreadable = true; continue; }
    if (isBinary(text)) { io.stderr(`oom-lens lint: ${name}: binary file (not text); skipped\n`); continue; }
    const lang = lintLanguageOf(abs.split(path.sep).join('/'), text, forced);
    if (typeof lang !== 'string') { io.stderr(`oom-lens lint: ${name}: ${lang.skip}\n`); continue; }
    const { settings: fromFile, config } = configs.settingsFor(abs, defaultSettings);
    if (config?.problems.length && !configReported.has(config.file)) {
      configReported.add(config.file);
      io.stderr(`oom-lens lint: ${path.relative(process.cwd(), config.file) || config.file}: ${config.problems.join('; ')}\n`);
      unreadable = true;
    }
    let settings = withFlags.get(fromFile);
    if (!settings) withFlags.set(fromFile, settings = withOverrides(fromFile, overrides));
    inputs.push({ uri: pathToFileURL(abs).href, path: abs, text, lang, settings });
  }
  if (!inputs.length) {
    io.stderr('oom-lens lint: nothing was linted: no unit or sysctl file among the arguments\n');
    return 2;
  }
  // The files named on the command line are the workspace for cross-file rules (the same arrays
  // for every file: workspace rules keep indexes of them while the listing is unchanged).
  const unitInputs = inputs.filter(i => i.lang === 'systemd-unit');
  const sysctlInputs = inputs.filter(i => i.lang === 'sysctl');
  const workspace: WorkspaceView = { unitFiles: () => unitInputs, sysctlFiles: () => sysctlInputs, logFiles: () => [] };
  const cwd = process.cwd();
  const rows: LintRow[] = [];
  const sarifFiles: SarifFile[] = [];
  for (const input of inputs) {
    const ctx: DocumentContext = { uri: input.uri, path: input.path, settings: input.settings, workspace };
    const service = services[input.lang];
    const findings: Finding[] = service.diagnostics(service.analyze(input.text, ctx), ctx);
    const name = path.relative(cwd, input.path) || input.path;
    sarifFiles.push({ path: name.split(path.sep).join('/'), findings });
    for (const f of findings) {
      const row: LintRow = {
        file: name, line: f.range.start.line + 1, column: f.range.start.character + 1,
        endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1,
        severity: f.severity, code: f.ruleId, message: f.message, url: rulePageUrl(f.ruleId) ?? f.docUrl,
      };
      if (explain) {
        if (f.detail) row.detail = f.detail;
        if (f.fixes?.length) row.fixes = f.fixes.map(x => x.title);
      }
      rows.push(row);
    }
  }
  rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  if (format === 'json') io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else if (format === 'sarif') {
    const rootUri = pathToFileURL(cwd).href.replace(/\/?$/, '/');
    const sarif = toSarif(sarifFiles, lintRuleCatalogue(), { toolVersion: CLI_VERSION, rootUri });
    io.stdout(JSON.stringify(sarif, null, 2) + '\n');
  }
  else io.stdout(lintText(rows, inputs.length, explain)); // one write: thousands of small writes cost more than the linting
  if (unreadable) return 2;
  if (rows.some(r => r.severity === 'error')) return 1;
  const warnings = rows.filter(r => r.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`oom-lens lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/**
 * Text report: one `file:line:col severity code message` line per finding, then the totals. With
 * `explain`, indented lines follow each finding (why, fix, docs); they do not start with a path, so
 * problem matchers that read the first line per finding still work.
 */
function lintText(rows: LintRow[], fileCount: number, explain = false): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
    if (!explain) continue;
    if (r.detail) out.push(`    why: ${r.detail}\n`);
    for (const f of r.fixes ?? []) out.push(`    fix: ${f}\n`);
    if (r.url) out.push(`    docs: ${r.url}\n`);
  }
  const errors = rows.filter(r => r.severity === 'error').length;
  const warnings = rows.filter(r => r.severity === 'warning').length;
  out.push(`${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  return out.join('');
}

const CLI_VERSION = '0.1.0';

/**
 * A link met while searching a directory: its target when that is a regular file inside one of
 * `roots` (real paths), else undefined. A link out of the tree (say `app.service` →
 * `~/.aws/credentials`) is not read: its section and key names would land in CI logs.
 */
function linkInside(p: string, roots: readonly string[]): string | undefined {
  let real: string;
  try { real = fs.realpathSync(p); if (!fs.statSync(real).isFile()) return undefined; } catch { return undefined; }
  return roots.some(r => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep)) ? real : undefined;
}
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
const MAX_WALK_FILES = 20000;

/**
 * Command-line arguments → files: a directory stands for the unit and sysctl files below it
 * (judged by name, as in the editor), sorted; plain files pass through unchanged. Unreadable
 * directories are reported and come back as `{ error }`.
 */
export function expandDirectories(args: string[], io: CliIO): (string | { error: string })[] {
  return expandArgs(args, io).map(f => ('error' in f ? f : f.file));
}

/** expandDirectories, keeping the stats of plain file arguments so that reading them needs no second stat. */
function expandArgs(args: string[], io: CliIO): ({ file: string; stats?: fs.Stats } | { error: string })[] {
  const out: ({ file: string; stats?: fs.Stats } | { error: string })[] = [];
  const roots: string[] = [];
  for (const a of args) {
    try { if (a !== '-' && fs.statSync(a).isDirectory()) roots.push(fs.realpathSync(a)); } catch { /* reported below */ }
  }
  for (const a of args) {
    let st: fs.Stats | undefined;
    try { st = a === '-' ? undefined : fs.statSync(a); } catch { st = undefined; }
    if (!st || !st.isDirectory()) { out.push({ file: a, stats: st }); continue; }
    const found: string[] = [];
    const walk = (dir: string, depth: number): boolean => {
      let entries: fs.Dirent[];
      try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch (e: any) {
        io.stderr(`oom-lens lint: ${dir}: ${e?.message ?? String(e)}\n`);
        return false;
      }
      let ok = true;
      for (const e of entries) {
        if (found.length >= MAX_WALK_FILES) break;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name) && depth < 32) ok = walk(p, depth + 1) && ok;
        } else if (e.isFile() || e.isSymbolicLink()) {
          const lang = languageOfPath(path.resolve(p).split(path.sep).join('/'));
          if (lang !== 'systemd-unit' && lang !== 'sysctl') continue;
          if (e.isSymbolicLink() && !linkInside(p, roots)) {
            io.stderr(`oom-lens lint: ${p}: a link to a file outside ${roots.length === 1 ? a : 'the directories given'} (or to no file); skipped\n`);
            continue;
          }
          found.push(p);
        }
      }
      return ok;
    };
    if (!walk(a, 0)) out.push({ error: a });
    found.sort();
    if (!found.length) io.stderr(`oom-lens lint: ${a}: no unit or sysctl files found\n`);
    for (const f of found) out.push({ file: f });
  }
  return out;
}

/** The commands of this bundle: lint, ps, watch and help (`analyze` streams: runCli and cli/entry.ts send it to cli/analyze.ts). */
export function main(argv: string[], io: CliIO): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'lint': return lintCommand(rest, io);
    case 'ps': return psCommand(rest, io);
    case 'watch': return watchCommand(rest, io);
    case '-h': case '--help': case 'help': io.stdout(USAGE + '\n'); return 0;
    default: io.stderr(`${command ? `oom-lens: unknown command ${forTerminal(command)}\n` : ''}${USAGE}\n`); return 2;
  }
}

/** Runs the command named in process.argv (dist/cli.js, server/src/cli/entry.ts, calls it for every command but analyze). */
export function runCli(): void {
  stopQuietlyOnClosedPipe();
  // analyze streams (cli/analyze.ts): any size, in constant memory
  if (process.argv[2] === 'analyze') runAnalyzeCli(process.argv.slice(3), USAGE);
  else process.exitCode = main(process.argv.slice(2), {
    stdout: s => process.stdout.write(s),
    stderr: s => process.stderr.write(s),
    readStdin: () => readLogStdin(),
  });
}

if (require.main === module) runCli();
