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

describe('conformance: the positional $ on several fields', () => {
  const coll = () => mongoose.connection.db!.collection<{ _id: number; items: Array<{ _id: string; x: number; y: number }>; tags?: string[] }>('positional_multi');
  beforeEach(() => coll().deleteMany({}));

  it('when one $set writes two fields of the matched element, then both change and only in that element', async () => {
    await coll().insertOne({ _id: 1, items: [{ _id: 'a', x: 1, y: 1 }, { _id: 'b', x: 2, y: 2 }] });
    await coll().updateOne({ _id: 1, 'items._id': 'b' }, { $set: { 'items.$.x': 20, 'items.$.y': 21 } });
    expect((await coll().findOne({ _id: 1 }))!.items).to.deep.equal([{ _id: 'a', x: 1, y: 1 }, { _id: 'b', x: 20, y: 21 }]);
  });

  it('when the element is matched by $elemMatch and a scalar array by equality, then the right positions change', async () => {
    await coll().insertOne({ _id: 2, items: [{ _id: 'a', x: 1, y: 5 }, { _id: 'b', x: 1, y: 9 }], tags: ['p', 'q'] });
    await coll().updateOne({ _id: 2, items: { $elemMatch: { x: 1, y: { $gt: 6 } } } }, { $inc: { 'items.$.x': 1 }, $set: { 'items.$.y': 0 } });
    await coll().updateOne({ _id: 2, tags: 'q' }, { $set: { 'tags.$': 'Q' } });
    const doc = (await coll().findOne({ _id: 2 }))!;
    expect(doc.items).to.deep.equal([{ _id: 'a', x: 1, y: 5 }, { _id: 'b', x: 2, y: 0 }]);
    expect(doc.tags).to.deep.equal(['p', 'Q']);
  });

  it('when the query does not name the array, then the positional update fails with code 2', async () => {
    await coll().insertOne({ _id: 3, items: [{ _id: 'a', x: 1, y: 1 }] });
    const err = await coll().updateOne({ _id: 3 }, { $set: { 'items.$.x': 5 } }).catch((e: unknown) => e);
    expect(err).to.have.property('code', 2);
  });
});
