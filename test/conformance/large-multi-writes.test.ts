import { expect } from 'chai';
import mongoose from 'mongoose';
import { freshCollection, rejects } from './helpers.js';

type Row = { _id: number; v: number | string; tag?: string };

/**
 * updateMany and deleteMany over many documents, which the engine writes a
 * slice at a time outside transactions: the counts and results are those of
 * one statement, no document is written twice, and other commands are
 * answered while the statement runs.
 */
describe('conformance: large multi-document updates and deletes', function () {
  this.timeout(60_000);
  let rows: mongoose.mongo.Collection<Row>;
  const fill = (n: number) => rows.insertMany(Array.from({ length: n }, (_, i) => ({ _id: i, v: i, tag: i % 2 ? 'odd' : 'even' })));

  beforeEach(async () => {
    rows = await freshCollection<Row>('conf_large_multi');
  });

  it('when updateMany raises the field it filters on over 3,000 documents, then each is raised exactly once', async () => {
    await fill(3000);
    const res = await rows.updateMany({ v: { $gte: 0 } }, { $inc: { v: 1000 } } as never);
    expect(res).to.include({ matchedCount: 3000, modifiedCount: 3000 });
    expect(await rows.countDocuments({ v: { $gte: 1000, $lt: 4000 } })).to.equal(3000);
    const sample = await rows.find({ _id: { $in: [0, 1499, 2999] } }).sort({ _id: 1 }).toArray();
    expect(sample.map((r) => r.v)).to.deep.equal([1000, 2499, 3999]);
  });

  it('when deleteMany removes half of 3,000 documents, then exactly those go and the count says so', async () => {
    await fill(3000);
    const res = await rows.deleteMany({ tag: 'odd' });
    expect(res.deletedCount).to.equal(1500);
    expect(await rows.countDocuments()).to.equal(1500);
    expect(await rows.countDocuments({ tag: 'odd' })).to.equal(0);
  });

  it('when an ordered bulk of two updateMany statements fails in the first, then the second is not run and the error names statement 0', async () => {
    await fill(500);
    await rows.updateOne({ _id: 250 }, { $set: { v: 'not a number' } });
    const err = (await rejects(
      rows.bulkWrite([{ updateMany: { filter: {}, update: { $inc: { v: 1 } } as never } }, { updateMany: { filter: {}, update: { $set: { tag: 'second' } } } }], { ordered: true }),
    )) as mongoose.mongo.MongoBulkWriteError;
    const list = (Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors]) as Array<{ index: number; code: number }>;
    expect(list.map((e) => [e.index, e.code])).to.deep.equal([[0, 14]]);
    expect(await rows.countDocuments({ tag: 'second' })).to.equal(0);
  });

  it('when an upsert with multi matches nothing, then one document is inserted and reported', async () => {
    await fill(200);
    const res = await rows.updateMany({ _id: 5000 }, { $set: { v: 1 } }, { upsert: true });
    expect(res).to.include({ matchedCount: 0, upsertedCount: 1 });
    expect(res.upsertedId).to.equal(5000);
  });

  it('when deleteMany removes 20,000 documents, then another connection is answered while it runs and sees it part done', async () => {
    await rows.insertMany(Array.from({ length: 20_000 }, (_, i) => ({ _id: i, v: i, tag: 'x'.repeat(50) })));
    let done = false;
    const removed = rows.deleteMany({}).finally(() => (done = true));
    // The pool gives these counts a connection of their own.
    const seen: number[] = [];
    while (!done) {
      const n = await rows.estimatedDocumentCount();
      if (!done) seen.push(n);
    }
    expect((await removed).deletedCount).to.equal(20_000);
    expect(seen.some((n) => n > 0 && n < 20_000), `counts seen while it ran: ${[...new Set(seen)].slice(0, 10).join(', ')}`).to.equal(true);
  });
});
