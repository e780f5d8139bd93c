import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';

interface Campaign { title: string; status: string; items: string[] }

const Campaign = mongoose.model<Campaign>(
  'ConfOccCampaign',
  new Schema<Campaign>({ title: String, status: String, items: [String] }, { optimisticConcurrency: true }),
  'conf_occ_campaigns',
);

describe('conformance: optimistic concurrency', () => {
  beforeEach(async () => {
    await Campaign.deleteMany({});
  });

  it('when a document is saved, then its version goes up by one', async () => {
    const c = await Campaign.create({ title: 'Rà soát 2025', status: 'draft', items: [] });
    expect(c.__v).to.equal(0);
    c.status = 'open';
    await c.save();
    const back = await Campaign.findById(c._id).lean().orFail();
    expect(back.__v).to.equal(1);
    expect(back.status).to.equal('open');
  });

  it('when a stale copy is saved after a fresher one, then it fails with VersionError and the fresher data stays', async () => {
    const created = await Campaign.create({ title: 'Rà soát 2025', status: 'draft', items: [] });
    const first = await Campaign.findById(created._id).orFail();
    const second = await Campaign.findById(created._id).orFail();
    first.status = 'open';
    await first.save();
    second.status = 'closed';
    let err: unknown;
    try {
      await second.save();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(mongoose.Error.VersionError);
    const back = await Campaign.findById(created._id).lean().orFail();
    expect(back.status).to.equal('open');
    expect(back.__v).to.equal(1);
  });

  it('when a stale copy changes a different field than the fresher one, then it still fails with VersionError', async () => {
    const created = await Campaign.create({ title: 'x', status: 'draft', items: [] });
    const stale = await Campaign.findById(created._id).orFail();
    const fresh = await Campaign.findById(created._id).orFail();
    fresh.status = 'open';
    await fresh.save();
    stale.title = 'y';
    let err: unknown;
    try {
      await stale.save();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(mongoose.Error.VersionError);
    const back = await Campaign.findById(created._id).lean().orFail();
    expect(back).to.include({ title: 'x', status: 'open' });
  });
});
