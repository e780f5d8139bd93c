import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { TemplateCommentModel, TemplateConsultationModel } from '../../../src/review-templates/consultation.model.js';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { agencyByCode, csrfFromHtml, givenToken, givenUser, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign } from '../submissions/world.js';

/** The campaign on the built-in template, with Văn phòng Chính phủ coordinating, and a new draft version of that template. */
async function givenDraftVersion() {
  const w = await givenOpenCampaign();
  const vpcp = await agencyByCode('van-phong-chinh-phu');
  expect((await request(w.app).put(`/api/v1/campaigns/${w.campaignId}/coordinators`).set('Authorization', w.admin).send({ coordinators: [vpcp._id.toString()] })).status).to.equal(200);
  const officer = await givenUser({ role: 'agency', agencyCode: 'van-phong-chinh-phu', name: 'Lê Văn Góp Ý' });
  const vp = `Bearer ${await givenToken(officer)}`;
  const admin = await loginAs(w.app, w.users.admin);
  const builtin = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean();
  const page = await admin.agent.get(`/admin/templates/${builtin!._id.toString()}`);
  const made = await admin.agent.post(`/admin/templates/${builtin!._id.toString()}/new-version`).type('form').send({ _csrf: csrfFromHtml(page.text) });
  expect(made.status).to.equal(302);
  const draft = await ReviewTemplateModel.findOne({ family: builtin!.family, status: 'draft' }).lean();
  return { w, vpcp, officer, vp, admin, draftId: draft!._id.toString(), publishedId: builtin!._id.toString() };
}

