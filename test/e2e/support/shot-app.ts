import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type AppOptions } from '../../../src/app.js';
import { connectDatabase } from '../../../src/db/connect.js';
import { DEFAULT_PASSWORD, TEST_SECRET } from '../../factories/index.js';

/** axe-core's script, injected into pages by the screenshot walks. */
export const AXE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * The app on a fresh embedded database and a free loopback port, for the scripts that
 * walk pages and take screenshots; `close()` stops the server and the database and removes
 * the data directory.
 */
export async function startShotApp(prefix: string, dbName = 'shots', overrides: Partial<AppOptions> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = await connectDatabase({ dataDir: dir, dbName });
  const app = createApp({ dbKind: db.kind, sessionSecret: TEST_SECRET, version: '0.1.0', ...overrides });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async (): Promise<void> => {
    server.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { dir, db, app, server, base, close };
}

/** Runs axe on the page and prints its violations, one line each. */
export async function axeAudit(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const win = window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } };
    return (await win.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.impact} ${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  console.log(`axe ${name}: ${found.length} violations${found.length ? '\n  ' + found.join('\n  ') : ''}`);
}

/**
 * A page of its own context, logged in as `email`, at 1366 px unless told; page errors go to
 * `errors` when given, else to the console.
 */
export async function loggedInPage(browser: Browser, base: string, email: string, opts: { width?: number; password?: string; errors?: string[] } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: opts.width ?? 1366, height: 900 }, locale: 'vi-VN', bypassCSP: true });
  const page = await ctx.newPage();
  const report = (message: string) => (opts.errors ? opts.errors.push(message) : console.error(message));
  page.on('pageerror', (e) => report(e.message));
  page.on('console', (m) => m.type() === 'error' && report(m.text()));
  await page.goto(`${base}/login`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', opts.password ?? DEFAULT_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
  return page;
}
