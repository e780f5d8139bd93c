import { expect } from 'chai';
import mongoose from 'mongoose';
import { freshCollection, rejects } from './helpers.js';

type Row = { _id: number; k: number };

/** Batches larger than one write transaction behave as one batch: counts, error indexes, ordered stop. */
describe('conformance: large insert batches', () => {
  let rows: mongoose.mongo.Collection<Row>;
  const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ _id: i, k: i }));

  beforeEach(async () => {
    rows = await freshCollection<Row>('conf_large_batches');
  });

  it('when an ordered batch of 5,000 holds a duplicate at 4,500, then the 4,500 before it are stored and the error names index 4,500', async () => {
    const docs = batch(5000);
    docs[4500] = { _id: 10, k: -1 };
    const err = await rejects(rows.insertMany(docs, { ordered: true }));
    expect((err as mongoose.mongo.MongoBulkWriteError).result.insertedCount).to.equal(4500);
    expect((err as mongoose.mongo.MongoBulkWriteError).writeErrors).to.satisfy((e: unknown) => {
      const list = Array.isArray(e) ? e : [e];
      return list.length === 1 && (list[0] as { index: number }).index === 4500;
    });
    expect(await rows.countDocuments()).to.equal(4500);
  });

  it('when an unordered batch of 5,000 holds two duplicates, then every other document is stored and both indexes are named', async () => {
    const docs = batch(5000);
    docs[100] = { _id: 0, k: -1 };
    docs[4600] = { _id: 1, k: -1 };
    const err = (await rejects(rows.insertMany(docs, { ordered: false }))) as mongoose.mongo.MongoBulkWriteError;
    const list = (Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors]) as Array<{ index: number }>;
    expect(list.map((e) => e.index).sort((a, b) => a - b)).to.deep.equal([100, 4600]);
    expect(await rows.countDocuments()).to.equal(4998);
    expect(await rows.countDocuments({ k: { $gte: 4999 } })).to.equal(1);
  });
});
