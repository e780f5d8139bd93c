import { expect } from 'chai';
import request from 'supertest';
import { AttachmentModel } from '../../../src/attachments/attachment.model.js';
import { CommentModel } from '../../../src/reviews/comment.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { buildDocx, commented, para, reviewedReport, run } from '../../fixtures/word-comments.js';
import { loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign, type World } from '../submissions/world.js';

const upload = (w: World, file: Buffer, name = 'Báo cáo rà soát.docx', auth = w.bca) =>
  request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', auth).attach('file', file, name);

describe('attachments: comments and tracked changes inside an uploaded Word file', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when an agency uploads a reviewed .docx, then each Word comment is a thread on its paragraph with its Word author and date, answers are replies, a done thread is resolved — and uploading it again adds nothing', async () => {
    const w = await givenOpenCampaign();
    const up = await upload(w, reviewedReport());
    expect(up.status, JSON.stringify(up.body)).to.equal(201);
    expect(up.body.wordComments).to.deep.equal({ threads: 3, replies: 1, known: 0, unplaced: 0 });

    const list = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.bca);
    expect(list.status).to.equal(200);
    const items = list.body.items as { id: string; text: string; status: string; target: { paragraph: number; quote: string; attachmentId: string }; author: { name: string }; fromWord: { author: string; date: string } | null; replies: { text: string; author: { name: string } }[] }[];
    expect(items.map((c) => c.text)).to.deep.equal(['Cần ghi đủ ngày ban hành của Nghị định.', 'Thống nhất.', 'Phụ lục thiếu cột căn cứ pháp lý.']);
    const [first, done, last] = items;
    expect(first!.author.name).to.equal('Trần Thị Bình');
    expect(first!.fromWord).to.deep.equal({ author: 'Trần Thị Bình', date: '2026-03-04T08:15:00.000Z' });
    expect(first!.target).to.include({ paragraph: 1, quote: 'Nghị định số 137/2015/NĐ-CP', attachmentId: up.body.id });
    expect(first!.replies.map((r) => [r.author.name, r.text])).to.deep.equal([['Nguyễn Văn An', 'Đã bổ sung ngày 31/12/2015.']]);
    expect(first!.status).to.equal('open');
    expect(done!.status).to.equal('resolved');
    expect(done!.target.paragraph).to.equal(4);
    // Two paragraphs share the same opening sentence: the comment is on the second one.
    expect(last!.target.paragraph).to.equal(5);
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.openThreads).to.equal(2);

    // Reading the same file again (the officer uploads it once more) doubles nothing.
    const again = await upload(w, reviewedReport());
    expect(again.status).to.equal(201);
    expect(again.body.wordComments).to.deep.equal({ threads: 0, replies: 0, known: 4, unplaced: 0 });
    expect(await CommentModel.countDocuments({ submission: w.bcaSub })).to.equal(4);
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.openThreads).to.equal(2);

    // Another agency never sees them.
    expect((await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.hanoi)).status).to.equal(404);
  });

  it('when a next edition carries one more answer, then only that answer is added, to the thread it answers', async () => {
    const w = await givenOpenCampaign();
    expect((await upload(w, reviewedReport())).status).to.equal(201);
    const body = para(run('Căn cứ '), commented([1, 2, 5], 'Nghị định số 137/2015/NĐ-CP'), run(' của Chính phủ;'));
    const next = buildDocx({
      body,
      comments: [
        { id: 1, author: 'Trần Thị Bình', date: '2026-03-04T08:15:00Z', text: 'Cần ghi đủ ngày ban hành của Nghị định.' },
        { id: 2, author: 'Nguyễn Văn An', date: '2026-03-04T10:00:00Z', text: 'Đã bổ sung ngày 31/12/2015.', parent: 1 },
        { id: 5, author: 'Trần Thị Bình', date: '2026-03-06T08:00:00Z', text: 'Đồng ý.', parent: 2 },
      ],
    });
    const up = await upload(w, next);
    expect(up.body.wordComments).to.deep.equal({ threads: 0, replies: 1, known: 2, unplaced: 0 });
    const root = await CommentModel.findOne({ text: 'Cần ghi đủ ngày ban hành của Nghị định.' }).lean();
    const replies = await CommentModel.find({ parent: root!._id }).sort({ _id: 1 }).lean();
    expect(replies.map((r) => r.text)).to.deep.equal(['Đã bổ sung ngày 31/12/2015.', 'Đồng ý.']);
  });

  it('when the Word file has tracked changes, then the reader shows insertions and deletions with who and when, and deleted words are not the paragraph’s text', async () => {
    const w = await givenOpenCampaign();
    const up = await upload(w, reviewedReport());
    const res = await request(w.app).get(`/api/v1/attachments/${up.body.id}/html`).set('Authorization', w.bca);
    expect(res.status).to.equal(200);
    expect(res.body.html).to.include('<ins class="docx-ins" title="Trần Thị Bình — 16:30 05/03/2026">sửa đổi, bổ sung </ins>');
    expect(res.body.html).to.include('<del class="docx-del" title="Trần Thị Bình — 16:31 05/03/2026">bãi bỏ </del>');
    expect(res.body.paragraphs[3]).to.equal('Kiến nghị sửa đổi, bổ sung 12 văn bản.');
  });

  it('when the reviewer opens the document, then the Word comments sit beside it marked “từ Word” with their Word author, and a legend explains the marked changes', async () => {
    const w = await givenOpenCampaign();
    const up = await upload(w, reviewedReport());
    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=document&file=${up.body.id}`);
    expect(page.status).to.equal(200);
    const pane = page.text.slice(page.text.indexOf('class="comment-pane"'));
    expect(pane.match(/class="badge from-word-badge"/g)).to.have.length(4);
    expect(pane).to.include('Trần Thị Bình').and.include('Nguyễn Văn An').and.include('từ Word');
    expect(page.text).to.include('id="docx-legend"').and.include('Phần chèn thêm').and.include('Phần bị xóa');
    expect(page.text).to.match(/data-p="1" id="p-1" class="has-comment"/);
  });

  it('when the comments part declares entities (XXE, billion laughs), then the file is refused whole and nothing is stored', async () => {
    const w = await givenOpenCampaign();
    const hostile = buildDocx({
      body: para(commented([1], 'Căn cứ')),
      comments: [{ id: 1, author: 'x', date: '2026-01-01T00:00:00Z', text: 'x' }],
      override: {
        'word/comments.xml': '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="1" w:author="x"><w:p><w:r><w:t>&xxe;&b;</w:t></w:r></w:p></w:comment></w:comments>',
      },
    });
    const res = await upload(w, hostile);
    expect(res.status).to.equal(415);
    expect(res.body.error.message).to.include('hỏng');
    expect(await AttachmentModel.countDocuments()).to.equal(0);
    expect(await CommentModel.countDocuments()).to.equal(0);
  });

  it('when a Word comment is enormous, then its thread keeps the first 10 000 characters and the upload succeeds', async () => {
    const w = await givenOpenCampaign();
    const res = await upload(w, buildDocx({ body: para(commented([1], 'Căn cứ pháp lý')), comments: [{ id: 1, author: 'Chuyên viên', date: '2026-01-01T00:00:00Z', text: 'ý '.repeat(200_000) }] }));
    expect(res.status).to.equal(201);
    const c = await CommentModel.findOne({ submission: w.bcaSub }).lean();
    expect(c!.text.length).to.be.at.most(10_000);
    expect(c!.target.paragraph).to.equal(0);
  });
});
