import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection } from './helpers.js';

interface Task { _id: number; title: string; priority: number; done: boolean; note?: string }

describe('conformance: findOneAndUpdate and findOneAndDelete', () => {
  let coll: mongoose.mongo.Collection<Task>;
  const Task = mongoose.model<Task>('ConfFamTask', new Schema<Task>({ _id: Number, title: String, priority: Number, done: Boolean, note: String }), 'conf_fam_tasks');

  beforeEach(async () => {
    coll = await freshCollection<Task>('conf_fam_tasks');
    await coll.insertMany([
      { _id: 1, title: 'A', priority: 2, done: false, note: 'x' },
      { _id: 2, title: 'B', priority: 5, done: false, note: 'y' },
      { _id: 3, title: 'C', priority: 1, done: true, note: 'z' },
    ]);
  });

  it('when returnDocument is before, then the old version comes back and the new one is stored', async () => {
    const old = await coll.findOneAndUpdate({ _id: 1 }, { $set: { done: true } }, { returnDocument: 'before' });
    expect(old!.done).to.equal(false);
    expect((await coll.findOne({ _id: 1 }))!.done).to.equal(true);
  });

  it('when returnDocument is after, then the updated version comes back', async () => {
    const doc = await coll.findOneAndUpdate({ _id: 1 }, { $inc: { priority: 10 } }, { returnDocument: 'after' });
    expect(doc!.priority).to.equal(12);
  });

  it('when a sort is given, then the first document in that order is the one changed', async () => {
    const doc = await coll.findOneAndUpdate({ done: false }, { $set: { done: true } }, { sort: { priority: -1 }, returnDocument: 'after' });
    expect(doc!._id).to.equal(2);
    expect((await coll.findOne({ _id: 1 }))!.done).to.equal(false);
  });

  it('when a projection is given, then the returned document has only those fields', async () => {
    const doc = await coll.findOneAndUpdate({ _id: 2 }, { $set: { note: 'n' } }, { projection: { title: 1, note: 1, _id: 0 }, returnDocument: 'after' });
    expect(doc).to.deep.equal({ title: 'B', note: 'n' });
  });

  it('when nothing matches, then null comes back and nothing is written', async () => {
    expect(await coll.findOneAndUpdate({ _id: 99 }, { $set: { done: true } })).to.equal(null);
    expect(await coll.countDocuments()).to.equal(3);
  });

  it('when includeResultMetadata is asked, then lastErrorObject tells whether an existing document was updated', async () => {
    const res = await coll.findOneAndUpdate({ _id: 3 }, { $set: { done: false } }, { includeResultMetadata: true });
    expect(res.ok).to.equal(1);
    expect(res.lastErrorObject).to.include({ n: 1, updatedExisting: true });
    expect(res.value!.done).to.equal(true);
  });

  it('when findOneAndDelete runs with a sort and projection, then the chosen document is removed and returned trimmed', async () => {
    const doc = await coll.findOneAndDelete({ done: false }, { sort: { priority: 1 }, projection: { title: 1 } });
    expect(doc).to.deep.equal({ _id: 1, title: 'A' });
    expect(await coll.findOne({ _id: 1 })).to.equal(null);
    expect(await coll.findOneAndDelete({ _id: 1 })).to.equal(null);
  });

  it('when findOneAndReplace runs, then the document is replaced and the new one returned', async () => {
    const doc = await coll.findOneAndReplace({ _id: 3 }, { title: 'C2', priority: 0, done: false }, { returnDocument: 'after' });
    expect(doc).to.deep.equal({ _id: 3, title: 'C2', priority: 0, done: false });
  });

  // Mongoose 9 spells `new: false / true` as returnDocument; both become findAndModify's `new`.
  it('when Mongoose findOneAndUpdate asks for the old and then the new version, then each comes back', async () => {
    const before = await Task.findOneAndUpdate({ _id: 1 }, { $set: { title: 'A1' } }, { returnDocument: 'before' }).lean().orFail();
    expect(before.title).to.equal('A');
    const after = await Task.findOneAndUpdate({ _id: 1 }, { $set: { title: 'A2' } }, { returnDocument: 'after', projection: { title: 1 } }).lean().orFail();
    expect(after).to.deep.equal({ _id: 1, title: 'A2' });
  });

  it('when Mongoose findOneAndDelete runs, then it returns the removed document', async () => {
    const gone = await Task.findOneAndDelete({ title: 'B' }).lean().orFail();
    expect(gone._id).to.equal(2);
    expect(await Task.exists({ _id: 2 })).to.equal(null);
  });
});
