import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../src/db/embedded/index.js';
import { encodeOp, frame } from '../../src/db/embedded/storage/legacy.js';
import { encode, type Doc } from '../../src/db/embedded/query/values.js';
import { testDatabase } from '../support/hooks.js';
import { fileBytes } from './fixtures/crash-files.js';

/** These concern the embedded engine's own files; against MONGODB_URI they do not apply. */
const embeddedOnly = process.env.MONGODB_URI ? describe.skip : describe;

async function withClient<T>(engine: EmbeddedEngine, fn: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> {
  const client = new mongoose.mongo.MongoClient(engine.uri());
  await client.connect();
  try {
    return await fn(client.db('durable'));
  } finally {
    await client.close();
  }
}

embeddedOnly('embedded engine durability', function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-durable-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when the engine is stopped and started again, then documents, indexes and types are all there', async () => {
    let engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, async (db) => {
      await db.collection('a').createIndex({ code: 1 }, { unique: true });
      await db.collection('a').insertMany([{ code: 'x', n: new mongoose.mongo.Double(1) }, { code: 'y', at: new Date(5) }]);
      await db.collection('a').updateOne({ code: 'y' }, { $set: { note: 'Quyết định' } });
      await db.collection('b').insertOne({ gone: true });
      await db.collection('b').deleteMany({});
    });
    await engine.close();
    engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, async (db) => {
      const docs = await db.collection('a').find({}, { promoteValues: false }).sort({ code: 1 }).toArray();
      expect(docs.map((d) => d.code)).to.deep.equal(['x', 'y']);
      expect(docs[0]!.n).to.be.instanceOf(mongoose.mongo.Double);
      expect(docs[1]!.note).to.equal('Quyết định');
      expect(await db.collection('b').countDocuments()).to.equal(0);
      const err = await db.collection('a').insertOne({ code: 'x' }).catch((e: unknown) => e);
      expect(err).to.have.property('code', 11000);
    });
    await engine.close();
  });

  it('when a folder holds the older journal format ending in a torn record, then it is imported once, set aside, and writing goes on', async () => {
    const put = (docs: object[]) => frame(encodeOp({ t: 'put', db: 'durable', c: 't', docs: docs.map((d) => encode(d as Doc)) }));
    const records = [
      frame(encodeOp({ t: 'cc', db: 'durable', c: 't', options: {}, uuid: crypto.randomUUID() })),
      frame(encodeOp({ t: 'ci', db: 'durable', c: 't', spec: { v: 2, key: { code: 1 }, name: 'code_1', unique: true } })),
      put([{ _id: 1, code: 'a' }, { _id: 2, code: 'b' }]),
      frame(encodeOp({ t: 'del', db: 'durable', c: 't', ids: [2] })),
      put([{ _id: 3, code: 'c' }]),
    ];
    const torn = Buffer.alloc(12);
    torn.writeUInt32LE(1000, 0);
    fs.writeFileSync(path.join(dir, 'journal-0.bin'), Buffer.concat([...records, torn]));
    let engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, async (db) => {
      expect((await db.collection('t').find().sort({ _id: 1 }).toArray()).map((d) => d.code)).to.deep.equal(['a', 'c']);
      const dup = await db.collection('t').insertOne({ _id: 4 as never, code: 'a' }).catch((e: unknown) => e);
      expect(dup, 'the unique index came along').to.have.property('code', 11000);
      await db.collection('t').insertOne({ _id: 5 as never, code: 'e' });
    });
    await engine.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bin')), 'old files moved aside').to.deep.equal([]);
    const aside = fs.readdirSync(dir).find((f) => f.startsWith('legacy-'))!;
    expect(fs.readdirSync(path.join(dir, aside))).to.deep.equal(['journal-0.bin']);
    engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, async (db) => expect(await db.collection('t').countDocuments()).to.equal(3));
    await engine.close();
  });

  it('when a second engine is started on a folder in use, then it refuses with a clear message', async function () {
    const inUse = testDatabase().engine?.dataDir;
    if (!inUse) this.skip();
    const err = await startEmbeddedEngine({ dataDir: inUse! }).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(/already in use/);
    expect(await mongoose.connection.db!.admin().ping()).to.deep.include({ ok: 1 });
  });

  it('when the LOCK left by a killed engine names a live process that holds no engine on the folder (a reused PID, even our own), then the engine starts', async () => {
    for (const pid of [process.pid, 1]) {
      fs.writeFileSync(path.join(dir, 'LOCK'), String(pid));
      const engine = await startEmbeddedEngine({ dataDir: dir });
      try {
        await withClient(engine, (db) => db.collection('c').insertOne({ pid }));
      } finally {
        await engine.close();
      }
    }
  });

  /** Runs the crash writer in `mode` until `enough` says so, kills it with SIGKILL, and returns the acknowledged lines by kind. */
  async function writeUntilKilled(mode: string, enough: (acked: Map<string, Set<string>>) => boolean): Promise<Map<string, Set<string>>> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/crash-writer.ts'), dir, mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked = new Map<string, Set<string>>();
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          const [kind, id] = line.split(' ');
          if (!id) continue;
          if (!acked.has(kind!)) acked.set(kind!, new Set());
          acked.get(kind!)!.add(id);
        }
        if (enough(acked)) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          child.on('exit', () => resolve());
        }
      });
    });
    return acked;
  }

  it('when a writing process is killed with SIGKILL, then every write it had acknowledged is there after restart', async function () {
    this.timeout(60_000);
    const acked = await writeUntilKilled('docs', (a) => (a.get('i')?.size ?? 0) >= 400);
    const engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, async (db) => {
      const docs = await db.client.db('crash').collection<{ _id: string; pad: string }>('writes').find().toArray();
      const byId = new Map(docs.map((d) => [d._id, d]));
      const lost = [...acked.get('i')!].filter((id) => !byId.has(id));
      expect(lost, 'acknowledged inserts lost').to.deep.equal([]);
      const lostUpdates = [...(acked.get('u') ?? [])].filter((id) => byId.get(id)?.pad !== 'updated');
      expect(lostUpdates, 'acknowledged updates lost').to.deep.equal([]);
    });
    await engine.close();
  });

  it('when a bulk insert is killed with SIGKILL, then every acknowledged batch is whole after restart, and a second kill and restart too', async function () {
    this.timeout(120_000);
    for (const round of [1, 2]) {
      const acked = await writeUntilKilled('bulk', (a) => (a.get('b')?.size ?? 0) >= 4 * round);
      const engine = await startEmbeddedEngine({ dataDir: dir });
      await withClient(engine, async (db) => {
        const batches = db.client.db('crash').collection<{ _id: string; batch: string }>('batches');
        for (const b of acked.get('b')!) {
          expect(await batches.countDocuments({ batch: b }), `batch ${b} of round ${round}`).to.equal(5000);
        }
      });
      await engine.close();
    }
  });

  it('when GridFS uploads are killed with SIGKILL, then every acknowledged file reads back byte for byte after restart', async function () {
    this.timeout(120_000);
    const acked = await writeUntilKilled('files', (a) => (a.get('f')?.size ?? 0) >= 12);
    const engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, async (db) => {
      const bucket = new mongoose.mongo.GridFSBucket(db.client.db('crash'));
      for (const name of acked.get('f')!) {
        const parts: Buffer[] = [];
        for await (const chunk of bucket.openDownloadStreamByName(name)) parts.push(chunk as Buffer);
        expect(Buffer.concat(parts).equals(fileBytes(name)), `file ${name}`).to.equal(true);
      }
    });
    await engine.close();
  });
});
