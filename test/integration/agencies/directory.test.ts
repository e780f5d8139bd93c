import { expect } from 'chai';
import mongoose from 'mongoose';
import { agenciesById, agencyById, AgencyModel } from '../../../src/agencies/agency.model.js';
import { agencyByCode, givenAgencies } from '../../factories/index.js';

/**
 * The agency directory is kept a few seconds in the process: what a page shows must still
 * follow every change made through the app at once, and an agency added by another
 * instance (straight into the database here) must be found as soon as it is asked for.
 */
describe('agency directory kept in the process', () => {
  beforeEach(givenAgencies);

  it('when an agency is renamed through its model, then the next read has the new name', async () => {
    const bca = await agencyByCode('bo-cong-an');
    expect((await agencyById(bca._id))?.nameVi).to.equal(bca.nameVi);
    await AgencyModel.updateOne({ _id: bca._id }, { $set: { nameVi: 'Bộ Công an (tên mới)' } });
    expect((await agencyById(bca._id))?.nameVi).to.equal('Bộ Công an (tên mới)');
  });

  it('when another instance adds an agency, then asking for it finds it at once, in the order asked', async () => {
    const bca = await agencyByCode('bo-cong-an');
    await agencyById(bca._id);
    const _id = new mongoose.Types.ObjectId();
    // Written past the model, as another process's write would be.
    await AgencyModel.collection.insertOne({ _id, code: 'moi-them', nameVi: 'Cơ quan mới', nameEn: 'New agency', kind: 'ministry', active: true, order: 999 });
    const found = await agenciesById([_id, bca._id, new mongoose.Types.ObjectId()]);
    expect(found.map((a) => a.code)).to.deep.equal(['moi-them', 'bo-cong-an']);
  });
});
