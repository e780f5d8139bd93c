import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

interface Row {
  _id: number;
  group?: string;
  n?: number | string | null;
  nested?: { at: number };
  list?: number[];
}

describe('conformance: sort, skip and limit', () => {
  let rows: mongoose.mongo.Collection<Row>;

  beforeEach(async () => {
    rows = await freshCollection<Row>('conf_sort_rows');
    await rows.insertMany([
      { _id: 1, group: 'b', n: 3, nested: { at: 30 }, list: [5, 1] },
      { _id: 2, group: 'a', n: 1, nested: { at: 10 }, list: [2] },
      { _id: 3, group: 'b', n: 2, nested: { at: 20 }, list: [9, 3] },
      { _id: 4, group: 'a', n: 5, nested: { at: 50 }, list: [4] },
      { _id: 5, group: 'c', n: 4, nested: { at: 40 }, list: [0, 8] },
    ]);
  });

  const order = async (cursor: mongoose.mongo.FindCursor<Row>) => (await cursor.toArray()).map((d) => d._id);

  it('when sorted ascending and descending on a field, then the order follows its values', async () => {
    expect(await order(rows.find().sort({ n: 1 }))).to.deep.equal([2, 3, 1, 5, 4]);
    expect(await order(rows.find().sort({ n: -1 }))).to.deep.equal([4, 5, 1, 3, 2]);
  });

  it('when sorted on two keys, then the second breaks ties of the first', async () => {
    expect(await order(rows.find().sort({ group: 1, n: -1 }))).to.deep.equal([4, 2, 1, 3, 5]);
  });

  it('when sorted on a nested path, then the nested value decides', async () => {
    expect(await order(rows.find().sort({ 'nested.at': -1 }))).to.deep.equal([4, 5, 1, 3, 2]);
  });

  it('when sorted on an array field, then ascending uses the smallest element and descending the largest', async () => {
    expect(await order(rows.find().sort({ list: 1, _id: 1 }))).to.deep.equal([5, 1, 2, 3, 4]);
    expect(await order(rows.find().sort({ list: -1, _id: 1 }))).to.deep.equal([3, 5, 1, 4, 2]);
  });

  it('when skip and limit follow a sort, then the page is cut after sorting', async () => {
    expect(await order(rows.find().sort({ n: 1 }).skip(1).limit(2))).to.deep.equal([3, 1]);
    expect(await order(rows.find().sort({ n: 1 }).skip(4).limit(10))).to.deep.equal([4]);
    expect(await order(rows.find().sort({ n: 1 }).skip(10))).to.deep.equal([]);
  });

  it('when limit is 0, then there is no limit', async () => {
    expect(await order(rows.find().sort({ _id: 1 }).limit(0))).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('when a filter, sort, skip and limit combine, then the filter applies first', async () => {
    expect(await order(rows.find({ group: { $ne: 'c' } }).sort({ n: -1 }).skip(1).limit(2))).to.deep.equal([1, 3]);
  });

  it('when values of several types are sorted, then null/missing come before numbers and numbers before strings', async () => {
    await rows.insertMany([
      { _id: 6, n: 'x' },
      { _id: 7, n: null },
      { _id: 8 },
    ]);
    const asc = await order(rows.find({ _id: { $gte: 4 } }).sort({ n: 1, _id: 1 }));
    expect(asc).to.deep.equal([7, 8, 5, 4, 6]);
  });

  it('when a Mongoose query sorts by a string spec with skip and limit, then it gets the same page', async () => {
    const Row = mongoose.models.ConfSortRow ?? mongoose.model('ConfSortRow', new Schema({ _id: Number, group: String, n: Number }), 'conf_sort_rows');
    const page = await Row.find().sort('-n').skip(2).limit(2).lean<Array<{ _id: number }>>();
    expect(page.map((d) => d._id)).to.deep.equal([1, 3]);
  });
});
