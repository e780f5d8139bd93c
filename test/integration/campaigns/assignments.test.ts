import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { CommentModel } from '../../../src/reviews/comment.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { agencyByCode, csrfFromHtml, givenToken, givenUser, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, type World } from '../submissions/world.js';

async function givenSecondReviewer() {
  const user = await givenUser({ role: 'reviewer', name: 'Trần Thị Phân Công' });
  return { user, auth: `Bearer ${await givenToken(user)}` };
}

const assign = (w: World, auth: string, body: object) => request(w.app).put(`/api/v1/campaigns/${w.campaignId}/assignments`).set('Authorization', auth).send(body);
const tr = (w: World, auth: string, action: string, message?: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message });

describe('reviewer assignments and workload', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a reviewer is not on the campaign, then they may read its submissions but not start reviews, comment or record decisions (403), and nothing changes', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    const other = await givenSecondReviewer();
    expect((await tr(w, w.bca, 'submit')).status).to.equal(200);

    expect((await request(w.app).get(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', other.auth)).status).to.equal(200);
    const start = await tr(w, other.auth, 'start_review');
    expect(start.status).to.equal(403);
    expect(start.body.error.message).to.include('không được phân công');
    expect((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', other.auth).send({ text: 'Ý kiến', itemId })).status).to.equal(403);
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.status).to.equal('submitted');
    expect(await CommentModel.countDocuments({ submission: w.bcaSub })).to.equal(0);

    // the campaign's reviewer acts; the other still cannot decide
    expect((await tr(w, w.rev, 'start_review')).status).to.equal(200);
    expect((await request(w.app).put(`/api/v1/submissions/${w.bcaSub}/items/${itemId}/disposition`).set('Authorization', other.auth).send({ decision: 'accepted' })).status).to.equal(403);
    expect((await tr(w, other.auth, 'accept')).status).to.equal(403);
  });

  it('when the admin gives agencies to one reviewer in bulk and later takes them back, then only that reviewer acts, hears of resubmissions, and each change is audited', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const other = await givenSecondReviewer();
    const bca = (await agencyByCode('bo-cong-an'))._id.toString();
    const hn = (await agencyByCode('ha-noi'))._id.toString();

    expect((await assign(w, w.rev, { reviewer: other.user._id.toString(), agencies: [bca] })).status).to.equal(403);
    expect((await assign(w, w.bca, { reviewer: other.user._id.toString(), agencies: [bca] })).status).to.equal(403);
    const ok = await assign(w, w.admin, { reviewer: other.user._id.toString(), agencies: [bca, hn] });
    expect(ok.status).to.equal(200);
    const stored = await CampaignModel.findById(w.campaignId).lean();
    expect(stored!.assignments!.map((a) => [a.agency.toString(), a.reviewer.toString()])).to.deep.equal([[bca, other.user._id.toString()], [hn, other.user._id.toString()]]);
    expect(stored!.reviewers.map(String)).to.include(other.user._id.toString());

    expect((await tr(w, w.bca, 'submit')).status).to.equal(200);
    expect(await NotificationModel.countDocuments({ user: other.user._id, kind: 'status_change' })).to.equal(1);
    expect(await NotificationModel.countDocuments({ user: w.users.reviewer._id, kind: 'status_change' }), 'the campaign reviewer no longer handles Bộ Công an').to.equal(0);
    expect((await tr(w, w.rev, 'start_review')).status).to.equal(403);
    expect((await tr(w, other.auth, 'start_review')).status).to.equal(200);
    expect((await tr(w, w.admin, 'request_changes', 'Bổ sung.')).status, 'admins always act').to.equal(200);

    // back to the campaign's reviewers as a whole
    expect((await assign(w, w.admin, { reviewer: null, agencies: [bca] })).status).to.equal(200);
    expect((await CampaignModel.findById(w.campaignId).lean())!.assignments!.map((a) => a.agency.toString())).to.deep.equal([hn]);
    const events = await AuditEventModel.find({ action: 'campaign.assign' }).sort({ at: 1 }).lean();
    expect(events).to.have.length(2);
    expect(events[0]!.details).to.include({ to: 'Trần Thị Phân Công', agencies: 2 });
    expect(String(events[1]!.details!.from)).to.include(`${bca}→${other.user._id.toString()}`);
  });

  it('when the assignment input is wrong, then it is a 422 on the field and nothing is stored', async () => {
    const w = await givenOpenCampaign();
    const bca = (await agencyByCode('bo-cong-an'))._id.toString();
    const danang = (await agencyByCode('da-nang'))._id.toString();
    const cases: [object, string][] = [
      [{ reviewer: w.users.reviewer._id.toString(), agencies: [] }, 'agencies'],
      [{ reviewer: w.users.reviewer._id.toString(), agencies: [danang] }, 'agencies'],
      [{ reviewer: w.users.bca._id.toString(), agencies: [bca] }, 'reviewer'],
      [{ reviewer: 'nope', agencies: [bca] }, 'reviewer'],
      [{ reviewer: w.users.reviewer._id.toString(), agencies: ['x'] }, 'agencies.0'],
    ];
    for (const [body, field] of cases) {
      const res = await assign(w, w.admin, body);
      expect(res.status, JSON.stringify(body)).to.equal(422);
      expect(res.body.error.details[0].field).to.equal(field);
    }
    expect((await CampaignModel.findById(w.campaignId).lean())!.assignments).to.deep.equal([]);
  });

  it('when the admin uses the assignment page, then ticked agencies go to the chosen reviewer, and none ticked comes back 422 with the message', async () => {
    const w = await givenOpenCampaign();
    const other = await givenSecondReviewer();
    const s = await loginAs(w.app, w.users.admin);
    const page = await s.agent.get(`/campaigns/${w.campaignId}/assignments`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Bộ Công an').and.to.include('Trần Thị Phân Công');
    const csrf = csrfFromHtml(page.text);
    const none = await s.agent.post(`/campaigns/${w.campaignId}/assignments`).type('form').send({ _csrf: csrf, reviewer: other.user._id.toString() });
    expect(none.status).to.equal(422);
    expect(none.text).to.include('Hãy chọn ít nhất một cơ quan.');
    const hn = (await agencyByCode('ha-noi'))._id.toString();
    const ok = await s.agent.post(`/campaigns/${w.campaignId}/assignments`).type('form').send({ _csrf: csrf, reviewer: other.user._id.toString(), agencies: hn });
    expect(ok.status).to.equal(302);
    const stored = await CampaignModel.findById(w.campaignId).lean();
    expect(stored!.assignments!.map((a) => a.reviewer.toString())).to.deep.equal([other.user._id.toString()]);
    const after = await s.agent.get(`/campaigns/${w.campaignId}/assignments`);
    expect(after.text).to.match(/Hà Nội<\/label><\/td>\s*<td>Trần Thị Phân Công/);
  });

  it('when reviewers open the workload view, then each sees per reviewer what is assigned, waiting, overdue and the open threads', async () => {
    const w = await givenOpenCampaign({ deadline: '01/01/2026' });
    const { itemId } = await givenFilledSubmission(w);
    const other = await givenSecondReviewer();
    const hn = (await agencyByCode('ha-noi'))._id.toString();
    expect((await assign(w, w.admin, { reviewer: other.user._id.toString(), agencies: [hn] })).status).to.equal(200);
    // with two reviewers on the campaign, Bộ Công an is shared until given to one of them
    let rows = (await request(w.app).get('/api/v1/workload').set('Authorization', w.rev)).body.items as { reviewer: unknown; assigned: number }[];
    expect(rows.find((r) => r.reviewer === null)).to.include({ assigned: 1 });
    const bca = (await agencyByCode('bo-cong-an'))._id.toString();
    expect((await assign(w, w.admin, { reviewer: w.users.reviewer._id.toString(), agencies: [bca] })).status).to.equal(200);
    rows = (await request(w.app).get('/api/v1/workload').set('Authorization', w.rev)).body.items;
    expect(rows.some((r) => r.reviewer === null)).to.equal(false);
    await CampaignModel.updateOne({ _id: w.campaignId }, { $set: { deadline: new Date('2030-12-31T16:59:59Z') } });
    expect((await tr(w, w.bca, 'submit')).status).to.equal(200);
    await CampaignModel.updateOne({ _id: w.campaignId }, { $set: { deadline: new Date('2020-01-01T16:59:59Z') } });
    expect((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ text: 'Làm rõ', itemId })).status).to.equal(201);

    const res = await request(w.app).get('/api/v1/workload').set('Authorization', other.auth);
    expect(res.status).to.equal(200);
    const byName = Object.fromEntries((res.body.items as { reviewer: { name: string } | null; assigned: number }[]).map((r) => [r.reviewer?.name ?? '-', r]));
    expect(byName[w.users.reviewer.name]).to.include({ assigned: 1, waiting: 1, overdue: 0, openThreads: 1 });
    expect(byName['Trần Thị Phân Công']).to.include({ assigned: 1, waiting: 0, overdue: 1, openThreads: 0 });
    expect((await request(w.app).get('/api/v1/workload').set('Authorization', w.bca)).status).to.equal(403);

    const s = await loginAs(w.app, other.user);
    const page = await s.agent.get('/reviews/workload');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Khối lượng công việc').and.to.include('Trần Thị Phân Công');
  });
});
