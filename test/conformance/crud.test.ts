import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

interface Person {
  _id: number;
  name: string;
  age: number;
  tags: string[];
  address?: { city: string; zip?: string };
  nickname?: string | null;
  scores: Array<{ subject: string; score: number }>;
}

const PEOPLE: Person[] = [
  { _id: 1, name: 'An', age: 30, tags: ['a', 'b'], address: { city: 'Hà Nội', zip: '100000' }, scores: [{ subject: 'math', score: 8 }, { subject: 'lit', score: 6 }] },
  { _id: 2, name: 'Bình', age: 25, tags: ['b'], address: { city: 'Huế' }, scores: [{ subject: 'math', score: 5 }] },
  { _id: 3, name: 'Chi', age: 35, tags: [], address: { city: 'Hà Nội' }, nickname: null, scores: [] },
  { _id: 4, name: 'Dũng', age: 40, tags: ['a', 'b', 'c'], scores: [{ subject: 'math', score: 9 }, { subject: 'lit', score: 9 }] },
];

describe('conformance: CRUD and query operators', () => {
  let people: mongoose.mongo.Collection<Person>;

  const ids = async (filter: mongoose.mongo.Filter<Person>) =>
    (await people.find(filter).toArray()).map((d) => d._id).sort((a, b) => a - b);

  beforeEach(async () => {
    people = await freshCollection<Person>('conf_crud_people');
    await people.insertMany(PEOPLE.map((p) => ({ ...p })));
  });

  describe('writes', () => {
    it('when a document is inserted without _id, then an ObjectId is assigned and the document reads back', async () => {
      const coll = await freshCollection('conf_crud_plain');
      const res = await coll.insertOne({ title: 'Nghị định 15' });
      expect(res.insertedId).to.be.instanceOf(mongoose.mongo.ObjectId);
      const back = await coll.findOne({ _id: res.insertedId });
      expect(back).to.deep.equal({ _id: res.insertedId, title: 'Nghị định 15' });
    });

    it('when updateOne matches several documents, then only one is changed', async () => {
      const res = await people.updateOne({ tags: 'b' }, { $set: { flagged: true } });
      expect(res.matchedCount).to.equal(1);
      expect(res.modifiedCount).to.equal(1);
      expect(await people.countDocuments({ flagged: true })).to.equal(1);
    });

    it('when updateMany matches several documents, then all are changed and counted', async () => {
      const res = await people.updateMany({ tags: 'b' }, { $set: { flagged: true } });
      expect(res.matchedCount).to.equal(3);
      expect(res.modifiedCount).to.equal(3);
      expect(await ids({ flagged: true } as mongoose.mongo.Filter<Person>)).to.deep.equal([1, 2, 4]);
    });

    it('when an update sets a value the document already has, then it is matched but not modified', async () => {
      const res = await people.updateOne({ _id: 1 }, { $set: { age: 30 } });
      expect(res.matchedCount).to.equal(1);
      expect(res.modifiedCount).to.equal(0);
    });

    it('when a document is replaced, then the old fields are gone and _id is kept', async () => {
      const res = await people.replaceOne({ _id: 2 }, { name: 'Bình mới', age: 26, tags: [], scores: [] });
      expect(res.modifiedCount).to.equal(1);
      expect(await people.findOne({ _id: 2 })).to.deep.equal({ _id: 2, name: 'Bình mới', age: 26, tags: [], scores: [] });
    });

    it('when deleteOne and deleteMany run, then they report and remove exactly what matched', async () => {
      expect((await people.deleteOne({ tags: 'a' })).deletedCount).to.equal(1);
      expect((await people.deleteMany({ age: { $gte: 30 } })).deletedCount).to.equal(2);
      expect(await ids({})).to.deep.equal([2]);
    });

    it('when a Mongoose model creates, finds, updates and deletes, then each step is stored', async () => {
      const Note = mongoose.models.ConfCrudNote ?? mongoose.model('ConfCrudNote', new Schema({ title: String, n: Number }), 'conf_crud_notes');
      await Note.deleteMany({});
      const created = await Note.create({ title: 'Thông tư', n: 1 });
      await Note.updateOne({ _id: created._id }, { $inc: { n: 2 } });
      const found = await Note.findById(created._id).lean<{ title: string; n: number }>();
      expect(found).to.include({ title: 'Thông tư', n: 3 });
      await Note.deleteOne({ _id: created._id });
      expect(await Note.findById(created._id)).to.equal(null);
    });
  });

  describe('comparison', () => {
    it('when $eq, $ne, $gt, $gte, $lt and $lte are used, then each selects its range', async () => {
      expect(await ids({ age: { $eq: 30 } })).to.deep.equal([1]);
      expect(await ids({ age: { $ne: 30 } })).to.deep.equal([2, 3, 4]);
      expect(await ids({ age: { $gt: 30 } })).to.deep.equal([3, 4]);
      expect(await ids({ age: { $gte: 30 } })).to.deep.equal([1, 3, 4]);
      expect(await ids({ age: { $lt: 30 } })).to.deep.equal([2]);
      expect(await ids({ age: { $lte: 30 } })).to.deep.equal([1, 2]);
      expect(await ids({ age: { $gt: 25, $lt: 40 } })).to.deep.equal([1, 3]);
    });

    it('when $ne names a nested field some documents lack, then those documents match too', async () => {
      expect(await ids({ 'address.city': { $ne: 'Hà Nội' } })).to.deep.equal([2, 4]);
    });

    it('when a range compares strings, then it uses string order and skips numbers', async () => {
      expect(await ids({ name: { $gte: 'B', $lt: 'D' } })).to.deep.equal([2, 3]);
    });

    it('when $in and $nin are used on scalars and arrays, then any element counts', async () => {
      expect(await ids({ name: { $in: ['An', 'Chi', 'Zed'] } })).to.deep.equal([1, 3]);
      expect(await ids({ tags: { $in: ['c'] } })).to.deep.equal([4]);
      expect(await ids({ tags: { $nin: ['a'] } })).to.deep.equal([2, 3]);
      expect(await ids({ age: { $in: [] } })).to.deep.equal([]);
    });
  });

  describe('element and evaluation', () => {
    it('when $exists is used, then a null value exists and a missing one does not', async () => {
      expect(await ids({ nickname: { $exists: true } })).to.deep.equal([3]);
      expect(await ids({ address: { $exists: false } })).to.deep.equal([4]);
    });

    it('when equality with null is asked, then null and missing fields both match', async () => {
      expect(await ids({ nickname: null })).to.deep.equal([1, 2, 3, 4]);
      expect(await ids({ 'address.zip': null })).to.deep.equal([2, 3, 4]);
    });

    it('when $regex is used with options or as a literal, then it matches Unicode strings', async () => {
      expect(await ids({ name: { $regex: '^b', $options: 'i' } })).to.deep.equal([2]);
      expect(await ids({ name: /ng$/ })).to.deep.equal([4]);
      expect(await ids({ 'address.city': /^Hà/ })).to.deep.equal([1, 3]);
      expect(await ids({ tags: /^c/ })).to.deep.equal([4]);
    });

    it('when $regex is plain text, then only the field it names decides, whatever other fields hold', async () => {
      // "Hà" is in An's city, not in An's name: a regex on the name must not match An.
      expect(await ids({ name: { $regex: 'Hà' } })).to.deep.equal([]);
      expect(await ids({ $and: [{ 'address.city': { $regex: 'Hà' } }, { 'address.city': { $regex: 'Nội' } }] })).to.deep.equal([1, 3]);
      expect(await ids({ name: { $regex: 'ũn' } })).to.deep.equal([4]);
      expect(await ids({ name: { $regex: 'bình', $options: 'i' } })).to.deep.equal([2]);
      expect(await ids({ name: { $regex: 'B.nh' } })).to.deep.equal([2]);
      expect(await ids({ name: { $regex: 'B\\.nh' } })).to.deep.equal([]);
      expect(await ids({ name: { $regex: 'An', $not: /x/ } as never })).to.deep.equal([1]);
    });

    it('when $not wraps a condition, then documents failing it (or lacking the field) match', async () => {
      expect(await ids({ age: { $not: { $gt: 30 } } })).to.deep.equal([1, 2]);
      expect(await ids({ 'address.city': { $not: /^Hà/ } })).to.deep.equal([2, 4]);
    });
  });

  describe('logical', () => {
    it('when $and, $or and $nor combine conditions, then each follows its logic', async () => {
      expect(await ids({ $or: [{ age: { $lt: 26 } }, { name: 'Dũng' }] })).to.deep.equal([2, 4]);
      expect(await ids({ $and: [{ tags: 'a' }, { age: { $gt: 35 } }] })).to.deep.equal([4]);
      expect(await ids({ $nor: [{ tags: 'a' }, { age: 25 }] })).to.deep.equal([3]);
      expect(await ids({ $or: [{ _id: 1 }, { _id: 3 }], age: { $gt: 30 } })).to.deep.equal([3]);
    });
  });

  describe('arrays and nested paths', () => {
    it('when a scalar is compared with an array field, then any element matching is enough', async () => {
      expect(await ids({ tags: 'a' })).to.deep.equal([1, 4]);
    });

    it('when a whole array is compared, then only the exact array in the same order matches', async () => {
      expect(await ids({ tags: ['a', 'b'] })).to.deep.equal([1]);
      expect(await ids({ tags: ['b', 'a'] })).to.deep.equal([]);
    });

    it('when $size and $all are used, then length and containment are checked', async () => {
      expect(await ids({ tags: { $size: 0 } })).to.deep.equal([3]);
      expect(await ids({ tags: { $size: 2 } })).to.deep.equal([1]);
      expect(await ids({ tags: { $all: ['a', 'b'] } })).to.deep.equal([1, 4]);
      expect(await ids({ tags: { $all: ['b', 'c'] } })).to.deep.equal([4]);
    });

    it('when $elemMatch is used, then both conditions must hold on the same element', async () => {
      expect(await ids({ scores: { $elemMatch: { subject: 'math', score: { $gte: 8 } } } })).to.deep.equal([1, 4]);
      expect(await ids({ 'scores.subject': 'math', 'scores.score': 6 })).to.deep.equal([1]);
      expect(await ids({ scores: { $elemMatch: { subject: 'math', score: 6 } } })).to.deep.equal([]);
    });

    it('when a path goes through an array of subdocuments or names an index, then it reaches the elements', async () => {
      expect(await ids({ 'scores.subject': 'lit' })).to.deep.equal([1, 4]);
      expect(await ids({ 'tags.0': 'a' })).to.deep.equal([1, 4]);
      expect(await ids({ 'scores.1.score': 9 })).to.deep.equal([4]);
      expect(await ids({ 'scores.score': { $gt: 8 } })).to.deep.equal([4]);
    });

    it('when a nested document is compared whole, then field order matters', async () => {
      expect(await ids({ address: { city: 'Huế' } })).to.deep.equal([2]);
      expect(await ids({ address: { zip: '100000', city: 'Hà Nội' } })).to.deep.equal([]);
      expect(await ids({ address: { city: 'Hà Nội', zip: '100000' } })).to.deep.equal([1]);
    });
  });
});
