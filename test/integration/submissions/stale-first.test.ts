import { rowsOf } from '../../factories/index.js';
import { expect } from 'chai';
import request from 'supertest';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, GOOD_ROW } from './world.js';

describe('a save based on an old version', () => {
  beforeEach(() => resetDatabase());

  it('when it is both stale and incomplete, then the answer is 409 (reload first) and nothing is stored', async () => {
    const w = await givenOpenCampaign();
    const { version } = await givenFilledSubmission(w);
    const res = await request(w.app)
      .post(`/api/v1/submissions/${w.bcaSub}/items`)
      .set('Authorization', w.bca)
      .send({ version: version - 1, values: { ...GOOD_ROW, so_ky_hieu: '' } });
    expect(res.status).to.equal(409);
    expect(res.body.error.code).to.equal('conflict');
    const stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.itemCount).to.equal(1);
    expect(await rowsOf(w.bcaSub)).to.have.length(1);
    expect(stored!.version).to.equal(version);
  });
});
