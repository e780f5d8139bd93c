import type { AddressInfo } from 'node:net';
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
