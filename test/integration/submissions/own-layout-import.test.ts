import { expect } from 'chai';
import request from 'supertest';
import { SubmissionItemModel } from '../../../src/submissions/item.model.js';
import { ImportMappingModel } from '../../../src/submissions/import.model.js';
import { csrfFromHtml, loginAs } from '../../factories/index.js';
import { financeLayout, healthLayout, provinceLayout } from '../../fixtures/ministry-sheets.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign, type World } from './world.js';

const preview = (w: World, sub: string, auth: string, buf: Buffer, mapping?: object) => {
  const r = request(w.app).post(`/api/v1/submissions/${sub}/items/import/preview`).set('Authorization', auth).attach('file', buf, 'bang.xlsx');
  return mapping ? r.field('mapping', JSON.stringify(mapping)) : r;
};
const importMapped = (w: World, sub: string, auth: string, buf: Buffer, version: number, mapping?: object) => {
  const r = request(w.app).post(`/api/v1/submissions/${sub}/items/import/mapped`).set('Authorization', auth).field('version', String(version)).attach('file', buf, 'bang.xlsx');
  return mapping ? r.field('mapping', JSON.stringify(mapping)) : r;
};
const rows = (sub: string) => SubmissionItemModel.find({ submission: sub }).sort({ position: 1 }).lean();

