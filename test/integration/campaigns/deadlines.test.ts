import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { UserModel } from '../../../src/users/user.model.js';
import { agencyByCode, csrfFromHtml, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, type World } from '../submissions/world.js';

async function campaignBody(w: World, overrides: Record<string, unknown> = {}) {
  const c = (await request(w.app).get(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.admin)).body;
  return { title: c.title, template: c.template.id, agencies: c.agencies, reviewers: c.reviewers, deadline: '31/12/2030', ...overrides };
}

describe('deadlines: changes, per-agency extensions, closing and reopening', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the start date is after the deadline, then create and edit are refused with 422 on startDate', async () => {
    const w = await givenOpenCampaign();
    const res = await request(w.app).put(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.admin).send(await campaignBody(w, { startDate: '01/01/2031' }));
    expect(res.status).to.equal(422);
    expect(res.body.error.details[0].field).to.equal('startDate');
    const created = await request(w.app).post('/api/v1/campaigns').set('Authorization', w.admin).send({ ...(await campaignBody(w)), title: 'Đợt 2', startDate: '02/02/2031', deadline: '01/02/2031' });
    expect(created.status).to.equal(422);
    expect(await CampaignModel.countDocuments({})).to.equal(1);
  });

  it('when an open campaign\'s deadline moves, then the agencies still owing a report are notified and the audit keeps old → new', async () => {
    const w = await givenOpenCampaign();
    const res = await request(w.app).put(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.admin).send(await campaignBody(w, { deadline: '15/01/2031' }));
    expect(res.status).to.equal(200);
    const told = await NotificationModel.find({ user: { $in: [w.users.bca._id, w.users.hanoi._id] }, messageKey: 'notifications.deadline.changed' }).lean();
    expect(told).to.have.length(2);
    expect(told[0]!.params).to.include({ from: '31/12/2030', to: '15/01/2031' });
    const ev = await AuditEventModel.findOne({ action: 'campaign.deadline' }).lean();
    expect(ev!.details).to.include({ from: '2030-12-31T16:59:59.000Z', to: '2031-01-15T16:59:59.000Z' });
    const upd = await AuditEventModel.findOne({ action: 'campaign.update' }).sort({ at: -1 }).lean();
    expect((upd!.details as { deadline: { from: string } }).deadline.from).to.equal('2030-12-31T16:59:59.000Z');
  });

  it('when a deadline moves or is extended for agencies without an active user, then the admin is warned by name instead of a silent success', async () => {
    const w = await givenOpenCampaign();
    await UserModel.updateOne({ _id: w.users.hanoi._id }, { $set: { active: false } });
    const hanoi = await agencyByCode('ha-noi');
    const res = await request(w.app).put(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.admin).send(await campaignBody(w, { deadline: '15/01/2031' }));
    expect(res.status).to.equal(200);
    const warned = await NotificationModel.find({ user: w.users.admin._id, messageKey: 'notifications.deadline.without_users' }).lean();
    expect(warned).to.have.length(1);
    expect(warned[0]!.params).to.include({ count: 1, names: hanoi.nameVi });
    expect((await AuditEventModel.findOne({ action: 'campaign.deadline' }).lean())!.details).to.include({ notified: 1, withoutUsers: hanoi.nameVi });
    const ext = await request(w.app).put(`/api/v1/campaigns/${w.campaignId}/extensions`).set('Authorization', w.admin)
      .send({ agency: hanoi._id.toString(), deadline: '31/01/2031', reason: 'Thành phố đang tổng hợp' });
    expect(ext.status).to.equal(200);
    expect(await NotificationModel.countDocuments({ user: w.users.admin._id, messageKey: 'notifications.deadline.without_users' })).to.equal(2);
    expect((await AuditEventModel.findOne({ action: 'campaign.extend' }).lean())!.details).to.include({ notified: 0, withoutUsers: hanoi.nameVi });
  });

  it('when the admin extends one agency\'s deadline with a reason, then that agency is told, its pages and progress show its own deadline, and bad input is a 422 by the field', async () => {
    const w = await givenOpenCampaign({ deadline: '01/01/2026' });
    const bca = (await agencyByCode('bo-cong-an'))._id.toString();
    const ext = (body: object, auth = w.admin) => request(w.app).put(`/api/v1/campaigns/${w.campaignId}/extensions`).set('Authorization', auth).send(body);
    expect((await ext({ agency: bca, deadline: '31/12/2030', reason: 'x' }, w.rev)).status).to.equal(403);
    let res = await ext({ agency: bca, deadline: '31/12/2025', reason: '' });
    expect(res.status).to.equal(422);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).to.have.members(['deadline', 'reason']);
    res = await ext({ agency: bca, deadline: '31/12/2030', reason: 'Bộ đang lấy ý kiến các đơn vị thuộc Bộ' });
    expect(res.status).to.equal(200);
    const stored = await CampaignModel.findById(w.campaignId).lean();
    expect(stored!.extensions![0]).to.include({ reason: 'Bộ đang lấy ý kiến các đơn vị thuộc Bộ' });
    expect(await NotificationModel.countDocuments({ user: w.users.bca._id, messageKey: 'notifications.deadline.extended' })).to.equal(1);
    expect(await NotificationModel.countDocuments({ user: w.users.hanoi._id, messageKey: 'notifications.deadline.extended' })).to.equal(0);
    const ev = await AuditEventModel.findOne({ action: 'campaign.extend' }).lean();
    expect(ev!.details).to.include({ from: '2026-01-01T16:59:59.000Z', to: '2030-12-31T16:59:59.000Z' });

    const progress = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/progress`).set('Authorization', w.rev);
    const rows = progress.body.items as { agency: { code: string }; overdue: boolean; extension: { reason: string } | null }[];
    expect(rows.find((r) => r.agency.code === 'bo-cong-an')).to.deep.include({ overdue: false });
    expect(rows.find((r) => r.agency.code === 'bo-cong-an')!.extension!.reason).to.equal('Bộ đang lấy ý kiến các đơn vị thuộc Bộ');
    expect(rows.find((r) => r.agency.code === 'ha-noi')).to.deep.include({ overdue: true, extension: null });

    const agency = await loginAs(w.app, w.users.bca);
    const page = await agency.agent.get(`/submissions/${w.bcaSub}`);
    expect(page.text).to.include('31/12/2030').and.include('Bộ đang lấy ý kiến các đơn vị thuộc Bộ');
    const other = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.hanoi);
    expect(other.body.extensions, 'Hà Nội does not see Bộ Công an\'s extension').to.deep.equal([]);

    const admin = await loginAs(w.app, w.users.admin);
    const show = await admin.agent.get(`/campaigns/${w.campaignId}`);
    const bad = await admin.agent.post(`/campaigns/${w.campaignId}/extensions`).type('form').send({ _csrf: csrfFromHtml(show.text), agency: bca, deadline: '31/02/2031', reason: 'Lý do đã gõ' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.include('id="ext-deadline-error"').and.include('Lý do đã gõ');
  });

  it('when the admin closes a campaign with submissions not accepted, then the page warns with the count; a closed campaign can be reopened by an admin with a reason', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const admin = await loginAs(w.app, w.users.admin);
    const show = await admin.agent.get(`/campaigns/${w.campaignId}`);
    expect(show.text).to.include('Còn 2 báo cáo chưa được chấp thuận');
    const closed = await request(w.app).post(`/api/v1/campaigns/${w.campaignId}/close`).set('Authorization', w.admin);
    expect(closed.status).to.equal(200);
    expect(closed.body.notAccepted).to.equal(2);
    expect((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' })).status).to.equal(409);

    expect((await request(w.app).post(`/api/v1/campaigns/${w.campaignId}/reopen`).set('Authorization', w.rev).send({ reason: 'x' })).status).to.equal(403);
    const noWhy = await admin.agent.post(`/campaigns/${w.campaignId}/reopen`).type('form').send({ _csrf: csrfFromHtml((await admin.agent.get(`/campaigns/${w.campaignId}`)).text), reason: '' });
    expect(noWhy.status).to.equal(422);
    const reopened = await request(w.app).post(`/api/v1/campaigns/${w.campaignId}/reopen`).set('Authorization', w.admin).send({ reason: 'Bộ Công an gửi muộn có lý do chính đáng.' });
    expect(reopened.status).to.equal(200);
    expect(reopened.body.status).to.equal('open');
    expect((await AuditEventModel.findOne({ action: 'campaign.reopen' }).lean())!.details).to.include({ reason: 'Bộ Công an gửi muộn có lý do chính đáng.' });
    expect((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' })).status).to.equal(200);
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.status).to.equal('submitted');
  });
});
