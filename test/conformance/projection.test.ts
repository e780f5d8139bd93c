import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection, rejects } from './helpers.js';

const DOC = {
  _id: 1,
  name: 'Quyết định 12',
  secret: 'x',
  address: { city: 'Huế', zip: '530000', street: 'Lê Lợi' },
  scores: [
    { subject: 'math', score: 8, note: 'tốt' },
    { subject: 'lit', score: 6, note: 'khá' },
  ],
  tags: ['a', 'b', 'c', 'd'],
};

describe('conformance: projection', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_projection');
    await coll.insertOne(structuredClone(DOC) as mongoose.mongo.Document);
  });

  const one = (projection: mongoose.mongo.Document, filter: mongoose.mongo.Document = { _id: 1 }) => coll.findOne(filter, { projection });

  it('when fields are included, then only they and _id come back', async () => {
    expect(await one({ name: 1 })).to.deep.equal({ _id: 1, name: 'Quyết định 12' });
  });

  it('when fields are included and _id excluded, then _id is gone', async () => {
    expect(await one({ name: 1, _id: 0 })).to.deep.equal({ name: 'Quyết định 12' });
  });

  it('when fields are excluded, then everything else comes back', async () => {
    expect(await one({ secret: 0, scores: 0, tags: 0, address: 0 })).to.deep.equal({ _id: 1, name: 'Quyết định 12' });
  });

  it('when a nested path is included, then its parent holds only that field', async () => {
    expect(await one({ 'address.city': 1, _id: 0 })).to.deep.equal({ address: { city: 'Huế' } });
  });

  it('when a nested path is excluded, then its siblings stay', async () => {
    const got = await one({ 'address.zip': 0, scores: 0, tags: 0, secret: 0 });
    expect(got).to.deep.equal({ _id: 1, name: 'Quyết định 12', address: { city: 'Huế', street: 'Lê Lợi' } });
  });

  it('when a path through an array of subdocuments is included, then each element keeps only that field', async () => {
    expect(await one({ 'scores.score': 1, _id: 0 })).to.deep.equal({ scores: [{ score: 8 }, { score: 6 }] });
  });

  it('when a path through an array of subdocuments is excluded, then each element loses that field', async () => {
    expect(await one({ 'scores.note': 0, _id: 0, name: 0, secret: 0, address: 0, tags: 0 })).to.deep.equal({
      scores: [
        { subject: 'math', score: 8 },
        { subject: 'lit', score: 6 },
      ],
    });
  });

  it('when $slice is projected, then only that part of the array comes back', async () => {
    expect(await one({ tags: { $slice: 2 }, _id: 0, name: 0, secret: 0, address: 0, scores: 0 })).to.deep.equal({ tags: ['a', 'b'] });
    expect(await one({ tags: { $slice: -1 }, _id: 0, name: 0, secret: 0, address: 0, scores: 0 })).to.deep.equal({ tags: ['d'] });
  });

  it('when $elemMatch is projected, then only the first matching element comes back', async () => {
    expect(await one({ scores: { $elemMatch: { score: { $lt: 7 } } } })).to.deep.equal({
      _id: 1,
      scores: [{ subject: 'lit', score: 6, note: 'khá' }],
    });
  });

  it('when the positional $ is projected, then the element the query matched comes back', async () => {
    expect(await one({ 'scores.$': 1 }, { 'scores.subject': 'lit' })).to.deep.equal({
      _id: 1,
      scores: [{ subject: 'lit', score: 6, note: 'khá' }],
    });
  });

  it('when inclusion and exclusion are mixed, then the server refuses with 31254', async () => {
    const err = await rejects(one({ name: 1, secret: 0 }));
    expect(err.code).to.equal(31254);
  });

  it('when a Mongoose query selects with a string, then the projection is applied', async () => {
    const M = mongoose.models.ConfProjection ?? mongoose.model('ConfProjection', new Schema({ _id: Number, name: String, secret: String }, { strict: false }), 'conf_projection');
    const got = await M.findById(1).select('name -_id').lean();
    expect(got).to.deep.equal({ name: 'Quyết định 12' });
  });
});

