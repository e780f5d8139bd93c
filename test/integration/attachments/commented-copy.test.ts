import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { AttachmentModel } from '../../../src/attachments/attachment.model.js';
import { CommentModel } from '../../../src/reviews/comment.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { csrfFromHtml, loginAs } from '../../factories/index.js';
import { buildDocx, commented, heading, para, run } from '../../fixtures/word-comments.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, type World } from '../submissions/world.js';

const AGENCY_FILE = buildDocx({
  body: [heading('BÁO CÁO KẾT QUẢ RÀ SOÁT'), para(run('Bộ đã rà soát 120 văn bản quy phạm pháp luật.')), para(run('Kiến nghị bãi bỏ 12 văn bản.')), para(run('Đề nghị Bộ Tư pháp tổng hợp.'))].join(''),
});

/** The reviewer's copy: a paragraph of their own added above, comments on two of the agency's paragraphs and on their own. */
const COPY = buildDocx({
  body: [
    heading('BÁO CÁO KẾT QUẢ RÀ SOÁT'),
    para(commented([7], 'Ghi chú riêng của chuyên viên.')),
    para(run('Bộ đã rà soát 120 văn bản quy phạm pháp luật.')),
    para(run('Kiến nghị '), commented([1, 2], 'bãi bỏ'), run(' 12 văn bản.')),
    para(run('Đề nghị Bộ Tư pháp tổng hợp.')),
  ].join(''),
  comments: [
    { id: 1, author: 'Reviewer', date: '2026-03-10T02:00:00Z', text: 'Nêu rõ lý do bãi bỏ từng văn bản.' },
    { id: 2, author: 'Reviewer', date: '2026-03-10T02:05:00Z', text: 'Kèm danh mục ở Phụ lục.', parent: 1 },
    { id: 7, author: 'Reviewer', date: '2026-03-10T02:10:00Z', text: 'Đoạn này chỉ có trong bản của tôi.' },
  ],
});

async function inReview(w: World): Promise<string> {
  await givenFilledSubmission(w);
  const up = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', AGENCY_FILE, 'Báo cáo.docx');
  expect(up.status).to.equal(201);
  const tr = (auth: string, action: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action });
  expect((await tr(w.bca, 'submit')).status).to.equal(200);
  expect((await tr(w.rev, 'start_review')).status).to.equal(200);
  return up.body.id as string;
}

const sendCopy = (w: World, fileId: string, auth: string, copy = COPY) => request(w.app).post(`/api/v1/attachments/${fileId}/commented-copy`).set('Authorization', auth).attach('file', copy, 'Báo cáo - góp ý.docx');

describe('reviews: a reviewer’s commented copy of an agency’s Word file', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the reviewer uploads the copy, then its comments become the reviewer’s threads on the matching paragraphs of the agency’s file, the unmatched one stays on the file, and the copy is not kept', async () => {
    const w = await givenOpenCampaign();
    const fileId = await inReview(w);
    const res = await sendCopy(w, fileId, w.rev);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.deep.equal({ threads: 2, replies: 1, known: 0, unplaced: 1 });

    const roots = await CommentModel.find({ submission: w.bcaSub, parent: { $exists: false } }).sort({ _id: 1 }).lean();
    expect(roots.map((c) => c.text)).to.deep.equal(['Nêu rõ lý do bãi bỏ từng văn bản.', 'Đoạn này chỉ có trong bản của tôi.']);
    expect(roots[0]!.author.toString()).to.equal(w.users.reviewer._id.toString());
    expect(roots[0]!.authorName).to.equal(w.users.reviewer.name);
    expect(roots[0]!.target).to.deep.include({ kind: 'paragraph', paragraph: 2, quote: 'bãi bỏ' });
    expect(roots[0]!.target.attachmentId!.toString()).to.equal(fileId);
    expect(roots[1]!.target.outdated).to.equal(true);
    const reply = await CommentModel.findOne({ parent: roots[0]!._id }).lean();
    expect(reply!.text).to.equal('Kèm danh mục ở Phụ lục.');

    // The copy is not a file of the agency, and its bytes are gone.
    expect(await AttachmentModel.countDocuments({ submission: w.bcaSub })).to.equal(1);
    expect(await mongoose.connection.db!.collection('attachments.files').countDocuments()).to.equal(1);
    expect(await NotificationModel.countDocuments({ user: w.users.bca._id, kind: 'comment' })).to.equal(1);

    // The same copy again adds nothing.
    expect((await sendCopy(w, fileId, w.rev)).body).to.deep.equal({ threads: 0, replies: 0, known: 3, unplaced: 0 });
    expect(await CommentModel.countDocuments({ submission: w.bcaSub })).to.equal(3);
  });

  it('when an agency sends a copy, or the copy has no comments, or is not Word, then it is refused and nothing is added', async () => {
    const w = await givenOpenCampaign();
    const fileId = await inReview(w);
    expect((await sendCopy(w, fileId, w.bca)).status).to.equal(403);
    expect((await sendCopy(w, fileId, w.hanoi)).status).to.equal(403);
    const none = await sendCopy(w, fileId, w.rev, AGENCY_FILE);
    expect(none.status).to.equal(422);
    expect(none.body.error.details[0].message).to.include('không có ý kiến');
    expect((await sendCopy(w, fileId, w.rev, Buffer.from('%PDF-1.7\n'))).status).to.equal(415);
    expect(await CommentModel.countDocuments()).to.equal(0);
    expect(await mongoose.connection.db!.collection('attachments.files').countDocuments()).to.equal(1);
  });

  it('when the reviewer uses the form on the review page, then the comments appear beside the document with a message saying how many came in', async () => {
    const w = await givenOpenCampaign();
    const fileId = await inReview(w);
    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=document&file=${fileId}`);
    expect(page.text).to.include(`action="/attachments/${fileId}/commented-copy"`);
    const posted = await s.agent.post(`/attachments/${fileId}/commented-copy`).field('_csrf', csrfFromHtml(page.text)).attach('file', COPY, 'gop-y.docx');
    expect(posted.status).to.equal(302);
    const after = await s.agent.get(posted.headers.location as string);
    expect(after.text).to.include('Đã nhận bản có ý kiến: 2 ý kiến mới, 1 trả lời');
    expect(after.text).to.include('Nêu rõ lý do bãi bỏ từng văn bản.');
    const agencyPage = await (await loginAs(w.app, w.users.bca)).agent.get(`/submissions/${w.bcaSub}/review?tab=document&file=${fileId}`);
    expect(agencyPage.text).to.not.include(`/commented-copy"`);
  });
});
