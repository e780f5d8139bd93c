import { expect } from 'chai';
import { Types } from 'mongoose';
import request from 'supertest';
import { loginAs } from '../../factories/index.js';
import { listItems, listItemValues, valuesProjection } from '../../../src/submissions/item.service.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, givenFilledSubmission, givenOpenCampaign } from './world.js';

describe('rows step of the agency page', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the officer opens the rows, then each shows its document and short columns; editing one brings every value into the form', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    const s = await loginAs(w.app, w.users.bca);

    const page = await s.agent.get(`/submissions/${w.bcaSub}`);
    expect(page.status).to.equal(200);
    const row = page.text.slice(page.text.indexOf(`id="row-${itemId}"`), page.text.indexOf('</tr>', page.text.indexOf(`id="row-${itemId}"`)));
    expect(row).to.include('Nghị định').and.include('137/2015/NĐ-CP').and.include('31/12/2015').and.include('Bộ Công an');
    // The delete prompt names the document.
    expect(row).to.include('data-confirm="Xóa dòng 1');
    expect(row).to.match(/137\/2015\/NĐ-CP/);
    // The long texts stay out of the table; the row form is empty for a new row.
    expect(page.text).not.to.include(GOOD_ROW.bat_cap);

    const edit = await s.agent.get(`/submissions/${w.bcaSub}?step=rows&edit=${itemId}`);
    expect(edit.status).to.equal(200);
    for (const v of [GOOD_ROW.so_ky_hieu, GOOD_ROW.trich_yeu, GOOD_ROW.bat_cap, GOOD_ROW.noi_dung_kien_nghi, GOOD_ROW.co_quan_chu_tri]) expect(edit.text).to.include(v);

    // The report step counts the rows by recommended action from every row's values.
    const report = await s.agent.get(`/submissions/${w.bcaSub}?step=report`);
    expect(report.text).to.match(/1 văn bản/);
  });

  it('when the rows table reads its values from the stored bytes, then it gets what the driver decodes, in the same order', async () => {
    const w = await givenOpenCampaign();
    const { version } = await givenFilledSubmission(w);
    const second = { ...GOOD_ROW, trich_yeu: 'Thông tư thứ hai, “trích yếu” có dấu & ký tự <đặc biệt>' };
    const added = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version, values: second });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const keys = ['so_ky_hieu', 'ten_loai', 'ngay_ban_hanh', 'trich_yeu', 'hinh_thuc_xu_ly', 'khong_co'];
    const id = new Types.ObjectId(w.bcaSub);
    const fromBytes = await listItemValues(id, keys);
    const decoded = await listItems(id, valuesProjection(keys));
    expect(fromBytes).to.have.length(2);
    expect(fromBytes.map((r) => ({ _id: String(r._id), values: r.values }))).to.deep.equal(decoded.map((r) => ({ _id: String(r._id), values: r.values })));
    expect(fromBytes[1]!.values.trich_yeu).to.equal(second.trich_yeu);
  });
});
