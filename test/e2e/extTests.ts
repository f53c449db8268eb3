/**
 * Runs the mocha integration suite (test/integration) inside code-server's REAL Node extension
 * host, the way VS Code's own browser test harness does: the web workbench reads
 * ?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]] and, when the suite's run()
 * settles, calls window.codeAutomationExit(code). Extension-host console output arrives through
 * window.codeAutomationLog.
 * Usage: node extTests.js <baseUrl> <extensionDevelopmentPath> <extensionTestsPath> <workspaceFolder> [resultFile]
 * For the browser's web-worker extension host, extensionTestsPath is the browser bundle of the
 * suite (scripts/build-web-tests.mjs) and the user settings hold `remote.extensionKind`
 * { "oom-lens.oom-lens": ["web"] } (scripts/e2e.sh): the workbench then runs the extension's
 * browser build there. (VS Code's `extensionDevelopmentKind` payload entry would say the same per
 * run, but the web workbench of code-server 4.100 / VS Code 1.100 stores it as
 * extensionDevelopmentLocationKind while the host placement reads extensionDevelopmentKind,
 * so it has no effect.)
 */
import * as path from 'path';
import * as util from 'util';
import { launch, log, writeResult } from './browser';

async function main(): Promise<void> {
  const [base, devPath, testsPath, folder, resultFile] = process.argv.slice(2);
  if (!base || !devPath || !testsPath || !folder) {
    throw new Error('usage: extTests.js <baseUrl> <extensionDevelopmentPath> <extensionTestsPath> <workspaceFolder> [resultFile]');
  }
  const host = new URL(base).host;
  const remote = (p: string) => `vscode-remote://${host}${path.resolve(p)}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ]);
  let counts: { passed: number; failed: number } | undefined;
  let exitCode: number | 'timeout' = 1;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const done = new Promise<number>(resolve => {
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
        const text = util.format(...(args || []));
        const m = /\[oom-lens-it\] (\d+) passed, (\d+) failed/.exec(text);
        if (m) counts = { passed: Number(m[1]), failed: Number(m[2]) };
        console.log(`  [exthost ${type}] ${text}`);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const url = `${base}/?folder=${encodeURIComponent(path.resolve(folder))}&payload=${encodeURIComponent(payload)}`;
    log('open', url);
    await page.goto(url);
    const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 300_000);
    const timeout = new Promise<'timeout'>(resolve => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    exitCode = await Promise.race([done, timeout]);
    log('codeAutomationExit:', exitCode);
  } finally {
    await browser.close();
  }
  if (!counts) counts = { passed: 0, failed: 1 };
  else if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  writeResult(resultFile, counts.passed, counts.failed);
  log(`integration: ${counts.passed} passed, ${counts.failed} failed`);
  process.exitCode = exitCode === 0 && counts.failed === 0 ? 0 : 1;
}

main().catch(e => {
  console.error(e);
  writeResult(process.argv[6], 0, 1);
  process.exitCode = 1;
});
