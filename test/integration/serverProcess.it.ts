/**
 * The Node language server process as the Node client starts it (only in Node's extension host:
 * the web worker host runs the server as a web worker, and the web suite leaves this file out).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { cacheFilesIn, WRITE_AFTER_MS } from '../../server/src/start/codeCache';
import { CODE_CACHE_ENV, SERVER_ENV, SERVER_NODE_FLAGS } from '../../server/src/start/launch';
import { activateExtension, open, until } from './helpers';

suite('language server process (real VS Code, Node extension host)', () => {
  suiteSetup(async () => {
    await open('ubuntu-5.4-two-reports.dmesg');
    await activateExtension();
  });

  test('the server process runs with the launch flags and environment (server/src/start/launch.ts)', async function () {
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
    // the code cache lives in the extension's global storage (start/codeCache.ts); it is written WRITE_AFTER_MS after start-up
    const cacheDir = environ.find(e => e.startsWith(`${CODE_CACHE_ENV}=`))?.slice(CODE_CACHE_ENV.length + 1);
    assert.ok(cacheDir && /globalStorage/.test(cacheDir), `${CODE_CACHE_ENV} names the global storage: ${cacheDir}`);
    const written = await until(() => cacheFilesIn(cacheDir).length > 0, ok => ok, WRITE_AFTER_MS + 15_000);
    assert.ok(written, `a code cache file in ${cacheDir}`);
  });
});
