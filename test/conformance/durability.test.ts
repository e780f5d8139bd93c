import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../src/db/embedded/index.js';
import { testDatabase } from '../support/hooks.js';

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

  it('when the journal ends with a torn record, then the engine starts with every whole record and keeps writing', async () => {
    let engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, (db) => db.collection('t').insertMany([{ _id: 1 as never }, { _id: 2 as never }]));
    await engine.close();
    const journal = fs.readdirSync(dir).find((f) => f.startsWith('journal-'))!;
    const torn = Buffer.alloc(12);
    torn.writeUInt32LE(1000, 0);
    fs.appendFileSync(path.join(dir, journal), torn);
    engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, async (db) => {
      expect(await db.collection('t').countDocuments()).to.equal(2);
      await db.collection('t').insertOne({ _id: 3 as never });
    });
    await engine.close();
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

  it('when a writing process is killed with SIGKILL, then every write it had acknowledged is there after restart', async function () {
    this.timeout(60_000);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/crash-writer.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const inserted = new Set<string>();
    const updated = new Set<string>();
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith('i ')) inserted.add(line.slice(2));
          if (line.startsWith('u ')) updated.add(line.slice(2));
        }
        if (inserted.size >= 400) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          child.on('exit', () => resolve());
        }
      });
    });
    const engine = await startEmbeddedEngine({ dataDir: dir });
    await withClient(engine, async (db) => {
      const docs = await db.client.db('crash').collection<{ _id: string; pad: string }>('writes').find().toArray();
      const byId = new Map(docs.map((d) => [d._id, d]));
      const lost = [...inserted].filter((id) => !byId.has(id));
      expect(lost, 'acknowledged inserts lost').to.deep.equal([]);
      const lostUpdates = [...updated].filter((id) => byId.get(id)?.pad !== 'updated');
      expect(lostUpdates, 'acknowledged updates lost').to.deep.equal([]);
    });
    await engine.close();
  });
});