describe('draft templates sent for comments (gửi lấy ý kiến)', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the admin opens a draft, then the coordinating agencies of campaigns on the template are ticked; sending stores it, audits it and tells their users', async () => {
    const { w, vpcp, officer, admin, draftId } = await givenDraftVersion();
    const page = await admin.agent.get(`/admin/templates/${draftId}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Gửi lấy ý kiến');
    expect(page.text).to.match(new RegExp(`value="${vpcp._id.toString()}" id="ca-${vpcp._id.toString()}" checked`));
    const sent = await admin.agent.post(`/admin/templates/${draftId}/consultation`).type('form').send({ _csrf: csrfFromHtml(page.text), agencies: vpcp._id.toString(), message: 'Đề nghị góp ý trước ngày 15/12.' });
    expect(sent.status).to.equal(302);
    const stored = await TemplateConsultationModel.findOne({ template: draftId }).lean();
    expect(stored!.agencies.map(String)).to.deep.equal([vpcp._id.toString()]);
    expect(stored!.message).to.equal('Đề nghị góp ý trước ngày 15/12.');
    expect(await AuditEventModel.countDocuments({ action: 'template.consult' })).to.equal(1);
    const told = await NotificationModel.findOne({ user: officer._id, messageKey: 'consultation.notify.sent' }).lean();
    expect(told!.link).to.equal(`/templates/${draftId}/consultation`);

    const api = (body: object, auth = w.admin) => request(w.app).post(`/api/v1/templates/${draftId}/consultations`).set('Authorization', auth).send(body);
    expect((await api({ agencies: [] })).status).to.equal(422);
    expect((await api({ agencies: [vpcp._id.toString()] }, w.rev)).status).to.equal(403);
    expect((await api({ agencies: [vpcp._id.toString()] }, w.bca)).status).to.equal(403);
  });

  it('when a consulted agency comments, then the admin sees it on the template page, replies and resolves it; other agencies get 404; a published template takes no comments (409)', async () => {
    const { w, vpcp, officer, vp, admin, draftId, publishedId } = await givenDraftVersion();
    const bca = await agencyByCode('bo-cong-an');
    expect((await request(w.app).post(`/api/v1/templates/${draftId}/consultations`).set('Authorization', w.admin).send({ agencies: [vpcp._id.toString(), bca._id.toString()] })).status).to.equal(201);

    // Before anything is said, an agency that was not consulted cannot even see the draft.
    expect((await request(w.app).get(`/api/v1/templates/${draftId}/comments`).set('Authorization', w.hanoi)).status).to.equal(404);
    const s = await loginAs(w.app, officer);
    const page = await s.agent.get(`/templates/${draftId}/consultation?tab=fields`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Góp ý về');
    expect(page.text).not.to.include('legal-note');
    const empty = await s.agent.post(`/templates/${draftId}/comments`).type('form').send({ _csrf: csrfFromHtml(page.text), part: 'fields', text: '  ' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.include('is-invalid');
    const posted = await s.agent.post(`/templates/${draftId}/comments`).type('form').send({ _csrf: csrfFromHtml(page.text), part: 'fields', text: 'Đề nghị thêm cột "Cơ quan phối hợp".' });
    expect(posted.status).to.equal(302);
    const root = await TemplateCommentModel.findOne({ template: draftId }).lean();
    expect(root).to.include({ part: 'fields', status: 'open', authorName: 'Lê Văn Góp Ý' });
    expect(root!.agency.toString()).to.equal(vpcp._id.toString());
    expect(await NotificationModel.countDocuments({ user: w.users.admin._id, messageKey: 'consultation.notify.comment' })).to.equal(1);

    // Bộ Công an was consulted too, but sees only its own threads.
    const bcaList = await request(w.app).get(`/api/v1/templates/${draftId}/comments`).set('Authorization', w.bca);
    expect(bcaList.status).to.equal(200);
    expect(bcaList.body.items).to.deep.equal([]);
    expect((await request(w.app).post(`/api/v1/templates/${draftId}/comments`).set('Authorization', w.bca).send({ text: 'x', parentId: root!._id.toString() })).status).to.equal(422);
    expect((await request(w.app).post(`/api/v1/templates/${draftId}/comments`).set('Authorization', w.hanoi).send({ text: 'x' })).status).to.equal(404);
    expect((await request(w.app).post(`/api/v1/templates/${draftId}/comments`).set('Authorization', vp).send({ text: 'x', part: 'nowhere' })).status).to.equal(422);

    const adminPage = await admin.agent.get(`/admin/templates/${draftId}`);
    expect(adminPage.text).to.include('Đề nghị thêm cột &#34;Cơ quan phối hợp&#34;.');
    expect(adminPage.text).to.include('Văn phòng Chính phủ');
    const reply = await admin.agent.post(`/templates/${draftId}/comments`).type('form').send({ _csrf: csrfFromHtml(adminPage.text), parentId: root!._id.toString(), text: 'Đã tiếp thu, bổ sung ở phiên bản này.' });
    expect(reply.status).to.equal(302);
    expect(reply.headers.location).to.equal(`/admin/templates/${draftId}#tc-${root!._id.toString()}`);
    expect(await NotificationModel.countDocuments({ user: officer._id, messageKey: 'consultation.notify.reply' })).to.equal(1);
    const resolved = await admin.agent.post(`/admin/template-comments/${root!._id.toString()}/resolve`).type('form').send({ _csrf: csrfFromHtml(adminPage.text) });
    expect(resolved.status).to.equal(302);
    expect((await TemplateCommentModel.findById(root!._id).lean())!.status).to.equal('resolved');
    expect((await request(w.app).post(`/api/v1/template-comments/${root!._id.toString()}/reopen`).set('Authorization', vp)).status).to.equal(403);

    const seen = await request(w.app).get(`/api/v1/templates/${draftId}/comments`).set('Authorization', vp);
    expect(seen.body.items).to.have.length(1);
    expect(seen.body.items[0].replies.map((r: { text: string }) => r.text)).to.deep.equal(['Đã tiếp thu, bổ sung ở phiên bản này.']);

    expect((await request(w.app).post(`/api/v1/templates/${draftId}/publish`).set('Authorization', w.admin)).status).to.equal(200);
    expect((await request(w.app).post(`/api/v1/templates/${draftId}/comments`).set('Authorization', vp).send({ text: 'Muộn rồi.' })).status).to.equal(409);
    expect((await request(w.app).post(`/api/v1/templates/${publishedId}/consultations`).set('Authorization', w.admin).send({ agencies: [vpcp._id.toString()] })).status).to.equal(409);
    // The comments stay on the published version's page.
    expect((await admin.agent.get(`/admin/templates/${draftId}`)).text).to.include('Đã tiếp thu, bổ sung ở phiên bản này.');
  });

  it('when a draft was sent to an agency, then its campaign list links to it', async () => {
    const { w, vpcp, officer, draftId } = await givenDraftVersion();
    expect((await request(w.app).post(`/api/v1/templates/${draftId}/consultations`).set('Authorization', w.admin).send({ agencies: [vpcp._id.toString()] })).status).to.equal(201);
    const s = await loginAs(w.app, officer);
    const list = await s.agent.get('/campaigns');
    expect(list.text).to.include(`/templates/${draftId}/consultation`);
    const other = await loginAs(w.app, w.users.hanoi);
    expect((await other.agent.get('/campaigns')).text).not.to.include(`/templates/${draftId}/consultation`);
    expect((await other.agent.get(`/templates/${draftId}/consultation`)).status).to.equal(404);
  });
});
