/**
 * Database benchmark: ping round trips against indexed findOne through
 * Mongoose; insertMany at 10k, 100k and BENCH_DOCS (default 1M) documents;
 * range + sort + limit and counts on indexes at that size; sort on an
 * unindexed field at 100k; private memory against bytes on disk; restart
 * time against reading the files; ping latency while writes run; and
 * BENCH_FILES_MB (default 2048) of files through GridFS. Every ratio is
 * against a floor measured in the same run. Runs on the embedded engine
 * (fresh temp folder) or on MONGODB_URI. The last line printed is one JSON
 * object of the figures.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectDatabase } from '../src/db/connect.js';
import { Row } from './lib/bench-rows.js';
import { filesCase, loopbackCopyMs, pingLatencies, privateMb, readFloorMs, storeBytes, uploadOnce } from './lib/db-measures.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-bench-'));
let handle = await connectDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir: dir, dbName: 'rasoat_bench' });
let db = mongoose.connection.db!;
const DOCS = Number(process.env.BENCH_DOCS ?? 1_000_000);
const FILES_MB = Number(process.env.BENCH_FILES_MB ?? 2048);
const embedded = handle.kind === 'embedded';
const privateBeforeMb = privateMb();

/** Runs `op` back to back for about `ms` milliseconds; returns operations per second. */
async function rate(ms: number, op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await op(i);
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) await op(n++);
  return n / ((performance.now() - start) / 1000);
}

/** Inserts from a separate client process (see lib/loader.ts); returns its insert time in ms. */
function timeInsert(count: number, prefix: string): number {
  const out = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lib/loader.ts'), handle.uri, String(count), prefix, 'rasoat_bench'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`loader failed with ${out.status}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!).ms;
}

