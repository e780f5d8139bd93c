import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { db, dropIfExists } from './helpers.js';

describe('conformance: index management', () => {
  const name = 'conf_indexes_sync';

  beforeEach(async () => {
    await dropIfExists(name);
    mongoose.deleteModel(/^ConfIndexSync/);
  });

  it('when indexes are created and listed, then names, keys and options come back as given', async () => {
    const coll = db().collection(name);
    const created = await coll.createIndexes([
      { key: { a: 1, b: -1 }, name: 'ab' },
      { key: { email: 1 }, unique: true, sparse: true },
      { key: { at: 1 }, expireAfterSeconds: 3600 },
      { key: { code: 1 }, unique: true, partialFilterExpression: { code: { $exists: true } } },
    ]);
    expect(created).to.deep.equal(['ab', 'email_1', 'at_1', 'code_1']);
    const listed = await coll.listIndexes().toArray();
    const byName = Object.fromEntries(listed.map((i) => [i.name, i]));
    expect(Object.keys(byName)).to.have.members(['_id_', 'ab', 'email_1', 'at_1', 'code_1']);
    expect(byName.ab!.key).to.deep.equal({ a: 1, b: -1 });
    expect(byName.email_1).to.include({ unique: true, sparse: true });
    expect(byName.at_1!.expireAfterSeconds).to.equal(3600);
    expect(byName.code_1!.partialFilterExpression).to.deep.equal({ code: { $exists: true } });
  });

  it('when an index is dropped by name and by key, then it is gone and the others stay', async () => {
    const coll = db().collection(name);
    await coll.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }]);
    await coll.dropIndex('a_1');
    await db().command({ dropIndexes: name, index: { b: 1 } });
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).to.deep.equal(['_id_', 'c_1']);
    await coll.dropIndexes();
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).to.deep.equal(['_id_']);
  });

  it('when Mongoose syncIndexes runs, then it drops stale indexes, builds missing ones, and a second run changes nothing', async () => {
    await db().collection(name).createIndex({ legacy: 1 });
    const schema = new Schema({ email: String, agency: String, code: String, legacy: String }, { autoIndex: false });
    schema.index({ email: 1 }, { unique: true });
    schema.index({ agency: 1, code: 1 });
    const M = mongoose.model('ConfIndexSync', schema, name);
    const dropped = await M.syncIndexes();
    expect(dropped).to.deep.equal(['legacy_1']);
    const names = (await db().collection(name).listIndexes().toArray()).map((i) => i.name);
    expect(names).to.have.members(['_id_', 'email_1', 'agency_1_code_1']);
    expect(await M.syncIndexes()).to.deep.equal([]);
    const diff = await M.diffIndexes();
    expect(diff.toDrop).to.deep.equal([]);
    expect(diff.toCreate).to.deep.equal([]);
  });
});
