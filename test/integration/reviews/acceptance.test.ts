import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { CommentModel } from '../../../src/reviews/comment.model.js';
import { DispositionModel } from '../../../src/reviews/disposition.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { csrfFromHtml, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, type World } from '../submissions/world.js';

function api(w: World) {
  return {
    tr: (auth: string, body: Record<string, unknown>) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send(body),
    comment: (auth: string, body: Record<string, unknown>) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', auth).send(body),
    decide: (auth: string, itemId: string, body: Record<string, unknown>) => request(w.app).put(`/api/v1/submissions/${w.bcaSub}/items/${itemId}/disposition`).set('Authorization', auth).send(body),
  };
}

/** A submission in review with one undecided row and one open thread on it. */
async function givenInReviewWithGaps() {
  const w = await givenOpenCampaign();
  const { itemId } = await givenFilledSubmission(w);
  const a = api(w);
  expect((await a.tr(w.bca, { action: 'submit' })).status).to.equal(200);
  expect((await a.tr(w.rev, { action: 'start_review' })).status).to.equal(200);
  const thread = await a.comment(w.rev, { text: 'Đề nghị nêu rõ điều, khoản cần sửa.', itemId });
  expect(thread.status).to.equal(201);
  return { w, a, itemId, threadId: thread.body.id as string };
}

