import { expect } from 'chai';
import fs from 'node:fs';
import request from 'supertest';
import { CommentModel } from '../../../src/reviews/comment.model.js';
import { SubmissionItemModel } from '../../../src/submissions/item.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { editDocx } from '../../fixtures/docx-edit.js';
import { csrfFromHtml, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, REPORT, givenFilledSubmission, givenOpenCampaign, type World } from '../submissions/world.js';

const DOCX = fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc2.docx');

const tr = (w: World, auth: string, action: string, message?: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message });
const comment = (w: World, auth: string, body: object) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', auth).send(body);

describe('threads never vanish', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the agency deletes a row that has a thread, then it is refused (409) naming the thread, by API, by replacing the rows, and on the page; a row without threads goes', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    let version = (await SubmissionModel.findById(w.bcaSub).lean())!.version;
    const second = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version, values: { ...GOOD_ROW, so_ky_hieu: '55/2021/TT-BCA', ten_loai: 'thong-tu', ngay_ban_hanh: '15/05/2021' } });
    expect(second.status).to.equal(201);
    await tr(w, w.bca, 'submit');
    await tr(w, w.rev, 'start_review');
    const thread = await comment(w, w.rev, { text: 'Văn bản này đã được thay thế chưa?', itemId });
    await comment(w, w.bca, { text: 'Chưa, vẫn còn hiệu lực.', parentId: thread.body.id });
    await tr(w, w.rev, 'request_changes', 'Rà lại dòng 1.');
    version = (await SubmissionModel.findById(w.bcaSub).lean())!.version;

    const del = await request(w.app).delete(`/api/v1/submissions/${w.bcaSub}/items/${itemId}`).set('Authorization', w.bca).send({ version });
    expect(del.status).to.equal(409);
    expect(del.body.error.details[0].message).to.include('Văn bản này đã được thay thế chưa?');
    const replace = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version, items: [{ id: second.body.item.id, values: { ...GOOD_ROW, so_ky_hieu: '55/2021/TT-BCA', ten_loai: 'thong-tu', ngay_ban_hanh: '15/05/2021' } }], report: REPORT });
    expect(replace.status).to.equal(409);

    const s = await loginAs(w.app, w.users.bca);
    const csrf = csrfFromHtml((await s.agent.get(`/submissions/${w.bcaSub}`)).text);
    const page = await s.agent.post(`/submissions/${w.bcaSub}/items/${itemId}/delete`).type('form').send({ _csrf: csrf, version: String(version) });
    expect(page.status).to.equal(409);
    expect(page.text).to.include('Dòng 1 có ý kiến của');
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub })).to.equal(2);
    expect(await CommentModel.countDocuments({ submission: w.bcaSub })).to.equal(2);

    const ok = await request(w.app).delete(`/api/v1/submissions/${w.bcaSub}/items/${second.body.item.id}`).set('Authorization', w.bca).send({ version });
    expect(ok.status).to.equal(200);
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub })).to.equal(1);
  });

  it('when threads exist on a row, a report section and the whole submission, then the "Ý kiến" tab shows all of them and filters by status, kind and mine; section comments are checked and shown on the report tab', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    await tr(w, w.bca, 'submit');
    await tr(w, w.rev, 'start_review');
    expect((await comment(w, w.rev, { text: 'Ý kiến về dòng một', itemId })).status).to.equal(201);
    const general = await comment(w, w.admin, { text: 'Ý kiến chung của lãnh đạo' });
    expect((await comment(w, w.rev, { text: 'Số liệu mục kết quả chưa khớp phụ lục', sectionKey: 'ket_qua_ra_soat' })).status).to.equal(201);
    const bad = await comment(w, w.rev, { text: 'x', sectionKey: 'khong_co' });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0].field).to.equal('sectionKey');
    await request(w.app).post(`/api/v1/comments/${general.body.id}/resolve`).set('Authorization', w.admin);

    const s = await loginAs(w.app, w.users.reviewer);
    let page = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=comments`);
    expect(page.status).to.equal(200);
    expect(page.text).to.not.include('Chưa có ý kiến nào');
    for (const text of ['Ý kiến về dòng một', 'Ý kiến chung của lãnh đạo', 'Số liệu mục kết quả chưa khớp phụ lục']) expect(page.text).to.include(text);
    expect(page.text).to.include('Về dòng 1');
    // the acceptance gate above lists open threads too: look at the thread list only
    const listed = async (qs: string) => {
      const html = (await s.agent.get(`/submissions/${w.bcaSub}/review?tab=comments&${qs}`)).text;
      return html.slice(html.indexOf('thread-count'));
    };
    expect(await listed('status=resolved')).to.include('Ý kiến chung của lãnh đạo').and.not.include('Ý kiến về dòng một');
    expect(await listed('kind=section')).to.include('Số liệu mục kết quả').and.not.include('Ý kiến chung của lãnh đạo');
    expect(await listed('mine=1')).to.include('Ý kiến về dòng một').and.not.include('Ý kiến chung của lãnh đạo');
    expect((await s.agent.get(`/submissions/${w.bcaSub}/review?tab=comments&status=bogus`)).status).to.equal(400);

    const report = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=report`);
    expect(report.text).to.match(/id="section-ket_qua_ra_soat"[\s\S]*Số liệu mục kết quả chưa khớp phụ lục/);
    const gate = await tr(w, w.rev, 'accept');
    expect(gate.body.error.details.map((d: { message: string }) => d.message).join(' ')).to.include('Số liệu mục kết quả');
  });

  it('when a new Word file drops a quoted paragraph, then its thread is listed apart with the old quote and a link to the old file, which still downloads', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const up1 = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', DOCX, 'Báo cáo rà soát.docx');
    expect(up1.status).to.equal(201);
    await tr(w, w.bca, 'submit');
    await tr(w, w.rev, 'start_review');
    const paragraphs = (await request(w.app).get(`/api/v1/attachments/${up1.body.id}/html`).set('Authorization', w.rev)).body.paragraphs as string[];
    const gone = paragraphs.findIndex((p) => p.includes('PHÉP ĐẶT CÂU'));
    expect((await comment(w, w.rev, { text: 'Mục này nên đổi tên.', attachmentId: up1.body.id, paragraph: gone, quote: 'PHÉP ĐẶT CÂU' })).status).to.equal(201);
    await tr(w, w.rev, 'request_changes', 'Sửa theo ý kiến.');
    const v2 = await editDocx(DOCX, (xml) => xml.replace('PHÉP ĐẶT CÂU', 'QUY TẮC CHUNG'));
    expect((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', v2, 'Báo cáo rà soát.docx')).status).to.equal(201);
    await tr(w, w.bca, 'submit');

    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=comments`);
    const section = page.text.slice(page.text.indexOf('outdated-threads'));
    expect(section).to.include('Ý kiến về đoạn văn không còn trong bản mới (1)');
    expect(section).to.include('PHÉP ĐẶT CÂU');
    expect(section).to.include('Mục này nên đổi tên.');
    expect(section).to.include(`href="/attachments/${up1.body.id}"`);
    const old = await s.agent.get(`/attachments/${up1.body.id}`);
    expect(old.status).to.equal(200);
    expect(old.headers['content-disposition']).to.include('.docx');
  });

  it('when MoJ staff open a campaign\'s threads, then every agency\'s threads are listed with filters; agencies get 403', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    await tr(w, w.bca, 'submit');
    await tr(w, w.rev, 'start_review');
    await comment(w, w.rev, { text: 'Ý kiến cho Bộ Công an', itemId });
    expect((await request(w.app).post(`/api/v1/submissions/${w.hanoiSub}/comments`).set('Authorization', w.rev).send({ text: 'Ý kiến cho Hà Nội' })).status).to.equal(201);

    const s = await loginAs(w.app, w.users.reviewer);
    let page = await s.agent.get(`/campaigns/${w.campaignId}/threads`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Ý kiến cho Bộ Công an').and.include('Ý kiến cho Hà Nội');
    const hn = (await SubmissionModel.findById(w.hanoiSub).lean())!.agency.toString();
    page = await s.agent.get(`/campaigns/${w.campaignId}/threads?agency=${hn}`);
    expect(page.text).to.include('Ý kiến cho Hà Nội').and.not.include('Ý kiến cho Bộ Công an');
    page = await s.agent.get(`/campaigns/${w.campaignId}/threads?kind=item`);
    expect(page.text).to.include('Ý kiến cho Bộ Công an').and.not.include('Ý kiến cho Hà Nội');
    const api = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/threads?status=open`).set('Authorization', w.rev);
    expect(api.body.total).to.equal(2);
    expect((await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/threads`).set('Authorization', w.bca)).status).to.equal(403);
    const agency = await loginAs(w.app, w.users.bca);
    expect((await agency.agent.get(`/campaigns/${w.campaignId}/threads`)).status).to.equal(403);
  });
});
