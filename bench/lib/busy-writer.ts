/**
 * Writes from a process of its own while bench:db times pings: a bulk
 * insert of 100k documents and, until it ends, 24 MB GridFS uploads. Being
 * another client, its own work (the driver building and sending the batch
 * and the chunks) does not hold up the event loop that times the pings, so
 * the figure is the engine's.
 * Usage: busy-writer.ts <uri> <dbName>; prints "ready" once connected.
 */
import mongoose from 'mongoose';
import { uploadOnce } from './db-measures.js';

const [uri, dbName] = process.argv.slice(2);
await mongoose.connect(uri!, { dbName });
const db = mongoose.connection.db!;
const docs = Array.from({ length: 100_000 }, (_, i) => ({ i, pad: 'x'.repeat(100) }));
await uploadOnce(db, 'warm.bin', 1);
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
let busy = true;
await Promise.all([
  db
    .collection('bench_busy')
    .insertMany(docs)
    .finally(() => (busy = false)),
  (async () => {
    while (busy) await uploadOnce(db, 'busy.bin', 24);
  })(),
]);
await mongoose.disconnect();
