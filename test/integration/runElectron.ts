/**
 * The integration suite through @vscode/test-electron (`npm run test:electron`), for machines
 * that can download VS Code desktop. This machine cannot (no network besides npm and apt):
 * there, scripts/e2e.sh runs the very same suite inside code-server's extension host.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const extensionTestsPath = path.join(__dirname, 'index.js');
  // Work on a copy of the fixture workspace so quick fixes never touch the repository.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-ws-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch(err => {
  console.error('integration tests failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
