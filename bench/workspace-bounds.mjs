// Measures the language server beside a crafted workspace (issue 23): a unit file next to N logs of
// repeated OOM reports, or next to many 1 MB unit files. Prints hover latencies and the server's
// peak RSS. Run by hand after `npm run build` (writes the files under $TMPDIR, removes them after):
//   node bench/workspace-bounds.mjs logs 40 12     # 40 logs of 12 MB = 480 MB
//   node bench/workspace-bounds.mjs logs 40 60     # 2.4 GB
//   node bench/workspace-bounds.mjs units 4000 1   # 4,000 unit files of 1 MB
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import rpc from 'vscode-jsonrpc/node.js';

// OOM_LENS_ROOT: measure another checkout's build (dist/server.js) with the same workspace
const root = process.env.OOM_LENS_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [kind = 'logs', countArg = '40', mbArg = '12'] = process.argv.slice(2);
const count = Number(countArg);
const mb = Number(mbArg);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-wsbench-'));
const report = fs.readFileSync(path.join(root, 'samples', 'journald-6.12-cgroup-v2.log'), 'utf8');
const unitText = '[Service]\nExecStart=/usr/sbin/php-fpm8.2\nSlice=app.slice\nMemoryMin=1G\nMemoryMax=2G\n';
fs.writeFileSync(path.join(dir, 'php8.2-fpm.service'), unitText);
const t0 = Date.now();
if (kind === 'logs') {
  const chunk = Buffer.from(report.repeat(Math.floor((mb << 20) / report.length)));
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `kern.log.${i}`), chunk);
} else {
  const body = '[Service]\n' + `Environment=X=${'a'.repeat((mb << 20) - 40)}\n`;
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `u${i}.service`), body);
}
console.log(`${kind}: ${count} × ${mb} MB written in ${((Date.now() - t0) / 1000).toFixed(1)} s to ${dir}`);

const proc = spawn(process.execPath, ['--max-semi-space-size=4', path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '32768' } });
let peak = 0;
const rss = () => { try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) * 1024; } catch { return 0; } };
const sampler = setInterval(() => { peak = Math.max(peak, rss()); }, 50);
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
conn.onRequest('workspace/configuration', p => p.items.map(() => null));
conn.onRequest('client/registerCapability', () => null);
conn.onNotification('textDocument/publishDiagnostics', () => undefined);
conn.listen();
const rootUri = pathToFileURL(dir).href;
await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: {} });
conn.sendNotification('initialized', {});
const uri = pathToFileURL(path.join(dir, 'php8.2-fpm.service')).href;
conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'systemd-unit', version: 1, text: unitText } });
const hover = async () => {
  const t = performance.now();
  const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 3 } });
  return { ms: performance.now() - t, text: h?.contents?.value ?? '' };
};
const start = Date.now();
let worst = 0;
let first;
for (;;) {
  const h = await hover();
  first ??= h;
  worst = Math.max(worst, h.ms);
  const still = /still reading/.test(h.text);
  if (!still || Date.now() - start > 600_000) {
    const note = /_(Evidence limited|No OOM report)[^_]*_/.exec(h.text)?.[0] ?? '(no note)';
    const found = /In the workspace logs:\*\* [^\n]*/.exec(h.text)?.[0] ?? '(no evidence)';
    console.log(`first hover ${first.ms.toFixed(0)} ms; worst hover while reading ${worst.toFixed(0)} ms; logs read after ${((Date.now() - start) / 1000).toFixed(1)} s`);
    console.log(`evidence: ${found}\nnote: ${note}`);
    break;
  }
  await new Promise(r => setTimeout(r, 250));
}
const done = await hover();
console.log(`hover after reading ${done.ms.toFixed(1)} ms; server peak RSS ${(peak / 1048576).toFixed(0)} MB, now ${(rss() / 1048576).toFixed(0)} MB; alive: ${proc.exitCode === null}`);
clearInterval(sampler);
proc.kill();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
