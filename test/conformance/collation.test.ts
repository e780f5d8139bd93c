import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { db, dropIfExists, freshCollection, rejects } from './helpers.js';

const NAMES = ['Bình', 'an', 'Đà', 'da', 'AN', 'ba'];
const VI = { locale: 'vi' };

describe('conformance: collation', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_collation');
    await coll.insertMany(NAMES.map((name, i) => ({ _id: i as never, name })));
  });

  const names = (docs: mongoose.mongo.Document[]) => docs.map((d) => d.name);

  it('when a find sorts with a Vietnamese collation, then names come in Vietnamese order', async () => {
    expect(names(await coll.find({}).sort({ name: 1 }).toArray())).to.deep.equal(['AN', 'Bình', 'an', 'ba', 'da', 'Đà']);
    expect(names(await coll.find({}, { collation: VI }).sort({ name: 1 }).toArray())).to.deep.equal(['an', 'AN', 'ba', 'Bình', 'da', 'Đà']);
    expect(names(await coll.find({}, { collation: VI }).sort({ name: -1 }).limit(2).toArray())).to.deep.equal(['Đà', 'da']);
  });

  it('when a filter has a case- or accent-insensitive collation, then equal names under it match', async () => {
    const strength2 = await coll.find({ name: 'an' }, { collation: { locale: 'vi', strength: 2 } }).toArray();
    expect(names(strength2).sort()).to.deep.equal(['AN', 'an']);
    const strength1 = await coll.find({ name: 'binh' }, { collation: { locale: 'vi', strength: 1 } }).toArray();
    expect(names(strength1)).to.deep.equal(['Bình']);
    expect(await coll.countDocuments({ name: { $in: ['AN', 'BA'] } }, { collation: { locale: 'vi', strength: 2 } })).to.equal(3);
    expect(await coll.countDocuments({ name: { $gt: 'b' } }, { collation: VI })).to.equal(4);
    expect(await coll.countDocuments({ name: 'an' })).to.equal(1);
  });

  it('when distinct has a case-insensitive collation, then names equal under it come once', async () => {
    const values = await coll.distinct('name', {}, { collation: { locale: 'vi', strength: 2 } });
    expect(values).to.have.length(5);
  });

  it('when aggregate has a collation, then its $match and $sort follow it', async () => {
    const out = await coll
      .aggregate([{ $match: { name: { $in: ['an', 'da'] } } }, { $sort: { name: 1, _id: 1 } }, { $project: { _id: 0, name: 1 } }], {
        collation: { locale: 'vi', strength: 1 },
      })
      .toArray();
    expect(names(out)).to.deep.equal(['an', 'AN', 'da']);
  });

  it('when updates and deletes carry a collation, then they touch what it calls equal', async () => {
    const u = await coll.updateMany({ name: 'an' }, { $set: { seen: true } }, { collation: { locale: 'vi', strength: 2 } });
    expect(u.modifiedCount).to.equal(2);
    const d = await coll.deleteMany({ name: 'BINH' }, { collation: { locale: 'vi', strength: 1 } });
    expect(d.deletedCount).to.equal(1);
    expect(await coll.countDocuments({})).to.equal(5);
    const f = await coll.findOneAndUpdate({ name: 'DA' }, { $set: { hit: 1 } }, { collation: { locale: 'vi', strength: 2 }, returnDocument: 'after' });
    expect(f!.name).to.equal('da');
  });

  it('when a unique index has a case-insensitive collation, then names differing only by case are duplicates', async () => {
    await dropIfExists('conf_collation_unique');
    const u = db().collection('conf_collation_unique');
    await u.createIndex({ email: 1 }, { unique: true, collation: { locale: 'vi', strength: 2 } });
    await u.insertOne({ email: 'an@bo.gov.vn' });
    const err = await rejects(u.insertOne({ email: 'AN@bo.gov.vn' }));
    expect(err.code).to.equal(11000);
    expect(await u.countDocuments({})).to.equal(1);
    expect(await u.countDocuments({ email: 'AN@bo.gov.vn' })).to.equal(0);
  });

  it('when a collection has a default collation, then queries without one use it', async () => {
    await dropIfExists('conf_collation_default');
    const c = await db().createCollection('conf_collation_default', { collation: { locale: 'vi', strength: 2 } });
    await c.insertMany([{ name: 'Bình' }, { name: 'an' }]);
    expect(names(await c.find({}).sort({ name: 1 }).toArray())).to.deep.equal(['an', 'Bình']);
    expect(await c.countDocuments({ name: 'BÌNH' })).to.equal(1);
  });

  it('when Mongoose asks for a collation, then the sort follows it', async () => {
    const name = 'ConfCollationAgency';
    const Agency = mongoose.models[name] ?? mongoose.model(name, new Schema({ name: String }), 'conf_collation');
    const rows = await Agency.find({}).collation(VI).sort({ name: 1 }).lean();
    expect(rows.map((r: { name?: string }) => r.name)).to.deep.equal(['an', 'AN', 'ba', 'Bình', 'da', 'Đà']);
  });

  it('when a collation is malformed or names an unknown locale, then the command fails', async () => {
    const missing = await rejects(coll.find({}, { collation: {} as never }).toArray());
    expect(missing.code).to.equal(40414);
    const unknown = await rejects(coll.find({}, { collation: { locale: 'xx_not_a_locale' } }).toArray());
    expect(unknown.code).to.equal(2);
  });
});
