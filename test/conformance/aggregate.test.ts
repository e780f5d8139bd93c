import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

describe('conformance: aggregate', () => {
  let orders: mongoose.mongo.Collection;
  let customers: mongoose.mongo.Collection;

  beforeEach(async () => {
    customers = await freshCollection('conf_agg_customers');
    orders = await freshCollection('conf_agg_orders');
    await customers.insertMany([
      { _id: 'c1' as never, name: 'An', city: 'Hà Nội' },
      { _id: 'c2' as never, name: 'Bình', city: 'Huế' },
      { _id: 'c3' as never, name: 'Chi', city: 'Hà Nội' },
    ]);
    await orders.insertMany([
      { _id: 1 as never, customer: 'c1', total: 100, items: ['pen', 'ink'], status: 'paid' },
      { _id: 2 as never, customer: 'c1', total: 50, items: ['paper'], status: 'open' },
      { _id: 3 as never, customer: 'c2', total: 70, items: [], status: 'paid' },
      { _id: 4 as never, customer: 'c9', total: 30, items: ['pen'], status: 'paid' },
    ]);
  });

  it('when $match, $group, $sort and $project run, then totals per key come out in order', async () => {
    const out = await orders
      .aggregate([
        { $match: { status: 'paid' } },
        { $group: { _id: '$customer', sum: { $sum: '$total' }, n: { $sum: 1 }, avg: { $avg: '$total' }, max: { $max: '$total' }, ids: { $push: '$_id' } } },
        { $sort: { sum: -1 } },
        { $project: { _id: 0, customer: '$_id', sum: 1, n: 1, avg: 1, max: 1, ids: 1 } },
      ])
      .toArray();
    expect(out).to.deep.equal([
      { customer: 'c1', sum: 100, n: 1, avg: 100, max: 100, ids: [1] },
      { customer: 'c2', sum: 70, n: 1, avg: 70, max: 70, ids: [3] },
      { customer: 'c9', sum: 30, n: 1, avg: 30, max: 30, ids: [4] },
    ]);
  });

  it('when $group has _id null, then it folds the whole input', async () => {
    const [out] = await orders.aggregate([{ $group: { _id: null, total: { $sum: '$total' }, first: { $min: '$total' } } }]).toArray();
    expect(out).to.deep.equal({ _id: null, total: 250, first: 30 });
  });

  it('when $lookup joins by local and foreign field, then each order carries its customer (or none)', async () => {
    const out = await orders
      .aggregate([
        { $sort: { _id: 1 } },
        { $lookup: { from: 'conf_agg_customers', localField: 'customer', foreignField: '_id', as: 'who' } },
        { $project: { _id: 1, names: '$who.name' } },
      ])
      .toArray();
    expect(out).to.deep.equal([
      { _id: 1, names: ['An'] },
      { _id: 2, names: ['An'] },
      { _id: 3, names: ['Bình'] },
      { _id: 4, names: [] },
    ]);
  });

  it('when $lookup runs a pipeline with let, then the joined documents are filtered by it', async () => {
    const out = await customers
      .aggregate([
        { $sort: { _id: 1 } },
        {
          $lookup: {
            from: 'conf_agg_orders',
            let: { cid: '$_id' },
            pipeline: [{ $match: { $expr: { $and: [{ $eq: ['$customer', '$$cid'] }, { $gte: ['$total', 60] }] } } }, { $project: { _id: 1 } }],
            as: 'big',
          },
        },
        { $project: { big: 1 } },
      ])
      .toArray();
    expect(out).to.deep.equal([
      { _id: 'c1', big: [{ _id: 1 }] },
      { _id: 'c2', big: [{ _id: 3 }] },
      { _id: 'c3', big: [] },
    ]);
  });

  it('when $unwind runs with and without keeping empties, then it yields one document per element', async () => {
    const plain = await orders.aggregate([{ $unwind: '$items' }, { $sort: { _id: 1, items: 1 } }, { $project: { items: 1 } }]).toArray();
    expect(plain.map((d) => [d._id, d.items])).to.deep.equal([[1, 'ink'], [1, 'pen'], [2, 'paper'], [4, 'pen']]);
    const kept = await orders
      .aggregate([{ $unwind: { path: '$items', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } }, { $match: { _id: { $in: [1, 3] } } }, { $sort: { _id: 1, i: 1 } }])
      .toArray();
    expect(kept.map((d) => [d._id, d.items ?? null, d.i])).to.deep.equal([[1, 'pen', 0], [1, 'ink', 1], [3, null, null]]);
  });

  it('when $facet runs several pipelines, then each result lands under its name', async () => {
    const [out] = await orders
      .aggregate([
        {
          $facet: {
            byStatus: [{ $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
            top: [{ $sort: { total: -1 } }, { $limit: 2 }, { $project: { _id: 1 } }],
            total: [{ $count: 'n' }],
          },
        },
      ])
      .toArray();
    expect(out).to.deep.equal({
      byStatus: [{ _id: 'open', n: 1 }, { _id: 'paid', n: 3 }],
      top: [{ _id: 1 }, { _id: 3 }],
      total: [{ n: 4 }],
    });
  });

  it('when $count ends a pipeline, then one document holds the count, and none when nothing passes', async () => {
    expect(await orders.aggregate([{ $match: { total: { $gte: 50 } } }, { $count: 'n' }]).toArray()).to.deep.equal([{ n: 3 }]);
    expect(await orders.aggregate([{ $match: { total: { $gte: 5000 } } }, { $count: 'n' }]).toArray()).to.deep.equal([]);
  });

  it('when $skip, $limit and $addFields follow a sort, then they shape the page', async () => {
    const out = await orders
      .aggregate([{ $sort: { total: 1 } }, { $skip: 1 }, { $limit: 2 }, { $addFields: { double: { $multiply: ['$total', 2] } } }, { $project: { double: 1 } }])
      .toArray();
    expect(out).to.deep.equal([{ _id: 2, double: 100 }, { _id: 3, double: 140 }]);
  });

  it('when a Mongoose model aggregates over a $lookup, then the joined names come back', async () => {
    const Order = mongoose.models.ConfAggOrder ?? mongoose.model('ConfAggOrder', new Schema({ _id: Number, customer: String, total: Number }), 'conf_agg_orders');
    const out = await Order.aggregate<{ _id: string; spent: number; name: string }>([
      { $group: { _id: '$customer', spent: { $sum: '$total' } } },
      { $lookup: { from: 'conf_agg_customers', localField: '_id', foreignField: '_id', as: 'c' } },
      { $unwind: '$c' },
      { $project: { spent: 1, name: '$c.name' } },
      { $sort: { spent: -1 } },
    ]);
    expect(out).to.deep.equal([
      { _id: 'c1', spent: 150, name: 'An' },
      { _id: 'c2', spent: 70, name: 'Bình' },
    ]);
  });
});
