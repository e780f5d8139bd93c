import { expect } from 'chai';
import crypto from 'node:crypto';
import { db, freshCollection, rejects } from './helpers.js';

describe('conformance: replies that would pass 16 MB', function () {
  this.timeout(120_000);

  it('when distinct would return more than 16 MB, then it fails with 17217 and the server carries on', async () => {
    const coll = await freshCollection('conf_large_distinct');
    const docs = Array.from({ length: 18 }, () => ({ s: crypto.randomBytes(512 * 1024).toString('hex') }));
    for (const d of docs) await coll.insertOne(d);
    const err = await rejects(coll.distinct('s'));
    expect(err.code).to.equal(17217);
    expect(await db().admin().ping()).to.deep.include({ ok: 1 });
    await coll.deleteMany({});
  });

  it('when an unordered insert of 100,000 duplicates fails, then every error is reported and the server carries on', async () => {
    await freshCollection('conf_large_dups');
    // The raw command: the driver's own insertMany result handling is quadratic in the number of errors.
    const documents = Array.from({ length: 100_000 }, () => ({ _id: 'same-id-for-everyone' }));
    const reply = await db().command({ insert: 'conf_large_dups', documents, ordered: false });
    expect(reply.n).to.equal(1);
    const errors = reply.writeErrors as Array<{ index: number; code: number; errmsg: string }>;
    expect(errors).to.have.length(99_999);
    expect(errors.every((e) => e.code === 11000)).to.equal(true);
    expect(errors[0]!.errmsg).to.match(/E11000/);
    expect(errors[99_998]!.index).to.equal(99_999);
    expect(await db().collection('conf_large_dups').countDocuments({})).to.equal(1);
    expect(await db().admin().ping()).to.deep.include({ ok: 1 });
  });
});
