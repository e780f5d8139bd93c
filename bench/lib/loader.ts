/**
 * Loads the benchmark's rows from a process of its own, as a client would,
 * so the memory of the process that hosts the engine is the engine's.
 * Usage: loader.ts <uri> <count> <prefix> <dbName>; prints the insert time in ms.
 */
import mongoose from 'mongoose';
import { Row, timeInsert } from './bench-rows.js';

const [uri, count, prefix, dbName] = process.argv.slice(2);
await mongoose.connect(uri!, { dbName });
await Row.init();
const ms = await timeInsert(Number(count), prefix!);
await mongoose.disconnect();
process.stdout.write(`${JSON.stringify({ ms })}\n`);
