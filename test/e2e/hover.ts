/**
 * UI test in the real VS Code web workbench (code-server), driven through Debian chromium:
 * opens a corpus log from the fixture workspace, checks the language mode, hovers `anon-rss` on
 * the kill line, reads `.monaco-hover` and saves a screenshot.
 * Usage: node hover.js <baseUrl> <workspaceFolder> <screenshotDir> [resultFile]
 */
import * as fs from 'fs';
import * as path from 'path';
import { type Checks, hoverUntil, launch, log, openFileAtLine, openWorkbench, runDriver } from './browser';

const LOG = 'ubuntu-5.4-two-reports.dmesg';

async function main(checks: Checks): Promise<void> {
  const [base, folder, shots] = process.argv.slice(2);
  if (!base || !folder || !shots) throw new Error('usage: hover.js <baseUrl> <workspaceFolder> <screenshotDir> [resultFile]');
  fs.mkdirSync(shots, { recursive: true });
  const lines = fs.readFileSync(path.join(folder, LOG), 'utf8').split(/\r?\n/);
  const killLine = lines.findIndex(l => /Killed process .*anon-rss:\d+kB/.test(l)) + 1;
  if (killLine < 1) throw new Error(`${LOG} has no Killed process line`);

  const browser = await launch();
  try {
    const page = await openWorkbench(browser, base, folder, { width: 1400, height: 900 });

    // Open the log at the kill line so it is on screen.
    await openFileAtLine(page, LOG, killLine);

    const mode = ((await page.locator('[id="status.editor.mode"]').first().textContent({ timeout: 10_000 }).catch(() => '')) ?? '').trim();
    log('status bar language:', JSON.stringify(mode));
    checks.push(['status bar shows the OOM Log language', /OOM Log/i.test(mode)]);

    // The grammar makes `anon-rss` its own token span: hover it until the server's hover shows up.
    // Word wrap is on (scripts/e2e.sh settings), so the kill line's `anon-rss` is on screen; take
    // the first one inside the viewport (the reaper line below has one too).
    const words = page.locator('.monaco-editor .view-line span span').filter({ hasText: /^anon-rss$/ });
    await words.first().waitFor({ timeout: 30_000 });
    const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
    // Monaco re-renders lines while the server's tokens and inlay hints arrive: look the word up
    // again on every try, and wait rather than give up when it is momentarily gone.
    const visibleWord = async () => {
      for (let i = 0; i < await words.count(); i++) {
        const b = await words.nth(i).boundingBox({ timeout: 2_000 }).catch(() => null);
        if (b && b.x >= 0 && b.y >= 0 && b.x + b.width <= viewport.width && b.y + b.height <= viewport.height) return b;
      }
      return null;
    };
    const hover = await hoverUntil(page, visibleWord, /anon[\s\S]*MiB|MiB[\s\S]*anon/i);
    log('hover text:', JSON.stringify(hover.slice(0, 400)));
    checks.push(['hover on anon-rss explains it in MiB', /anon/i.test(hover) && /MiB/.test(hover)]);

    const shot = path.join(shots, 'hover-anon-rss.png');
    await page.screenshot({ path: shot });
    log('screenshot', shot);
  } finally {
    await browser.close();
  }
}

runDriver(main);
