import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { cacheFilesIn, WRITE_AFTER_MS } from '../../server/src/codeCache';
import { CODE_CACHE_ENV, SERVER_ENV, SERVER_NODE_FLAGS } from '../../server/src/launch';
import { activateExtension, hoverText, open, until } from './helpers';

const LOG = 'ubuntu-5.4-two-reports.dmesg';

suite('OOM log (real VS Code)', () => {
  suiteSetup(async () => {
    await open(LOG);
    await activateExtension();
  });

  test('a corpus log opens as oom-log, by extension and by file name', async () => {
    assert.strictEqual((await open(LOG)).languageId, 'oom-log');
    assert.strictEqual((await open('kern.log')).languageId, 'oom-log');
    assert.strictEqual((await open('k8s-memcg.oom')).languageId, 'oom-log');
  });

  test('hover on anon-rss explains it and converts the value to MiB', async () => {
    const doc = await open(LOG);
    const line = [...Array(doc.lineCount).keys()].find(i => /Killed process .*anon-rss:\d+kB/.test(doc.lineAt(i).text));
    assert.ok(line !== undefined, 'the fixture has a Killed process line with anon-rss');
    const pos = new vscode.Position(line!, doc.lineAt(line!).text.indexOf('anon-rss') + 2);
    const hovers = await until(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos),
      h => /anon/i.test(hoverText(h)) && /MiB/.test(hoverText(h)));
    const text = hoverText(hovers);
    console.log(`[oom-lens-it] anon-rss hover: ${JSON.stringify(text.slice(0, 300))}`);
    assert.match(text, /anon/i, 'the hover says what anon-rss is');
    assert.match(text, /MiB/, 'the hover converts the kB value to MiB');
  });

  test('the outline lists one symbol per OOM event', async () => {
    const doc = await open(LOG);
    const triggers = doc.getText().split(/\r?\n/).filter(l => l.includes('invoked oom-killer:')).length;
    assert.strictEqual(triggers, 2, 'the fixture holds two reports');
    const symbols = await until(
      () => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri),
      s => (s?.length ?? 0) > 0);
    console.log(`[oom-lens-it] outline: ${JSON.stringify((symbols ?? []).map(s => s.name))}`);
    assert.strictEqual(symbols?.length, triggers);
  });

  test('the server process runs with the launch flags and environment (server/src/launch.ts)', async function () {
    if (process.platform !== 'linux') this.skip(); // reads /proc
    // the extension host's children: the language server is the one running dist/server.js
    const children = (pid: number) => fs.readdirSync('/proc').filter(d => /^\d+$/.test(d)).filter(d => {
      try { return fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1] === String(pid); } catch { return false; }
    });
    const server = await until(
      () => children(process.pid).find(d => {
        try { return fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('dist/server.js'); } catch { return false; }
      }),
      d => d !== undefined);
    assert.ok(server, 'a dist/server.js child of the extension host');
    const argv = fs.readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0');
    for (const flag of SERVER_NODE_FLAGS) assert.ok(argv.indexOf(flag) >= 0 && argv.indexOf(flag) < argv.findIndex(a => a.endsWith('server.js')), `${flag} before the script`);
    const environ = fs.readFileSync(`/proc/${server}/environ`, 'utf8').split('\0');
    for (const [k, v] of Object.entries(SERVER_ENV)) assert.ok(environ.includes(`${k}=${v}`), `${k}=${v} in the server's environment`);
    assert.ok(environ.some(e => e.startsWith('PATH=')), 'the environment is added to, not replaced');
    // the code cache lives in the extension's global storage (codeCache.ts); it is written WRITE_AFTER_MS after start-up
    const cacheDir = environ.find(e => e.startsWith(`${CODE_CACHE_ENV}=`))?.slice(CODE_CACHE_ENV.length + 1);
    assert.ok(cacheDir && /globalStorage/.test(cacheDir), `${CODE_CACHE_ENV} names the global storage: ${cacheDir}`);
    const written = await until(() => cacheFilesIn(cacheDir).length > 0, ok => ok, WRITE_AFTER_MS + 15_000);
    assert.ok(written, `a code cache file in ${cacheDir}`);
  });
});
