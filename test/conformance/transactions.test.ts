import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

interface Account { _id: string; balance: number }

describe('conformance: transactions', () => {
  let accounts: mongoose.mongo.Collection<Account>;
  let ledger: mongoose.mongo.Collection<{ from: string; to: string; amount: number }>;
  const client = () => mongoose.connection.getClient();

  beforeEach(async () => {
    accounts = await freshCollection<Account>('conf_txn_accounts');
    ledger = await freshCollection('conf_txn_ledger');
    await accounts.insertMany([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 0 },
    ]);
  });

  const balances = async () => (await accounts.find().sort({ _id: 1 }).toArray()).map((d) => d.balance);

  it('when a transaction commits, then all its writes become visible together', async () => {
    const session = client().startSession();
    try {
      session.startTransaction();
      await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -30 } }, { session });
      await accounts.updateOne({ _id: 'b' }, { $inc: { balance: 30 } }, { session });
      await ledger.insertOne({ from: 'a', to: 'b', amount: 30 }, { session });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await balances()).to.deep.equal([70, 30]);
    expect(await ledger.countDocuments()).to.equal(1);
  });

  it('when a transaction aborts, then none of its writes (insert, update, delete) leave a trace', async () => {
    const session = client().startSession();
    try {
      session.startTransaction();
      await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -30 } }, { session });
      await accounts.deleteOne({ _id: 'b' }, { session });
      await accounts.insertOne({ _id: 'c', balance: 5 }, { session });
      await ledger.insertOne({ from: 'a', to: 'b', amount: 30 }, { session });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await accounts.find().sort({ _id: 1 }).toArray()).to.deep.equal([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 0 },
    ]);
    expect(await ledger.countDocuments()).to.equal(0);
  });

  it('when a transaction is open, then its writes are seen inside it and hidden from others until commit', async () => {
    const session = client().startSession();
    try {
      session.startTransaction();
      await accounts.insertOne({ _id: 'c', balance: 7 }, { session });
      await accounts.updateOne({ _id: 'a' }, { $set: { balance: 1 } }, { session });
      await accounts.deleteOne({ _id: 'b' }, { session });

      expect(await accounts.findOne({ _id: 'c' }, { session })).to.deep.equal({ _id: 'c', balance: 7 });
      expect((await accounts.findOne({ _id: 'a' }, { session }))!.balance).to.equal(1);
      expect(await accounts.countDocuments({}, { session })).to.equal(2);

      expect(await accounts.findOne({ _id: 'c' })).to.equal(null);
      expect((await accounts.findOne({ _id: 'a' }))!.balance).to.equal(100);
      expect(await accounts.findOne({ _id: 'b' })).to.not.equal(null);
      expect(await accounts.countDocuments()).to.equal(2);

      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await accounts.find().sort({ _id: 1 }).toArray()).to.deep.equal([
      { _id: 'a', balance: 1 },
      { _id: 'c', balance: 7 },
    ]);
  });

  it('when withTransaction runs a callback, then its writes commit and its result is returned', async () => {
    const session = client().startSession();
    try {
      const result = await session.withTransaction(async () => {
        await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -10 } }, { session });
        await accounts.updateOne({ _id: 'b' }, { $inc: { balance: 10 } }, { session });
        return 'done';
      });
      expect(result).to.equal('done');
    } finally {
      await session.endSession();
    }
    expect(await balances()).to.deep.equal([90, 10]);
  });

  it('when the withTransaction callback throws, then the transaction is aborted and the error surfaces', async () => {
    const session = client().startSession();
    let err: unknown;
    try {
      await session.withTransaction(async () => {
        await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -10 } }, { session });
        throw new Error('không đủ số dư');
      });
    } catch (e) {
      err = e;
    } finally {
      await session.endSession();
    }
    expect((err as Error).message).to.equal('không đủ số dư');
    expect(await balances()).to.deep.equal([100, 0]);
  });

  it('when a duplicate key occurs inside a transaction, then the transaction can be aborted without trace', async () => {
    const session = client().startSession();
    try {
      session.startTransaction();
      await accounts.insertOne({ _id: 'c', balance: 1 }, { session });
      let code: unknown;
      try {
        await accounts.insertOne({ _id: 'a', balance: 1 }, { session });
      } catch (e) {
        code = (e as mongoose.mongo.MongoServerError).code;
      }
      expect(code).to.equal(11000);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await accounts.countDocuments()).to.equal(2);
  });

  it('when two transactions write the same document, then one fails as transient and only the other lands', async () => {
    const s1 = client().startSession();
    const s2 = client().startSession();
    let failure: mongoose.mongo.MongoServerError | undefined;
    try {
      s1.startTransaction();
      s2.startTransaction();
      await accounts.updateOne({ _id: 'a' }, { $set: { balance: 1 } }, { session: s1 });
      try {
        await accounts.updateOne({ _id: 'a' }, { $set: { balance: 2 } }, { session: s2 });
        await s1.commitTransaction();
        await s2.commitTransaction();
      } catch (e) {
        failure = e as mongoose.mongo.MongoServerError;
      }
      if (s1.inTransaction()) await s1.commitTransaction();
      if (s2.inTransaction()) await s2.abortTransaction();
    } finally {
      await s1.endSession();
      await s2.endSession();
    }
    expect(failure).to.be.instanceOf(mongoose.mongo.MongoServerError);
    expect(failure!.hasErrorLabel('TransientTransactionError')).to.equal(true);
    expect((await accounts.findOne({ _id: 'a' }))!.balance).to.equal(1);
  });

  it('when Mongoose models write in connection.transaction, then a thrown error rolls all of them back', async () => {
    const Acc = mongoose.models.ConfTxnAccount ?? mongoose.model('ConfTxnAccount', new Schema({ _id: String, balance: Number }), 'conf_txn_accounts');
    let err: unknown;
    try {
      await mongoose.connection.transaction(async (session) => {
        await Acc.create([{ _id: 'm', balance: 1 }], { session });
        await Acc.updateOne({ _id: 'a' }, { $set: { balance: 0 } }, { session });
        throw new Error('rollback');
      });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).to.equal('rollback');
    expect(await Acc.exists({ _id: 'm' })).to.equal(null);
    expect(await balances()).to.deep.equal([100, 0]);

    await mongoose.connection.transaction(async (session) => {
      await Acc.create([{ _id: 'm', balance: 1 }], { session });
    });
    expect(await Acc.exists({ _id: 'm' })).to.not.equal(null);
  });
});
