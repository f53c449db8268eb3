/**
 * A repository is untrusted input: control characters from crafted logs, units, sysctl files and
 * file names never reach the terminal raw, in any human-readable output of the CLI (stdout and
 * stderr); JSON stays valid and equal in value.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeStreamCommand } from '../../../server/src/cli/analyze';
import { main } from '../../../server/src/cli/main';
import { forTerminal } from '../../../server/src/common/terminal';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const OSC52 = '\x1b]52;c;ZXZpbA==\x07';
const OSC8 = '\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\';
const CSI = '\x1b[2J\x1b[H';
/** OSC 8 without a slash, for file names. */
const OSC8_NAME = '\x1b]8;;evil.example\x1b\\click\x1b]8;;\x1b\\';
const C1_CSI = '\u009b2J';
/** Anything a terminal acts on: C0 other than tab and newline, DEL, C1. */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function run(argv: string[], cwd?: string) {
  let out = '';
  let err = '';
  const old = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = main(argv, { stdout: s => { out += s; }, stderr: s => { err += s; }, readStdin: () => '' });
    return { code, out, err };
  } finally { process.chdir(old); }
}

/** `oom-lens analyze ARGS` as shipped (cli/analyze.ts): small files read whole, or everything streamed (`wholeTextUnder` 0). */
async function analyze(args: string[], wholeTextUnder?: number) {
  let out = '';
  let err = '';
  const code = await analyzeStreamCommand(args, {
    stdout: s => { out += s; }, stderr: s => { err += s; },
    stdin: () => ({ chunks: (async function* () { /* no input */ })(), close: () => undefined }),
    progress: false, stopped: () => false, wholeTextUnder,
  }, 'usage');
  return { code, out, err };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-hostile-'));
}

test('forTerminal: C0 (not tab or newline), DEL and C1 become visible escapes; the rest is unchanged', () => {
  assert.equal(forTerminal(`a${OSC52}b`), 'a\\x1b]52;c;ZXZpbA==\\x07b');
  assert.equal(forTerminal(C1_CSI), '\\u009b2J');
  assert.equal(forTerminal('\x7f\x00\r'), '\\u007f\\x00\\x0d');
  assert.equal(forTerminal('tab\there\nnext line — ü 日本 🙂'), 'tab\there\nnext line — ü 日本 🙂');
  assert.equal(forTerminal('\u00a0\u0100'), '\u00a0\u0100', 'U+00A0 and above are printable');
  // the escapes keep JSON valid and equal in value
  const json = JSON.stringify({ s: `x${C1_CSI}\x7f${OSC8}` });
  assert.deepEqual(JSON.parse(forTerminal(json)), JSON.parse(json));
  assert.doesNotMatch(forTerminal(json), RAW_CONTROL);
});

test('analyze: crafted process names, cgroup paths and file names do not reach the terminal raw (text, Markdown, JSON, stderr; read whole and streamed)', async () => {
  const dir = tmpDir();
  try {
    const sample = fs.readFileSync(path.join(repoRoot, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8');
    const log = sample.replace(/php-fpm8\.2/g, `php${OSC52}${C1_CSI}`)
      .replace(/\/system\.slice\/php8\.2-fpm\.service/g, `/system.slice/${OSC8}.service`)
      .replace('6.12.9-amd64', `6.12.9${CSI}`);
    const file = path.join(dir, `kern${CSI}.log`);
    fs.writeFileSync(file, log);
    for (const [args, under] of [[file], ['--format', 'markdown', file], ['--json', file]].flatMap(a => [[a, undefined], [a, 0]] as const)) {
      const r = await analyze([...args], under);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /OOM|events/, 'the report is still analysed');
      assert.doesNotMatch(r.out, RAW_CONTROL, `${args[0]}: no raw control character in stdout`);
      assert.doesNotMatch(r.err, RAW_CONTROL);
      if (args[0] === file) assert.match(r.out, /php\\x1b\]52;c;ZXZpbA==\\x07\\u009b2J/, 'the name is shown with visible escapes');
      else if (args[0] !== '--json') assert.match(r.out, /php\\x1b\\?\]52;c;ZXZpbA==\\x07\\u009b2J/, 'the name is shown with visible escapes');
      else {
        const j = JSON.parse(r.out);
        assert.equal(j.files[0].events[0].victim.comm, `php${OSC52}${C1_CSI}`, 'JSON keeps the exact value');
      }
    }
    const missing = await analyze([path.join(dir, `gone${OSC52}.log`)]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /gone\\x1b\]52/);
    assert.doesNotMatch(missing.err, RAW_CONTROL);
    const unknown = run([`${CSI}bogus`]);
    assert.equal(unknown.code, 2);
    assert.doesNotMatch(unknown.err, RAW_CONTROL);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('lint: crafted unit values, sysctl values, section names and file names do not reach the terminal raw', () => {
  const dir = tmpDir();
  try {
    fs.writeFileSync(path.join(dir, `app${OSC8_NAME}.service`), `[Service]\nMemoryMax=${OSC52}1G\nOOMScoreAdjust=${CSI}\n[Bogus${C1_CSI}]\nX=1\n`);
    fs.mkdirSync(path.join(dir, 'sysctl.d'));
    fs.writeFileSync(path.join(dir, 'sysctl.d', `99-${CSI}.conf`), `vm.swappiness = ${OSC52}\nvm.overcommit_memory = 9${C1_CSI}\nvm.${OSC8} = 1\n`);
    for (const format of ['text', 'json', 'sarif']) {
      const r = run(['lint', '--format', format, '.'], dir);
      assert.equal(r.code, 1, `${format}: errors found\n${r.err}`);
      assert.doesNotMatch(r.out, RAW_CONTROL, `${format}: stdout`);
      assert.doesNotMatch(r.err, RAW_CONTROL, `${format}: stderr`);
      if (format === 'text') {
        assert.match(r.out, /app\\x1b\]8;;evil\.example\\x1b\\click/, 'file name shown escaped');
        assert.match(r.out, /\\x1b\]52;c;ZXZpbA==\\x07/, 'value shown escaped');
      } else assert.doesNotThrow(() => JSON.parse(r.out), `${format}: stdout is JSON`);
    }
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});
