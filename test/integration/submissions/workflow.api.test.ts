import { rowsOf } from '../../factories/index.js';
import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { SubmissionVersionModel } from '../../../src/submissions/version.model.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, REPORT, givenFilledSubmission, givenOpenCampaign } from './world.js';

describe('submission workflow (API)', function () {
  this.timeout(30_000);
  beforeEach(resetDatabase);

  it('when the full path draft → submit → review → changes → resubmit → accept is taken by the right actors, then each step lands, versions and receipts are kept, and wrong steps are refused', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    const tr = (auth: string, action: string, message?: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message });

    // a reviewer cannot submit for the agency; the agency cannot accept its own report
    expect((await tr(w.rev, 'submit')).status).to.equal(403);
    expect((await tr(w.bca, 'accept')).status).to.equal(403);
    // review cannot start before a submit
    expect((await tr(w.rev, 'start_review')).status).to.equal(409);

    const submitted = await tr(w.bca, 'submit');
    expect(submitted.status).to.equal(200);
    expect(submitted.body.status).to.equal('submitted');
    const receipt = submitted.body.receipt;
    expect(receipt).to.include({ version: 1, items: 1 });
    expect(receipt.digest).to.match(/^[0-9a-f]{64}$/);
    expect(await SubmissionVersionModel.countDocuments({ submission: w.bcaSub })).to.equal(1);

    expect((await tr(w.bca, 'submit')).status).to.equal(409);
    expect((await tr(w.rev, 'start_review')).status).to.equal(200);
    expect((await tr(w.rev, 'request_changes')).status).to.equal(422); // a message is required
    expect((await tr(w.rev, 'request_changes', 'Đề nghị bổ sung căn cứ pháp lý.')).status).to.equal(200);
    let stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.status).to.equal('changes_requested');
    expect(stored!.reviewMessage).to.equal('Đề nghị bổ sung căn cứ pháp lý.');

    // the agency edits and resubmits: version 2
    const edit = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}/items/${itemId}`).set('Authorization', w.bca)
      .send({ version: stored!.version, values: { ...GOOD_ROW, ly_do: 'Khoản 3 Điều 38 Luật Cư trú số 68/2020/QH14' } });
    expect(edit.status).to.equal(200);
    const resubmitted = await tr(w.bca, 'submit');
    expect(resubmitted.body.receipt.version).to.equal(2);
    expect(resubmitted.body.status).to.equal('in_review'); // straight back to its reviewer
    expect((await tr(w.rev, 'accept')).status).to.equal(409); // the row has no decision yet
    expect((await request(w.app).put(`/api/v1/submissions/${w.bcaSub}/items/${itemId}/disposition`).set('Authorization', w.rev).send({ decision: 'accepted' })).status).to.equal(200);
    expect((await tr(w.rev, 'accept')).status).to.equal(200);
    expect((await tr(w.rev, 'reopen', 'Mở lại')).status).to.equal(403); // admin only
    expect((await tr(w.admin, 'reopen', 'Cơ quan gửi bổ sung văn bản.')).status).to.equal(200);

    stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.status).to.equal('in_review');
    expect(stored!.submittedVersion).to.equal(2);
    const actions = (await AuditEventModel.find({ 'object.id': w.bcaSub, action: /^submission\.(submit|start_review|request_changes|accept|reopen)$/ }).sort({ at: 1 }).lean()).map((e) => e.action);
    expect(actions).to.deep.equal(['submission.submit', 'submission.start_review', 'submission.request_changes', 'submission.submit', 'submission.accept', 'submission.reopen']);
    expect(await NotificationModel.countDocuments({ user: w.users.bca._id, kind: 'status_change' })).to.be.greaterThan(0);
    expect(await NotificationModel.countDocuments({ user: w.users.reviewer._id, kind: 'status_change' })).to.equal(2);

    // the diff between the two versions names the changed field
    const diff = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/diff?from=1&to=2`).set('Authorization', w.rev);
    expect(diff.status).to.equal(200);
    expect(diff.body.diff.items.changed[0].changes.map((c: { field: string }) => c.field)).to.deep.equal(['ly_do']);
    const versions = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/versions`).set('Authorization', w.bca);
    expect(versions.body.items.map((v: { n: number }) => v.n)).to.deep.equal([2, 1]);
  });

  it('when a submission is incomplete, then submit is refused with what is missing, and nothing changes', async () => {
    const w = await givenOpenCampaign();
    const res = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' });
    expect(res.status).to.equal(422);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).to.include.members(['items', 'report.ket_qua_ra_soat']);
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.status).to.equal('draft');
  });

  it('when a save is based on an old version, then it is a 409 and the newer text is kept', async () => {
    const w = await givenOpenCampaign();
    const first = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version: 1, items: [], report: { ket_qua_ra_soat: 'Bản của chuyên viên A' } });
    expect(first.status).to.equal(200);
    const stale = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version: 1, items: [], report: { ket_qua_ra_soat: 'Bản của chuyên viên B' } });
    expect(stale.status).to.equal(409);
    expect(stale.body.error.code).to.equal('conflict');
    const stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.reportSections.find((s) => s.key === 'ket_qua_ra_soat')!.text).to.equal('Bản của chuyên viên A');
    expect(stored!.version).to.equal(2);
  });

  it('when a row is invalid, then 422 names each field and nothing is stored', async () => {
    const w = await givenOpenCampaign();
    const res = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version: 1, values: { ...GOOD_ROW, ngay_ban_hanh: '31/02/2015', hinh_thuc_kien_nghi: 'xoa' } });
    expect(res.status).to.equal(422);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).to.deep.equal(['hinh_thuc_kien_nghi', 'ngay_ban_hanh']);
    expect(res.body.error.details[0].message).to.match(/[ăâđêôơư]/);
    expect((await rowsOf(w.bcaSub))).to.have.length(0);
  });

  it('when the campaign is closed, then the submission is read-only', async () => {
    const w = await givenOpenCampaign();
    await request(w.app).post(`/api/v1/campaigns/${w.campaignId}/close`).set('Authorization', w.admin).expect(200);
    const res = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version: 1, items: [], report: REPORT });
    expect(res.status).to.equal(409);
    const read = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca);
    expect(read.status).to.equal(200);
  });
});

describe('submission lists and the API description', function () {
  this.timeout(30_000);
  beforeEach(resetDatabase);

  it('when listing a campaign’s submissions, then MoJ sees every agency page by page and an agency only its own', async () => {
    const w = await givenOpenCampaign();
    const first = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/submissions?limit=1`).set('Authorization', w.rev);
    expect(first.status).to.equal(200);
    expect(first.body.items).to.have.length(1);
    expect(first.body.next).to.be.a('string');
    const second = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/submissions?limit=1&cursor=${first.body.next}`).set('Authorization', w.rev);
    expect(second.body.items).to.have.length(1);
    expect(second.body.items[0].id).to.not.equal(first.body.items[0].id);
    const own = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/submissions`).set('Authorization', w.hanoi);
    expect(own.body.items.map((s: { id: string }) => s.id)).to.deep.equal([w.hanoiSub]);
  });

  it('publishes the submission and review paths in /api/v1/openapi.json', async () => {
    const w = await givenOpenCampaign();
    const doc = await request(w.app).get('/api/v1/openapi.json').set('Authorization', w.rev);
    for (const p of ['/submissions/{id}', '/submissions/{id}/transitions', '/submissions/{id}/attachments', '/attachments/{id}/html', '/submissions/{id}/diff', '/comments/{id}/resolve', '/submissions/{id}/items/{itemId}/disposition']) {
      expect(doc.body.paths, p).to.have.property(p);
    }
  });
});

describe('submission workflow under concurrency', function () {
  this.timeout(30_000);
  beforeEach(resetDatabase);

  it('when two officers press submit at the same moment, then one submit lands, the other is a 409, and there is exactly one version', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const submit = () => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' });
    const statuses = (await Promise.all([submit(), submit(), submit()])).map((r) => r.status).sort();
    expect(statuses).to.deep.equal([200, 409, 409]);
    expect(await SubmissionVersionModel.countDocuments({ submission: w.bcaSub })).to.equal(1);
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.submittedVersion).to.equal(1);
  });

  it('when two rows are added from the same version at once, then one is stored and the other is a 409', async () => {
    const w = await givenOpenCampaign();
    const add = () => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version: 1, values: GOOD_ROW });
    const statuses = (await Promise.all([add(), add()])).map((r) => r.status).sort();
    expect(statuses).to.deep.equal([201, 409]);
    expect((await rowsOf(w.bcaSub))).to.have.length(1);
  });
});
