import { expect } from 'chai';
import mongoose from 'mongoose';
import { dropIfExists, freshCollection } from './helpers.js';

const { Int32, Long, Double } = mongoose.mongo;

/**
 * Ranges, sorts, limits and counts answered from ordered indexes must give
 * exactly what the same query gives without any index.
 */
type Row = { _id: number; [field: string]: unknown };

describe('conformance: ranges, sort and limit on ordered indexes', () => {
  let indexed: mongoose.mongo.Collection<Row>;
  let plain: mongoose.mongo.Collection<Row>;

  const docs = (): Row[] => {
    const values = [1, new Int32(2), Long.fromNumber(3), new Double(3.5), 'b', 'a', 'ab', new Date(5), null, true, -7, 10];
    return Array.from({ length: 60 }, (_, i) => ({
      _id: i,
      v: values[i % values.length],
      g: `g${i % 3}`,
      n: (i * 37) % 61,
      ...(i % 5 === 0 ? { arr: [i, i + 100] } : { arr: i }),
    }));
  };

  before(async () => {
    await dropIfExists('conf_ord_indexed');
    indexed = await freshCollection<Row>('conf_ord_indexed');
    await indexed.createIndexes([{ key: { v: 1 } }, { key: { g: 1, n: -1 } }, { key: { arr: 1 } }, { key: { n: -1 } }]);
    plain = await freshCollection<Row>('conf_ord_plain');
    await indexed.insertMany(docs());
    await plain.insertMany(docs());
  });

  const cases: Array<[string, mongoose.mongo.Filter<Row>, mongoose.mongo.Sort | undefined, number | undefined]> = [
    ['a number range', { v: { $gt: 1, $lte: 3.5 } }, { v: 1, _id: 1 }, undefined],
    ['a string range sorted descending with a limit', { v: { $gte: 'a' } }, { v: -1, _id: -1 }, 3],
    ['a date bound', { v: { $lt: new Date(10) } }, undefined, undefined],
    ['an equality then a sort on the next, descending field', { g: 'g1' }, { n: -1 }, 4],
    ['an equality then the reverse of the index order', { g: 'g2' }, { n: 1 }, 5],
    ['an equality and a range on a descending field', { g: 'g0', n: { $gt: 2, $lt: 9 } }, { n: -1 }, undefined],
    ['$in on the leading field', { g: { $in: ['g2', 'g0'] }, n: { $gte: 5 } }, { _id: 1 }, undefined],
    ['a multikey range whose bounds different elements meet', { arr: { $gt: 50, $lt: 60 } }, { _id: 1 }, undefined],
    ['a sort alone with a limit', {}, { n: -1, _id: 1 }, 7],
    ['an _id range in reverse', { _id: { $gte: 10, $lt: 20 } }, { _id: -1 }, 4],
    ['mixed types against a number bound', { v: { $gte: -100 } }, { v: 1, _id: 1 }, undefined],
  ];

  for (const [what, filter, sort, limit] of cases) {
    it(`when the query is ${what}, then the indexed and unindexed collections agree`, async () => {
      const run = (c: mongoose.mongo.Collection<Row>) => {
        let cursor = c.find(filter);
        if (sort) cursor = cursor.sort(sort);
        if (limit) cursor = cursor.limit(limit);
        return cursor.toArray();
      };
      const want = await run(plain);
      expect(await run(indexed)).to.deep.equal(want);
      expect(await indexed.countDocuments(filter)).to.equal(await plain.countDocuments(filter));
    });
  }

  it('when counting by an indexed equality, then the count matches the documents after writes', async () => {
    const coll = await freshCollection('conf_ord_count');
    await coll.createIndex({ k: 1 });
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ k: i % 3 })));
    await coll.deleteMany({ k: 1 });
    await coll.updateMany({ k: 2 }, { $set: { k: 0 } });
    expect(await coll.countDocuments({ k: 0 })).to.equal(20);
    expect(await coll.countDocuments({ k: { $in: [1, 2] } })).to.equal(0);
    expect(await coll.countDocuments({})).to.equal(20);
  });
});
