import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { db, freshCollection, rejects } from './helpers.js';

const { Decimal128 } = mongoose.mongo.BSON;

/** Answers MongoDB gives that a lenient engine could silently get wrong. */
describe('conformance: answers that must not be silently wrong', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_answers');
  });

  describe('projection', () => {
    it('when only _id is projected, then only _id comes back', async () => {
      await coll.insertOne({ _id: 1 as never, name: 'a', secret: 's' });
      expect(await coll.findOne({}, { projection: { _id: 1 } })).to.deep.equal({ _id: 1 });
      expect(await coll.findOne({}, { projection: { _id: true } })).to.deep.equal({ _id: 1 });
    });

    it('when a Mongoose schema hides a field, then find with {_id: 1} and exists() never return it', async () => {
      const name = 'ConfHiddenUser';
      const User =
        mongoose.models[name] ??
        mongoose.model(name, new Schema({ email: String, passwordHash: { type: String, select: false } }), 'conf_answers_users');
      await User.deleteMany({});
      const u = await User.create({ email: 'a@b.vn', passwordHash: 'hash' });
      const rows = await User.find({}, { _id: 1 }).lean();
      expect(rows).to.deep.equal([{ _id: u._id }]);
      const found = await User.exists({ email: 'a@b.vn' });
      expect(found).to.deep.equal({ _id: u._id });
    });

    it('when $elemMatch projects a scalar array, then the first matching element comes back', async () => {
      await coll.insertOne({ _id: 1 as never, nums: [1, 5, 7, 2] });
      expect(await coll.findOne({}, { projection: { nums: { $elemMatch: { $gt: 4 } } } })).to.deep.equal({ _id: 1, nums: [5] });
      expect(await coll.findOne({}, { projection: { nums: { $elemMatch: { $gt: 40 } } } })).to.deep.equal({ _id: 1 });
    });
  });

  describe('updates through arrays', () => {
    it('when $pull is given an $or of conditions, then every element matching either is removed', async () => {
      await coll.insertOne({ _id: 1 as never, items: [{ a: 1, b: 1 }, { a: 2, b: 3 }, { a: 2, b: 2 }] });
      const r = await coll.updateOne({ _id: 1 as never }, { $pull: { items: { $or: [{ a: 1 }, { b: 3 }] } } as never });
      expect(r.modifiedCount).to.equal(1);
      expect((await coll.findOne({ _id: 1 as never }))!.items).to.deep.equal([{ a: 2, b: 2 }]);
    });

    it('when Mongoose pulls elements of an _id-less subdocument array, then they are gone from the database', async () => {
      const name = 'ConfPullNoId';
      const Holder =
        mongoose.models[name] ??
        mongoose.model(name, new Schema({ items: [new Schema({ a: Number, b: Number }, { _id: false })] }), 'conf_answers_pull');
      await Holder.deleteMany({});
      const { _id } = await Holder.create({ items: [{ a: 1, b: 1 }, { a: 2, b: 3 }, { a: 5, b: 5 }] });
      // One pull on a loaded document: Mongoose sends {$pull: {items: {$or: [{a: 1, b: 1}]}}}.
      const h = await Holder.findById(_id);
      h!.items.pull({ a: 1, b: 1 });
      await h!.save();
      const back = await Holder.findById(_id).lean();
      expect(back!.items).to.deep.equal([{ a: 2, b: 3 }, { a: 5, b: 5 }]);
    });

    it('when $set names a field through an array of documents, then it fails with 28 PathNotViable and changes nothing', async () => {
      await coll.insertOne({ _id: 1 as never, comments: [{ body: 'x' }] });
      const err = await rejects(coll.updateOne({ _id: 1 as never }, { $set: { 'comments.body': 'y' } }));
      expect(err.code).to.equal(28);
      expect(err.codeName).to.equal('PathNotViable');
      expect((await coll.findOne({ _id: 1 as never }))!.comments).to.deep.equal([{ body: 'x' }]);
    });

    it('when two fields are set through one $[], then both are set on every element', async () => {
      await coll.insertOne({ _id: 1 as never, children: [{ n: 1 }, { n: 2 }] });
      await coll.updateOne({ _id: 1 as never }, { $set: { 'children.$[].a': 'x', 'children.$[].b': 'y' } });
      expect((await coll.findOne({ _id: 1 as never }))!.children).to.deep.equal([
        { n: 1, a: 'x', b: 'y' },
        { n: 2, a: 'x', b: 'y' },
      ]);
    });

    it('when two fields are set through one $[id], then both are set on the filtered elements only', async () => {
      await coll.insertOne({ _id: 1 as never, children: [{ n: 1 }, { n: 2 }] });
      await coll.updateOne(
        { _id: 1 as never },
        { $set: { 'children.$[c].a': 'x', 'children.$[c].b': 'y' } },
        { arrayFilters: [{ 'c.n': 2 }] },
      );
      expect((await coll.findOne({ _id: 1 as never }))!.children).to.deep.equal([{ n: 1 }, { n: 2, a: 'x', b: 'y' }]);
    });

    it('when a Mongoose subdocument array is edited, then the timestamps of its children follow', async () => {
      const name = 'ConfParentWithChildren';
      const child = new Schema({ n: Number }, { timestamps: true });
      const Parent =
        mongoose.models[name] ?? mongoose.model(name, new Schema({ children: [child] }, { timestamps: true }), 'conf_answers_parents');
      await Parent.deleteMany({});
      const p = await Parent.create({ children: [{ n: 1 }, { n: 2 }] });
      await Parent.updateOne({ _id: p._id }, { $set: { 'children.$[].n': 9 } });
      const after = await Parent.findById(p._id).lean();
      expect(after!.children.map((c: { n: number }) => c.n)).to.deep.equal([9, 9]);
    });
  });

  describe('queries', () => {
    it('when $all is used on a scalar field, then a document holding that value matches', async () => {
      await coll.insertMany([{ _id: 1 as never, tag: 'x' }, { _id: 2 as never, tag: 'y' }]);
      expect(await coll.find({ tag: { $all: ['x'] } }).toArray()).to.deep.equal([{ _id: 1, tag: 'x' }]);
    });

    it('when a hint names an index that does not exist, then find, count, aggregate, update and delete fail with 2 BadValue', async () => {
      await coll.insertOne({ _id: 1 as never, a: 1 });
      for (const attempt of [
        () => coll.find({}, { hint: 'no_such_index' }).toArray(),
        () => coll.find({}, { hint: { nope: 1 } }).toArray(),
        () => coll.countDocuments({}, { hint: 'no_such_index' }),
        () => coll.aggregate([{ $match: {} }], { hint: 'no_such_index' }).toArray(),
        () => coll.updateOne({}, { $set: { a: 2 } }, { hint: 'no_such_index' }),
        () => coll.deleteOne({}, { hint: 'no_such_index' }),
      ]) {
        const err = await rejects(attempt());
        expect(err.code).to.equal(2);
        expect(err.message).to.match(/hint/);
      }
      expect(await coll.findOne({ _id: 1 as never })).to.deep.equal({ _id: 1, a: 1 });
    });

    it('when a hint names an existing index or $natural, then the query runs', async () => {
      await coll.createIndex({ a: 1 });
      await coll.insertOne({ _id: 1 as never, a: 1 });
      expect(await coll.find({ a: 1 }, { hint: { a: 1 } }).toArray()).to.have.length(1);
      expect(await coll.find({ a: 1 }, { hint: 'a_1' }).toArray()).to.have.length(1);
      expect(await coll.find({ a: 1 }, { hint: { $natural: 1 } }).toArray()).to.have.length(1);
    });

    it('when let variables are given, then find, aggregate, update and delete read them', async () => {
      await coll.insertMany([{ _id: 1 as never, a: 1 }, { _id: 2 as never, a: 2 }]);
      const filter = { $expr: { $eq: ['$a', '$$target'] } };
      expect(await coll.find(filter, { let: { target: 2 } }).toArray()).to.deep.equal([{ _id: 2, a: 2 }]);
      const agg = await coll.aggregate([{ $match: filter }, { $project: { _id: 1, v: '$$target' } }], { let: { target: 1 } }).toArray();
      expect(agg).to.deep.equal([{ _id: 1, v: 1 }]);
      await coll.updateOne(filter, [{ $set: { b: '$$label' } }], { let: { target: 2, label: 'hai' } });
      expect(await coll.findOne({ _id: 2 as never })).to.deep.equal({ _id: 2, a: 2, b: 'hai' });
      const del = await coll.deleteMany(filter, { let: { target: 1 } });
      expect(del.deletedCount).to.equal(1);
    });
  });

  describe('sort on update and replace', () => {
    it('when updateOne carries a sort, then the answer matches the server version it reports', async () => {
      await coll.insertMany([{ _id: 1 as never, a: 1 }, { _id: 2 as never, a: 2 }]);
      const info = await db().admin().command({ buildInfo: 1 });
      const major = (info.versionArray as number[])[0]!;
      const attempt = coll.updateOne({}, { $set: { hit: true } }, { sort: { a: -1 } } as never);
      if (major >= 8) {
        await attempt;
        expect(await coll.find({ hit: true }).toArray()).to.deep.equal([{ _id: 2, a: 2, hit: true }]);
      } else {
        const err = await rejects(attempt);
        expect(err.code).to.equal(40415);
        expect(await coll.countDocuments({ hit: true })).to.equal(0);
      }
    });
  });

  describe('Decimal128', () => {
    it('when Decimal128 values are compared with numbers, then they order as numbers', async () => {
      await coll.insertMany([
        { _id: 1 as never, d: Decimal128.fromString('1.5') },
        { _id: 2 as never, d: Decimal128.fromString('3') },
        { _id: 3 as never, d: 2 },
      ]);
      const ids = async (f: mongoose.mongo.Document) => (await coll.find(f).sort({ _id: 1 }).toArray()).map((d) => d._id);
      expect(await ids({ d: { $gt: 1.8 } })).to.deep.equal([2, 3]);
      expect(await ids({ d: 3 })).to.deep.equal([2]);
      expect(await ids({ d: { $lt: Decimal128.fromString('2.5') } })).to.deep.equal([1, 3]);
    });

    it('when $inc adds to a Decimal128, then the sum is exact and stays Decimal128', async () => {
      await coll.insertOne({ _id: 1 as never, d: Decimal128.fromString('0.1') });
      await coll.updateOne({ _id: 1 as never }, { $inc: { d: Decimal128.fromString('0.2') } });
      await coll.updateOne({ _id: 1 as never }, { $inc: { d: 1 } });
      const doc = await coll.findOne({ _id: 1 as never });
      expect(doc!.d).to.be.instanceOf(Decimal128);
      expect(doc!.d.toString()).to.equal('1.3');
    });

    it('when $sum adds Decimal128 values, then the total is an exact Decimal128', async () => {
      await coll.insertMany([
        { _id: 1 as never, d: Decimal128.fromString('0.1') },
        { _id: 2 as never, d: Decimal128.fromString('0.2') },
        { _id: 3 as never, d: 1 },
      ]);
      const [out] = await coll.aggregate([{ $group: { _id: null, total: { $sum: '$d' } } }]).toArray();
      expect(out!.total).to.be.instanceOf(Decimal128);
      expect(out!.total.toString()).to.equal('1.3');
    });
  });
});
