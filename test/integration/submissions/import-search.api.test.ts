import { rowsOf } from '../../factories/index.js';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, givenOpenCampaign, type World } from './world.js';

async function workbook(w: World, rows: Record<string, unknown>[]): Promise<Buffer> {
  const tpl = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/items/template.xlsx`).set('Authorization', w.bca).buffer(true).parse((r, cb) => {
    const parts: Buffer[] = [];
    r.on('data', (c: Buffer) => parts.push(c));
    r.on('end', () => cb(null, Buffer.concat(parts)));
  });
  expect(tpl.status).to.equal(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tpl.body as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Danh mục')!;
  const headers = (ws.getRow(1).values as string[]).slice(1).map((h) => h.replace(/ \*$/, ''));
  const labels: Record<string, string> = { ten_loai: 'Tên loại văn bản', so_ky_hieu: 'Số, ký hiệu', ngay_ban_hanh: 'Ngày, tháng, năm ban hành', trich_yeu: 'Tên gọi của văn bản (trích yếu)', bat_cap: 'Vướng mắc, bất cập', hinh_thuc_kien_nghi: 'Kiến nghị (hình thức xử lý)', noi_dung_kien_nghi: 'Nội dung kiến nghị (phương án sửa đổi, bổ sung)', co_quan_chu_tri: 'Cơ quan chủ trì soạn thảo, xử lý' };
  rows.forEach((row, i) => {
    for (const [key, value] of Object.entries(row)) ws.getRow(i + 2).getCell(headers.indexOf(labels[key]!) + 1).value = value as ExcelJS.CellValue;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const excelRow = { ...GOOD_ROW, ten_loai: 'Nghị định', hinh_thuc_kien_nghi: 'Sửa đổi, bổ sung' };

describe('Excel import and campaign search (API)', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when one of three rows is bad, then no row is stored and the error names row and column', async () => {
    const w = await givenOpenCampaign();
    const buf = await workbook(w, [excelRow, { ...excelRow, so_ky_hieu: '06/QĐ-TTg', ngay_ban_hanh: '32/13/2020' }, excelRow]);
    const res = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items/import`).set('Authorization', w.bca).field('version', '1').attach('file', buf, 'danh-muc.xlsx');
    expect(res.status).to.equal(422);
    const messages = (res.body.error.details as { field: string; message: string }[]).map((d) => d.message);
    expect(messages.some((m) => m.startsWith('Dòng 3, cột'))).to.equal(true);
    expect((await rowsOf(w.bcaSub))).to.have.length(0);
  });

  it('when every row is good, then all are appended in one version step', async () => {
    const w = await givenOpenCampaign();
    const buf = await workbook(w, [excelRow, { ...excelRow, so_ky_hieu: '55/2021/TT-BCA', ten_loai: 'Thông tư', ngay_ban_hanh: '15/05/2021', hinh_thuc_kien_nghi: 'Bãi bỏ' }]);
    const res = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items/import`).set('Authorization', w.bca).field('version', '1').attach('file', buf, 'danh-muc.xlsx');
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.equal({ added: 2, version: 2 });
    expect((await rowsOf(w.bcaSub)).map((i) => i.values.hinh_thuc_kien_nghi)).to.deep.equal(['sua-doi-bo-sung', 'bai-bo']);
    const stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.itemCount).to.equal(2);
    expect(stored!.recommendationCounts).to.deep.equal({ 'sua-doi-bo-sung': 1, 'bai-bo': 1 });
  });

  it('when searching a campaign, then text matches without diacritics and filters narrow by type, recommendation and agency; agencies see only their rows', async () => {
    const w = await givenOpenCampaign();
    const add = (sub: string, auth: string, values: object, version: number) => request(w.app).post(`/api/v1/submissions/${sub}/items`).set('Authorization', auth).send({ version, values });
    expect((await add(w.bcaSub, w.bca, GOOD_ROW, 1)).status).to.equal(201);
    expect((await add(w.bcaSub, w.bca, { ...GOOD_ROW, so_ky_hieu: '55/2021/TT-BCA', ten_loai: 'thong-tu', ngay_ban_hanh: '15/05/2021', hinh_thuc_kien_nghi: 'bai-bo', bat_cap: 'Quy định về giấy xác nhận cư trú', noi_dung_kien_nghi: 'Bãi bỏ toàn bộ thông tư' }, 2)).status).to.equal(201);
    expect((await add(w.hanoiSub, w.hanoi, { ...GOOD_ROW, so_ky_hieu: '05/2019/NQ-HĐND', ten_loai: 'nghi-quyet', ngay_ban_hanh: '10/07/2019', trich_yeu: 'Quy định mức thu phí', bat_cap: 'Yêu cầu sổ hộ khẩu' }, 1)).status).to.equal(201);
    const search = (auth: string, qs: string) => request(w.app).get(`/api/v1/campaigns/${w.campaignId}/items/search?${qs}`).set('Authorization', auth);

    let res = await search(w.rev, `q=${encodeURIComponent('so ho khau')}`);
    expect(res.status).to.equal(200);
    expect(res.body.items).to.have.length(2);
    res = await search(w.rev, `q=${encodeURIComponent('XÁC NHẬN cư trú')}`);
    expect(res.body.items).to.have.length(1);
    res = await search(w.rev, 'docType=thong-tu');
    expect(res.body.items.map((i: { values: { so_ky_hieu: { key: string } } }) => i.values.so_ky_hieu.key)).to.deep.equal(['55/2021/TT-BCA']);
    res = await search(w.rev, 'recommendation=sua-doi-bo-sung');
    expect(res.body.items).to.have.length(2);
    const hn = (await SubmissionModel.findById(w.hanoiSub).lean())!.agency.toString();
    res = await search(w.rev, `agency=${hn}`);
    expect(res.body.items).to.have.length(1);
    res = await search(w.bca, `q=${encodeURIComponent('ho khau')}`);
    expect(res.body.items).to.have.length(1);
    expect(res.body.items[0].submission).to.equal(w.bcaSub);
  });
});
