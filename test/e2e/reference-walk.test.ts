import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { ReferenceAnswerModel } from '../../src/reference-lists/reference.model.js';
import { resetDatabase } from '../support/hooks.js';
import { givenTaskCampaign, importTasks, taskList, taskWorkbook } from '../integration/reference-lists/world.js';
import { AxeLog } from './support/a11y.js';
import { newContext, screenshot } from './support/browser.js';
import { SHOTS, browserWalk, login } from './support/walk.js';

/**
 * The agency's walk through the tasks given to it, in Chromium against the app in this process:
 * it lands on its task list, answers one task as missing, sees its count move, and the MoJ's
 * progress shows it.
 */
describe('browser: an agency answers the tasks given to it', function () {
  this.timeout(180_000);
  const walk = browserWalk();

  it('when the agency opens its submission, then it answers a task on its list and the counts follow', async () => {
    await resetDatabase();
    const w = await givenTaskCampaign(3);
    expect((await importTasks(w, await taskWorkbook(taskList(3, 4), w.agencies))).status).to.equal(201);
    const { base, browser } = await walk.open(w.app);
    const page = await (await newContext(browser)).newPage();
    const axe = new AxeLog();

    await login(page, base, w.users[0]!.email, w.users[0]!.password);
    await page.goto(`${base}/submissions/${w.subs[0]}`);
    expect(new URL(page.url()).pathname).to.equal(`/submissions/${w.subs[0]}/tasks`);
    await expect(await page.textContent('h2#tasks-title')).to.contain('Đã trả lời 0/5 đầu việc');
    expect(await page.locator('.tasks-table tbody tr').count()).to.equal(5);
    await axe.check(page, 'Đầu việc được giao');

    await page.click('.tasks-table tbody tr:first-child a.btn');
    await page.selectOption('select[name="values[ket_qua]"]', 'con-thieu');
    await page.fill('[name="values[van_ban_du_kien]"]', 'Thông tư hướng dẫn cấp thẻ căn cước điện tử');
    await page.fill('[name="values[thoi_han_du_kien]"]', '31/12/2026');
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'reference-answer-form.png'), fullPage: false });
    await Promise.all([page.waitForNavigation(), page.click('form[action*="/tasks/"] button[type="submit"]')]);
    expect(await page.textContent('h2#tasks-title')).to.contain('Đã trả lời 1/5 đầu việc');
    expect(await page.textContent('.tasks-table tbody tr:first-child')).to.contain('Còn thiếu, cần ban hành');
    await page.screenshot({ path: path.join(SHOTS, 'reference-tasks.png'), fullPage: true });
    await screenshot(page, 'reference-tasks');
    expect((await ReferenceAnswerModel.findOne({}).lean())!.values).to.include({ ket_qua: 'con-thieu', thoi_han_du_kien: '2026-12-31' });

    // Submitting with four tasks unanswered is refused with the tasks named.
    await page.goto(`${base}/submissions/${w.subs[0]}?step=send`);
    expect(await page.textContent('.send-checklist')).to.contain('Đã trả lời 1/5 đầu việc');
    page.on('dialog', (d) => void d.accept());
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/transitions"] button[type="submit"]')]);
    const refused = await page.locator('.alert-danger ul').first().textContent();
    expect(refused).to.contain('Chưa trả lời đầu việc DV-004');
    expect(refused).to.not.contain('DV-001.');
    expect(axe.seriousLines()).to.deep.equal([]);
  });
});
