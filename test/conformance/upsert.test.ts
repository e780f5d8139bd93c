import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

describe('conformance: upsert and $setOnInsert', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_upsert');
  });

  it('when nothing matches, then a document is inserted from the query equalities, $set and $setOnInsert', async () => {
    const res = await coll.updateOne(
      { code: 'QD-1', 'meta.year': 2025, rank: { $gt: 3 } },
      { $set: { title: 'Quyết định 1' }, $setOnInsert: { createdBy: 'an' }, $inc: { hits: 1 } },
      { upsert: true },
    );
    expect(res.upsertedCount).to.equal(1);
    expect(res.matchedCount).to.equal(0);
    expect(res.upsertedId).to.be.instanceOf(mongoose.mongo.ObjectId);
    const doc = await coll.findOne({ _id: res.upsertedId! }, { projection: { _id: 0 } });
    expect(doc).to.deep.equal({ code: 'QD-1', meta: { year: 2025 }, title: 'Quyết định 1', createdBy: 'an', hits: 1 });
  });

  it('when a document matches, then $set and $inc apply but $setOnInsert does not', async () => {
    await coll.insertOne({ code: 'QD-1', title: 'cũ', createdBy: 'an', hits: 1 });
    const res = await coll.updateOne(
      { code: 'QD-1' },
      { $set: { title: 'mới' }, $setOnInsert: { createdBy: 'binh' }, $inc: { hits: 1 } },
      { upsert: true },
    );
    expect(res.upsertedCount).to.equal(0);
    expect(res.upsertedId).to.equal(null);
    expect(res.matchedCount).to.equal(1);
    const doc = await coll.findOne({ code: 'QD-1' }, { projection: { _id: 0 } });
    expect(doc).to.deep.equal({ code: 'QD-1', title: 'mới', createdBy: 'an', hits: 2 });
  });

  it('when the query names an _id, then the upserted document takes it', async () => {
    const res = await coll.updateOne({ _id: 'fixed' as never }, { $setOnInsert: { n: 1 } }, { upsert: true });
    expect(res.upsertedId).to.equal('fixed');
    expect(await coll.findOne({ _id: 'fixed' as never })).to.deep.equal({ _id: 'fixed', n: 1 });
  });

  it('when a replacement upserts, then the document is the replacement (with the query _id)', async () => {
    await coll.replaceOne({ _id: 7 as never }, { title: 'thay thế' }, { upsert: true });
    expect(await coll.findOne({ _id: 7 as never })).to.deep.equal({ _id: 7, title: 'thay thế' });
  });

  it('when the query uses $eq and $and, then those equalities seed the document', async () => {
    await coll.updateOne({ $and: [{ a: { $eq: 1 } }, { b: 'x' }] }, { $set: { c: true } }, { upsert: true });
    expect(await coll.findOne({}, { projection: { _id: 0 } })).to.deep.equal({ a: 1, b: 'x', c: true });
  });

  it('when findOneAndUpdate upserts with returnDocument after, then it returns the new document', async () => {
    const doc = await coll.findOneAndUpdate(
      { code: 'X' },
      { $setOnInsert: { createdAt: new Date(0) }, $set: { seen: 1 } },
      { upsert: true, returnDocument: 'after', projection: { _id: 0 } },
    );
    expect(doc).to.deep.equal({ code: 'X', createdAt: new Date(0), seen: 1 });
    const before = await coll.findOneAndUpdate({ code: 'Y' }, { $set: { seen: 1 } }, { upsert: true, returnDocument: 'before' });
    expect(before).to.equal(null);
    expect(await coll.countDocuments()).to.equal(2);
  });

  it('when a Mongoose upsert reports its result, then it says whether it inserted', async () => {
    const Counter = mongoose.models.ConfUpsertCounter ?? mongoose.model('ConfUpsertCounter', new Schema({ key: String, n: Number, since: Date }), 'conf_upsert');
    const first = await Counter.updateOne({ key: 'k' }, { $inc: { n: 1 }, $setOnInsert: { since: new Date(1000) } }, { upsert: true });
    const second = await Counter.updateOne({ key: 'k' }, { $inc: { n: 1 }, $setOnInsert: { since: new Date(2000) } }, { upsert: true });
    expect(first.upsertedCount).to.equal(1);
    expect(second.upsertedCount).to.equal(0);
    const doc = await Counter.findOne({ key: 'k' }).lean<{ n: number; since: Date }>().orFail();
    expect(doc.n).to.equal(2);
    expect(doc.since.getTime()).to.equal(1000);
  });
});
