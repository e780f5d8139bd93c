import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { buildDocx, heading, para, reviewedReport, run } from '../fixtures/word-comments.js';
import { givenFilledSubmission, givenOpenCampaign } from '../integration/submissions/world.js';
import { resetDatabase } from '../support/hooks.js';
import { AxeLog } from './support/a11y.js';
import { RESULTS, newContext } from './support/browser.js';
import { SHOTS, browserWalk, login } from './support/walk.js';

/**
 * A ministry's Word report that was already reviewed in Word: the agency uploads it from the
 * files step, the reviewer reads it with its Word comments beside the paragraphs and its
 * tracked changes marked, and after a second edition sees the changed paragraphs in the diff.
 */
describe('browser: Word comments and changes come along with the file', function () {
  this.timeout(180_000);
  const walk = browserWalk();

  it('when the agency uploads a commented .docx, then the reviewer sees the comments “từ Word” beside the document, the tracked changes, and later the changed paragraphs', async () => {
    await resetDatabase();
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const { base, browser } = await walk.open(w.app);
    const axe = new AxeLog();
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.mkdirSync(RESULTS, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(RESULTS, 'word-'));
    const file = path.join(tmp, 'Báo cáo rà soát.docx');
    fs.writeFileSync(file, reviewedReport());

    const agency = await (await newContext(browser)).newPage();
    await login(agency, base, w.users.bca.email);
    await agency.goto(`${base}/submissions/${w.bcaSub}?step=files`);
    await agency.setInputFiles('#file', file);
    await Promise.all([agency.waitForURL(/cite=/), agency.click('form[data-upload] button[type=submit]')]);
    expect(await agency.locator('.alert').allInnerTexts()).to.satisfy((texts: string[]) => texts.some((t) => t.includes('Đã nhập 3 ý kiến và 1 trả lời')));

    const tr = (auth: string, action: string, message?: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message });
    expect((await tr(w.bca, 'submit')).status).to.equal(200);
    expect((await tr(w.rev, 'start_review')).status).to.equal(200);

    const reviewer = await (await newContext(browser)).newPage();
    await login(reviewer, base, w.users.reviewer.email);
    await reviewer.goto(`${base}/submissions/${w.bcaSub}/review?tab=document`);
    const pane = reviewer.locator('.comment-pane');
    expect(await pane.locator('.from-word-badge').count()).to.equal(4);
    expect(await pane.innerText()).to.contain('Trần Thị Bình').and.contain('Cần ghi đủ ngày ban hành của Nghị định.');
    expect(await reviewer.locator('.docx-html ins.docx-ins').getAttribute('title')).to.equal('Trần Thị Bình — 16:30 05/03/2026');
    expect(await reviewer.locator('.docx-html del.docx-del').innerText()).to.contain('bãi bỏ');
    expect(await reviewer.locator('#p-1').getAttribute('class')).to.contain('has-comment');
    await reviewer.locator('.review-split').screenshot({ path: path.join(SHOTS, 'word-comments-review.png') });
    await axe.check(reviewer, 'Ý kiến từ Word bên cạnh văn bản');

    // A second edition under the same name: the diff shows its changed paragraphs.
    expect((await tr(w.rev, 'request_changes', 'Sửa theo ý kiến.')).status).to.equal(200);
    const second = buildDocx({
      body: [
        heading('BÁO CÁO KẾT QUẢ RÀ SOÁT'),
        para(run('Căn cứ Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ;')),
        para(run('Bộ đã rà soát 120 văn bản quy phạm pháp luật.')),
        para(run('Kiến nghị sửa đổi, bổ sung 12 văn bản.')),
        para(run('Đề nghị Bộ Tư pháp tổng hợp.')),
        para(run('Phụ lục kèm theo, có cột căn cứ pháp lý.')),
      ].join(''),
    });
    expect((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', second, 'Báo cáo rà soát.docx')).status).to.equal(201);
    expect((await tr(w.bca, 'submit')).status).to.equal(200);
    await reviewer.goto(`${base}/submissions/${w.bcaSub}/diff?from=1&to=2`);
    const changes = reviewer.locator('.word-file-diff tbody tr');
    expect(await changes.count()).to.be.greaterThan(0);
    expect(await reviewer.locator('.word-file-diff').innerText()).to.contain('ngày 31/12/2015');
    await reviewer.locator('.word-file-diff').first().screenshot({ path: path.join(SHOTS, 'word-file-diff.png') });
    await axe.check(reviewer, 'Thay đổi trong tệp Word');
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(axe.seriousLines()).to.deep.equal([]);
  });
});
