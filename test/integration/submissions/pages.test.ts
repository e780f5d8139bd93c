import { expect } from 'chai';
import fs from 'node:fs';
import request from 'supertest';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { csrfFromHtml, loginAs, rowsOf } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, REPORT, givenFilledSubmission, givenOpenCampaign } from './world.js';

const DOCX = fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc2.docx');
const rowForm = (version: number, values: Record<string, string>) => ({ version: String(version), _step: 'rows', ...Object.fromEntries(Object.entries(values).map(([k, v]) => [`values[${k}]`, v])) });

describe('submission pages', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the agency adds a row with bad fields, then 422 shows each message beside its field and keeps the typed text; a good row is saved', async () => {
    const w = await givenOpenCampaign();
    const s = await loginAs(w.app, w.users.bca);
    const page = await s.agent.get(`/submissions/${w.bcaSub}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Danh mục văn bản').and.include('Báo cáo').and.include('Tài liệu').and.include('Gửi');
    const csrf = csrfFromHtml(page.text);

    const bad = await s.agent.post(`/submissions/${w.bcaSub}/items`).type('form').send({ _csrf: csrf, ...rowForm(1, { ...GOOD_ROW, ngay_ban_hanh: '31/02/2015', trich_yeu: 'Trích yếu đã gõ' }) });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.match(/id="n-ngay_ban_hanh-error"[^>]*>[^<]*ngày có thật/);
    expect(bad.text).to.include('>Trích yếu đã gõ</textarea>');
    expect((await rowsOf(w.bcaSub))).to.have.length(0);

    const ok = await s.agent.post(`/submissions/${w.bcaSub}/items`).type('form').send({ _csrf: csrf, ...rowForm(1, GOOD_ROW) });
    expect(ok.status).to.equal(302);
    expect((await rowsOf(w.bcaSub))).to.have.length(1);
  });

  it('when the report is saved from a stale page, then 409 re-renders with the officer’s text kept and the stored text unchanged', async () => {
    const w = await givenOpenCampaign();
    const s = await loginAs(w.app, w.users.bca);
    const csrf = csrfFromHtml((await s.agent.get(`/submissions/${w.bcaSub}?step=report`)).text);
    const first = await s.agent.post(`/submissions/${w.bcaSub}/report`).type('form').send({ _csrf: csrf, version: '1', _step: 'report', 'report[ket_qua_ra_soat]': 'Bản thứ nhất' });
    expect(first.status).to.equal(302);
    const stale = await s.agent.post(`/submissions/${w.bcaSub}/report`).type('form').send({ _csrf: csrf, version: '1', _step: 'report', 'report[ket_qua_ra_soat]': 'Văn bản dài tôi vừa gõ, không được mất' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.include('Văn bản dài tôi vừa gõ, không được mất');
    expect(stale.text).to.include('người khác lưu');
    const stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.reportSections.find((x) => x.key === 'ket_qua_ra_soat')!.text).to.equal('Bản thứ nhất');
  });

  it('when another agency opens the submission, its review page, versions or a file URL, then 404 every time', async () => {
    const w = await givenOpenCampaign();
    const up = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', DOCX, 'bao-cao.docx');
    const s = await loginAs(w.app, w.users.hanoi);
    for (const path of [`/submissions/${w.bcaSub}`, `/submissions/${w.bcaSub}/review`, `/submissions/${w.bcaSub}/versions`, `/submissions/${w.bcaSub}/diff`, `/attachments/${up.body.id}`]) {
      expect((await s.agent.get(path)).status, path).to.equal(404);
    }
    const csrf = csrfFromHtml((await s.agent.get(`/submissions/${w.hanoiSub}`)).text);
    const post = await s.agent.post(`/submissions/${w.bcaSub}/comments`).type('form').send({ _csrf: csrf, text: 'Xin chào' });
    expect(post.status).to.equal(404);
  });

  it('when the agency submits from the page, then it lands on the receipt with version, items and file hashes; the reviewer sees the Word file rendered beside a paragraph comment, and the diff page', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const up = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', DOCX, 'Phụ lục II.docx');
    const agency = await loginAs(w.app, w.users.bca);
    const csrf = csrfFromHtml((await agency.agent.get(`/submissions/${w.bcaSub}?step=send`)).text);
    const sent = await agency.agent.post(`/submissions/${w.bcaSub}/transitions`).type('form').send({ _csrf: csrf, action: 'submit', _step: 'send' });
    expect(sent.status).to.equal(302);
    expect(sent.headers.location).to.equal(`/submissions/${w.bcaSub}/versions/1/receipt`);
    const receipt = await agency.agent.get(sent.headers.location as string);
    expect(receipt.text).to.include(up.body.sha256).and.include('phiên bản 1');

    const reviewer = await loginAs(w.app, w.users.reviewer);
    let page = await reviewer.agent.get(`/submissions/${w.bcaSub}/review`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('data-p="1" id="p-1"').and.include('VIẾT HOA TRONG VĂN BẢN HÀNH CHÍNH');
    const rc = csrfFromHtml(page.text);
    const posted = await reviewer.agent.post(`/submissions/${w.bcaSub}/comments`).type('form').send({ _csrf: rc, attachmentId: up.body.id, paragraph: '2', quote: 'VĂN BẢN HÀNH CHÍNH', text: 'Đề nghị thống nhất tên gọi.', _tab: 'document', _file: up.body.id });
    expect(posted.status).to.equal(302);
    page = await reviewer.agent.get(`/submissions/${w.bcaSub}/review?tab=document&file=${up.body.id}`);
    expect(page.text).to.include('Đề nghị thống nhất tên gọi.').and.include('class="has-comment"');

    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.rev).send({ action: 'start_review' }).expect(200);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.rev).send({ action: 'request_changes', message: 'Sửa mục II.' }).expect(200);
    const sub = await SubmissionModel.findById(w.bcaSub).lean();
    await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version: sub!.version, items: [{ id: (await rowsOf(w.bcaSub))[0]!._id.toString(), values: { ...GOOD_ROW, hinh_thuc_kien_nghi: 'bai-bo' } }], report: { ...REPORT, ket_qua_ra_soat: 'Đã rà soát 125 văn bản.' } }).expect(200);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' }).expect(200);
    const diff = await reviewer.agent.get(`/submissions/${w.bcaSub}/diff?from=1&to=2`);
    expect(diff.status).to.equal(200);
    expect(diff.text).to.include('<ins>Bãi bỏ</ins>');
    expect(diff.text).to.match(/<ins>125\s*<\/ins>/);

    const queue = await reviewer.agent.get('/reviews?status=submitted');
    expect(queue.status).to.equal(200);
    expect(queue.text).to.include('Bộ Công an');
    const notes = await agency.agent.get('/notifications');
    expect(notes.text).to.include('Thông báo (');
    const search = await reviewer.agent.get(`/campaigns/${w.campaignId}/search?q=ho+khau`);
    expect(search.status).to.equal(200);
    expect(search.text).to.include('137/2015/NĐ-CP');
  });
});

describe('submission pages: answering from the editing page', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the agency answers a row comment on its editing page, then the reply is stored in the thread and it lands back on that page', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' }).expect(200);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.rev).send({ action: 'start_review' }).expect(200);
    const root = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ itemId, text: 'Bổ sung căn cứ.' });
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.rev).send({ action: 'request_changes', message: 'Xem ý kiến dòng 1.' }).expect(200);
    const s = await loginAs(w.app, w.users.bca);
    const page = await s.agent.get(`/submissions/${w.bcaSub}`);
    expect(page.text).to.include('Bổ sung căn cứ.').and.include('Xem ý kiến dòng 1.').and.include('name="_back" value="edit"');
    const res = await s.agent.post(`/submissions/${w.bcaSub}/comments`).type('form').send({ _csrf: csrfFromHtml(page.text), parentId: root.body.id, text: 'Đã bổ sung khoản 3 Điều 38.', _back: 'edit', _tab: 'rows' });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(`/submissions/${w.bcaSub}?step=rows#comment-${root.body.id}`);
    const thread = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev);
    expect(thread.body.items[0].replies.map((r: { text: string }) => r.text)).to.deep.equal(['Đã bổ sung khoản 3 Điều 38.']);
  });
});

