import { expect } from 'chai';
import mongoose from 'mongoose';
import { freshCollection, rejects } from './helpers.js';

/** Reads inside a transaction see the data as of the transaction's first read (snapshot isolation). */
describe('conformance: snapshot reads in transactions', () => {
  let stock: mongoose.mongo.Collection<{ _id: string; qty: number }>;
  const client = () => mongoose.connection.getClient();

  beforeEach(async () => {
    stock = await freshCollection('conf_snapshot_stock');
    await stock.insertMany([
      { _id: 'a', qty: 10 },
      { _id: 'b', qty: 5 },
    ]);
  });

  it('when another client writes after the transaction has read, then the transaction still reads the old data', async () => {
    const s = client().startSession();
    try {
      s.startTransaction();
      expect((await stock.findOne({ _id: 'a' }, { session: s }))!.qty).to.equal(10);
      await stock.updateOne({ _id: 'a' }, { $set: { qty: 99 } });
      await stock.insertMany([
        { _id: 'c', qty: 1 },
        { _id: 'd', qty: 1 },
      ]);
      await stock.deleteOne({ _id: 'b' });
      const seen = await stock.find({}, { session: s }).sort({ _id: 1 }).toArray();
      expect(seen).to.deep.equal([
        { _id: 'a', qty: 10 },
        { _id: 'b', qty: 5 },
      ]);
      expect(await stock.countDocuments({}, { session: s })).to.equal(2);
      await s.commitTransaction();
    } finally {
      await s.endSession();
    }
    expect((await stock.findOne({ _id: 'a' }))!.qty).to.equal(99);
  });

  it('when the transaction writes a document changed since its snapshot, then it fails with WriteConflict and nothing of it lands', async () => {
    const s = client().startSession();
    try {
      s.startTransaction();
      const read = (await stock.findOne({ _id: 'a' }, { session: s }))!;
      await stock.updateOne({ _id: 'b' }, { $set: { qty: 6 } }, { session: s });
      await stock.updateOne({ _id: 'a' }, { $inc: { qty: 1 } });
      const err = await rejects(stock.updateOne({ _id: 'a' }, { $set: { qty: read.qty - 1 } }, { session: s }));
      expect(err.code).to.equal(112);
      expect(err.hasErrorLabel('TransientTransactionError')).to.equal(true);
      await s.abortTransaction().catch(() => {});
    } finally {
      await s.endSession();
    }
    const after = await stock.find().sort({ _id: 1 }).toArray();
    expect(after).to.deep.equal([
      { _id: 'a', qty: 11 },
      { _id: 'b', qty: 5 },
    ]);
  });
});
