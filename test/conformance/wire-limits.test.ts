import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import mongoose from 'mongoose';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../src/db/embedded/index.js';
import { crc32c } from '../../src/db/embedded/wire/checks.js';
import type { WireLimits } from '../../src/db/embedded/wire/connection.js';

const { serialize, deserialize } = mongoose.mongo.BSON;

function opMsg(body: Buffer, flags = 0, checksum?: 'good' | 'bad'): Buffer {
  const withSum = checksum !== undefined;
  const msg = Buffer.alloc(16 + 4 + body.length + (withSum ? 4 : 0));
  msg.writeInt32LE(msg.length, 0);
  msg.writeInt32LE(7, 4);
  msg.writeInt32LE(2013, 12);
  msg.writeUInt32LE(flags | (withSum ? 1 : 0), 16);
  body.copy(msg, 20);
  if (withSum) msg.writeUInt32LE((crc32c(msg.subarray(0, msg.length - 4)) + (checksum === 'bad' ? 1 : 0)) >>> 0, msg.length - 4);
  return msg;
}

/** Sends bytes on a fresh socket; resolves with the first reply document, or 'closed' when the server hangs up first. */
function exchange(port: number, bytes: Buffer, waitMs = 5000): Promise<mongoose.mongo.Document | 'closed' | 'open'> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, waitMs);
    socket.on('data', (c: Buffer) => {
      got = Buffer.concat([got, c]);
      if (got.length >= 4 && got.length >= got.readInt32LE(0)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(deserialize(got.subarray(21, got.readInt32LE(0))));
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.on('error', () => {});
  });
}

/** A document nested `depth` levels deep ({a: {a: …}}), written front to back. */
function nested(depth: number): Buffer {
  const out = Buffer.alloc(8 * (depth - 1) + 5 + 0);
  let p = 0;
  for (let level = depth; level > 1; level--) {
    p = out.writeInt32LE(8 * (level - 1) + 5, p);
    out[p++] = 0x03;
    p += out.write('a\0', p, 'latin1');
  }
  p = out.writeInt32LE(5, p);
  out[p++] = 0;
  out.fill(0, p);
  return out;
}

/** `{ping: 1, deep: <doc>, $db: 'admin'}` with the nested document spliced in as raw bytes. */
function pingWith(deep: Buffer): Buffer {
  const head = serialize({ ping: 1 });
  const tail = serialize({ $db: 'admin' });
  const field = Buffer.concat([Buffer.from([0x03]), Buffer.from('deep\0', 'latin1'), deep]);
  const body = Buffer.concat([head.subarray(4, head.length - 1), field, tail.subarray(4)]);
  const doc = Buffer.alloc(4 + body.length);
  doc.writeInt32LE(doc.length, 0);
  body.copy(doc, 4);
  return doc;
}

function serverPort(): number {
  return Number(mongoose.connection.port);
}

async function stillServing(): Promise<void> {
  expect(await mongoose.connection.db!.admin().ping()).to.deep.include({ ok: 1 });
}

describe('conformance: wire limits', () => {
  it('when an OP_MSG carries a correct checksum, then it is answered', async () => {
    const reply = await exchange(serverPort(), opMsg(Buffer.concat([Buffer.from([0]), serialize({ ping: 1, $db: 'admin' })]), 0, 'good'));
    expect(reply).to.deep.include({ ok: 1 });
  });

  it('when an OP_MSG checksum is wrong, then the connection is closed and others are served', async () => {
    expect(await exchange(serverPort(), opMsg(Buffer.concat([Buffer.from([0]), serialize({ ping: 1, $db: 'admin' })]), 0, 'bad'))).to.equal('closed');
    await stillServing();
  });

  it('when an OP_MSG sets an unknown required flag bit, then the connection is closed', async () => {
    expect(await exchange(serverPort(), opMsg(Buffer.concat([Buffer.from([0]), serialize({ ping: 1, $db: 'admin' })]), 1 << 5))).to.equal('closed');
    await stillServing();
  });

  it('when a command nests documents 20,000 levels deep, then it is refused and the server carries on', async () => {
    const reply = await exchange(serverPort(), opMsg(Buffer.concat([Buffer.from([0]), pingWith(nested(20_000))])));
    // mongod may answer with an error or hang up; the embedded engine answers Overflow (15).
    if (process.env.MONGODB_URI) expect(reply === 'closed' || reply === 'open' ? reply : reply.ok).to.be.oneOf(['closed', 0]);
    else expect(reply).to.deep.include({ ok: 0, code: 15 });
    await stillServing();
  });

  it('when a document nests 100 levels, then it is stored and read back', async () => {
    let doc: mongoose.mongo.Document = { leaf: 1 };
    for (let i = 1; i < 100; i++) doc = { a: doc };
    const coll = mongoose.connection.db!.collection('conf_wire_nested');
    await coll.deleteMany({});
    const { insertedId } = await coll.insertOne(doc);
    expect(await coll.countDocuments({ _id: insertedId })).to.equal(1);
  });
});

