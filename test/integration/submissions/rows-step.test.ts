import { expect } from 'chai';
import { loginAs } from '../../factories/index.js';
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
});
