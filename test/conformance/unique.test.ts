import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection, rejects } from './helpers.js';

interface Account { email: string; agency?: string; code?: string; phone?: string }

const Account = mongoose.model<Account>(
  'ConfUniqueAccount',
  new Schema<Account>({ email: { type: String, unique: true }, agency: String, code: String, phone: String }).index(
    { agency: 1, code: 1 },
    { unique: true, partialFilterExpression: { code: { $type: 'string' } } },
  ),
  'conf_unique_accounts',
);

describe('conformance: unique indexes', () => {
  before(async () => {
    await Account.init();
  });

  beforeEach(async () => {
    await Account.deleteMany({});
  });

  it('when a second document repeats a unique value, then 11000 comes with keyPattern and keyValue', async () => {
    await Account.create({ email: 'a@moj.gov.vn' });
    const err = await rejects(Account.create({ email: 'a@moj.gov.vn' }));
    expect(err.code).to.equal(11000);
    expect(err.keyPattern).to.deep.equal({ email: 1 });
    expect(err.keyValue).to.deep.equal({ email: 'a@moj.gov.vn' });
    expect(err.message).to.match(/E11000 duplicate key error/);
    expect(await Account.countDocuments()).to.equal(1);
  });

  it('when a compound unique index sees the same pair twice, then only the pair is refused', async () => {
    await Account.create({ email: '1@x', agency: 'BTP', code: 'A1' });
    await Account.create({ email: '2@x', agency: 'BTC', code: 'A1' });
    const err = await rejects(Account.create({ email: '3@x', agency: 'BTP', code: 'A1' }));
    expect(err.code).to.equal(11000);
    expect(err.keyPattern).to.deep.equal({ agency: 1, code: 1 });
    expect(err.keyValue).to.deep.equal({ agency: 'BTP', code: 'A1' });
  });

  it('when a partial unique index leaves documents out, then those never collide', async () => {
    await Account.create({ email: '1@x', agency: 'BTP' });
    await Account.create({ email: '2@x', agency: 'BTP' });
    expect(await Account.countDocuments({ agency: 'BTP' })).to.equal(2);
  });

  it('when an update sets a value another document holds, then it fails with 11000 and nothing changes', async () => {
    await Account.create([{ email: 'a@x' }, { email: 'b@x' }]);
    const err = await rejects(Account.updateOne({ email: 'b@x' }, { $set: { email: 'a@x' } }));
    expect(err.code).to.equal(11000);
    expect(err.keyValue).to.deep.equal({ email: 'a@x' });
    expect((await Account.find().sort({ email: 1 }).lean()).map((a) => a.email)).to.deep.equal(['a@x', 'b@x']);
  });

  it('when findOneAndUpdate would duplicate a unique value, then it fails with 11000', async () => {
    await Account.create([{ email: 'a@x' }, { email: 'b@x' }]);
    const err = await rejects(Account.findOneAndUpdate({ email: 'b@x' }, { email: 'a@x' }));
    expect(err.code).to.equal(11000);
  });

  it('when a document keeps its own unique value on update, then it is not a duplicate of itself', async () => {
    await Account.create({ email: 'a@x', phone: '1' });
    const res = await Account.updateOne({ email: 'a@x' }, { $set: { email: 'a@x', phone: '2' } });
    expect(res.modifiedCount).to.equal(1);
  });

  it('when the holder of a value is deleted, then the value can be used again', async () => {
    await Account.create({ email: 'a@x' });
    await Account.deleteOne({ email: 'a@x' });
    await Account.create({ email: 'a@x' });
    expect(await Account.countDocuments({ email: 'a@x' })).to.equal(1);
  });

  describe('with the driver', () => {
    let coll: mongoose.mongo.Collection;

    before(async () => {
      coll = await freshCollection('conf_unique_raw');
      await coll.createIndex({ phone: 1 }, { unique: true, sparse: true });
      await coll.createIndex({ tags: 1 }, { unique: true, sparse: true, name: 'tags_unique' });
      await coll.createIndex({ n: 1 }, { unique: true });
    });

    beforeEach(async () => {
      await coll.deleteMany({});
    });

    it('when a sparse unique field is missing from several documents, then they do not collide, but equal values do', async () => {
      await coll.insertMany([{ n: 1 }, { n: 2 }]);
      await coll.insertOne({ n: 3, phone: '090' });
      const err = await rejects(coll.insertOne({ n: 4, phone: '090' }));
      expect(err.code).to.equal(11000);
      expect(err.keyPattern).to.deep.equal({ phone: 1 });
    });

    it('when a non-sparse unique field is missing twice, then the second is a duplicate of null', async () => {
      await coll.insertOne({ phone: '1', tags: ['x'] });
      const err = await rejects(coll.insertOne({ phone: '2', tags: ['y'] }));
      expect(err.code).to.equal(11000);
      expect(err.keyValue).to.deep.equal({ n: null });
    });

    it('when two documents share an element of a uniquely indexed array, then the second is refused', async () => {
      await coll.insertOne({ n: 1, tags: ['a', 'b', 'b'] });
      const err = await rejects(coll.insertOne({ n: 2, tags: ['c', 'b'] }));
      expect(err.code).to.equal(11000);
      expect(err.keyPattern).to.deep.equal({ tags: 1 });
    });

    it('when insertMany hits a duplicate _id, then the documents before it are stored and the error says which', async () => {
      const err = await rejects(coll.insertMany([{ _id: 1 as never, n: 1 }, { _id: 2 as never, n: 2 }, { _id: 1 as never, n: 3 }, { _id: 4 as never, n: 4 }]));
      expect(err.code).to.equal(11000);
      const writeErrors = (err as mongoose.mongo.MongoBulkWriteError).writeErrors;
      expect((Array.isArray(writeErrors) ? writeErrors : [writeErrors]).map((w) => w.index)).to.deep.equal([2]);
      expect((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).to.deep.equal([1, 2]);
    });

    it('when a unique index is built over existing duplicates, then it is refused with 11000', async () => {
      await coll.insertMany([{ n: 1, k: 'same' }, { n: 2, k: 'same' }]);
      const err = await rejects(coll.createIndex({ k: 1 }, { unique: true }));
      expect(err.code).to.equal(11000);
      const names = (await coll.listIndexes().toArray()).map((i) => i.name);
      expect(names).to.not.include('k_1');
    });
  });
});
