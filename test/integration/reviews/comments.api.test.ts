import { expect } from 'chai';
import fs from 'node:fs';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { CommentModel } from '../../../src/reviews/comment.model.js';
import { DispositionModel } from '../../../src/reviews/disposition.model.js';
import { editDocx, paragraphXml } from '../../fixtures/docx-edit.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, type World } from '../submissions/world.js';

const DOCX = fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc2.docx');

async function submitAndReview(w: World) {
  const tr = (auth: string, action: string, message?: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message });
  expect((await tr(w.bca, 'submit')).status).to.equal(200);
  expect((await tr(w.rev, 'start_review')).status).to.equal(200);
  return tr;
}

describe('comments, threads, re-anchoring and dispositions (API)', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a new edition of the Word file is submitted, then a comment whose quote moved follows it and one whose quote is gone is marked outdated, not dropped', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const up1 = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', DOCX, 'Báo cáo rà soát.docx');
    expect(up1.status).to.equal(201);
    const tr = await submitAndReview(w);

    const html = await request(w.app).get(`/api/v1/attachments/${up1.body.id}/html`).set('Authorization', w.rev);
    const paragraphs = html.body.paragraphs as string[];
    const movedIdx = paragraphs.indexOf('VIẾT HOA TRONG VĂN BẢN HÀNH CHÍNH');
    const goneIdx = paragraphs.findIndex((p) => p.includes('PHÉP ĐẶT CÂU'));
    expect(movedIdx).to.be.greaterThan(-1);
    expect(goneIdx).to.be.greaterThan(movedIdx);

    const post = (body: object, auth = w.rev) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', auth).send(body);
    const moved = await post({ text: 'Tiêu đề cần thống nhất với Nghị định.', attachmentId: up1.body.id, paragraph: movedIdx, quote: 'VĂN BẢN HÀNH CHÍNH' });
    expect(moved.status).to.equal(201);
    const gone = await post({ text: 'Mục này nên đổi tên.', attachmentId: up1.body.id, paragraph: goneIdx, quote: 'PHÉP ĐẶT CÂU' });
    expect(gone.status).to.equal(201);
    expect((await post({ text: 'x', attachmentId: up1.body.id, paragraph: movedIdx, quote: 'không có trong đoạn' })).status).to.equal(422);
    const reply = await post({ text: 'Chúng tôi sẽ sửa.', parentId: moved.body.id }, w.bca);
    expect(reply.status).to.equal(201);
    expect(reply.body.target.paragraph).to.equal(movedIdx);

    expect((await tr(w.rev, 'request_changes', 'Sửa theo ý kiến.')).status).to.equal(200);
    // The agency uploads its second edition under the same name: two paragraphs inserted above, one heading reworded.
    const v2 = await editDocx(DOCX, (xml) => xml.replace('<w:body>', `<w:body>${paragraphXml('Kèm theo Công văn số 15/BCA-V03')}${paragraphXml('Bản sửa đổi lần 2')}`).replace('PHÉP ĐẶT CÂU', 'QUY TẮC CHUNG'));
    const up2 = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', v2, 'Báo cáo rà soát.docx');
    expect(up2.status).to.equal(201);
    expect(up2.body.replaces).to.equal(up1.body.id);
    expect((await tr(w.bca, 'submit')).status).to.equal(200);

    const movedNow = await CommentModel.findById(moved.body.id).lean();
    expect(movedNow!.target.attachmentId!.toString()).to.equal(up2.body.id);
    expect(movedNow!.target.paragraph).to.equal(movedIdx + 2);
    expect(Boolean(movedNow!.target.outdated)).to.equal(false);
    const replyNow = await CommentModel.findById(reply.body.id).lean();
    expect(replyNow!.target.paragraph).to.equal(movedIdx + 2);

    const goneNow = await CommentModel.findById(gone.body.id).lean();
    expect(goneNow).to.not.equal(null);
    expect(goneNow!.target.outdated).to.equal(true);
    expect(goneNow!.text).to.equal('Mục này nên đổi tên.');

    const list = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.bca);
    expect(list.body.items).to.have.length(2);
    expect(list.body.items.find((c: { id: string }) => c.id === gone.body.id).target.outdated).to.equal(true);
  });

  it('when comments are edited, resolved and reopened, then only the right people may, edits are marked, and notifications reach the other side', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    await submitAndReview(w);
    const c = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ text: 'Bổ sung căn cứ.', itemId });
    expect(c.status).to.equal(201);
    expect(c.body.target).to.include({ kind: 'item', itemId });
    expect(await NotificationModel.countDocuments({ user: w.users.bca._id, kind: 'comment' })).to.equal(1);

    expect((await request(w.app).put(`/api/v1/comments/${c.body.id}`).set('Authorization', w.bca).send({ text: 'hack' })).status).to.equal(403);
    const edited = await request(w.app).put(`/api/v1/comments/${c.body.id}`).set('Authorization', w.rev).send({ text: 'Bổ sung căn cứ pháp lý.' });
    expect(edited.body).to.include({ edited: true, text: 'Bổ sung căn cứ pháp lý.' });

    expect((await request(w.app).post(`/api/v1/comments/${c.body.id}/resolve`).set('Authorization', w.bca)).status).to.equal(403);
    expect((await request(w.app).post(`/api/v1/comments/${c.body.id}/resolve`).set('Authorization', w.rev)).body.status).to.equal('resolved');
    const r = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.bca).send({ text: 'Đã bổ sung.', parentId: c.body.id });
    expect(r.status).to.equal(201);
    expect((await CommentModel.findById(c.body.id).lean())!.status).to.equal('open'); // a reply reopens the thread
    expect(await NotificationModel.countDocuments({ user: w.users.reviewer._id, kind: 'reply' })).to.equal(1);
    expect((await request(w.app).post(`/api/v1/comments/${c.body.id}/reopen`).set('Authorization', w.rev)).status).to.equal(200);
    expect(await AuditEventModel.countDocuments({ action: { $in: ['comment.create', 'comment.edit', 'comment.resolve', 'comment.reply', 'comment.reopen'] } })).to.equal(5);
  });

  it('when a reviewer records tiếp thu – giải trình, then it is stored per row; agencies cannot, and partial acceptance needs an explanation', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    await submitAndReview(w);
    const url = `/api/v1/submissions/${w.bcaSub}/items/${itemId}/disposition`;
    expect((await request(w.app).put(url).set('Authorization', w.bca).send({ decision: 'accepted' })).status).to.equal(403);
    expect((await request(w.app).put(url).set('Authorization', w.rev).send({ decision: 'partly_accepted' })).status).to.equal(422);
    const ok = await request(w.app).put(url).set('Authorization', w.rev).send({ decision: 'partly_accepted', explanation: 'Tiếp thu phần bỏ sổ hộ khẩu; giữ yêu cầu xuất trình căn cước.' });
    expect(ok.status).to.equal(200);
    const d = await DispositionModel.findOne({ item: itemId }).lean();
    expect(d).to.include({ decision: 'partly_accepted' });
    const sub = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca);
    expect(sub.body.items[0].disposition.decision).to.equal('partly_accepted');
    const told = await NotificationModel.find({ user: w.users.bca._id, kind: 'disposition' }).lean();
    expect(told, 'the agency hears of the decision').to.have.length(1);
    expect(told[0]!.link).to.include(itemId);
  });
});
