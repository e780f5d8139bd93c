import { deserialize } from 'bson';
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../src/db/embedded/index.js';
import { Store } from '../../src/db/embedded/storage/store.js';
import { encode, type Doc } from '../../src/db/embedded/query/values.js';
import { freshCollection } from './helpers.js';

/**
 * Counts by equality on every field of an index are read from the number
 * of entries kept per key: they must agree with the documents through every
 * kind of write, inside transactions, and on a store kept before those numbers were.
 */
describe('conformance: counts kept per index key', () => {
  it('when documents are inserted, updated, replaced and deleted, then counts by every indexed field agree with a scan', async () => {
    const coll = await freshCollection<{ _id: number; [f: string]: unknown }>('conf_key_counts');
    await coll.createIndexes([{ key: { g: 1, h: -1 } }, { key: { s: 1 } }]);
    await coll.insertMany(Array.from({ length: 40 }, (_, i) => ({ _id: i, g: i % 4, h: `h${i % 3}`, s: i % 2 ? 'Hà Nội' : null })));
    await coll.updateMany({ g: 1 }, { $set: { g: 2 } });
    await coll.replaceOne({ _id: 3 }, { g: 0, h: 'h0', s: 'Huế' });
    await coll.deleteMany({ h: 'h2', g: 0 });
    await coll.updateOne({ _id: 5 }, { $unset: { s: '' } });
    await coll.findOneAndUpdate({ _id: 7 }, { $set: { h: 'h9' } });
    const all = await coll.find({}).toArray();
    const scan = (f: (d: Doc) => boolean) => all.filter(f).length;
    for (const g of [0, 1, 2, 3]) {
      for (const h of ['h0', 'h1', 'h2', 'h9']) {
        expect(await coll.countDocuments({ g, h }), `g ${g} h ${h}`).to.equal(scan((d) => d.g === g && d.h === h));
      }
    }
    expect(await coll.countDocuments({ g: { $in: [2, 3] }, h: 'h1' })).to.equal(scan((d) => [2, 3].includes(d.g as number) && d.h === 'h1'));
    expect(await coll.countDocuments({ s: 'Hà Nội' })).to.equal(scan((d) => d.s === 'Hà Nội'));
    expect(await coll.countDocuments({ s: null })).to.equal(scan((d) => d.s === null || d.s === undefined));
    expect(await coll.countDocuments({ s: 'Huế' })).to.equal(1);
  });

  it('when an index is dropped and made again, then its counts start from the documents, not from the old index', async () => {
    const coll = await freshCollection('conf_key_counts_drop');
    await coll.createIndex({ k: 1 });
    await coll.insertMany(Array.from({ length: 12 }, (_, i) => ({ k: i % 2 })));
    await coll.dropIndex('k_1');
    await coll.deleteMany({ k: 0 });
    await coll.createIndex({ k: 1 });
    expect(await coll.countDocuments({ k: 0 })).to.equal(0);
    expect(await coll.countDocuments({ k: 1 })).to.equal(6);
  });

  it('when a transaction is open, then its counts see its snapshot and others see the commit only after it', async () => {
    const coll = await freshCollection('conf_key_counts_txn');
    await coll.createIndex({ k: 1 });
    await coll.insertMany([{ k: 'a' }, { k: 'a' }]);
    const session = mongoose.connection.getClient().startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ k: 'a' }, { session });
      await coll.insertOne({ k: 'a' });
      expect(await coll.countDocuments({ k: 'a' }, { session })).to.equal(3);
      expect(await coll.countDocuments({ k: 'a' })).to.equal(3);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments({ k: 'a' })).to.equal(3);
  });
});

/** A store written before counts were kept: the engine counts its indexes once at start. */
const embeddedOnly = process.env.MONGODB_URI ? describe.skip : describe;

embeddedOnly('embedded engine: a store without key counts', () => {
  let dir: string;
  let engine: EmbeddedEngine | undefined;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-counts-'))));
  afterEach(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const withDb = async <T>(fn: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> => {
    const client = new mongoose.mongo.MongoClient(engine!.uri());
    await client.connect();
    try {
      return await fn(client.db('counts'));
    } finally {
      await client.close();
    }
  };

  it('when it is opened, then its indexes are counted and counts by equality are right, then kept through writes', async () => {
    engine = await startEmbeddedEngine({ dataDir: dir });
    await withDb(async (db) => {
      await db.collection('c').createIndex({ agency: 1 });
      await db.collection('c').insertMany(Array.from({ length: 300 }, (_, i) => ({ agency: `co-quan-${i % 7}` })));
      await db.collection('c').insertOne({ agency: 'một mình' });
    });
    await engine.close();
    engine = undefined;
    // What an earlier version left: no counts, and catalog records without the flag.
    const store = new Store(dir);
    await store.write(() => {
      for (const { key } of store.counts.getRange({})) store.counts.removeSync(key);
      for (const { key, value } of store.meta.getRange({ start: 'c:', end: 'c;' })) {
        const meta = deserialize(value) as Doc;
        for (const i of meta.indexes as Doc[]) delete i.counted;
        store.meta.putSync(key, encode(meta));
      }
    });
    await store.close();
    engine = await startEmbeddedEngine({ dataDir: dir });
    await withDb(async (db) => {
      expect(await db.collection('c').countDocuments({ agency: 'co-quan-3' })).to.equal(43);
      await db.collection('c').deleteMany({ agency: 'co-quan-3' });
      await db.collection('c').insertOne({ agency: 'co-quan-0' });
      expect(await db.collection('c').countDocuments({ agency: 'co-quan-3' })).to.equal(0);
      expect(await db.collection('c').countDocuments({ agency: 'co-quan-0' })).to.equal(44);
      expect(await db.collection('c').countDocuments({ agency: 'một mình' })).to.equal(1);
      await db.collection('c').insertOne({ agency: 'một mình' });
      expect(await db.collection('c').countDocuments({ agency: 'một mình' })).to.equal(2);
      await db.collection('c').deleteOne({ agency: 'một mình' });
      expect(await db.collection('c').countDocuments({ agency: 'một mình' })).to.equal(1);
    });
    await engine.close();
    engine = undefined;
    // The counts are in the store, not only answered some other way; a key held once has none.
    const reopened = new Store(dir);
    const kept = [...reopened.counts.getRange({})].map(({ value }) => value.readUInt32BE(0));
    await reopened.close();
    expect(kept.sort((a, b) => a - b)).to.deep.equal([42, 43, 43, 43, 43, 44]);
  });
});
