/** The kernel-log fallbacks with a scripted runner, and the real runner on this machine. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readKernelLog, type RunResult } from '../../../server/src/machine/kernelLog';
import { execRunner } from '../../../server/src/machine/exec';

const ok = (stdout: string): RunResult => ({ code: 0, stdout, stderr: '' });
const missing: RunResult = { code: null, stdout: '', stderr: '', errorCode: 'ENOENT' };
const enoent = async () => { throw Object.assign(new Error('no'), { code: 'ENOENT' }); };

test('journalctl first, with the time range as one argument', async () => {
  const calls: string[][] = [];
  const r = await readKernelLog('-1h', async (c, a) => { calls.push([c, ...a]); return ok('2026-12-04T20:18:03+0000 host kernel: hello\n'); }, enoent);
  assert.ok(!('error' in r));
  assert.equal(r.source, 'journalctl -k -o short-iso --no-pager --since=-1h');
  assert.deepEqual(calls, [['journalctl', '-k', '-o', 'short-iso', '--no-pager', '--since=-1h']]);
});

test('an empty journal (containers, this VM) falls back to dmesg -T, saying why', async () => {
  const r = await readKernelLog('boot', async c => (c === 'journalctl' ? { code: 0, stdout: '-- No entries --\n', stderr: 'No journal files were found.\n' } : ok('[Fri Dec  4 20:18:03 2026] Linux version 6.18\n')), enoent);
  assert.ok(!('error' in r));
  assert.equal(r.source, 'dmesg -T');
  assert.match(r.notes[0], /journalctl found no kernel messages \(No journal files were found\.\)/);
});

test('then the syslog files; and a clear message when nothing is readable', async () => {
  const denied: RunResult = { code: 1, stdout: '', stderr: 'dmesg: read kernel buffer failed: Operation not permitted\n' };
  const r = await readKernelLog('-24h', async c => (c === 'journalctl' ? missing : denied), async p => {
    if (p === '/var/log/kern.log') throw Object.assign(new Error('denied'), { code: 'EACCES' });
    return 'Dec  4 20:18:03 host kernel: hi\n';
  });
  assert.ok(!('error' in r));
  assert.equal(r.source, '/var/log/messages');
  assert.match(r.notes.join(' '), /journalctl is not installed; dmesg needs privileges here .* \/var\/log\/kern\.log is not readable/);
  const none = await readKernelLog('all', async () => missing, enoent);
  assert.ok('error' in none);
  assert.match(none.error, /^No kernel log is readable on this machine: journalctl is not installed; dmesg is not installed; \/var\/log\/kern\.log does not exist; \/var\/log\/messages does not exist\. Containers often/);
});

test('the real runner: a missing command, a failing one, a timeout', async () => {
  const run = execRunner(300);
  assert.equal((await run('oom-lens-no-such-command', [])).errorCode, 'ENOENT');
  const f = await run('sh', ['-c', 'echo oops >&2; exit 3']);
  assert.equal(f.code, 3);
  assert.equal(f.stderr, 'oops\n');
  assert.equal((await run('sleep', ['5'])).errorCode, 'ETIMEDOUT');
});
