import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

describe('conformance: counts and distinct', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_counts');
    await coll.insertMany([
      { kind: 'luật', tags: ['a', 'b'], meta: { year: 2020 }, n: 1 },
      { kind: 'nghị định', tags: ['b'], meta: { year: 2021 }, n: 2 },
      { kind: 'luật', tags: [], meta: { year: 2020 }, n: 3 },
      { kind: 'thông tư', tags: ['c', 'a'], n: 4 },
      { kind: 5, tags: 'd' },
    ]);
  });

  it('when countDocuments filters, skips and limits, then it counts exactly that', async () => {
    expect(await coll.countDocuments()).to.equal(5);
    expect(await coll.countDocuments({ kind: 'luật' })).to.equal(2);
    expect(await coll.countDocuments({ tags: 'a' })).to.equal(2);
    expect(await coll.countDocuments({ n: { $gte: 2 } }, { skip: 1 })).to.equal(2);
    expect(await coll.countDocuments({}, { limit: 3 })).to.equal(3);
    expect(await coll.countDocuments({ kind: 'none' })).to.equal(0);
  });

  it('when estimatedDocumentCount is asked, then it gives the collection size, and 0 for a missing collection', async () => {
    expect(await coll.estimatedDocumentCount()).to.equal(5);
    expect(await mongoose.connection.db!.collection('conf_counts_missing').estimatedDocumentCount()).to.equal(0);
  });

  it('when distinct reads a scalar field, then each value comes once, whatever its type', async () => {
    const kinds = await coll.distinct('kind');
    expect(kinds).to.have.members(['luật', 'nghị định', 'thông tư', 5]);
    expect(kinds).to.have.length(4);
  });

  it('when distinct reads an array field, then elements are flattened', async () => {
    expect((await coll.distinct('tags')).sort()).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('when distinct reads a nested path with a filter, then only matching documents contribute', async () => {
    expect(await coll.distinct('meta.year')).to.have.members([2020, 2021]);
    expect(await coll.distinct('meta.year', { kind: 'luật' })).to.deep.equal([2020]);
    expect(await coll.distinct('nothing')).to.deep.equal([]);
  });

  it('when a Mongoose model counts and distincts, then the same figures come back', async () => {
    const M = mongoose.models.ConfCount ?? mongoose.model('ConfCount', new Schema({ kind: Schema.Types.Mixed, n: Number }, { strict: false }), 'conf_counts');
    expect(await M.countDocuments({ n: { $lt: 3 } })).to.equal(2);
    expect(await M.estimatedDocumentCount()).to.equal(5);
    expect((await M.distinct('n')).sort()).to.deep.equal([1, 2, 3, 4]);
  });
});
