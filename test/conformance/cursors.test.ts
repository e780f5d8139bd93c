import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { db, freshCollection, rejects } from './helpers.js';

const N = 1000;

function toLong(id: unknown): mongoose.mongo.Long {
  return id instanceof mongoose.mongo.Long ? id : mongoose.mongo.Long.fromNumber(Number(id));
}

describe('conformance: cursors over several batches', () => {
  let coll: mongoose.mongo.Collection<{ _id: number; pad: string }>;

  before(async () => {
    coll = await freshCollection('conf_cursor_items');
    await coll.insertMany(Array.from({ length: N }, (_, i) => ({ _id: i, pad: 'x'.repeat(100) })));
  });

  it('when 1,000 documents are read with batchSize 50, then every one comes exactly once in order', async () => {
    const seen: number[] = [];
    for await (const d of coll.find({}, { batchSize: 50 }).sort({ _id: 1 })) seen.push(d._id);
    expect(seen).to.have.length(N);
    expect(seen).to.deep.equal(Array.from({ length: N }, (_, i) => i));
  });

  it('when find and getMore are sent as commands, then batches of 50 come until the cursor id is 0', async () => {
    const first = await db().command({ find: 'conf_cursor_items', filter: {}, sort: { _id: 1 }, batchSize: 50 });
    expect(first.cursor.firstBatch).to.have.length(50);
    expect(first.cursor.ns).to.equal(`${db().databaseName}.conf_cursor_items`);
    let id = toLong(first.cursor.id);
    expect(id.isZero()).to.equal(false);
    let total = first.cursor.firstBatch.length;
    let batches = 1;
    let last = first.cursor.firstBatch.at(-1)._id as number;
    while (!id.isZero()) {
      const more = await db().command({ getMore: id, collection: 'conf_cursor_items', batchSize: 50 });
      const batch = more.cursor.nextBatch as Array<{ _id: number }>;
      expect(batch[0]!._id).to.equal(last + 1);
      last = batch.at(-1)!._id;
      total += batch.length;
      batches++;
      id = toLong(more.cursor.id);
    }
    expect(total).to.equal(N);
    expect(batches).to.equal(N / 50);
  });

  it('when a cursor is killed, then killCursors reports it and a later getMore fails with CursorNotFound', async () => {
    const first = await db().command({ find: 'conf_cursor_items', filter: {}, batchSize: 50 });
    const id = toLong(first.cursor.id);
    const killed = await db().command({ killCursors: 'conf_cursor_items', cursors: [id] });
    expect(killed.cursorsKilled.map((x: unknown) => toLong(x).toString())).to.deep.equal([id.toString()]);
    const err = await rejects(db().command({ getMore: id, collection: 'conf_cursor_items', batchSize: 50 }));
    expect(err.code).to.equal(43);
    expect(err.codeName).to.equal('CursorNotFound');
  });

  it('when the driver cursor is killed between batches, then iterating on fails with CursorNotFound', async () => {
    const cursor = coll.find({}, { batchSize: 50 });
    await cursor.next();
    const id = cursor.id;
    expect(id).to.not.equal(undefined);
    await db().command({ killCursors: 'conf_cursor_items', cursors: [id!] });
    const err = await rejects(cursor.toArray());
    expect(err.code).to.equal(43);
    await cursor.close();
  });

  it('when a limit smaller than the result is asked with a batch size, then only that many come back', async () => {
    const docs = await coll.find({}, { batchSize: 30 }).sort({ _id: -1 }).limit(75).toArray();
    expect(docs).to.have.length(75);
    expect(docs[0]!._id).to.equal(N - 1);
    expect(docs.at(-1)!._id).to.equal(N - 75);
  });

  it('when an aggregation result spans several batches, then all of it arrives', async () => {
    const out = await coll.aggregate([{ $match: { _id: { $lt: 600 } } }, { $project: { _id: 1 } }], { batchSize: 40 }).toArray();
    expect(out).to.have.length(600);
  });

  it('when a Mongoose query cursor streams with batchSize, then each document arrives once', async () => {
    const Item = mongoose.models.ConfCursorItem ?? mongoose.model('ConfCursorItem', new Schema({ _id: Number, pad: String }), 'conf_cursor_items');
    const seen = new Set<number>();
    await Item.find().batchSize(50).cursor().eachAsync((d: { _id: number }) => {
      seen.add(d._id);
    });
    expect(seen.size).to.equal(N);
  });
});
