/**
 * UI test of the OOM report view in the real VS Code web workbench (code-server), driven through
 * Debian chromium. Opens a corpus log, reads the status-bar event count, hovers a task-table cell
 * (screenshot with the inlay hints), runs "OOM Lens: Show OOM Report" from the command palette,
 * finds the webview's page among the nested iframes, checks the first victim is visible, opens
 * the second event by clicking its row (a round trip page → extension → page), and saves
 * screenshots to <screenshotDir>/report.png and hover-task-table.png.
 * Usage: node report.js <baseUrl> <workspaceFolder> <screenshotDir> [resultFile]
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { type Box, type Checks, goToLine, hoverUntil, launch, log, openFileAtLine, openWorkbench, runDriver, textBoxes } from './browser';

const LOG = 'ubuntu-5.4-two-reports.dmesg';
const FIRST_VICTIM = 'containerd-shim';
const SECOND_VICTIM_PID = '2296209';

/**
 * The webview's content frame: a child frame (never the workbench itself, whose breadcrumbs also
 * name the victim) holding the report page and `text`. It sits two iframes deep.
 */
async function reportFrame(page: Page, text: string, timeoutMs: number): Promise<Frame | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const body = await f.locator('body').innerText({ timeout: 1_000 }).catch(() => '');
      if (body.includes('OOM report:') && body.includes(text)) return f;
    }
    await page.waitForTimeout(250);
  }
  return undefined;
}

