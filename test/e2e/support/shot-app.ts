import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type AppOptions } from '../../../src/app.js';
import { connectDatabase } from '../../../src/db/connect.js';
import { TEST_SECRET } from '../../factories/index.js';

/** axe-core's script, injected into pages by the screenshot walks. */
export const AXE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * The app on a fresh embedded database and a free loopback port, for the scripts that
 * walk pages and take screenshots. They close `server` and `db` themselves when done.
 */
export async function startShotApp(prefix: string, dbName = 'shots', overrides: Partial<AppOptions> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = await connectDatabase({ dataDir: dir, dbName });
  const app = createApp({ dbKind: db.kind, sessionSecret: TEST_SECRET, version: '0.1.0', ...overrides });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { dir, db, app, server, base };
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
