import { expect } from 'chai';
import request from 'supertest';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign } from '../submissions/world.js';

const options = (html: string) => [...html.matchAll(/<option value="([0-9a-f]{24})"[^>]*>([^<]+)<\/option>/g)].map((m) => m[2]).filter((t) => t.startsWith('Rà soát'));

describe('review queue page', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the queue is filtered or not, then its campaign list offers every open and closed campaign, newest deadline first, and the lines follow the filter', async () => {
    const w = await givenOpenCampaign({ deadline: '31/12/2030' });
    await givenFilledSubmission(w);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' }).expect(200);
    const later = await CampaignModel.create({ ...(await CampaignModel.findById(w.campaignId).lean())!, _id: undefined, title: 'Rà soát đợt 2', deadline: new Date('2031-06-30'), statusCounts: {} });
    await CampaignModel.create({ ...(await CampaignModel.findById(w.campaignId).lean())!, _id: undefined, title: 'Rà soát nháp', status: 'draft', statusCounts: {} });
    const admin = await loginAs(w.app, w.users.admin);
    const expected = ['Rà soát đợt 2', 'Rà soát VBQPPL phục vụ Đề án 06 — đợt 1'];

    const all = await admin.agent.get('/reviews');
    expect(all.status).to.equal(200);
    expect(options(all.text)).to.deep.equal(expected);
    expect(all.text).to.include('Bộ Công an').and.include('<td>Rà soát VBQPPL');

    const other = await admin.agent.get(`/reviews?campaign=${later._id.toString()}`);
    expect(options(other.text)).to.deep.equal(expected);
    expect(other.text).not.to.include('<td>Rà soát VBQPPL');

    const mine = await admin.agent.get('/reviews?mine=1&overdue=1');
    expect(options(mine.text)).to.deep.equal(expected);

    // The total: sent submissions of open and closed campaigns, by status, by agency.
    const total = (html: string) => /Tổng số:?\s*([\d.]+)/.exec(html)?.[1];
    expect(total(all.text)).to.equal('1');
    expect(total((await admin.agent.get('/reviews?status=submitted')).text)).to.equal('1');
    expect(total((await admin.agent.get('/reviews?status=draft')).text)).to.equal('1');
    expect(total((await admin.agent.get('/reviews?status=accepted')).text)).to.equal('0');
    const hanoi = (await CampaignModel.findById(w.campaignId).lean())!.agencies[1]!.toString();
    expect(total((await admin.agent.get(`/reviews?agency=${hanoi}&status=draft`)).text)).to.equal('1');
    expect(total((await admin.agent.get(`/reviews?agency=${hanoi}`)).text)).to.equal('0');
  });
});
