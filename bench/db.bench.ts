/**
 * Database benchmark: ping round trips against indexed findOne through
 * Mongoose, and insertMany at 10k and 100k documents with a unique index.
 * Runs on the embedded engine (fresh temp folder) or on MONGODB_URI.
 * The last line printed is one JSON object of the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectDatabase } from '../src/db/connect.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-bench-'));
const handle = await connectDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir: dir, dbName: 'rasoat_bench' });
const db = mongoose.connection.db!;

const Row = mongoose.model(
  'BenchRow',
  new mongoose.Schema({
    code: { type: String, required: true, unique: true },
    agency: String,
    title: String,
    n: Number,
    createdAt: Date,
  }),
);

function rows(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => ({
    code: `${prefix}-${i}`,
    agency: `co-quan-${i % 56}`,
    title: `Nghị định số ${i}/2024/NĐ-CP về quản lý dân cư và định danh điện tử`,
    n: i,
    createdAt: new Date(),
  }));
}

/** Runs `op` back to back for about `ms` milliseconds; returns operations per second. */
async function rate(ms: number, op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await op(i);
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) await op(n++);
  return n / ((performance.now() - start) / 1000);
}

async function timeInsert(count: number): Promise<number> {
  await Row.deleteMany({});
  const docs = rows(count, `c${count}`);
  const start = performance.now();
  await Row.insertMany(docs, { lean: true });
  return performance.now() - start;
}

await Row.init();
const insert10kMs = await timeInsert(10_000);
const insert100kMs = await timeInsert(100_000);
// Interleaved rounds, so that a pause of the shared machine does not favour one side.
const lookup = (i: number) => ({ code: `c100000-${(i * 7919) % 100_000}` });
const sums = { ping: 0, hydrated: 0, lean: 0 };
const ROUNDS = 3;
for (let r = 0; r < ROUNDS; r++) {
  sums.ping += await rate(1000, () => db.command({ ping: 1 }));
  sums.hydrated += await rate(1000, (i) => Row.findOne(lookup(i)));
  sums.lean += await rate(1000, (i) => Row.findOne(lookup(i)).lean());
}
const pingPerSec = sums.ping / ROUNDS;
const findOnePerSec = sums.hydrated / ROUNDS;
const findOneLeanPerSec = sums.lean / ROUNDS;
const count = await Row.countDocuments();
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const figures = {
  pingPerSec: Math.round(pingPerSec),
  findOnePerSec: Math.round(findOnePerSec),
  findOneToPing: +(findOnePerSec / pingPerSec).toFixed(3),
  insert10kMs: Math.round(insert10kMs),
  insert100kMs: Math.round(insert100kMs),
  peakRssMb: Math.round(peakRssMb),
};
console.log(`database: ${handle.kind}, documents: ${count}`);
console.log(`ping round trips:          ${figures.pingPerSec}/s`);
console.log(`indexed findOne (Mongoose document): ${figures.findOnePerSec}/s  (${figures.findOneToPing} × ping)`);
console.log(`indexed findOne (.lean()):  ${Math.round(findOneLeanPerSec)}/s  (${(findOneLeanPerSec / pingPerSec).toFixed(3)} × ping)`);
console.log(`insertMany 10k:            ${figures.insert10kMs} ms  (${Math.round(10_000 / (insert10kMs / 1000))} docs/s)`);
console.log(`insertMany 100k:           ${figures.insert100kMs} ms  (${Math.round(100_000 / (insert100kMs / 1000))} docs/s, ${(insert100kMs / insert10kMs).toFixed(2)} × the 10k time)`);
console.log(`peak RSS:                  ${figures.peakRssMb} MB`);

if (handle.kind === 'mongodb') await db.dropDatabase();
await handle.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(figures));
