/**
 * Differential check of the sysctl syntax model against procps `sysctl --dry-run -p FILE` (procps-ng 4.x).
 *
 * A few hundred files are generated deterministically (comments, `;`, whitespace, `-` prefix, `.` and `/`
 * separators, repeated separators, missing `=`, globs, inline comments, empty keys and values). For each
 * file our parser's result is turned into what procps would print: the write step is replayed here
 * (path = /proc/sys/ + key with procps's separator swap, stat, glob expansion, exclusions), so what is
 * compared is the parser's reading of every line: key, value, prefix, exclusion, "invalid syntax",
 * "separators should not be repeated".
 *
 * Excluded on purpose (genuine procps vs systemd-sysctl differences; our parser follows systemd):
 *  - whitespace between `-` and the key: procps keeps it in the key (`/proc/sys/ vm/...`), systemd strips it.
 * Not generated (editor vs C-library view of a file, not syntax): lone CR line breaks, NUL bytes, a
 * one-character last line without newline (procps skips lines shorter than 2 bytes).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSysctl } from '../../../server/src/sysctl/parse';
import { globMatch } from '../../../server/src/sysctl/merge';

function findSysctl(): string | null {
  for (const p of ['/usr/sbin/sysctl', '/sbin/sysctl', '/usr/bin/sysctl']) if (fs.existsSync(p)) return p;
  return null;
}

const SYSCTL = findSysctl();
const procpsOk = (() => {
  if (!SYSCTL) return false;
  try { return /procps/.test(execFileSync(SYSCTL, ['--version'], { encoding: 'utf8' })); } catch { return false; }
})();

// ---- deterministic generator ---------------------------------------------------------------

let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];

const KEYS = [['vm', 'swappiness'], ['vm', 'overcommit_memory'], ['vm', 'panic_on_oom'], ['kernel', 'panic'], ['vm', 'dirty_ratio'], ['vm', 'nosuch_key'], ['kernel', 'nope'], ['vm']];
const SEPS = ['.', '.', '.', '/', '..', '//', './', '/.'];
const GLOBS = ['vm.swappines?', 'vm/swappi*', 'vm.nomatch*', 'vm.dirty_rati[o]'];
const VALUES = ['10', '0', '1', '10 # comment', '1 ; note', '', 'a b', '  60  ', '0x10', '=2'];
const SPACES = ['', ' ', '  ', '\t'];

function genKey(): string {
  const parts = pick(KEYS);
  if (parts.length === 1) return parts[0];
  return parts[0] + pick(SEPS) + parts[1];
}

function genLine(): { text: string; excluded?: string } {
  const r = rnd();
  if (r < 0.08) return { text: pick(SPACES) + pick(['#', ';']) + ' comment = 1' };
  if (r < 0.12) return { text: pick(SPACES) };
  if (r < 0.2) return { text: pick(SPACES) + genKey() + pick(SPACES) + pick(['10', '', 'x']) }; // no '='
  if (r < 0.27) return { text: '-' + genKey() }; // exclusion
  if (r < 0.33) return { text: pick(GLOBS) + ' = ' + pick(['5', '7']) };
  if (r < 0.36) return { text: pick(SPACES) + '= 5' }; // empty key
  if (r < 0.39) return { text: '- ' + genKey() + ' = 1', excluded: 'space after "-": procps keeps it in the key, systemd strips it' };
  const minus = rnd() < 0.2 ? '-' : '';
  return { text: pick(SPACES) + minus + genKey() + pick(SPACES) + '=' + pick(SPACES) + pick(VALUES) + pick(SPACES) };
}

// ---- what procps prints, derived from our parse --------------------------------------------

const swap = (s: string) => s.replace(/[./]/g, c => (c === '.' ? '/' : '.'));

function predicted(file: string, text: string): { out: string[]; err: string[] } {
  const p = parseSysctl(text);
  const out: string[] = [];
  const err: string[] = [];
  interface Node { path: string; value: string | null; exclude: boolean }
  const nodes: Node[] = [];
  const byLine = new Map<number, string>();
  for (const b of p.bad) byLine.set(b.line, 'bad');
  const items = [...p.bad.map(b => ({ line: b.line, bad: true as const })), ...p.entries.map(e => ({ line: e.line, e }))].sort((a, b) => a.line - b.line);
  for (const it of items) {
    if ('bad' in it) { err.push(`sysctl: ${file}(${it.line + 1}): invalid syntax, continuing...`); continue; }
    const e = it.e;
    const raw = e.rawKey;
    const first = raw.search(/[./]/);
    const pathKey = first >= 0 && raw[first] === '.' ? swap(raw) : raw;
    if (first >= 0 && raw[first] === '.') {
      const rep = raw.search(/[./][./]/);
      if (rep >= 0) err.push(`sysctl: separators should not be repeated: ${raw.slice(rep)}`);
    }
    nodes.push({ path: '/proc/sys/' + pathKey, value: e.value, exclude: e.kind === 'exclude' });
  }
  const write = (full: string, value: string) => {
    if (!fs.existsSync(full)) { err.push(`sysctl: cannot stat ${full}: No such file or directory`); return; }
    const real = fs.realpathSync(full);
    if (!real.startsWith('/proc/sys/')) { err.push(`sysctl: Path is not under /proc/sys/: ${full}`); return; }
    const dottedSrc = full.slice('/proc/sys/'.length);
    const firstSep = dottedSrc.search(/[./]/);
    let dotted = dottedSrc;
    if (firstSep >= 0 && dottedSrc[firstSep] === '/') {
      const rep = dottedSrc.search(/[./][./]/);
      if (rep >= 0) err.push(`sysctl: separators should not be repeated: ${dottedSrc.slice(rep)}`);
      dotted = swap(dottedSrc);
    }
    // A directory cannot be written; the errno text differs between procps releases, so it is normalised.
    if (fs.statSync(full).isDirectory()) { err.push(`sysctl: setting key "${dotted}": <error>`); return; }
    out.push(`${dotted} = ${value}`);
  };
  for (const n of nodes) {
    if (n.exclude) continue;
    if (/[*?[]/.test(n.path)) {
      const dir = path.dirname(n.path);
      const pat = path.basename(n.path);
      let names: string[] = [];
      try { names = fs.readdirSync(dir).sort(); } catch { /* no dir: glob() fails, nothing written */ }
      for (const name of names.filter(x => globMatch(pat, x))) {
        const full = `${dir}/${name}`;
        if (nodes.some(o => o.path === full || (o.exclude && globMatch(o.path, full)))) continue;
        write(full, n.value ?? '');
      }
    } else write(n.path, n.value ?? '');
  }
  return { out, err };
}