describe('acceptance gate and freezing after acceptance', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a row has no decision and a thread is open, then accept is refused with 409 listing both, and the submission stays in review', async () => {
    const { w, a, itemId, threadId } = await givenInReviewWithGaps();
    const res = await a.tr(w.rev, { action: 'accept' });
    expect(res.status).to.equal(409);
    const fields = (res.body.error.details as { field: string; message: string }[]).map((d) => d.field);
    expect(fields).to.have.members([`items.${itemId}`, `threads.${threadId}`]);
    expect(res.body.error.details[0].message).to.include('Dòng 1');
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.status).to.equal('in_review');

    // override without a reason: 422 on the field
    const noReason = await a.tr(w.rev, { action: 'accept', override: true, reason: '  ' });
    expect(noReason.status).to.equal(422);
    expect(noReason.body.error.details[0].field).to.equal('reason');
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.status).to.equal('in_review');
  });

  it('when every row is decided and every thread resolved, then accept goes through without an override', async () => {
    const { w, a, itemId, threadId } = await givenInReviewWithGaps();
    expect((await a.decide(w.rev, itemId, { decision: 'accepted' })).status).to.equal(200);
    expect((await a.tr(w.rev, { action: 'accept' })).status, 'the thread is still open').to.equal(409);
    expect((await request(w.app).post(`/api/v1/comments/${threadId}/resolve`).set('Authorization', w.rev)).status).to.equal(200);
    const ok = await a.tr(w.rev, { action: 'accept' });
    expect(ok.status).to.equal(200);
    const stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.status).to.equal('accepted');
    expect(stored!.acceptance!.override).to.equal(false);
  });

  it('when accepted with an override, then the reason is stored, audited and shown; the submission, its decisions and threads are frozen until an admin reopens it with a reason', async () => {
    const { w, a, itemId, threadId } = await givenInReviewWithGaps();
    const reason = 'Lãnh đạo Vụ đã thống nhất; các nội dung còn lại xử lý ở đợt sau.';
    const ok = await a.tr(w.rev, { action: 'accept', override: true, reason });
    expect(ok.status).to.equal(200);
    const stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.acceptance).to.include({ override: true, reason, undecided: 1, openThreads: 1 });
    const ev = await AuditEventModel.findOne({ 'object.id': w.bcaSub, action: 'submission.accept' }).lean();
    expect(ev!.details).to.include({ override: true, reason });
    const json = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca);
    expect(json.body.acceptance).to.include({ override: true, reason });
    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=rows`);
    expect(page.text).to.include(reason);

    // frozen
    expect((await a.decide(w.rev, itemId, { decision: 'accepted' })).status).to.equal(409);
    expect((await a.decide(w.admin, itemId, { decision: 'accepted' })).status).to.equal(409);
    expect((await a.comment(w.rev, { text: 'Thêm một ý.' })).status).to.equal(409);
    expect((await a.comment(w.bca, { text: 'Trả lời', parentId: threadId })).status).to.equal(409);
    expect((await request(w.app).post(`/api/v1/comments/${threadId}/resolve`).set('Authorization', w.rev)).status).to.equal(409);
    expect((await request(w.app).put(`/api/v1/comments/${threadId}`).set('Authorization', w.rev).send({ text: 'Sửa' })).status).to.equal(409);
    expect(await DispositionModel.countDocuments({ submission: w.bcaSub })).to.equal(0);
    expect(await CommentModel.countDocuments({ submission: w.bcaSub })).to.equal(1);

    // reopen: admin only, with a reason
    expect((await a.tr(w.rev, { action: 'reopen', message: 'x' })).status).to.equal(403);
    const noWhy = await a.tr(w.admin, { action: 'reopen' });
    expect(noWhy.status).to.equal(422);
    expect(noWhy.body.error.details[0].field).to.equal('message');
    expect((await a.tr(w.admin, { action: 'reopen', message: 'Cơ quan gửi thêm văn bản.' })).status).to.equal(200);
    const reopened = await SubmissionModel.findById(w.bcaSub).lean();
    expect(reopened!.status).to.equal('in_review');
    expect(reopened!.acceptance).to.equal(undefined);
    expect(reopened!.reopenReason).to.equal('Cơ quan gửi thêm văn bản.');
    const rev = await AuditEventModel.findOne({ 'object.id': w.bcaSub, action: 'submission.reopen' }).lean();
    expect(rev!.details).to.include({ message: 'Cơ quan gửi thêm văn bản.' });
    expect((await a.decide(w.rev, itemId, { decision: 'accepted' })).status).to.equal(200);
  });

  it('when the submission is not in review (submitted, changes requested), then dispositions are refused with 409', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    const a = api(w);
    expect((await a.decide(w.rev, itemId, { decision: 'accepted' })).status, 'draft').to.equal(409);
    await a.tr(w.bca, { action: 'submit' });
    expect((await a.decide(w.rev, itemId, { decision: 'accepted' })).status, 'submitted').to.equal(409);
    await a.tr(w.rev, { action: 'start_review' });
    await a.tr(w.rev, { action: 'request_changes', message: 'Bổ sung căn cứ.' });
    expect((await a.decide(w.rev, itemId, { decision: 'accepted' })).status, 'changes requested').to.equal(409);
    expect(await DispositionModel.countDocuments({ submission: w.bcaSub })).to.equal(0);
  });

  it('when the agency resubmits after a request for changes, then the submission is back in review at once and its reviewer is told', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const a = api(w);
    await a.tr(w.bca, { action: 'submit' });
    await a.tr(w.rev, { action: 'start_review' });
    await a.tr(w.rev, { action: 'request_changes', message: 'Bổ sung căn cứ.' });
    const res = await a.tr(w.bca, { action: 'submit' });
    expect(res.status).to.equal(200);
    expect(res.body.status).to.equal('in_review');
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.status).to.equal('in_review');
    expect((await a.tr(w.rev, { action: 'start_review' })).status, 'no extra click needed').to.equal(409);
    const told = await NotificationModel.find({ user: w.users.reviewer._id, kind: 'status_change' }).sort({ _id: -1 }).lean();
    expect(told[0]!.messageKey).to.equal('notifications.status.in_review');
  });

  it('when a reviewer uses the page, then the accept button names the agency and asks for confirmation; gaps come back listed (409) and an override without reason is a 422 beside the field', async () => {
    const { w, itemId } = await givenInReviewWithGaps();
    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=rows`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Chấp thuận báo cáo của Bộ Công an');
    expect(page.text).to.match(/data-confirm="Chấp thuận báo cáo của Bộ Công an\?/);
    expect(page.text).to.include(`#row-${itemId}`);
    const csrf = csrfFromHtml(page.text);
    const refused = await s.agent.post(`/submissions/${w.bcaSub}/transitions`).type('form').send({ _csrf: csrf, action: 'accept', _tab: 'rows' });
    expect(refused.status).to.equal(409);
    expect(refused.text).to.include('Dòng 1');
    expect(refused.text).to.include('chưa có tiếp thu – giải trình');
    const noReason = await s.agent.post(`/submissions/${w.bcaSub}/transitions`).type('form').send({ _csrf: csrf, action: 'accept', override: 'on', reason: '', _tab: 'rows' });
    expect(noReason.status).to.equal(422);
    expect(noReason.text).to.include('id="gate-reason-error"');
    expect(noReason.text).to.match(/id="gate-override"[^>]*checked/);
    const ok = await s.agent.post(`/submissions/${w.bcaSub}/transitions`).type('form').send({ _csrf: csrf, action: 'accept', override: 'on', reason: 'Đã thống nhất tại cuộc họp.', _tab: 'rows' });
    expect(ok.status).to.equal(302);
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.acceptance!.reason).to.equal('Đã thống nhất tại cuộc họp.');
  });
});