const began = performance.now();
/** Progress on stderr, so a long run shows where it is. */
const phase = (name: string) => process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(1)} s] ${name}\n`);
await Row.init();
phase('insert 10k, 100k');
const insert10kMs = timeInsert(10_000, 'c10000');
const insert100kMs = timeInsert(100_000, 'c100000');
phase('unindexed sort');
// A full sort per query: a few runs, no warm-up loop.
const t0 = performance.now();
for (let i = 0; i < 3; i++) await Row.find({}).sort({ title: -1, code: 1 }).limit(10).lean();
const unindexedSortPerSec = 3 / ((performance.now() - t0) / 1000);

phase('insert the large collection');
// The large collection, written 100k at a time as an import would.
const insertBigMs = timeInsert(DOCS, 'big');

phase('rates');
// Interleaved rounds, so that a pause of the shared machine does not favour one side.
const lookup = (i: number) => ({ code: `big-${(i * 7919) % DOCS}` });
const rangeQuery = (i: number) => {
  const low = (i * 104_729) % DOCS;
  return Row.find({ n: { $gte: low, $lt: low + 50_000 } }).sort({ n: -1 }).limit(10).lean();
};
const sums = { ping: 0, hydrated: 0, lean: 0, range: 0, count: 0 };
const ROUNDS = 3;
for (let r = 0; r < ROUNDS; r++) {
  sums.ping += await rate(1000, () => db.command({ ping: 1 }));
  sums.hydrated += await rate(1000, (i) => Row.findOne(lookup(i)));
  sums.lean += await rate(1000, (i) => Row.findOne(lookup(i)).lean());
  sums.range += await rate(1000, rangeQuery);
  sums.count += await rate(1000, (i) => Row.countDocuments({ agency: `co-quan-${i % 56}` }));
}
const pingPerSec = sums.ping / ROUNDS;
const findOnePerSec = sums.hydrated / ROUNDS;
const findOneLeanPerSec = sums.lean / ROUNDS;
const rangeSortPerSec = sums.range / ROUNDS;
const countPerSec = sums.count / ROUNDS;
const count = await Row.countDocuments();
const loadedPrivateMb = privateMb();
const loadedStoreBytes = embedded ? storeBytes(dir) : 0;

phase('ping latency');
// Ping latency idle, then while another client runs a bulk insert and large uploads.
const idle = await pingLatencies(db, 1000);
const writer = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lib/busy-writer.ts'), handle.uri, 'rasoat_bench'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
let busy = true;
const writerDone = new Promise<void>((resolve, reject) =>
  writer.once('exit', (code) => {
    busy = false;
    if (code === 0) resolve();
    else reject(new Error(`busy writer failed with ${code}`));
  }),
);
await new Promise((resolve) => writer.stdout.once('data', resolve));
writer.stdin.end('go\n');
const underWrites = await pingLatencies(db, 1000, () => busy);
await writerDone;

phase('upload against loopback');
// A 24 MB upload against a loopback copy of the same bytes.
const uploadTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await uploadOnce(db, 'one.bin', 24);
  uploadTimes.push(performance.now() - t);
}
const uploadMs = Math.min(...uploadTimes);
const loopbackMs = await loopbackCopyMs(24);

phase('restart');
// Restart at full size against reading the data files.
let restartMs = 0;
let readMs = 0;
if (embedded) {
  await handle.close();
  readMs = readFloorMs(dir);
  const t1 = performance.now();
  handle = await connectDatabase({ dataDir: dir, dbName: 'rasoat_bench' });
  db = mongoose.connection.db!;
  await db.collection('benchrows').findOne({ code: 'big-1' });
  restartMs = performance.now() - t1;
}

phase('files');
// Files: FILES_MB through GridFS, then private memory growth and a restart on the larger store.
const files = await filesCase(db, FILES_MB, async () => {
  if (!embedded) return 0;
  await handle.close();
  const t = performance.now();
  handle = await connectDatabase({ dataDir: dir, dbName: 'rasoat_bench' });
  db = mongoose.connection.db!;
  await db.collection('fs.files').findOne({});
  return performance.now() - t;
});
const finalStoreBytes = embedded ? storeBytes(dir) : 0;
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const figures = {
  pingPerSec: Math.round(pingPerSec),
  findOnePerSec: Math.round(findOnePerSec),
  findOneToPing: +(findOnePerSec / pingPerSec).toFixed(3),
  insert10kMs: Math.round(insert10kMs),
  insert100kMs: Math.round(insert100kMs),
  peakRssMb: Math.round(peakRssMb),
  docs: DOCS,
  insertBigMs: Math.round(insertBigMs),
  insert1MTo100k: +(insertBigMs / insert100kMs).toFixed(2),
  rangeSortPerSec: Math.round(rangeSortPerSec),
  rangeSortToPing: +(rangeSortPerSec / pingPerSec).toFixed(3),
  countPerSec: Math.round(countPerSec),
  countToPing: +(countPerSec / pingPerSec).toFixed(3),
  unindexedSort100kPerSec: +unindexedSortPerSec.toFixed(2),
  privateMbBefore: Math.round(privateBeforeMb),
  privateMbLoaded: Math.round(loadedPrivateMb),
  memToDisk: embedded ? +((loadedPrivateMb * 2 ** 20) / loadedStoreBytes).toFixed(3) : null,
  restartMs: Math.round(restartMs),
  readFloorMs: Math.round(readMs),
  restartToReadFloor: embedded ? +(restartMs / readMs).toFixed(2) : null,
  pingP99IdleMs: +idle.p99.toFixed(3),
  pingP99UnderWritesMs: +underWrites.p99.toFixed(3),
  pingP99UnderWritesToIdle: +(underWrites.p99 / idle.p99).toFixed(2),
  upload24MbMs: Math.round(uploadMs),
  loopback24MbMs: +loopbackMs.toFixed(1),
  upload24MbToLoopback: +(uploadMs / loopbackMs).toFixed(2),
  filesMb: FILES_MB,
  filesRssGrowthMb: Math.round(files.growthMb),
  filesRestartMs: Math.round(files.restartMs),
  storeBytes: finalStoreBytes,
};
console.log(`database: ${handle.kind}, documents: ${count}`);
console.log(`ping round trips:          ${figures.pingPerSec}/s`);
console.log(`indexed findOne (Mongoose document): ${figures.findOnePerSec}/s  (${figures.findOneToPing} × ping)`);
console.log(`indexed findOne (.lean()):  ${Math.round(findOneLeanPerSec)}/s  (${(findOneLeanPerSec / pingPerSec).toFixed(3)} × ping)`);
console.log(`insertMany 10k:            ${figures.insert10kMs} ms  (${Math.round(10_000 / (insert10kMs / 1000))} docs/s)`);
console.log(`insertMany 100k:           ${figures.insert100kMs} ms  (${Math.round(100_000 / (insert100kMs / 1000))} docs/s, ${(insert100kMs / insert10kMs).toFixed(2)} × the 10k time)`);
console.log(`insertMany ${DOCS}:        ${figures.insertBigMs} ms  (${figures.insert1MTo100k} × the 100k time)`);
console.log(`range + sort + limit 10:   ${figures.rangeSortPerSec}/s  (${figures.rangeSortToPing} × ping)`);
console.log(`count by indexed equality: ${figures.countPerSec}/s  (${figures.countToPing} × ping)`);
console.log(`unindexed sort + limit at 100k: ${figures.unindexedSort100kPerSec}/s`);
console.log(`private memory (RssAnon):  ${figures.privateMbBefore} MB before, ${figures.privateMbLoaded} MB loaded; store ${Math.round(loadedStoreBytes / 2 ** 20)} MB on disk (${figures.memToDisk} ×)`);
console.log(`restart at full size:      ${figures.restartMs} ms; cat of the files ${figures.readFloorMs} ms (${figures.restartToReadFloor} ×)`);
console.log(`ping p99:                  ${figures.pingP99IdleMs} ms idle, ${figures.pingP99UnderWritesMs} ms under a bulk insert and uploads (${figures.pingP99UnderWritesToIdle} ×)`);
console.log(`24 MB GridFS upload:       ${figures.upload24MbMs} ms; loopback copy ${figures.loopback24MbMs} ms (${figures.upload24MbToLoopback} ×)`);
console.log(`files: ${FILES_MB} MB through GridFS; private memory +${figures.filesRssGrowthMb} MB; restart ${figures.filesRestartMs} ms; store ${(finalStoreBytes / 2 ** 30).toFixed(2)} GiB`);
console.log(`peak RSS:                  ${figures.peakRssMb} MB`);

if (handle.kind === 'mongodb') await db.dropDatabase();
await handle.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(figures));
