import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { CommentModel } from '../../../src/reviews/comment.model.js';
import { DispositionModel } from '../../../src/reviews/disposition.model.js';
import { SubmissionItemModel } from '../../../src/submissions/item.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { agencyByCode, csrfFromHtml, givenToken, givenUser, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, givenFilledSubmission, givenOpenCampaign, type World } from '../submissions/world.js';

/** The campaign of the world, with Văn phòng Chính phủ named as coordinating agency; the BCA submission sent and in review. */
async function givenCoordinatedCampaign() {
  const w = await givenOpenCampaign();
  const { itemId, version } = await givenFilledSubmission(w);
  const vpcp = await agencyByCode('van-phong-chinh-phu');
  const officer = await givenUser({ role: 'agency', agencyCode: 'van-phong-chinh-phu', name: 'Trần Thị Phối Hợp' });
  const vp = `Bearer ${await givenToken(officer)}`;
  const named = await request(w.app).put(`/api/v1/campaigns/${w.campaignId}/coordinators`).set('Authorization', w.admin).send({ coordinators: [vpcp._id.toString()] });
  expect(named.status, JSON.stringify(named.body)).to.equal(200);
  const tr = (auth: string, action: string, message?: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message });
  expect((await tr(w.bca, 'submit')).status).to.equal(200);
  expect((await tr(w.rev, 'start_review')).status).to.equal(200);
  return { w, vpcp, officer, vp, itemId, version, tr };
}

/** A second open campaign for Hà Nội only, which Văn phòng Chính phủ does not coordinate. */
async function givenOtherCampaign(w: World): Promise<string> {
  const c = await CampaignModel.findById(w.campaignId).lean();
  const hn = await agencyByCode('ha-noi');
  const created = await request(w.app).post('/api/v1/campaigns').set('Authorization', w.admin).send({ title: 'Đợt khác', template: c!.template.toString(), agencies: [hn._id.toString()], deadline: '31/12/2030' });
  expect((await request(w.app).post(`/api/v1/campaigns/${created.body.id}/open`).set('Authorization', w.admin)).status).to.equal(200);
  return (await SubmissionModel.findOne({ campaign: created.body.id }).lean())!._id.toString();
}

