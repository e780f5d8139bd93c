import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

type Doc = { _id: number; v?: number; tag?: string };

describe('conformance: bulkWrite', () => {
  let coll: mongoose.mongo.Collection<Doc>;

  beforeEach(async () => {
    coll = await freshCollection<Doc>('conf_bulk');
    await coll.insertMany([{ _id: 1, v: 1 }, { _id: 2, v: 2 }, { _id: 3, v: 3 }]);
  });

  const ids = async () => (await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id);

  it('when mixed operations run, then each kind is applied and counted', async () => {
    const res = await coll.bulkWrite([
      { insertOne: { document: { _id: 4, v: 4 } } },
      { updateOne: { filter: { _id: 1 }, update: { $set: { v: 10 } } } },
      { updateMany: { filter: { v: { $gte: 3 } }, update: { $set: { tag: 'big' } } } },
      { replaceOne: { filter: { _id: 2 }, replacement: { v: 20 } } },
      { deleteOne: { filter: { _id: 3 } } },
      { updateOne: { filter: { _id: 9 }, update: { $set: { v: 9 } }, upsert: true } },
      { deleteMany: { filter: { tag: 'none' } } },
    ]);
    expect(res.insertedCount).to.equal(1);
    expect(res.matchedCount).to.equal(5);
    expect(res.modifiedCount).to.equal(5);
    expect(res.deletedCount).to.equal(1);
    expect(res.upsertedCount).to.equal(1);
    expect(res.upsertedIds).to.deep.equal({ 5: 9 });
    expect(await coll.find().sort({ _id: 1 }).toArray()).to.deep.equal([
      { _id: 1, v: 10, tag: 'big' },
      { _id: 2, v: 20 },
      { _id: 4, v: 4, tag: 'big' },
      { _id: 9, v: 9 },
    ]);
  });

  it('when an ordered bulk fails in the middle, then what came before stays and nothing after runs', async () => {
    let err: mongoose.mongo.MongoBulkWriteError | undefined;
    try {
      await coll.bulkWrite(
        [
          { insertOne: { document: { _id: 10 } } },
          { updateOne: { filter: { _id: 1 }, update: { $set: { v: 100 } } } },
          { insertOne: { document: { _id: 2 } } },
          { insertOne: { document: { _id: 11 } } },
          { deleteOne: { filter: { _id: 3 } } },
        ],
        { ordered: true },
      );
    } catch (e) {
      err = e as mongoose.mongo.MongoBulkWriteError;
    }
    expect(err).to.be.instanceOf(mongoose.mongo.MongoBulkWriteError);
    expect(err!.code).to.equal(11000);
    const writeErrors = Array.isArray(err!.writeErrors) ? err!.writeErrors : [err!.writeErrors];
    expect(writeErrors.map((w) => w.index)).to.deep.equal([2]);
    expect(err!.insertedCount).to.equal(1);
    expect(err!.modifiedCount).to.equal(1);
    expect(await ids()).to.deep.equal([1, 2, 3, 10]);
    expect((await coll.findOne({ _id: 1 }))!.v).to.equal(100);
  });

  it('when an unordered bulk fails in the middle, then every other operation still runs', async () => {
    let err: mongoose.mongo.MongoBulkWriteError | undefined;
    try {
      await coll.bulkWrite(
        [
          { insertOne: { document: { _id: 10 } } },
          { insertOne: { document: { _id: 2 } } },
          { insertOne: { document: { _id: 11 } } },
          { deleteOne: { filter: { _id: 3 } } },
        ],
        { ordered: false },
      );
    } catch (e) {
      err = e as mongoose.mongo.MongoBulkWriteError;
    }
    expect(err).to.be.instanceOf(mongoose.mongo.MongoBulkWriteError);
    const writeErrors = Array.isArray(err!.writeErrors) ? err!.writeErrors : [err!.writeErrors];
    expect(writeErrors.map((w) => [w.index, w.code])).to.deep.equal([[1, 11000]]);
    expect(err!.insertedCount).to.equal(2);
    expect(err!.deletedCount).to.equal(1);
    expect(await ids()).to.deep.equal([1, 2, 10, 11]);
  });

  it('when insertMany is unordered with duplicates, then all the others are inserted', async () => {
    let err: mongoose.mongo.MongoBulkWriteError | undefined;
    try {
      await coll.insertMany([{ _id: 1 }, { _id: 20 }, { _id: 2 }, { _id: 21 }], { ordered: false });
    } catch (e) {
      err = e as mongoose.mongo.MongoBulkWriteError;
    }
    const writeErrors = Array.isArray(err!.writeErrors) ? err!.writeErrors : [err!.writeErrors];
    expect(writeErrors.map((w) => w.index)).to.deep.equal([0, 2]);
    expect(await ids()).to.deep.equal([1, 2, 3, 20, 21]);
  });

  it('when a Mongoose model bulkWrites, then the result counts match the driver', async () => {
    const M = mongoose.models.ConfBulk ?? mongoose.model('ConfBulk', new Schema({ _id: Number, v: Number }), 'conf_bulk');
    const res = await M.bulkWrite([
      { insertOne: { document: { _id: 30, v: 1 } } },
      { updateMany: { filter: {}, update: { $inc: { v: 1 } } } },
      { deleteMany: { filter: { _id: { $lt: 3 } } } },
    ]);
    expect([res.insertedCount, res.modifiedCount, res.deletedCount]).to.deep.equal([1, 4, 2]);
    expect(await ids()).to.deep.equal([3, 30]);
  });
});
