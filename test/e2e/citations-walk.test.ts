import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { financeLayout } from '../fixtures/ministry-sheets.js';
import { reportDocx } from '../integration/citations/report-docs.js';
import { givenOpenCampaign } from '../integration/submissions/world.js';
import { SubmissionItemModel } from '../../src/submissions/item.model.js';
import { resetDatabase } from '../support/hooks.js';
import { AxeLog } from './support/a11y.js';
import { RESULTS, newContext } from './support/browser.js';
import { browserWalk, login } from './support/walk.js';

/**
 * What an agency already has, brought in from the files step: the documents its Word report
 * cites are listed and one becomes a pre-filled row; its own Excel table is mapped and
 * previewed with the bad cell named, and nothing is imported while a cell is bad.
 */
describe('browser: an agency brings in its Word report and its own Excel table', function () {
  this.timeout(180_000);
  const walk = browserWalk();

  it('when the agency uploads them, then it sees the cited documents, opens one as a pre-filled row, and the mapping preview names the bad cell', async () => {
    await resetDatabase();
    const w = await givenOpenCampaign();
    const { base, browser } = await walk.open(w.app);
    const axe = new AxeLog();
    fs.mkdirSync(RESULTS, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(RESULTS, 'cite-'));
    const report = path.join(tmp, 'Báo cáo rà soát của Bộ Công an.docx');
    const sheet = path.join(tmp, 'Danh mục của Bộ.xlsx');
    fs.writeFileSync(report, await reportDocx());
    fs.writeFileSync(sheet, await financeLayout([
      { number: '137/2015/NĐ-CP; 31/12/2015', recommendation: 'Sửa đổi bổ sung' },
      { number: '104/2022/NĐ-CP; 31/02/2022', recommendation: 'Bãi bỏ' },
    ]));
    const page = await (await newContext(browser)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, base, w.users.bca.email);

    await page.goto(`${base}/submissions/${w.bcaSub}?step=files`);
    await page.setInputFiles('#file', report);
    await Promise.all([page.waitForURL(/cite=/), page.click('form[data-upload] button[type=submit]')]);
    const cited = page.locator('#cited');
    expect(await cited.innerText()).to.contain('137/2015/NĐ-CP').and.contain('55/2021/TT-BCA');
    await axe.check(page, 'Văn bản được viện dẫn');

    await Promise.all([page.waitForURL(/step=rows/), page.locator('tr[data-cited="55/2021/TT-BCA"] a').click()]);
    const values = await page.locator('#new-row input, #new-row textarea').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(values, 'the number and date the report gave').to.include.members(['55/2021/TT-BCA', '15/05/2021']);
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub }), 'a suggestion is a form, not yet a row').to.equal(0);

    await page.setInputFiles('#own-file', sheet);
    await Promise.all([page.waitForURL(/\/import\//), page.locator('#own-file ~ button').click()]);
    expect(await page.locator('.mapping-table select').count()).to.be.above(2);
    expect(await page.locator('.cell-error').allInnerTexts()).to.have.length.above(0);
    expect(await page.locator('.preview-table').innerText()).to.contain('31/02/2022');
    await axe.check(page, 'Ghép cột bảng Excel');
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub }), 'nothing imported while a cell is bad').to.equal(0);

    expect(errors).to.deep.equal([]);
    expect(axe.seriousLines()).to.deep.equal([]);
  });
});