/** Its own engine with small limits, so hostile clients can be shown to be cut off quickly. */
const embeddedOnly = process.env.MONGODB_URI ? describe.skip : describe;

embeddedOnly('embedded engine under hostile clients', function () {
  this.timeout(60_000);
  let dir: string;
  let engine: EmbeddedEngine;
  let logged: string[];

  async function start(limits: Partial<WireLimits>): Promise<void> {
    logged = [];
    engine = await startEmbeddedEngine({ dataDir: dir, limits, log: (l) => logged.push(l) });
  }

  async function serves(): Promise<void> {
    const client = new mongoose.mongo.MongoClient(engine.uri(), { serverSelectionTimeoutMS: 5000 });
    try {
      await client.connect();
      await client.db('hostile').collection('c').insertOne({ ok: true });
      expect(await client.db('hostile').collection('c').countDocuments({})).to.be.greaterThan(0);
    } finally {
      await client.close();
    }
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-hostile-'));
  });
  afterEach(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when sockets hold partial 40 MB frames, then they are cut off, others are served and memory returns to its baseline', async () => {
    await start({ frameTimeoutMs: 1000 });
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    const chunk = Buffer.alloc(4 * 1024 * 1024, 1);
    const header = Buffer.alloc(16);
    header.writeInt32LE(40 * 1024 * 1024, 0);
    header.writeInt32LE(2013, 12);
    const hostile = Array.from({ length: 10 }, () => exchange(engine.port, Buffer.concat([header, chunk]), 10_000));
    await new Promise((r) => setTimeout(r, 300));
    await serves();
    const started = Date.now();
    expect(await Promise.all(hostile)).to.deep.equal(Array(10).fill('closed'));
    expect(Date.now() - started, 'ms until the partial frames were dropped').to.be.below(5000);
    let held = Infinity;
    for (let waited = 0; waited < 3000 && held > 8 * 1024 * 1024; waited += 250) {
      await new Promise((r) => setTimeout(r, 250));
      gc();
      held = process.memoryUsage().arrayBuffers - baseline;
    }
    expect(held, 'bytes still held three seconds after the sockets closed').to.be.below(8 * 1024 * 1024);
    await serves();
  });

  it('when incoming messages exceed the memory budget, then the connection that exceeds it is closed with a log line', async () => {
    await start({ maxBufferedBytes: 8 * 1024 * 1024 });
    const header = Buffer.alloc(16);
    header.writeInt32LE(40 * 1024 * 1024, 0);
    header.writeInt32LE(2013, 12);
    expect(await exchange(engine.port, Buffer.concat([header, Buffer.alloc(10 * 1024 * 1024)]))).to.equal('closed');
    expect(logged.join('\n')).to.match(/incoming messages hold more than 8 MB/);
    await serves();
  });

  it('when more connections arrive than the cap, then the extra ones are closed with a log line and the others work', async () => {
    await start({ maxConnections: 4 });
    const idle = await Promise.all(
      Array.from({ length: 4 }, () => new Promise<net.Socket>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: engine.port }, () => resolve(s));
        s.on('error', () => {});
      })),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(await exchange(engine.port, opMsg(Buffer.concat([Buffer.from([0]), serialize({ ping: 1, $db: 'admin' })])))).to.equal('closed');
    expect(logged.join('\n')).to.match(/refused a connection .*: 4 connections open, the limit is 4/);
    idle.forEach((s) => s.destroy());
    await new Promise((r) => setTimeout(r, 100));
    await serves();
  });

  it('when a client connects and neither logs in nor speaks, then it is disconnected; one saying hello stays', async () => {
    await start({ unauthenticatedIdleMs: 1200 });
    expect(await exchange(engine.port, Buffer.alloc(0), 5000)).to.equal('closed');
    const monitor = new mongoose.mongo.MongoClient(`mongodb://127.0.0.1:${engine.port}/?directConnection=true`, { heartbeatFrequencyMS: 500 });
    let failedHeartbeats = 0;
    monitor.on('serverHeartbeatFailed', () => failedHeartbeats++);
    try {
      await monitor.connect();
      await new Promise((r) => setTimeout(r, 3000));
      expect(failedHeartbeats, 'heartbeats cut off').to.equal(0);
    } finally {
      await monitor.close();
    }
  });
});
