/**
 * Entry point of the integration suite, loaded by VS Code inside the real extension host
 * (`extensionTestsPath`): by code-server through the workbench `payload` URL parameter
 * (scripts/e2e.sh) or by @vscode/test-electron (runElectron.ts). Runs every *.it.js beside it
 * with mocha's tdd UI and reports `[oom-lens-it] N passed, N failed` for the drivers to count.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, reporter: 'spec' });
  const only = process.env.OOM_LENS_IT_GREP;
  if (only) mocha.grep(only);
  for (const f of fs.readdirSync(__dirname).filter(n => n.endsWith('.it.js')).sort()) {
    mocha.addFile(path.resolve(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    try {
      const runner = mocha.run(() => {
        console.log(`[oom-lens-it] ${passed} passed, ${failed} failed`);
        failed > 0 ? reject(new Error(`${failed} integration tests failed`)) : resolve();
      });
      runner.on('pass', () => { passed++; });
      runner.on('fail', () => { failed++; });
    } catch (e) {
      console.error(e);
      reject(e);
    }
  });
}
