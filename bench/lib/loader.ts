/**
 * Loads the benchmark's rows from a process of its own, as a client would,
 * so the memory of the process that hosts the engine is the engine's.
 * Usage: loader.ts <uri> <count> <prefix> <dbName>; prints the insert time in ms.
 */
import mongoose from 'mongoose';
import { Row, timeInsert } from './bench-rows.js';

const [uri, count, prefix, dbName] = process.argv.slice(2);
// Emptying the previous rows is one deleteMany of up to 100k documents, which holds the
// engine's thread for seconds on a loaded machine: the monitor must not give up meanwhile.
await mongoose.connect(uri!, { dbName, connectTimeoutMS: 120_000 });
await Row.init();
const ms = await timeInsert(Number(count), prefix!);
await mongoose.disconnect();
process.stdout.write(`${JSON.stringify({ ms })}\n`);