describe('conformance: reading some fields of documents holding every BSON type', () => {
  const { Binary, BSONRegExp, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } = mongoose.mongo;
  const EVERY_TYPE = {
    _id: 7,
    double: new Double(1.5),
    text: 'Nghị định 30/2020/NĐ-CP',
    sub: { a: 1, b: [1, 2] },
    list: ['x', { y: 2 }],
    binary: new Binary(Buffer.from([1, 2, 3]), 4),
    oid: new ObjectId('64b7f0c2a1b2c3d4e5f60718'),
    flag: true,
    when: new Date('2026-11-30T00:00:00Z'),
    nothing: null,
    regex: new BSONRegExp('^Quyết', 'i'),
    code: new Code('function () {}'),
    int: new Int32(3),
    ts: new Timestamp({ t: 5, i: 1 }),
    long: Long.fromNumber(9),
    dec: Decimal128.fromString('1.25'),
    min: new MinKey(),
    max: new MaxKey(),
    last: 'cuối',
  };
  type Typed = { _id: number; [k: string]: unknown };
  let coll: mongoose.mongo.Collection<Typed>;

  beforeEach(async () => {
    coll = await freshCollection<Typed>('conf_projection_types');
    await coll.insertMany([{ ...EVERY_TYPE }, { _id: 8, text: 'khác', last: 'không' }]);
  });

  it('when a filter and a projection name fields after every other type, then the right values come back', async () => {
    const got = await coll.find({ last: 'cuối', flag: true }, { projection: { last: 1, int: 1, _id: 0 } }).toArray();
    expect(got).to.deep.equal([{ int: 3, last: 'cuối' }]);
  });

  it('when a projection excludes top-level fields, then every other type survives as stored', async () => {
    const got = await coll.findOne({ _id: 7 }, { projection: { text: 0, sub: 0 }, promoteValues: false });
    expect(Object.keys(got!)).to.deep.equal(Object.keys(EVERY_TYPE).filter((k) => k !== 'text' && k !== 'sub'));
    expect(got!.long).to.be.instanceOf(Long);
    expect(String(got!.dec)).to.equal('1.25');
    expect(String(got!.regex)).to.equal('/^Quyết/i');
  });

  it('when a count and a sort read fields the result does not show, then they see the stored values', async () => {
    expect(await coll.countDocuments({ 'sub.b': 2, regex: { $exists: true } })).to.equal(1);
    const sorted = await coll.find({}, { projection: { _id: 1 }, sort: { last: 1 } }).toArray();
    expect(sorted.map((d) => d._id)).to.deep.equal([7, 8]);
  });
});

describe('conformance: projection of whole top-level fields', () => {
  type Typed = { _id: number; [k: string]: unknown };
  let coll: mongoose.mongo.Collection<Typed>;

  beforeEach(async () => {
    coll = await freshCollection<Typed>('conf_projection_top');
    await coll.insertOne({ b: 'hai', _id: 5, a: 1, c: { d: 3 } });
  });

  it('when whole fields are kept or dropped, then _id comes first and the rest keep their stored order', async () => {
    expect(Object.keys((await coll.findOne({ _id: 5 }, { projection: { c: 1, b: 1 } }))!)).to.deep.equal(['_id', 'b', 'c']);
    expect(await coll.findOne({ _id: 5 }, { projection: { a: 0, c: 0 } })).to.deep.equal({ _id: 5, b: 'hai' });
    expect(await coll.findOne({ _id: 5 }, { projection: { _id: 0, a: 1 } })).to.deep.equal({ a: 1 });
    expect(await coll.findOne({ _id: 5 }, { projection: { _id: 1 } })).to.deep.equal({ _id: 5 });
    expect(await coll.findOne({ _id: 5 }, { projection: { _id: 0 } })).to.deep.equal({ b: 'hai', a: 1, c: { d: 3 } });
  });

  it('when nested paths are kept, then embedded documents are cut to them, a scalar on the way is left out and arrays follow MongoDB', async () => {
    await coll.insertOne({ _id: 6, values: { x: 'một', y: { z: 2, w: 3 }, long: 'dài' }, a: 1, list: [{ k: 1, j: 2 }, 5] });
    expect(await coll.findOne({ _id: 6 }, { projection: { 'values.y.z': 1, 'values.x': 1 } })).to.deep.equal({ _id: 6, values: { x: 'một', y: { z: 2 } } });
    expect(await coll.findOne({ _id: 6 }, { projection: { 'values.nothing': 1, 'a.b': 1, _id: 0 } })).to.deep.equal({ values: {} });
    expect(await coll.findOne({ _id: 6 }, { projection: { 'list.k': 1, _id: 0 } })).to.deep.equal({ list: [{ k: 1 }] });
  });

  it('when nested paths are kept from documents of every size, one after another, then each comes back whole and alone', async () => {
    // Small and multi-megabyte documents in turn: what one projection wrote must never show in the next.
    const sizes = [10, 3_000_000, 20, 900_000, 5];
    await coll.insertMany(sizes.map((n, i) => ({ _id: 100 + i, values: { keep: `${i}:${'â'.repeat(n)}`, drop: 'x'.repeat(n), inner: { a: i, b: 'b'.repeat(n) } }, other: 'o'.repeat(n) })));
    const got = await coll.find({ _id: { $gte: 100 } }, { projection: { 'values.keep': 1, 'values.inner.a': 1 } }).sort({ _id: 1 }).toArray();
    expect(got.map((d) => [d._id, (d.values as { keep: string }).keep.length, (d.values as { inner: unknown }).inner])).to.deep.equal(sizes.map((n, i) => [100 + i, String(i).length + 1 + n, { a: i }]));
    expect(got.map((d) => Object.keys(d.values as object))).to.deep.equal(sizes.map(() => ['keep', 'inner']));
  });
});