describe('submission pages: Excel import', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the officer imports a workbook with one bad row from the rows step, then nothing is added and the page lists row and column; a good workbook adds its rows', async () => {
    const w = await givenOpenCampaign();
    const s = await loginAs(w.app, w.users.bca);
    const page = await s.agent.get(`/submissions/${w.bcaSub}`);
    const csrf = csrfFromHtml(page.text);
    const tpl = await s.agent.get(`/submissions/${w.bcaSub}/items/template.xlsx`).buffer(true).parse((r, cb) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => cb(null, Buffer.concat(parts)));
    });
    expect(tpl.status).to.equal(200);
    const ExcelJS = (await import('exceljs')).default;
    const fill = async (rows: Record<string, string>[]) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(tpl.body as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('Danh mục')!;
      const headers = (ws.getRow(1).values as string[]).slice(1).map((h) => h.replace(/ \*$/, ''));
      const col = (label: string) => headers.indexOf(label) + 1;
      rows.forEach((r, i) => {
        ws.getRow(i + 2).getCell(col('Tên loại văn bản')).value = r.type!;
        ws.getRow(i + 2).getCell(col('Số, ký hiệu')).value = r.number!;
        ws.getRow(i + 2).getCell(col('Ngày, tháng, năm ban hành')).value = r.date!;
        ws.getRow(i + 2).getCell(col('Tên gọi của văn bản (trích yếu)')).value = 'Quy định về cư trú';
        ws.getRow(i + 2).getCell(col('Vướng mắc, bất cập')).value = 'Yêu cầu sổ hộ khẩu';
        ws.getRow(i + 2).getCell(col('Kiến nghị (hình thức xử lý)')).value = 'Bãi bỏ';
        ws.getRow(i + 2).getCell(col('Nội dung kiến nghị (phương án sửa đổi, bổ sung)')).value = 'Bãi bỏ quy định';
        ws.getRow(i + 2).getCell(col('Cơ quan chủ trì soạn thảo, xử lý')).value = 'Bộ Công an';
      });
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const bad = await fill([{ type: 'Thông tư', number: '55/2021/TT-BCA', date: '15/05/2021' }, { type: 'Thông tư', number: '55/2021/TT-BCA', date: '31/02/2021' }]);
    const refused = await s.agent.post(`/submissions/${w.bcaSub}/items/import?_csrf=${encodeURIComponent(csrf)}`).field('version', '1').attach('file', bad, 'danh-muc.xlsx');
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include('Dòng 3, cột C');
    expect((await rowsOf(w.bcaSub))).to.have.length(0);

    const good = await fill([{ type: 'Thông tư', number: '55/2021/TT-BCA', date: '15/05/2021' }]);
    const imported = await s.agent.post(`/submissions/${w.bcaSub}/items/import?_csrf=${encodeURIComponent(csrf)}`).field('version', '1').attach('file', good, 'danh-muc.xlsx');
    expect(imported.status).to.equal(302);
    expect(imported.headers.location).to.equal(`/submissions/${w.bcaSub}?step=rows`);
    expect((await rowsOf(w.bcaSub))).to.have.length(1);
  });
});

