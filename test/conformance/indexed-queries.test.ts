import { expect } from 'chai';
import mongoose from 'mongoose';
import { dropIfExists, freshCollection } from './helpers.js';

const { Int32, Long, Double } = mongoose.mongo;

/**
 * The same queries with and without secondary indexes must give the same
 * answers: an index may only make them faster.
 */
describe('conformance: queries served by indexes', () => {
  let indexed: mongoose.mongo.Collection;
  let plain: mongoose.mongo.Collection;

  const docs = () => [
    { _id: 1, code: 'a', n: new Int32(5), tags: ['x', 'y'], addr: { city: 'Huế' }, rows: [{ k: 1 }, { k: 2 }], pair: { a: 1, b: 2 } },
    { _id: 2, code: 'b', n: Long.fromNumber(5), tags: ['y'], addr: { city: 'Hà Nội' }, rows: [{ k: 2 }], pair: { b: 2, a: 1 } },
    { _id: 3, code: 'c', n: new Double(5.5), tags: [], addr: null, rows: [] },
    { _id: 4, code: null, n: 7, tags: 'x', rows: [{ k: 3 }] },
    { _id: 5, n: '5', tags: [['x']] },
  ];

  before(async () => {
    await dropIfExists('conf_idx_indexed');
    indexed = await freshCollection('conf_idx_indexed');
    await indexed.createIndexes([
      { key: { code: 1 } },
      { key: { n: 1 } },
      { key: { tags: 1 } },
      { key: { 'addr.city': 1 } },
      { key: { 'rows.k': 1 } },
      { key: { code: 1, n: -1 } },
      { key: { pair: 1 } },
    ]);
    plain = await freshCollection('conf_idx_plain');
  });

  beforeEach(async () => {
    await indexed.deleteMany({});
    await plain.deleteMany({});
    await indexed.insertMany(docs() as mongoose.mongo.Document[]);
    await plain.insertMany(docs() as mongoose.mongo.Document[]);
  });

  const FILTERS: Array<[string, mongoose.mongo.Document, number[]]> = [
    ['a string', { code: 'b' }, [2]],
    ['null (missing or null)', { code: null }, [4, 5]],
    ['a number across Int32, Long and Double', { n: 5 }, [1, 2]],
    ['a Double value', { n: new Double(5.5) }, [3]],
    ['a string that looks like a number', { n: '5' }, [5]],
    ['$in over numbers', { n: { $in: [5, 7] } }, [1, 2, 4]],
    ['$eq', { code: { $eq: 'a' } }, [1]],
    ['an array element', { tags: 'x' }, [1, 4]],
    ['a whole array', { tags: ['x'] }, [5]],
    ['an empty array', { tags: [] }, [3]],
    ['a nested path', { 'addr.city': 'Huế' }, [1]],
    ['a path through an array of subdocuments', { 'rows.k': 2 }, [1, 2]],
    ['a compound prefix and suffix', { code: 'a', n: 5 }, [1]],
    ['an embedded document in field order', { pair: { a: 1, b: 2 } }, [1]],
    ['a missing value', { code: 'zzz' }, []],
    ['null on a path holding arrays (an empty array is not null)', { tags: null }, []],
    ['null on a nested path (null parent or none)', { 'addr.city': null }, [3, 4, 5]],
    ['$in with null', { code: { $in: [null, 'a'] } }, [1, 4, 5]],
    ['null in a compound prefix', { code: null, n: 7 }, [4]],
  ];

  for (const [what, filter, expected] of FILTERS) {
    it(`when the filter is ${what}, then the indexed and unindexed collections agree`, async () => {
      const a = (await indexed.find(filter).toArray()).map((d) => d._id).sort();
      const b = (await plain.find(filter).toArray()).map((d) => d._id).sort();
      expect(b).to.deep.equal(expected);
      expect(a).to.deep.equal(expected);
      expect(await indexed.countDocuments(filter)).to.equal(expected.length);
    });
  }

  it('when an indexed value is updated, then lookups find it under the new value only', async () => {
    await indexed.updateOne({ _id: 1 as never }, { $set: { code: 'z' }, $pull: { tags: 'x' } } as never);
    expect((await indexed.find({ code: 'z' }).toArray()).map((d) => d._id)).to.deep.equal([1]);
    expect(await indexed.countDocuments({ code: 'a' })).to.equal(0);
    expect((await indexed.find({ tags: 'x' }).toArray()).map((d) => d._id)).to.deep.equal([4]);
  });

  it('when a document is deleted, then lookups no longer find it', async () => {
    await indexed.deleteOne({ code: 'b' });
    expect(await indexed.countDocuments({ n: 5 })).to.equal(1);
  });
});
