/**
 * Entry point of the integration suite in the browser's web-worker extension host
 * (`extensionTestsPath` with `extensionDevelopmentKind` = web, scripts/e2e.sh). Bundled by
 * scripts/build-web-tests.mjs with mocha's browser build into one file, since that host loads
 * the tests as a single CommonJS module that can require only `vscode`.
 *
 * The same test files as in Node's extension host (index.ts), minus:
 *  - machine.it.ts: the live-machine features need the machine (processes, /proc, journalctl);
 *    the browser build does not register them, which the suite below checks instead;
 *  - serverProcess.it.ts: it checks the Node server process's flags and code cache; here the
 *    server is a web worker.
 * Tests inside the files that need the machine's file system skip themselves (WEB_HOST).
 */
import './webFlag';
import * as assert from 'assert';
import * as vscode from 'vscode';

// mocha's browser build: sets up the tdd globals (suite, test, ...) that the test files use
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mocha = require('mocha/mocha.js') as {
  setup(o: object): void;
  run(fn: (failures: number) => void): { on(ev: string, f: () => void): void };
};

export function run(): Promise<void> {
  mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 90_000 });
  // loaded after setup, in index.ts's (file name) order
  require('./codeLens.it');
  require('./links.it');
  require('./logMode.it');
  require('./oomLog.it');
  require('./report.it');
  require('./sysctl.it');
  require('./unit.it');
  require('./unitEditing.it');
  require('./userspace.it');
  suite('web-worker extension host', () => {
    test('the live-machine commands and the Processes view are not registered here (they need the machine)', async () => {
      const ext = vscode.extensions.getExtension('oom-lens.oom-lens');
      assert.ok(ext?.isActive, 'the extension is active');
      assert.strictEqual(ext.extensionKind, vscode.ExtensionKind.UI, 'running in the web worker host');
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('oomLens.showReport'), 'the report command is there');
      for (const c of ['oomLens.openKernelLog', 'oomLens.createDropIn', 'oomLens.processes.refresh']) {
        assert.ok(!commands.includes(c), `${c} is not registered in the web worker host`);
      }
    });
  });
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      console.log(`[oom-lens-it] ${passed} passed, ${failed} failed`);
      failed > 0 ? reject(new Error(`${failed} integration tests failed`)) : resolve();
    });
    runner.on('pass', () => { passed++; });
    runner.on('fail', () => { failed++; });
  });
}
