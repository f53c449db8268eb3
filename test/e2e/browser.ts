/** Shared bits of the playwright drivers: Debian chromium, headless, no network of its own. */
import * as fs from 'fs';
import { chromium, type Browser } from 'playwright-core';

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
