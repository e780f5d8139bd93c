import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_PASSWORD } from '../../factories/index.js';
import { CHROMIUM, RESULTS, hasChromium, launchBrowser } from './browser.js';

// The README's pictures are retaken on purpose (DOCS_SCREENSHOTS=1), not by every run.
export const SHOTS = process.env.DOCS_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../../docs/screenshots') : RESULTS;

export async function login(page: Page, base: string, email: string, password = DEFAULT_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

/**
 * A walk in Chromium against the app in this process: call inside `describe`. It skips the
 * suite without Chromium, and closes the browser and the server after it; `open(app)` serves
 * the app on a free port and launches the browser.
 */
export function browserWalk(): { open(app: Express): Promise<{ base: string; browser: Browser }> } {
  let browser: Browser | undefined;
  let server: http.Server | undefined;
  before(function () {
    if (!hasChromium()) {
      console.log(`      (skipped: no Chromium at ${CHROMIUM})`);
      this.skip();
    }
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });
  return {
    async open(app) {
      server = http.createServer(app).listen(0, '127.0.0.1');
      await new Promise((resolve) => server!.once('listening', resolve));
      browser = await launchBrowser();
      return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, browser };
    },
  };
}
