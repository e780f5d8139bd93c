import { expect } from 'chai';
import mongoose from 'mongoose';

describe('conformance: upserts that choose the _id', () => {
  const coll = () => mongoose.connection.db!.collection<{ _id: string | mongoose.Types.ObjectId; code?: string; v?: number }>('upsert_ids');
  beforeEach(() => coll().deleteMany({}));

  it('when $setOnInsert carries an _id, then the inserted document has it, and a second upsert leaves it alone', async () => {
    const id = new mongoose.Types.ObjectId();
    const first = await coll().updateOne({ code: 'a' }, { $setOnInsert: { _id: id, v: 1 } }, { upsert: true });
    expect(first.upsertedId?.toString()).to.equal(id.toString());
    await coll().updateOne({ code: 'a' }, { $setOnInsert: { _id: new mongoose.Types.ObjectId(), v: 2 } }, { upsert: true });
    const docs = await coll().find().toArray();
    expect(docs).to.have.length(1);
    expect(docs[0]).to.deep.include({ code: 'a', v: 1 });
    expect(String(docs[0]!._id)).to.equal(id.toString());
  });

  it('when $set repeats the queried _id (as session stores do), then the upsert inserts once and updates after', async () => {
    await coll().updateOne({ _id: 'sid' }, { $set: { _id: 'sid', v: 1 } }, { upsert: true });
    await coll().updateOne({ _id: 'sid' }, { $set: { _id: 'sid', v: 2 } }, { upsert: true });
    expect(await coll().find().toArray()).to.deep.equal([{ _id: 'sid', v: 2 }]);
  });

  it('when an update would change an existing _id, then it fails with 66', async () => {
    await coll().insertOne({ _id: 'keep', v: 1 });
    const err = await coll().updateOne({ _id: 'keep' }, { $set: { _id: 'other' } }).catch((e: unknown) => e);
    expect(err).to.have.property('code', 66);
  });
});
