/** Shared bits of the playwright drivers: Debian chromium, headless, no network of its own. */
import * as fs from 'fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export type Box = { x: number; y: number; width: number; height: number };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const t0 = Date.now();
export const log = (...a: unknown[]) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

/** Result file read by scripts/e2e.sh to add up `e2e: N passed, N failed`. */
export function writeResult(file: string | undefined, passed: number, failed: number): void {
  if (file) fs.writeFileSync(file, JSON.stringify({ passed, failed }) + '\n');
}

export type Checks = [string, boolean][];

/**
 * Runs one UI driver: `body` records its checks; each is printed PASS/FAIL and the counts go to
 * the result file (argv[5]) that scripts/e2e.sh adds up. A crash counts as one failure.
 */
export function runDriver(body: (checks: Checks) => Promise<void>): void {
  const resultFile = process.argv[5];
  const checks: Checks = [];
  body(checks).then(() => {
    for (const [name, ok] of checks) log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
    const passed = checks.filter(c => c[1]).length;
    writeResult(resultFile, passed, checks.length - passed);
    process.exitCode = passed === checks.length ? 0 : 1;
  }, (e: unknown) => {
    console.error(e);
    writeResult(resultFile, 0, 1);
    process.exitCode = 1;
  });
}

/** A page with code-server's workbench open on `folder`; browser errors go to the log. */
export async function openWorkbench(browser: Browser, base: string, folder: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('console', m => { if (m.type() === 'error') log('  [browser]', m.text().slice(0, 200)); });
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  log('workbench up');
  return page;
}

/** Quick Open `file` in the workbench, then Go to Line `line` (1-based) so it is on screen. */
export async function openFileAtLine(page: Page, file: string, line: number): Promise<void> {
  await page.locator('.monaco-workbench').click();
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
  await page.keyboard.type(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await goToLine(page, line);
  log(`opened ${file}, went to line ${line}`);
}

/**
 * Where `pattern` (a RegExp source, matched against each rendered editor line's text, spaces as
 * spaces) is on screen: one box per match, in line order. Found in the lines' text, not by a
 * token span's text: Monaco merges neighbouring tokens of the same colour into one span, and once
 * the server's semantic tokens arrive a word's span can take its neighbours in (CI: the hover
 * target was found once, then never again).
 */
export async function textBoxes(page: Page, pattern: string): Promise<Box[]> {
  return page.evaluate((source: string) => {
    // runs in the page (the project compiles without the DOM types: hence the `any`s)
    type TextNode = { data: string };
    const doc = (globalThis as any).document;
    const out: { x: number; y: number; width: number; height: number }[] = [];
    const re = new RegExp(source, 'g');
    for (const line of Array.from(doc.querySelectorAll('.monaco-editor .view-line')) as any[]) {
      const nodes: TextNode[] = [];
      const walker = doc.createTreeWalker(line, 4 /* NodeFilter.SHOW_TEXT */);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
      const text = nodes.map(n => n.data).join('').replace(/\u00a0/g, ' ');
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (!m[0].length) { re.lastIndex++; continue; }
        // the text node and offset where the match starts (or ends)
        const at = (offset: number, end: boolean): [TextNode, number] => {
          let base = 0;
          for (const n of nodes) {
            if (offset < base + n.data.length || (end && offset === base + n.data.length)) return [n, offset - base];
            base += n.data.length;
          }
          const last = nodes[nodes.length - 1];
          return [last, last.data.length];
        };
        const range = doc.createRange();
        range.setStart(...at(m.index, false));
        range.setEnd(...at(m.index + m[0].length, true));
        const r = range.getBoundingClientRect();
        if (r.width > 0) out.push({ x: r.x, y: r.y, width: r.width, height: r.height });
      }
    }
    return out.sort((a, b) => a.y - b.y || a.x - b.x);
  }, pattern);
}

/** Ctrl+G to `line` (1-based) in the active editor: scrolls it into view and puts the cursor there. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

/**
 * Hovers the element whose box `target()` finds until a .monaco-hover matching `want` shows, and
 * returns the hover text. The box is looked up afresh each try: Monaco re-renders lines when
 * semantic tokens and inlay hints arrive, so an element found a moment ago may be gone. A mouse
 * hover can be swallowed (the pointer already rests there, a re-render hides the widget), so
 * every other try after the first three puts the cursor on the element and runs Show Hover
 * (Ctrl+K Ctrl+I) instead: the same hover provider, reached from the keyboard.
 */
export async function hoverUntil(page: Page, target: () => Promise<Box | null>, want: RegExp, tries = 30, recover?: () => Promise<void>): Promise<string> {
  let hover = '';
  let lost = 0;
  for (let i = 0; i < tries && !want.test(hover); i++) {
    const box = await target();
    if (!box) {
      log(`hover try ${i + 1}: target not on screen`);
      // something scrolled the editor away (CI once: on screen at try 1, gone for the 29 after): bring it back
      if (recover && ++lost % 3 === 0) { log('hover: bringing the target back into view'); await recover(); }
      await page.waitForTimeout(500);
      continue;
    }
    lost = 0;
    const x = box.x + Math.min(3 + (i % 5), box.width / 2), y = box.y + box.height / 2;
    const keyboard = i >= 3 && i % 2 === 1;
    if (keyboard) {
      await page.keyboard.press('Escape');
      await page.mouse.click(x, y);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
    } else {
      await page.mouse.move(5, 5);
      await page.mouse.move(x, y, { steps: 3 });
    }
    await page.locator('.monaco-hover').filter({ hasText: want }).first().waitFor({ timeout: 2_000 }).catch(() => undefined);
    hover = (await page.locator('.monaco-hover').allInnerTexts()).join(' | ');
    log(`hover try ${i + 1} (${keyboard ? 'Show Hover' : 'mouse'}): ${want.test(hover) ? 'shown' : 'not yet'}`);
  }
  return hover;
}
