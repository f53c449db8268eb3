/**
 * UI test in the real VS Code web workbench (code-server), driven through Debian chromium:
 * opens a corpus log from the fixture workspace, checks the language mode, hovers `anon-rss` on
 * the kill line, reads `.monaco-hover` and saves a screenshot.
 * Usage: node hover.js <baseUrl> <workspaceFolder> <screenshotDir> [resultFile]
 */
import * as fs from 'fs';
import * as path from 'path';
import { type Checks, goToLine, hoverUntil, launch, log, openFileAtLine, openWorkbench, runDriver, textBoxes } from './browser';

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

    // Hover `anon-rss` until the server's hover shows up. Word wrap is on (scripts/e2e.sh settings),
    // so the kill line's `anon-rss` is on screen; take the first one inside the viewport (the reaper
    // line below has one too). It is looked up in the rendered lines' text on every try
    // (browser.ts textBoxes): Monaco re-renders lines while the server's tokens and inlay hints arrive.
    await page.locator('.monaco-editor .view-line', { hasText: 'anon-rss' }).first().waitFor({ timeout: 30_000 });
    const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
    const visibleWord = async () => {
      for (const b of await textBoxes(page, '\\banon-rss\\b')) {
        if (b.x >= 0 && b.y >= 0 && b.x + b.width <= viewport.width && b.y + b.height <= viewport.height) return b;
      }
      return null;
    };
    const hover = await hoverUntil(page, visibleWord, /anon[\s\S]*MiB|MiB[\s\S]*anon/i, 30, () => goToLine(page, killLine));
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
