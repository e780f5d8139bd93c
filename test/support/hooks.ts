import { clearReadCaches } from '../../src/db/read-cache.js';
import mongoose from 'mongoose';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { checkCounts } from '../../src/submissions/item.counts.js';

/**
 * One database per test run: the embedded engine on a fresh temp dir, or a
 * throwaway database on MONGODB_URI. Tests empty it with resetDatabase().
 */
let handle: DatabaseHandle | undefined;
let tmpDir: string | undefined;
const drifted: string[] = [];

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-test-'));
    handle = await connectDatabase({
      mongodbUri: process.env.MONGODB_URI,
      dataDir: tmpDir,
      dbName: `rasoat_test_${process.pid}`,
      processGuards: false,
    });
  },
  /**
   * After every integration scenario the counts kept on write must agree with the rows
   * and comments they count (what `npm run check:counts` checks). A test that builds its
   * data straight through the driver repairs the counts itself, as the start-up migration would.
   * Drift is collected and fails the run at the end: a failing root hook would skip every later test.
   */
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    if (!test || test.state !== 'passed' || !/[\\/]test[\\/]integration[\\/]/.test(test.file ?? '')) return;
    if (!mongoose.connection.db) return;
    this.timeout(120_000);
    const drift = await checkCounts();
    if (drift.length) drifted.push(`${test.fullTitle()}: ${JSON.stringify(drift)}`);
  },
  async afterAll() {
    if (handle?.kind === 'mongodb') await mongoose.connection.db?.dropDatabase();
    await handle?.close();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    if (drifted.length) throw new Error(`counts kept on write drifted after ${drifted.length} test(s):\n${drifted.join('\n')}`);
  },
};

export function testDatabase(): DatabaseHandle {
  if (!handle) throw new Error('test database not started');
  return handle;
}

/** Deletes every document but keeps collections and indexes, like a fresh install that has run its migrations. */
export async function resetDatabase(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  await Promise.all(
    collections.filter((c) => !c.name.startsWith('system.')).map((c) => db.collection(c.name).deleteMany({})),
  );
  clearReadCaches();
}
