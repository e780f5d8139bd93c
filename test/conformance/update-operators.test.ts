import { expect } from 'chai';
import mongoose from 'mongoose';
import { freshCollection } from './helpers.js';

describe('conformance: update operators', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_update_ops');
    await coll.insertOne({
      _id: 1 as never,
      n: 5,
      nested: { a: 1, b: 2 },
      list: [1, 2, 3, 2],
      people: [{ name: 'An', age: 30 }, { name: 'Bình', age: 20 }],
      set: ['a'],
      lo: 10,
      hi: 10,
      when: new Date('2025-01-01T00:00:00Z'),
    });
  });

  // Updates are written as plain documents: the driver's typed UpdateFilter cannot describe an untyped collection's arrays.
  const apply = async (update: mongoose.mongo.Document) => {
    await coll.updateOne({ _id: 1 as never }, update as mongoose.mongo.UpdateFilter<mongoose.mongo.Document>);
    return (await coll.findOne({ _id: 1 as never }))!;
  };

  it('when $inc runs on present, missing and nested fields, then it adds (negative too) or starts from 0', async () => {
    const d = await apply({ $inc: { n: -2, fresh: 3, 'nested.a': 10 } });
    expect([d.n, d.fresh, d.nested.a]).to.deep.equal([3, 3, 11]);
  });

  it('when $mul multiplies, then a missing field becomes 0', async () => {
    const d = await apply({ $mul: { n: 3, none: 4 } });
    expect([d.n, d.none]).to.deep.equal([15, 0]);
  });

  it('when $push adds one value or $each with $position, $sort and $slice, then the array follows', async () => {
    expect((await apply({ $push: { list: 9 } })).list).to.deep.equal([1, 2, 3, 2, 9]);
    expect((await apply({ $push: { list: { $each: [0, -1], $position: 0 } } })).list).to.deep.equal([0, -1, 1, 2, 3, 2, 9]);
    expect((await apply({ $push: { list: { $each: [4], $sort: 1, $slice: 3 } } })).list).to.deep.equal([-1, 0, 1]);
    expect((await apply({ $push: { people: { $each: [{ name: 'Chi', age: 25 }], $sort: { age: -1 } } } })).people.map((p: { name: string }) => p.name)).to.deep.equal(['An', 'Chi', 'Bình']);
    expect((await apply({ $push: { fresh: 'x' } })).fresh).to.deep.equal(['x']);
  });

  it('when $pull removes by value or by condition, then every matching element goes', async () => {
    expect((await apply({ $pull: { list: 2 } })).list).to.deep.equal([1, 3]);
    expect((await apply({ $pull: { people: { age: { $lt: 25 } } } })).people).to.deep.equal([{ name: 'An', age: 30 }]);
  });

  it('when $pullAll and $pop run, then listed values and an end element go', async () => {
    expect((await apply({ $pullAll: { list: [1, 3] } })).list).to.deep.equal([2, 2]);
    expect((await apply({ $pop: { list: -1 } })).list).to.deep.equal([2]);
  });

  it('when $addToSet adds present and new values, then only new ones are appended', async () => {
    expect((await apply({ $addToSet: { set: 'a' } })).set).to.deep.equal(['a']);
    expect((await apply({ $addToSet: { set: { $each: ['b', 'a', 'c', 'b'] } } })).set).to.deep.equal(['a', 'b', 'c']);
  });

  it('when $unset names present, nested and missing fields, then present ones are removed', async () => {
    const d = await apply({ $unset: { n: '', 'nested.a': 1, nothing: '' } });
    expect(d).to.not.have.property('n');
    expect(d.nested).to.deep.equal({ b: 2 });
  });

  it('when $rename moves top-level and nested fields, then values move and old names vanish', async () => {
    const d = await apply({ $rename: { n: 'count', 'nested.b': 'moved.b' } });
    expect(d).to.not.have.property('n');
    expect(d.count).to.equal(5);
    expect(d.nested).to.deep.equal({ a: 1 });
    expect(d.moved).to.deep.equal({ b: 2 });
  });

  it('when $min and $max compare numbers and dates, then only a smaller or larger value replaces', async () => {
    let d = await apply({ $min: { lo: 3, when: new Date('2030-01-01') }, $max: { hi: 3 } });
    expect([d.lo, d.hi]).to.deep.equal([3, 10]);
    expect(d.when.toISOString()).to.equal('2025-01-01T00:00:00.000Z');
    d = await apply({ $min: { lo: 8, when: new Date('2020-01-01T00:00:00Z') }, $max: { hi: 42, newMax: 1 } });
    expect([d.lo, d.hi, d.newMax]).to.deep.equal([3, 42, 1]);
    expect(d.when.toISOString()).to.equal('2020-01-01T00:00:00.000Z');
  });

  it('when $currentDate sets a date and a timestamp, then they hold the server time', async () => {
    const before = Date.now() - 5_000;
    const d = await apply({ $currentDate: { touched: true, ts: { $type: 'timestamp' }, 'nested.at': { $type: 'date' } } });
    expect(d.touched).to.be.instanceOf(Date);
    expect(d.touched.getTime()).to.be.greaterThan(before);
    expect(d.nested.at).to.be.instanceOf(Date);
    expect(d.ts).to.be.instanceOf(mongoose.mongo.Timestamp);
    expect(d.ts.high * 1000).to.be.greaterThan(before);
  });

  it('when several operators combine in one update, then all apply', async () => {
    const d = await apply({ $set: { 'nested.c': 3 }, $inc: { n: 1 }, $push: { set: 'z' }, $unset: { lo: '' } });
    expect(d.nested).to.deep.equal({ a: 1, b: 2, c: 3 });
    expect(d.n).to.equal(6);
    expect(d.set).to.deep.equal(['a', 'z']);
    expect(d).to.not.have.property('lo');
  });
});
