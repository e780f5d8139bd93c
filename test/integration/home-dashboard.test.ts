import { expect } from 'chai';
import request from 'supertest';
import { loginAs } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign } from './submissions/world.js';

describe('home page by role', () => {
  beforeEach(() => resetDatabase());

  it('when a campaign is open, then the admin sees its progress, the reviewer the queue and the agency its deadline and report', async () => {
    const w = await givenOpenCampaign({ deadline: '31/12/2030' });
    const { version } = await givenFilledSubmission(w);
    const submit = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit', version });
    expect(submit.status, JSON.stringify(submit.body)).to.be.oneOf([200, 201]);

    const admin = await (await loginAs(w.app, w.users.admin)).agent.get('/');
    expect(admin.text).to.include('Rà soát VBQPPL phục vụ Đề án 06 — đợt 1');
    expect(admin.text).to.include('1/2 cơ quan đã gửi báo cáo');
    expect(admin.text).to.include(`href="/campaigns/${w.campaignId}/progress"`);

    const reviewer = await (await loginAs(w.app, w.users.reviewer)).agent.get('/');
    expect(reviewer.text).to.match(/stat-value mb-0">1<\/p><p class="mb-0">Báo cáo mới gửi, chờ xem xét/);

    const agency = await (await loginAs(w.app, w.users.hanoi)).agent.get('/');
    expect(agency.text).to.include('31/12/2030');
    expect(agency.text).to.include(`href="/submissions/${w.hanoiSub}"`);
    expect(agency.text).to.include('Bản nháp');
    expect(agency.text).not.to.include(w.bcaSub);
  });

  it('when the deadline has passed, then the admin sees how many agencies are overdue', async () => {
    const w = await givenOpenCampaign({ deadline: '01/01/2020' });
    const admin = await (await loginAs(w.app, w.users.admin)).agent.get('/');
    expect(admin.text).to.include('2 cơ quan quá hạn chưa gửi');
  });
});
