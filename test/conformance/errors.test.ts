import { expect } from 'chai';
import mongoose from 'mongoose';
import { db, dropIfExists, freshCollection, rejects } from './helpers.js';

describe('conformance: errors with MongoDB codes and shapes', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    await dropIfExists('conf_errors');
    coll = await freshCollection('conf_errors');
  });

  it('when an unknown command is sent, then it fails with 59 CommandNotFound and the connection keeps working', async () => {
    const err = await rejects(db().command({ rasoatNoSuchCommand: 1 }));
    expect(err.code).to.equal(59);
    expect(err.codeName).to.equal('CommandNotFound');
    expect(err.errmsg).to.include('rasoatNoSuchCommand');
    expect((await db().command({ ping: 1 })).ok).to.equal(1);
  });

  it('when listIndexes names a missing collection, then it fails with 26 NamespaceNotFound', async () => {
    const err = await rejects(db().command({ listIndexes: 'conf_errors_missing' }));
    expect(err.code).to.equal(26);
    expect(err.codeName).to.equal('NamespaceNotFound');
  });

  it('when a collection that does not exist is dropped by command, then it fails with 26', async () => {
    const err = await rejects(db().command({ drop: 'conf_errors_missing' }));
    expect(err.code).to.equal(26);
  });

  it('when a duplicate _id is inserted, then it fails with 11000 naming the _id index', async () => {
    await coll.insertOne({ _id: 'x' as never });
    const err = await rejects(coll.insertOne({ _id: 'x' as never }));
    expect(err.code).to.equal(11000);
    expect(err.keyPattern).to.deep.equal({ _id: 1 });
    expect(err.keyValue).to.deep.equal({ _id: 'x' });
    expect(err.message).to.match(/E11000 duplicate key error collection: .*conf_errors index: _id_ dup key/);
  });

  it('when an update changes _id, then it fails with 66 ImmutableField', async () => {
    await coll.insertOne({ _id: 1 as never });
    const err = await rejects(coll.updateOne({ _id: 1 as never }, { $set: { _id: 2 } }));
    expect(err.code).to.equal(66);
    expect(err.codeName).to.equal('ImmutableField');
  });

  it('when $inc meets a string, then it fails with 14 TypeMismatch and the document is unchanged', async () => {
    await coll.insertOne({ _id: 1 as never, label: 'x', n: 1 });
    const err = await rejects(coll.updateOne({ _id: 1 as never }, { $inc: { label: 1, n: 1 } } as never));
    expect(err.code).to.equal(14);
    expect(await coll.findOne({ _id: 1 as never })).to.deep.equal({ _id: 1, label: 'x', n: 1 });
  });

  it('when $push targets a field that is not an array, then it fails with 2 BadValue', async () => {
    await coll.insertOne({ _id: 1 as never, label: 'x' });
    const err = await rejects(coll.updateOne({ _id: 1 as never }, { $push: { label: 'y' } } as never));
    expect(err.code).to.equal(2);
    expect(await coll.findOne({ _id: 1 as never })).to.deep.equal({ _id: 1, label: 'x' });
  });

  it('when two operators update the same path, then it fails with 40 ConflictingUpdateOperators', async () => {
    await coll.insertOne({ _id: 1 as never, n: 1 });
    const err = await rejects(coll.updateOne({ _id: 1 as never }, { $set: { n: 5 }, $inc: { n: 1 } }));
    expect(err.code).to.equal(40);
  });

  it('when $set writes the same _id the document has, then it is accepted', async () => {
    await coll.insertOne({ _id: 1 as never, n: 1 });
    const res = await coll.updateOne({ _id: 1 as never }, { $set: { _id: 1, n: 2 } } as never);
    expect(res.modifiedCount).to.equal(1);
    expect(await coll.findOne({ _id: 1 as never })).to.deep.equal({ _id: 1, n: 2 });
  });

  it('when a filter uses an unknown query operator, then it fails with 2 BadValue', async () => {
    await coll.insertOne({ a: 1 });
    const err = await rejects(coll.find({ a: { $frobnicate: 1 } } as never).toArray());
    expect(err.code).to.equal(2);
  });

  it('when an update uses an unknown operator, then it fails with 9 FailedToParse', async () => {
    await coll.insertOne({ a: 1 });
    const err = await rejects(coll.updateOne({}, { $frobnicate: { a: 2 } } as never));
    expect(err.code).to.equal(9);
  });

  it('when an index name is reused for a different key, then it fails with 86 IndexKeySpecsConflict', async () => {
    await coll.createIndex({ a: 1 }, { name: 'same' });
    const err = await rejects(coll.createIndex({ b: 1 }, { name: 'same' }));
    expect(err.code).to.equal(86);
  });

  it('when an index key is recreated with other options, then it fails with 85 IndexOptionsConflict', async () => {
    await coll.createIndex({ a: 1 }, { name: 'a_idx' });
    const err = await rejects(coll.createIndex({ a: 1 }, { name: 'a_other' }));
    expect(err.code).to.equal(85);
  });

  it('when an identical index is created twice, then the second call succeeds and changes nothing', async () => {
    await coll.createIndex({ a: 1 }, { unique: true });
    await coll.createIndex({ a: 1 }, { unique: true });
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).to.deep.equal(['_id_', 'a_1']);
  });

  it('when dropIndex names a missing index, then it fails with 27 IndexNotFound', async () => {
    await coll.insertOne({ a: 1 });
    const err = await rejects(coll.dropIndex('nope_1'));
    expect(err.code).to.equal(27);
  });

  it('when a write fails, then the error is the driver\'s MongoServerError class (one driver copy)', async () => {
    await coll.insertOne({ _id: 1 as never });
    const err = await rejects(coll.insertOne({ _id: 1 as never }));
    expect(err).to.be.instanceOf(mongoose.mongo.MongoError);
    expect(err.name).to.equal('MongoServerError');
  });
});
