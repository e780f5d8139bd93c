import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

const { ObjectId, Binary, Int32, Long, Double, Decimal128, Timestamp, UUID } = mongoose.mongo;

function sample() {
  return {
    _id: new ObjectId('65a1b2c3d4e5f60718293a4b'),
    oid: new ObjectId('0123456789abcdef01234567'),
    date: new Date('2025-03-04T05:06:07.089Z'),
    bin: new Binary(Buffer.from([0, 1, 2, 250, 255]), 0),
    uuid: new UUID('3b241101-e2bb-4255-8caf-4136c566a962'),
    i32: new Int32(42),
    long: Long.fromString('9007199254740993'),
    smallLong: Long.fromNumber(7),
    dbl: new Double(1.0),
    dec: Decimal128.fromString('1234567.890123456789'),
    ts: new Timestamp({ t: 1_700_000_000, i: 3 }),
    bool: true,
    nil: null,
    regex: /^quy[eế]t/i,
    nested: { dbl: new Double(2.0), arr: [new Int32(1), new Double(3.0), 'chữ', { deep: Long.fromNumber(5) }] },
  };
}

describe('conformance: BSON types', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_bson');
    await coll.insertOne(sample());
  });

  const raw = (filter: mongoose.mongo.Document = {}) => coll.findOne(filter, { promoteValues: false, promoteLongs: false });

  function expectTyped(d: mongoose.mongo.Document) {
    const s = sample();
    expect(d._id).to.be.instanceOf(ObjectId);
    expect(d.oid.toHexString()).to.equal(s.oid.toHexString());
    expect(d.date).to.be.instanceOf(Date);
    expect(d.date.toISOString()).to.equal(s.date.toISOString());
    expect(d.bin).to.be.instanceOf(Binary);
    expect(d.bin.sub_type).to.equal(0);
    expect(Buffer.from(d.bin.buffer).equals(Buffer.from([0, 1, 2, 250, 255]))).to.equal(true);
    expect(d.uuid.sub_type).to.equal(4);
    expect(d.i32).to.be.instanceOf(Int32);
    expect(d.i32.value).to.equal(42);
    expect(d.long).to.be.instanceOf(Long);
    expect(d.long.toString()).to.equal('9007199254740993');
    expect(d.smallLong).to.be.instanceOf(Long);
    expect(d.dbl).to.be.instanceOf(Double);
    expect(d.dbl.value).to.equal(1);
    expect(d.dec).to.be.instanceOf(Decimal128);
    expect(d.dec.toString()).to.equal('1234567.890123456789');
    expect(d.ts).to.be.instanceOf(Timestamp);
    expect([d.ts.high, d.ts.low]).to.deep.equal([1_700_000_000, 3]);
    expect(d.nil).to.equal(null);
    expect(d.nested.dbl).to.be.instanceOf(Double);
    expect(d.nested.arr[0]).to.be.instanceOf(Int32);
    expect(d.nested.arr[1]).to.be.instanceOf(Double);
    expect(d.nested.arr[2]).to.equal('chữ');
    expect(d.nested.arr[3].deep).to.be.instanceOf(Long);
  }

  it('when every BSON type is stored, then each comes back with its type and value', async () => {
    expectTyped((await raw())!);
    const promoted = (await coll.findOne({}))!;
    expect(promoted.dbl).to.equal(1);
    expect(promoted.regex).to.be.instanceOf(RegExp);
    expect(promoted.regex.source).to.equal('^quy[eế]t');
    expect(promoted.regex.flags).to.equal('i');
  });

  it('when another field is updated, then the untouched fields keep their types', async () => {
    await coll.updateOne({}, { $set: { extra: 'x' } });
    expectTyped((await raw())!);
  });

  it('when numbers are updated with $inc and $set, then Int32, Long and Double keep their type', async () => {
    await coll.updateOne({}, { $inc: { i32: 1, long: 1, dbl: 1.5 } });
    const d = (await raw())!;
    expect(d.i32).to.be.instanceOf(Int32);
    expect(d.i32.value).to.equal(43);
    expect(d.long).to.be.instanceOf(Long);
    expect(d.dbl).to.be.instanceOf(Double);
    expect(d.dbl.value).to.equal(2.5);
  });

  it('when a document is read through projection, aggregation and findOneAndUpdate, then types survive', async () => {
    const projected = (await coll.findOne({}, { projection: { dbl: 1, long: 1, dec: 1 }, promoteValues: false }))!;
    expect(projected.dbl).to.be.instanceOf(Double);
    expect(projected.long).to.be.instanceOf(Long);
    expect(projected.dec).to.be.instanceOf(Decimal128);
    const [aggregated] = await coll.aggregate([{ $match: {} }, { $project: { dbl: 1, i32: 1, long: 1, dec: 1 } }], { promoteValues: false }).toArray();
    expect(aggregated!.dbl).to.be.instanceOf(Double);
    expect(aggregated!.long).to.be.instanceOf(Long);
    expect(aggregated!.dec).to.be.instanceOf(Decimal128);
    const returned = (await coll.findOneAndUpdate({}, { $set: { touched: true } }, { returnDocument: 'after', promoteValues: false }))!;
    expect(returned.dbl).to.be.instanceOf(Double);
    expect(returned.i32).to.be.instanceOf(Int32);
  });

  it('when numbers of different types are equal in value, then equality and ranges treat them as equal', async () => {
    await coll.insertMany([{ k: 'i', v: new Int32(5) }, { k: 'l', v: Long.fromNumber(5) }, { k: 'd', v: new Double(5.0) }]);
    expect(await coll.countDocuments({ v: 5 })).to.equal(3);
    expect(await coll.countDocuments({ v: new Double(5) })).to.equal(3);
    expect(await coll.countDocuments({ v: { $gte: Long.fromNumber(5), $lt: new Double(5.5) } })).to.equal(3);
  });

  it('when values are looked up by ObjectId, Date, Binary and Decimal128, then equality finds them', async () => {
    const s = sample();
    expect(await coll.countDocuments({ oid: s.oid })).to.equal(1);
    expect(await coll.countDocuments({ date: new Date(s.date) })).to.equal(1);
    expect(await coll.countDocuments({ bin: new Binary(Buffer.from([0, 1, 2, 250, 255]), 0) })).to.equal(1);
    expect(await coll.countDocuments({ dec: Decimal128.fromString('1234567.890123456789') })).to.equal(1);
    expect(await coll.countDocuments({ date: { $gt: new Date('2025-01-01') } })).to.equal(1);
  });

  it('when Mongoose stores Decimal128, Buffer, Date, Map and subdocument arrays, then they read back the same', async () => {
    const M =
      mongoose.models.ConfBsonModel ??
      mongoose.model(
        'ConfBsonModel',
        new Schema({
          price: Schema.Types.Decimal128,
          file: Buffer,
          at: Date,
          labels: { type: Map, of: String },
          rows: [{ n: Number, tags: [String] }],
          ref: Schema.Types.ObjectId,
        }),
        'conf_bson_models',
      );
    await M.deleteMany({});
    const ref = new ObjectId();
    const created = await M.create({
      price: '10.25',
      file: Buffer.from('tệp'),
      at: new Date(0),
      labels: { vi: 'Bộ', en: 'Ministry' },
      rows: [{ n: 1, tags: ['a'] }, { n: 2, tags: [] }],
      ref,
    });
    const back = (await M.findById(created._id).orFail()) as mongoose.Document & Record<string, unknown>;
    expect(String(back.price)).to.equal('10.25');
    expect(Buffer.from(back.file as Buffer).toString()).to.equal('tệp');
    expect((back.at as Date).getTime()).to.equal(0);
    expect((back.labels as Map<string, string>).get('vi')).to.equal('Bộ');
    expect((back.rows as Array<{ n: number; tags: string[] }>).map((r) => [r.n, [...r.tags]])).to.deep.equal([[1, ['a']], [2, []]]);
    expect((back.ref as mongoose.Types.ObjectId).equals(ref)).to.equal(true);
  });
});