describe('submission pages: refused uploads', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  // Where LibreOffice is installed the old file is converted instead (test/integration/attachments/legacy-doc.test.ts).
  let soffice: string | undefined;
  before(() => {
    soffice = process.env.SOFFICE;
    process.env.SOFFICE = '';
  });
  after(() => {
    if (soffice === undefined) delete process.env.SOFFICE;
    else process.env.SOFFICE = soffice;
  });

  it('when the old Word 97 file is uploaded from the page without LibreOffice, then 415 keeps the officer on the files step with the reason, and the script gets it as JSON', async () => {
    const w = await givenOpenCampaign();
    const s = await loginAs(w.app, w.users.bca);
    const csrf = csrfFromHtml((await s.agent.get(`/submissions/${w.bcaSub}?step=files`)).text);
    const legacy = fs.readFileSync('../shared/samples/negative/legacy-word-97.doc');
    const page = await s.agent.post(`/submissions/${w.bcaSub}/attachments?_csrf=${encodeURIComponent(csrf)}`).attach('file', legacy, 'quyet-dinh.doc');
    expect(page.status).to.equal(415);
    expect(page.text).to.include('id="files-title"').and.include('97–2003');
    const xhr = await s.agent.post(`/submissions/${w.bcaSub}/attachments?_csrf=${encodeURIComponent(csrf)}`).set('Accept', 'application/json').attach('file', Buffer.alloc(0), 'rong.pdf');
    expect(xhr.status).to.equal(422);
    expect(xhr.body.error.message).to.include('0 byte');
  });
});