describe('coordinating agencies (cơ quan phối hợp)', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the admin names a coordinating agency, then it is stored, audited and its users are told; a stale rev is 409, an unknown agency 422, a reviewer 403', async () => {
    const { w, vpcp, officer } = await givenCoordinatedCampaign();
    const stored = await CampaignModel.findById(w.campaignId).lean();
    expect(stored!.coordinators!.map(String)).to.deep.equal([vpcp._id.toString()]);
    const event = await AuditEventModel.findOne({ action: 'campaign.coordinators' }).lean();
    expect(event, 'audited').to.exist;
    expect(JSON.stringify(event)).to.include('Văn phòng Chính phủ');
    const told = await NotificationModel.find({ user: officer._id }).lean();
    expect(told.map((n) => n.messageKey)).to.include('coordination.notify.named');

    const put = (auth: string, body: object) => request(w.app).put(`/api/v1/campaigns/${w.campaignId}/coordinators`).set('Authorization', auth).send(body);
    expect((await put(w.admin, { coordinators: [vpcp._id.toString()], rev: 1 })).status).to.equal(409);
    const bad = await put(w.admin, { coordinators: ['0123456789abcdef01234567'] });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0].field).to.equal('coordinators');
    expect((await put(w.rev, { coordinators: [] })).status).to.equal(403);
    expect((await put(w.bca, { coordinators: [] })).status).to.equal(403);
    // Naming the same agency again does not tell its users twice.
    expect((await put(w.admin, { coordinators: [vpcp._id.toString()] })).status).to.equal(200);
    expect(await NotificationModel.countDocuments({ user: officer._id, messageKey: 'coordination.notify.named' })).to.equal(1);
  });

  it('when a coordinator reads, then it sees every submission of the campaign with its rows and threads, and nothing of another campaign (404)', async () => {
    const { w, vp, itemId } = await givenCoordinatedCampaign();
    const other = await givenOtherCampaign(w);
    const get = (path: string, auth = vp) => request(w.app).get(`/api/v1${path}`).set('Authorization', auth);

    const list = await get('/campaigns');
    expect(list.body.items.map((c: { id: string }) => c.id)).to.deep.equal([w.campaignId]);
    const subs = await get(`/campaigns/${w.campaignId}/submissions`);
    expect(subs.status).to.equal(200);
    expect(subs.body.items).to.have.length(2);
    const bca = await get(`/submissions/${w.bcaSub}`);
    expect(bca.status).to.equal(200);
    expect(bca.body.items).to.have.length(1);
    expect((await get(`/submissions/${w.hanoiSub}`)).status).to.equal(200);

    const decided = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}/items/${itemId}/disposition`).set('Authorization', w.rev).send({ decision: 'partly_accepted', explanation: 'Tiếp thu phần bỏ yêu cầu nộp sổ hộ khẩu.' });
    expect(decided.status).to.equal(200);
    expect(JSON.stringify((await get(`/submissions/${w.bcaSub}`)).body), 'the coordinator reads the disposition').to.include('Tiếp thu phần bỏ yêu cầu nộp sổ hộ khẩu.');
    const note = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ text: 'Ý kiến của chuyên viên Bộ Tư pháp.' });
    expect(note.status).to.equal(201);
    const threads = await get(`/submissions/${w.bcaSub}/comments`);
    expect(threads.status).to.equal(200);
    expect(JSON.stringify(threads.body)).to.include('Ý kiến của chuyên viên Bộ Tư pháp.');

    expect((await get(`/submissions/${other}`)).status).to.equal(404);
    expect((await get(`/campaigns/${(await SubmissionModel.findById(other).lean())!.campaign.toString()}/submissions`)).status).to.equal(404);
    // Hà Nội takes part but coordinates nothing: the BCA submission stays invisible to it.
    expect((await get(`/submissions/${w.bcaSub}`, w.hanoi)).status).to.equal(404);
    expect((await get(`/submissions/${w.bcaSub}/comments`, w.hanoi)).status).to.equal(404);
  });

  it('when the admin takes an agency off the coordinators, then its users read none of the campaign\'s other submissions from the next request on (404), by API and by page', async () => {
    const { w, vp, officer } = await givenCoordinatedCampaign();
    const page = await loginAs(w.app, officer);
    expect((await request(w.app).get(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', vp)).status).to.equal(200);
    expect((await page.agent.get(`/submissions/${w.bcaSub}/review`)).status).to.equal(200);

    const cleared = await request(w.app).put(`/api/v1/campaigns/${w.campaignId}/coordinators`).set('Authorization', w.admin).send({ coordinators: [] });
    expect(cleared.status).to.equal(200);
    expect((await CampaignModel.findById(w.campaignId).lean())!.coordinators).to.deep.equal([]);
    expect((await request(w.app).get(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', vp)).status).to.equal(404);
    expect((await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/submissions`).set('Authorization', vp)).status).to.equal(404);
    expect((await page.agent.get(`/submissions/${w.bcaSub}/review`)).status).to.equal(404);
  });

  it('when a coordinator comments on a row, then the thread is stored for the submission, the agency and its reviewer are told, and the coordinator may resolve its own thread only', async () => {
    const { w, vp, officer, itemId } = await givenCoordinatedCampaign();
    const post = (body: object, auth = vp) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', auth).send(body);
    const mine = await post({ text: 'Đề nghị nêu rõ điều khoản cần sửa.', itemId });
    expect(mine.status, JSON.stringify(mine.body)).to.equal(201);
    const stored = await CommentModel.findById(mine.body.id).lean();
    expect(stored!.author.toString()).to.equal(officer._id.toString());
    expect(stored!.agency.toString()).to.equal((await agencyByCode('bo-cong-an'))._id.toString());
    expect(stored!.target.kind).to.equal('item');
    expect(stored!.coordinatorAgency).to.equal('Văn phòng Chính phủ');
    const told = await NotificationModel.find({ kind: 'comment', 'object.id': stored!._id }).lean();
    const who = told.map((n) => n.user.toString());
    expect(who).to.include(w.users.bca._id.toString());
    expect(who).to.include(w.users.reviewer._id.toString());

    const section = await post({ text: 'Phần đánh giá cần số liệu.', sectionKey: 'danh_gia' });
    expect(section.status).to.equal(201);
    const moj = await post({ text: 'Chuyên viên: bổ sung căn cứ.' }, w.rev);
    const reply = await post({ text: 'Văn phòng Chính phủ thống nhất.', parentId: moj.body.id });
    expect(reply.status).to.equal(201);

    expect((await request(w.app).post(`/api/v1/comments/${moj.body.id}/resolve`).set('Authorization', vp)).status).to.equal(403);
    expect((await request(w.app).post(`/api/v1/comments/${mine.body.id}/resolve`).set('Authorization', vp)).status).to.equal(200);
    expect((await CommentModel.findById(mine.body.id).lean())!.status).to.equal('resolved');
    expect((await CommentModel.findById(moj.body.id).lean())!.status).to.equal('open');
  });

  it('when a coordinator tries to edit, decide, dispose or accept, then each is refused and nothing changes', async () => {
    const { w, vp, itemId, tr } = await givenCoordinatedCampaign();
    const api = request(w.app);
    const before = await SubmissionModel.findById(w.bcaSub).lean();
    expect((await tr(vp, 'accept')).status).to.equal(403);
    expect((await tr(vp, 'request_changes', 'Sửa lại.')).status).to.equal(403);
    expect((await api.put(`/api/v1/submissions/${w.bcaSub}/items/${itemId}/disposition`).set('Authorization', vp).send({ decision: 'accepted', explanation: 'x' })).status).to.equal(403);
    expect(await DispositionModel.countDocuments({ submission: w.bcaSub })).to.equal(0);
    // The Hà Nội draft is editable by Hà Nội only.
    expect((await api.post(`/api/v1/submissions/${w.hanoiSub}/items`).set('Authorization', vp).send({ version: 1, values: GOOD_ROW })).status).to.equal(403);
    expect((await api.post(`/api/v1/submissions/${w.hanoiSub}/transitions`).set('Authorization', vp).send({ action: 'submit' })).status).to.equal(403);
    expect((await api.put(`/api/v1/submissions/${w.hanoiSub}`).set('Authorization', vp).send({ version: 1, items: [], report: {} })).status).to.equal(403);
    expect(await SubmissionItemModel.countDocuments({ submission: w.hanoiSub })).to.equal(0);
    const after = await SubmissionModel.findById(w.bcaSub).lean();
    expect(after!.status).to.equal(before!.status);
    expect(after!.version).to.equal(before!.version);
    expect((await SubmissionModel.findById(w.hanoiSub).lean())!.status).to.equal('draft');
  });

  it('when an agency that also takes part coordinates, then it still edits its own submission and lists only its own as "mine"', async () => {
    const w = await givenOpenCampaign();
    const bca = await agencyByCode('bo-cong-an');
    expect((await request(w.app).put(`/api/v1/campaigns/${w.campaignId}/coordinators`).set('Authorization', w.admin).send({ coordinators: [bca._id.toString()] })).status).to.equal(200);
    expect((await request(w.app).get(`/api/v1/submissions/${w.hanoiSub}`).set('Authorization', w.bca)).status).to.equal(200);
    const added = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version: 1, values: GOOD_ROW });
    expect(added.status).to.equal(201);
    const s = await loginAs(w.app, w.users.bca);
    const mine = await s.agent.get('/submissions');
    expect(mine.status).to.equal(200);
    expect(mine.text).to.include(`/submissions/${w.bcaSub}`);
    expect(mine.text).not.to.include(`/submissions/${w.hanoiSub}`);
  });

  it('when a coordinator opens the pages, then the campaign list marks the campaign, the campaign page lists every agency, the submission opens read-only with the comment forms', async () => {
    const { w, officer } = await givenCoordinatedCampaign();
    const s = await loginAs(w.app, officer);
    const list = await s.agent.get('/campaigns');
    expect(list.status).to.equal(200);
    expect(list.text).to.include('Phối hợp');
    const page = await s.agent.get(`/campaigns/${w.campaignId}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Cơ quan bạn phối hợp trong đợt rà soát này');
    expect(page.text).to.include('Bộ Công an');
    expect(page.text).to.include('Thành phố Hà Nội');
    expect(page.text).to.include(`/submissions/${w.bcaSub}/review`);

    const edit = await s.agent.get(`/submissions/${w.hanoiSub}`);
    expect(edit.status).to.equal(302);
    expect(edit.headers.location).to.equal(`/submissions/${w.hanoiSub}/review`);
    const review = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=rows`);
    expect(review.status).to.equal(200);
    expect(review.text).to.include('với tư cách cơ quan phối hợp');
    expect(review.text).to.include('name="text"');
    expect(review.text).not.to.include('name="decision"');
    expect(review.text).not.to.include('value="accept"');
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', `Bearer ${await givenToken(officer)}`).send({ text: 'Ý kiến phối hợp.' });
    expect((await s.agent.get(`/submissions/${w.bcaSub}/review?tab=comments`)).text).to.include('Văn phòng Chính phủ (cơ quan phối hợp)');

    const csrf = csrfFromHtml(review.text);
    const posted = await s.agent.post(`/submissions/${w.bcaSub}/comments`).type('form').send({ _csrf: csrf, text: 'Góp ý từ trang.', _tab: 'comments' });
    expect(posted.status).to.equal(302);
    expect(await CommentModel.countDocuments({ submission: w.bcaSub, author: officer._id, text: 'Góp ý từ trang.' })).to.equal(1);
  });

  it('when the admin uses the coordinators page, then the choice is saved and shown on the campaign page; reviewers and agencies get 403', async () => {
    const w = await givenOpenCampaign();
    const vpcp = await agencyByCode('van-phong-chinh-phu');
    const s = await loginAs(w.app, w.users.admin);
    const page = await s.agent.get(`/campaigns/${w.campaignId}/coordinators`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Văn phòng Chính phủ');
    const saved = await s.agent.post(`/campaigns/${w.campaignId}/coordinators`).type('form').send({ _csrf: csrfFromHtml(page.text), coordinators: vpcp._id.toString(), rev: '2' });
    expect(saved.status).to.equal(302);
    expect((await CampaignModel.findById(w.campaignId).lean())!.coordinators!.map(String)).to.deep.equal([vpcp._id.toString()]);
    const show = await s.agent.get(`/campaigns/${w.campaignId}`);
    expect(show.text).to.match(/class="coordinators">Văn phòng Chính phủ</);
    const stale = await s.agent.post(`/campaigns/${w.campaignId}/coordinators`).type('form').send({ _csrf: csrfFromHtml(page.text), coordinators: [], rev: '2' });
    expect(stale.status).to.equal(409);

    for (const user of [w.users.reviewer, w.users.bca]) {
      const other = await loginAs(w.app, user);
      expect((await other.agent.get(`/campaigns/${w.campaignId}/coordinators`)).status).to.equal(403);
    }
  });

  it('when a draft campaign is created with coordinators through the API, then they are stored, shown on the wizard review step, kept by an update that leaves them out, and not told before it opens', async () => {
    const w = await givenOpenCampaign();
    const vpcp = await agencyByCode('van-phong-chinh-phu');
    const officer = await givenUser({ role: 'agency', agencyCode: 'van-phong-chinh-phu' });
    const first = await CampaignModel.findById(w.campaignId).lean();
    const body = { title: 'Đợt 2', template: first!.template.toString(), agencies: [first!.agencies[0]!.toString()], deadline: '31/12/2030', coordinators: [vpcp._id.toString()] };
    const created = await request(w.app).post('/api/v1/campaigns').set('Authorization', w.admin).send(body);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.coordinators).to.deep.equal([vpcp._id.toString()]);
    const { coordinators: _left, ...withoutThem } = body;
    const updated = await request(w.app).put(`/api/v1/campaigns/${created.body.id}`).set('Authorization', w.admin).send({ ...withoutThem, title: 'Đợt 2 (sửa)' });
    expect(updated.status).to.equal(200);
    expect((await CampaignModel.findById(created.body.id).lean())!.coordinators!.map(String)).to.deep.equal([vpcp._id.toString()]);
    expect((await request(w.app).post('/api/v1/campaigns').set('Authorization', w.admin).send({ ...body, coordinators: ['0123456789abcdef01234567'] })).status).to.equal(422);

    const s = await loginAs(w.app, w.users.admin);
    const review = await s.agent.get(`/campaigns/${created.body.id}/setup/review`);
    expect(review.status).to.equal(200);
    expect(review.text).to.include('Văn phòng Chính phủ');
    // A draft stays invisible to the coordinator, and nobody was told yet.
    const vp = `Bearer ${await givenToken(officer)}`;
    expect((await request(w.app).get(`/api/v1/campaigns/${created.body.id}`).set('Authorization', vp)).status).to.equal(404);
    expect(await NotificationModel.countDocuments({ user: officer._id })).to.equal(0);
    expect((await request(w.app).post(`/api/v1/campaigns/${created.body.id}/open`).set('Authorization', w.admin)).status).to.equal(200);
    expect(await NotificationModel.countDocuments({ user: officer._id, messageKey: 'coordination.notify.named' })).to.equal(1);
    expect((await request(w.app).get(`/api/v1/campaigns/${created.body.id}`).set('Authorization', vp)).status).to.equal(200);
  });
});
