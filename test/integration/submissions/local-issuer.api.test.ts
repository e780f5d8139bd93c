import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { SubmissionItemModel } from '../../../src/submissions/item.model.js';
import { csrfFromHtml, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, givenOpenCampaign } from './world.js';

const HDND_ROW = { ...GOOD_ROW, so_ky_hieu: '05/2019/NQ-HĐND', ten_loai: 'nghi-quyet', ngay_ban_hanh: '10/07/2019', trich_yeu: 'Quy định mức thu phí' };

/** A ministry's own layout with one provincial resolution whose issuer is in no column. */
async function sheetWithLocalRow(symbol: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh mục');
  ws.getRow(1).values = ['STT', 'Tên loại văn bản', 'Số, ký hiệu', 'Ngày ban hành', 'Trích yếu', 'Vướng mắc, bất cập', 'Kiến nghị', 'Nội dung kiến nghị', 'Cơ quan chủ trì'];
  ws.getRow(2).values = [1, 'Nghị quyết', symbol, '10/07/2019', HDND_ROW.trich_yeu, GOOD_ROW.bat_cap, 'Sửa đổi, bổ sung', GOOD_ROW.noi_dung_kien_nghi, 'Bộ Công an'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('local documents (NQ-HĐND, QĐ-UBND) name their issuer', function () {
  this.timeout(30_000);
  beforeEach(resetDatabase);

  it('when a ministry enters a provincial resolution without its issuer, then the row is refused with 422 on the field; naming it (typed or as a field of the value) stores the province', async () => {
    const w = await givenOpenCampaign();
    const add = (values: object, version: number) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version, values });
    const bare = await add(HDND_ROW, 1);
    expect(bare.status).to.equal(422);
    expect(bare.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['so_ky_hieu']);
    expect(bare.body.error.details[0].message).to.include('cơ quan ban hành');
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub })).to.equal(0);

    const typed = await add({ ...HDND_ROW, so_ky_hieu: '05/2019/NQ-HĐND của HĐND tỉnh Đắk Lắk' }, 1);
    expect(typed.status).to.equal(201);
    const field = await add({ ...HDND_ROW, so_ky_hieu: { input: '06/2020/NQ-HĐND', issuer: 'HĐND tỉnh Lâm Đồng' }, ngay_ban_hanh: '10/07/2020' }, typed.body.version);
    expect(field.status).to.equal(201);
    const keys = (await SubmissionItemModel.find({ submission: w.bcaSub }).sort({ position: 1 }).lean()).map((i) => (i.values.so_ky_hieu as { key: string; issuer: string }).key);
    expect(keys).to.deep.equal(['5/2019/NQ-HĐND@dak-lak', '6/2020/NQ-HĐND@lam-dong']);
  });

  it('when a province enters its own resolution, then the province is its issuer', async () => {
    const w = await givenOpenCampaign();
    const res = await request(w.app).post(`/api/v1/submissions/${w.hanoiSub}/items`).set('Authorization', w.hanoi).send({ version: 1, values: HDND_ROW });
    expect(res.status).to.equal(201);
    const stored = await SubmissionItemModel.findOne({ submission: w.hanoiSub }).lean();
    expect((stored!.values.so_ky_hieu as { key: string }).key).to.equal('5/2019/NQ-HĐND@ha-noi');
  });

  it('when a ministry posts the row form without the issuer, then the page comes back 422 with the message by the field and the input kept', async () => {
    const w = await givenOpenCampaign();
    const s = await loginAs(w.app, w.users.bca);
    const csrf = csrfFromHtml((await s.agent.get(`/submissions/${w.bcaSub}`)).text);
    const form: Record<string, string> = { _csrf: csrf, version: '1' };
    for (const [k, v] of Object.entries(HDND_ROW)) form[`values[${k}]`] = v;
    const res = await s.agent.post(`/submissions/${w.bcaSub}/items`).type('form').send(form);
    expect(res.status).to.equal(422);
    expect(res.text).to.include('cần ghi rõ cơ quan ban hành');
    expect(res.text).to.include('value="05/2019/NQ-HĐND"');
  });

  it('when an issuer is typed that names no province ("của HĐND"), then the row is refused on the field, for a province too, and nothing is stored', async () => {
    const w = await givenOpenCampaign();
    for (const [sub, auth] of [[w.bcaSub, w.bca], [w.hanoiSub, w.hanoi]]) {
      const res = await request(w.app).post(`/api/v1/submissions/${sub}/items`).set('Authorization', auth).send({ version: 1, values: { ...HDND_ROW, so_ky_hieu: '05/2019/NQ-HĐND của HĐND' } });
      expect(res.status).to.equal(422);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['so_ky_hieu']);
    }
    expect(await SubmissionItemModel.countDocuments({ campaign: w.campaignId })).to.equal(0);
  });

  it('when a ministry imports its own Excel layout with a provincial resolution and no issuer, then the preview and the import name the cell; a province importing the same sheet gets its own resolution', async () => {
    const w = await givenOpenCampaign();
    const sheet = await sheetWithLocalRow('05/2019/NQ-HĐND');
    const preview = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items/import/preview`).set('Authorization', w.bca).attach('file', sheet, 'bang.xlsx');
    expect(preview.status, JSON.stringify(preview.body)).to.equal(200);
    expect(preview.body).to.include({ total: 1, invalid: 1 });
    expect(preview.body.rows[0].errors.so_ky_hieu).to.include('cơ quan ban hành');
    const imported = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items/import/mapped`).set('Authorization', w.bca).field('version', '1').attach('file', sheet, 'bang.xlsx');
    expect(imported.status).to.equal(422);
    const cell = imported.body.error.details.find((d: { field: string }) => d.field === 'rows.2.so_ky_hieu');
    expect(cell?.message).to.match(/C \(Số, ký hiệu/);
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub })).to.equal(0);

    const own = await request(w.app).post(`/api/v1/submissions/${w.hanoiSub}/items/import/mapped`).set('Authorization', w.hanoi).field('version', '1').attach('file', sheet, 'bang.xlsx');
    expect(own.status, JSON.stringify(own.body)).to.equal(201);
    const stored = await SubmissionItemModel.findOne({ submission: w.hanoiSub }).lean();
    expect(stored!.docKey).to.equal('5/2019/NQ-HĐND@ha-noi');
  });
});
