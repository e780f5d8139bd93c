import { expect } from 'chai';
import mongoose from 'mongoose';
import { freshCollection } from './helpers.js';

describe('conformance: arrayFilters and the positional $', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_array_updates');
    await coll.insertMany([
      {
        _id: 1 as never,
        grades: [
          { g: 80, ok: false },
          { g: 95, ok: false },
          { g: 70, ok: false },
        ],
        items: [
          { sku: 'a', qty: 1 },
          { sku: 'b', qty: 2 },
          { sku: 'b', qty: 3 },
        ],
        tags: ['x', 'y', 'x'],
        sections: [
          { name: 's1', rows: [{ v: 1 }, { v: 5 }] },
          { name: 's2', rows: [{ v: 7 }] },
        ],
      },
      { _id: 2 as never, grades: [{ g: 85, ok: false }], items: [], tags: [], sections: [] },
    ]);
  });

  const get = (id: number) => coll.findOne({ _id: id as never });

  it('when $[elem] is filtered, then only elements passing the filter change', async () => {
    await coll.updateOne({ _id: 1 as never }, { $set: { 'grades.$[e].ok': true } }, { arrayFilters: [{ 'e.g': { $gte: 80 } }] });
    expect((await get(1))!.grades).to.deep.equal([
      { g: 80, ok: true },
      { g: 95, ok: true },
      { g: 70, ok: false },
    ]);
  });

  it('when updateMany uses arrayFilters, then every matched document is changed', async () => {
    const res = await coll.updateMany({}, { $inc: { 'grades.$[e].g': 1 } }, { arrayFilters: [{ 'e.g': { $gte: 85 } }] });
    expect(res.modifiedCount).to.equal(2);
    expect((await get(1))!.grades.map((x: { g: number }) => x.g)).to.deep.equal([80, 96, 70]);
    expect((await get(2))!.grades[0].g).to.equal(86);
  });

  it('when two identifiers nest, then the inner filter applies within the outer', async () => {
    await coll.updateOne(
      { _id: 1 as never },
      { $set: { 'sections.$[s].rows.$[r].big': true } },
      { arrayFilters: [{ 's.name': 's1' }, { 'r.v': { $gt: 2 } }] },
    );
    const sections = (await get(1))!.sections;
    expect(sections[0].rows).to.deep.equal([{ v: 1 }, { v: 5, big: true }]);
    expect(sections[1].rows).to.deep.equal([{ v: 7 }]);
  });

  it('when $[] is used, then every element changes', async () => {
    await coll.updateOne({ _id: 1 as never }, { $set: { 'items.$[].checked': true } });
    expect((await get(1))!.items.every((i: { checked?: boolean }) => i.checked === true)).to.equal(true);
  });

  it('when the positional $ is used, then only the first element the query matched changes', async () => {
    await coll.updateOne({ _id: 1 as never, 'items.sku': 'b' }, { $set: { 'items.$.qty': 20 } });
    expect((await get(1))!.items).to.deep.equal([
      { sku: 'a', qty: 1 },
      { sku: 'b', qty: 20 },
      { sku: 'b', qty: 3 },
    ]);
  });

  it('when the positional $ follows an $elemMatch, then the element matching both conditions changes', async () => {
    await coll.updateOne({ _id: 1 as never, items: { $elemMatch: { sku: 'b', qty: 3 } } }, { $inc: { 'items.$.qty': 10 } });
    expect((await get(1))!.items.map((i: { qty: number }) => i.qty)).to.deep.equal([1, 2, 13]);
  });

  it('when the positional $ targets a scalar array, then the first equal element is replaced', async () => {
    await coll.updateOne({ _id: 1 as never, tags: 'x' }, { $set: { 'tags.$': 'z' } });
    expect((await get(1))!.tags).to.deep.equal(['z', 'y', 'x']);
  });

  it('when findOneAndUpdate uses arrayFilters, then the returned document shows the change', async () => {
    const doc = await coll.findOneAndUpdate(
      { _id: 1 as never },
      { $set: { 'items.$[i].qty': 0 } },
      { arrayFilters: [{ 'i.sku': 'a' }], returnDocument: 'after' },
    );
    expect(doc!.items[0]).to.deep.equal({ sku: 'a', qty: 0 });
  });
});