function runProcps(file: string): { out: string[]; err: string[] } {
  const r = spawnSync(SYSCTL!, ['--dry-run', '-p', file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const lines = (s: string) => s.split('\n').filter(l => l.length > 0).map(l => l.replace(/^(sysctl: setting key "[^"]*"): .*$/, '$1: <error>'));
  return { out: lines(r.stdout), err: lines(r.stderr) };
}

test('syntax model agrees with procps sysctl --dry-run -p on generated files', { skip: procpsOk ? false : 'procps sysctl not installed (scripts/provision-tools.sh installs it)' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oomlens-sysctl-diff-'));
  let compared = 0;
  let agreed = 0;
  let excluded = 0;
  let lines = 0;
  const failures: string[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      const gen = Array.from({ length: 1 + Math.floor(rnd() * 6) }, genLine);
      if (gen.some(g => g.excluded)) { excluded++; continue; }
      const text = gen.map(g => g.text).join('\n') + '\n';
      const file = path.join(dir, `case-${String(i).padStart(3, '0')}.conf`);
      fs.writeFileSync(file, text);
      const want = runProcps(file);
      const got = predicted(file, text);
      compared++;
      lines += gen.length;
      if (JSON.stringify(want) === JSON.stringify(got)) agreed++;
      else if (failures.length < 5) failures.push(`${JSON.stringify(text)}\n procps: ${JSON.stringify(want)}\n model:  ${JSON.stringify(got)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`sysctl differential: ${agreed}/${compared} files agree with procps (${lines} lines); ${excluded} files excluded (procps vs systemd difference: space after "-")`);
  assert.ok(compared >= 200, `only ${compared} files compared`);
  assert.equal(agreed, compared, failures.join('\n\n'));
});