async function main(checks: Checks): Promise<void> {
  const [base, folder, shots] = process.argv.slice(2);
  if (!base || !folder || !shots) throw new Error('usage: report.js <baseUrl> <workspaceFolder> <screenshotDir> [resultFile]');
  fs.mkdirSync(shots, { recursive: true });
  const lines = fs.readFileSync(path.join(folder, LOG), 'utf8').split(/\r?\n/);
  // A task-table row a few lines above the first kill line: `[ pid ] uid tgid total_vm rss ...`.
  const killLine = lines.findIndex(l => /Killed process 3143527 /.test(l));
  if (killLine < 0) throw new Error(`${LOG} has no kill line for pid 3143527`);
  const rowIndex = killLine - 12;
  const row = /\[\s*(\d+)\]\s+\d+\s+\d+\s+\d+\s+(\d+)\s.*\s(\S+)\s*$/.exec(lines[rowIndex] ?? '');
  if (!row) throw new Error(`${LOG} line ${rowIndex + 1} is not a task-table row`);
  const [, rowPid, rowRss, rowName] = row;

  const browser = await launch();
  try {
    // The hover picture (it goes into the README) at 1280 px with the side bar open, as a user
    // on a laptop sees it; a larger viewport without the side bar for the report.
    const page = await openWorkbench(browser, base, folder, { width: 1280, height: 720 });
    await openFileAtLine(page, LOG, rowIndex + 1);
    if (!(await page.locator('.part.sidebar').first().isVisible().catch(() => false))) await page.keyboard.press('Control+B');

    // Status bar: the extension's item counts the events of the active log.
    const item = page.locator('.statusbar-item', { hasText: /OOM event/ }).first();
    const count = ((await item.textContent({ timeout: 30_000 }).catch(() => '')) ?? '').trim();
    log('status bar item:', JSON.stringify(count));
    checks.push(['status bar counts 2 OOM events', /\b2 OOM events\b/.test(count)]);

    // Hover the rss cell of a task-table row (the inlay hints show MiB beside the page counts).
    // Word wrap is on: once the inlay hints arrive, or with the side bar still open, the row can
    // wrap and its rss cell land on the second screen line, away from the `[pid]` that names the
    // row (CI failed so: 29 tries of "not on screen"). So take the first cell with the rss value
    // at or below the top of the row's first screen line: every row of the table has its own.
    // Both are looked up in the rendered lines' text (browser.ts textBoxes), not by a token span's
    // text: once the server's semantic tokens arrive, a number's span can merge with its neighbours.
    const rowStart = page.locator('.monaco-editor .view-line', { hasText: `[${rowPid}]` }).first();
    const cell = async (): Promise<Box | null> => {
      const row = (await textBoxes(page, `\\[\\s*${rowPid}\\]`))[0];
      if (!row) return null;
      return (await textBoxes(page, `(?<![\\d.])${rowRss}(?![\\d.])`)).find(b => b.y >= row.y - 1) ?? null;
    };
    await rowStart.waitFor({ timeout: 30_000 }).catch(() => undefined);
    const hover = await hoverUntil(page, cell, /MiB/, 30, () => goToLine(page, rowIndex + 1));
    log('task-table hover:', JSON.stringify(hover.slice(0, 400)));
    checks.push(['hover on a task-table rss cell gives the size in MiB', /rss/i.test(hover) && /MiB/.test(hover)]);
    // The inlay hint sits at the row's end: it moves no column. Every visible row's name starts at
    // the same x (rows are aligned whether or not they have a hint), and each hint comes after the
    // name on the same screen line. (With the side bar open at 1280 px a `dmesg -T` row is wider than
    // the editor by itself, so word wrap puts the name on the row's second screen line.)
    // inlay hints come after the text (the server answers once the document is analysed): wait for them
    let hints = await textBoxes(page, 'rss ≈');
    for (let i = 0; i < 30 && hints.length <= 3; i++) {
      await page.waitForTimeout(500);
      hints = await textBoxes(page, 'rss ≈');
    }
    const names = await textBoxes(page, `\\s${rowName}(?![\\w.-])`);
    const aligned = names.length > 3 && names.every(b => Math.abs(b.x - names[0].x) < 2);
    const afterName = hints.length > 3 && hints.every(h => names.some(b => Math.abs(b.y - h.y) < 3 && b.x < h.x));
    log(`names at x ${[...new Set(names.map(b => Math.round(b.x)))].join(',')}; ${hints.length} rss hints, all after the name: ${afterName}`);
    checks.push(['at 1280 px with the side bar open, task rows stay aligned and each rss hint follows the name', aligned && afterName]);
    await page.screenshot({ path: path.join(shots, 'hover-task-table-sidebar.png') });
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');
    // the README picture: 1280 px, side bar closed, where a row and its hint fit on one line
    await page.keyboard.press('Control+B'); // hide the side bar: room for the log and the report
    await page.waitForTimeout(500);
    const hover2 = await hoverUntil(page, cell, /MiB/, 30, () => goToLine(page, rowIndex + 1));
    const oneLine = (await textBoxes(page, `\\[\\s*${rowPid}\\].*\\s${rowName}\\s*rss ≈`)).length === 1;
    checks.push(['at 1280 px without the side bar a task row, its name and its hint fit on one line', oneLine && /rss/i.test(hover2)]);
    await page.screenshot({ path: path.join(shots, 'hover-task-table.png') });
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');

    // F1 → "OOM Lens: Show OOM Report".
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
    await page.keyboard.type('OOM Lens: Show OOM Report');
    const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show OOM Report' }).first();
    const listed = await entry.waitFor({ timeout: 15_000 }).then(() => true, () => false);
    checks.push(['the command palette lists "OOM Lens: Show OOM Report"', listed]);
    await page.keyboard.press('Enter');

    const tab = page.locator('.tab', { hasText: `OOM Report: ${LOG}` }).first();
    const tabShown = await tab.waitFor({ timeout: 30_000 }).then(() => true, () => false);
    checks.push([`a tab "OOM Report: ${LOG}" opens`, tabShown]);

    const frame = await reportFrame(page, FIRST_VICTIM, 30_000);
    let victimVisible = false;
    if (frame) {
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(shots, 'report-top.png') });
      // Rendered (not hidden), and on screen once scrolled to.
      const victim = frame.locator('.victim-name', { hasText: FIRST_VICTIM }).first();
      victimVisible = await victim.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      await victim.scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => undefined);
      const box = await victim.boundingBox().catch(() => null);
      const vp = page.viewportSize()!;
      victimVisible &&= !!box && box.width > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width && box.y + box.height <= vp.height;
      log('victim box:', JSON.stringify(box));
    } else {
      log(`no frame holds the report; frames: ${page.frames().map(f => f.url().slice(0, 80)).join(' , ')}`);
    }
    checks.push([`the report shows the first victim (${FIRST_VICTIM}) on screen`, victimVisible]);
    await page.waitForTimeout(300);
    const shot = path.join(shots, 'report.png');
    await page.screenshot({ path: shot });
    log('screenshot', shot);

    // Click the second event's row: the page asks the extension for its details and shows them.
    let second = false;
    if (frame) {
      await frame.locator('tr.summary[data-event="1"]').click({ timeout: 10_000 }).catch(e => log('click failed:', String(e).slice(0, 200)));
      second = await frame.locator('#ev-1[data-loaded]', { hasText: SECOND_VICTIM_PID }).waitFor({ state: 'visible', timeout: 15_000 })
        .then(() => true, () => false);
      await page.screenshot({ path: path.join(shots, 'report-event-2.png') });
    }
    checks.push(['clicking event 2 in the report renders its details (victim pid 2296209)', second]);
  } finally {
    await browser.close();
  }
}

runDriver(main);