describe('Excel import in an agency’s own layout', function () {
  this.timeout(90_000);
  beforeEach(resetDatabase);

  it('when a ministry’s table has titles, a numbering row and number and date in one column, then the proposed mapping imports it', async () => {
    const w = await givenOpenCampaign();
    const p = await preview(w, w.bcaSub, w.bca, await financeLayout());
    expect(p.status).to.equal(200);
    expect(p.body.layout).to.include({ dataStart: 6 });
    expect(p.body.layout.headerRows).to.deep.equal([4]);
    expect(p.body.mapping).to.include({ 2: 'ten_loai', 3: '__so_ky_hieu_ngay', 5: 'hinh_thuc_kien_nghi', 7: 'co_quan_chu_tri' });
    expect(p.body).to.include({ total: 2, invalid: 0 });
    const res = await importMapped(w, w.bcaSub, w.bca, await financeLayout(), 1);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const stored = await rows(w.bcaSub);
    expect(stored.map((r) => [r.docKey, r.values.ngay_ban_hanh, r.recommendation])).to.deep.equal([
      ['137/2015/NĐ-CP', '2015-12-31', 'sua-doi-bo-sung'],
      ['55/2021/TT-BCA', '2021-05-15', 'bai-bo'],
    ]);
  });

  it('when a table has a merged two-row header and dates written as words, then it imports after the proposed mapping', async () => {
    const w = await givenOpenCampaign();
    const p = await preview(w, w.bcaSub, w.bca, await healthLayout());
    expect(p.body.layout.headerRows).to.deep.equal([3, 4]);
    expect(p.body.mapping).to.include({ 2: 'ten_loai', 3: 'so_ky_hieu', 4: 'ngay_ban_hanh', 5: 'trich_yeu', 9: 'co_quan_chu_tri' });
    const res = await importMapped(w, w.bcaSub, w.bca, await healthLayout(), 1);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect((await rows(w.bcaSub)).map((r) => [r.docKey, r.values.ngay_ban_hanh, r.recommendation])).to.deep.equal([
      ['137/2015/NĐ-CP', '2015-12-31', 'sua-doi-bo-sung'],
      ['14/2016/TTLT-BTTTT-BKHCN', '2016-06-14', 'thay-the'],
    ]);
  });

  it('when a province uses its own column order, abbreviations and dotted dates, then it imports; the mapping it chose is remembered', async () => {
    const w = await givenOpenCampaign();
    const p = await preview(w, w.hanoiSub, w.hanoi, await provinceLayout());
    expect(p.body.mapping).to.include({ 1: 'so_ky_hieu', 2: 'ten_loai', 3: 'ngay_ban_hanh', 9: '' });
    // The officer also keeps the compiler's name, in the notes column.
    const mapping = { ...p.body.mapping, 9: 'ghi_chu' };
    const res = await importMapped(w, w.hanoiSub, w.hanoi, await provinceLayout(), 1, mapping);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const stored = await rows(w.hanoiSub);
    expect(stored.map((r) => [(r.values.so_ky_hieu as { text: string }).text, r.values.ten_loai, r.values.ngay_ban_hanh, r.recommendation, r.values.ghi_chu])).to.deep.equal([
      ['05/2019/NQ-HĐND', 'nghi-quyet', '2019-07-12', 'sua-doi-bo-sung', 'Nguyễn Văn A'],
      ['01/2018/QĐ-UBND', 'quyet-dinh', '2018-03-05', 'bai-bo', 'Nguyễn Văn A'],
    ]);
    expect(await ImportMappingModel.countDocuments()).to.equal(1);
    const again = await preview(w, w.hanoiSub, w.hanoi, await provinceLayout());
    expect(again.body.mapping['9']).to.equal('ghi_chu');
  });

  it('when some cells are bad, then nothing is imported and each bad cell is named by row and column', async () => {
    const w = await givenOpenCampaign();
    const bad = await financeLayout([
      { number: '137/2015/NĐ-CP; 31/12/2015', recommendation: 'Sửa đổi, bổ sung' },
      { number: '55/2021/TT-BCA; 31/02/2021', recommendation: 'Giữ nguyên' },
    ]);
    const p = await preview(w, w.bcaSub, w.bca, bad);
    expect(p.body).to.include({ total: 2, invalid: 1 });
    expect(Object.keys(p.body.rows[1].errors)).to.have.members(['ngay_ban_hanh', 'hinh_thuc_kien_nghi']);
    const res = await importMapped(w, w.bcaSub, w.bca, bad, 1);
    expect(res.status).to.equal(422);
    const messages = (res.body.error.details as { field: string; message: string }[]).map((d) => d.message);
    expect(messages.some((m) => m.startsWith('Dòng 7, cột C'))).to.equal(true);
    expect(messages.some((m) => m.startsWith('Dòng 7, cột E'))).to.equal(true);
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub })).to.equal(0);
  });

  it('when another agency previews or imports into a submission, then it is not found; a stale version is 409', async () => {
    const w = await givenOpenCampaign();
    expect((await preview(w, w.bcaSub, w.hanoi, await financeLayout())).status).to.equal(404);
    expect((await importMapped(w, w.bcaSub, w.hanoi, await financeLayout(), 1)).status).to.equal(404);
    expect((await importMapped(w, w.bcaSub, w.bca, await financeLayout(), 7)).status).to.equal(409);
  });

  it('when the officer uses the page, then the preview shows the proposed mapping and bad cells; a corrected mapping imports', async () => {
    const w = await givenOpenCampaign();
    const s = await loginAs(w.app, w.users.bca);
    const csrf = csrfFromHtml((await s.agent.get(`/submissions/${w.bcaSub}?step=rows`)).text);
    const up = await s.agent.post(`/submissions/${w.bcaSub}/import`).field('_csrf', csrf).attach('file', await healthLayout(), 'y-te.xlsx');
    expect(up.status).to.equal(302);
    const page = await s.agent.get(up.headers.location!);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Nhập bảng Excel của đơn vị').and.include('Số hiệu').and.include('<option value="so_ky_hieu" selected>');
    // The officer maps the lead-agency column away: the required field is then missing and the rows show it.
    const form = { _csrf: csrfFromHtml(page.text), version: '1', 'map[c2]': 'ten_loai', 'map[c3]': 'so_ky_hieu', 'map[c4]': 'ngay_ban_hanh', 'map[c5]': 'trich_yeu', 'map[c6]': 'hinh_thuc_kien_nghi', 'map[c7]': 'noi_dung_kien_nghi', 'map[c8]': 'bat_cap', 'map[c9]': '' };
    const refused = await s.agent.post(up.headers.location!).type('form').send({ ...form, _action: 'import' });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include('Thiếu cột bắt buộc');
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub })).to.equal(0);
    const done = await s.agent.post(up.headers.location!).type('form').send({ ...form, 'map[c9]': 'co_quan_chu_tri', _action: 'import' });
    expect(done.status).to.equal(302);
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub })).to.equal(2);
  });
});
