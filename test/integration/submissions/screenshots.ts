/**
 * The three submission screenshots, from a throwaway in-process app on the
 * embedded engine, seeded with a realistic submission:
 *   node --import tsx test/integration/submissions/screenshots.ts
 * Writes docs/screenshots/submission-agency-edit.png, submission-review-paragraph-comment.png, submission-diff.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import request from 'supertest';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { DEFAULT_PASSWORD, rowsOf } from '../../factories/index.js';
import { editDocx, paragraphXml } from '../../fixtures/docx-edit.js';
import { GOOD_ROW, REPORT, givenOpenCampaign } from './world.js';
import { AXE, startShotApp } from '../../e2e/support/shot-app.js';

const OUT = path.resolve('docs/screenshots');
const { app, base, close } = await startShotApp('rasoat-shots-');

try {
  const w = await givenOpenCampaign({ app, deadline: new Date(Date.now() + 9 * 86400_000).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) });
  const api = (method: 'post' | 'put', url: string, auth: string) => request(app)[method](url).set('Authorization', auth);
  const rows = [
    GOOD_ROW,
    { ...GOOD_ROW, ten_loai: 'thong-tu', so_ky_hieu: '55/2021/TT-BCA', ngay_ban_hanh: '15/05/2021', trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú', dieu_khoan: 'khoản 2 Điều 6', bat_cap: 'Còn yêu cầu xuất trình giấy xác nhận thông tin về cư trú bản giấy', hinh_thuc_kien_nghi: 'bai-bo', noi_dung_kien_nghi: 'Bãi bỏ khoản 2 Điều 6; thay bằng khai thác dữ liệu điện tử', co_quan_chu_tri: 'Bộ Công an' },
    { ...GOOD_ROW, ten_loai: 'nghi-dinh', so_ky_hieu: '104/2022/NĐ-CP', ngay_ban_hanh: '21/12/2022', trich_yeu: 'Sửa đổi, bổ sung một số điều của các nghị định liên quan đến việc nộp, xuất trình sổ hộ khẩu, sổ tạm trú giấy', dieu_khoan: 'Điều 3', bat_cap: 'Một số thủ tục vẫn yêu cầu bản sao chứng thực giấy tờ tùy thân', hinh_thuc_kien_nghi: 'sua-doi', noi_dung_kien_nghi: 'Bỏ yêu cầu bản sao chứng thực; dùng căn cước điện tử', co_quan_chu_tri: 'Bộ Tư pháp' },
  ];
  let version = 1;
  for (const values of rows) version = (await api('post', `/api/v1/submissions/${w.bcaSub}/items`, w.bca).send({ version, values })).body.version;
  await api('put', `/api/v1/submissions/${w.bcaSub}`, w.bca).send({ version, items: (await rowsOf(w.bcaSub)).map((i) => ({ id: i._id.toString(), values: i.values })), report: REPORT });
  const docx = fs.readFileSync('../shared/samples/docx/nd30-2020-30_2020_ND_CP.docx');
  const up = await api('post', `/api/v1/submissions/${w.bcaSub}/attachments`, w.bca).attach('file', docx, 'Báo cáo kết quả rà soát.docx');
  await api('post', `/api/v1/submissions/${w.bcaSub}/transitions`, w.bca).send({ action: 'submit' });
  await api('post', `/api/v1/submissions/${w.bcaSub}/transitions`, w.rev).send({ action: 'start_review' });
  const html = await request(app).get(`/api/v1/attachments/${up.body.id}/html`).set('Authorization', w.rev);
  const paragraphs = html.body.paragraphs as string[];
  const pIdx = paragraphs.findIndex((p) => p.startsWith('Nghị định này quy định về công tác văn thư'));
  await api('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.rev).send({ attachmentId: up.body.id, paragraph: pIdx, quote: 'công tác văn thư', text: 'Đề nghị nêu rõ phạm vi áp dụng đối với văn bản điện tử có sử dụng dữ liệu dân cư.' });
  const c2 = await api('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.rev).send({ attachmentId: up.body.id, paragraph: pIdx + 2, quote: paragraphs[pIdx + 2]!.slice(0, 40), text: 'Cần thống nhất thuật ngữ với Luật Giao dịch điện tử 2023.' });
  await api('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.bca).send({ parentId: c2.body.id, text: 'Bộ Công an tiếp thu, sẽ sửa trong bản gửi lại.' });
  await api('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.rev).send({ itemId: (await rowsOf(w.bcaSub))[1]!._id.toString(), text: 'Đề nghị bổ sung căn cứ pháp lý cho kiến nghị bãi bỏ.' });
  await api('post', `/api/v1/submissions/${w.bcaSub}/transitions`, w.rev).send({ action: 'request_changes', message: 'Đề nghị bổ sung căn cứ pháp lý cho dòng 2 và cập nhật số liệu mục II.' });
  // The agency's second version: one row changed, one added, one removed, report updated, new edition of the Word file.
  const s2 = (await SubmissionModel.findById(w.bcaSub).lean())!;
  const items = (await rowsOf(w.bcaSub)).map((i) => ({ id: i._id.toString(), values: i.values }));
  items[1]!.values = { ...rows[1], ly_do: 'Khoản 3 Điều 38 Luật Cư trú số 68/2020/QH14', noi_dung_kien_nghi: 'Bãi bỏ khoản 2 Điều 6; cơ quan giải quyết tự khai thác Cơ sở dữ liệu quốc gia về dân cư' };
  items.splice(2, 1);
  items.push({ id: '', values: { ...GOOD_ROW, ten_loai: 'quyet-dinh', so_ky_hieu: '19/2025/QĐ-TTg', ngay_ban_hanh: '20/06/2025', trich_yeu: 'Quy định về thủ tục hành chính liên thông', hinh_thuc_kien_nghi: 'sua-doi-bo-sung' } });
  await api('put', `/api/v1/submissions/${w.bcaSub}`, w.bca).send({ version: s2.version, items, report: { ...REPORT, ket_qua_ra_soat: 'Đã rà soát 126 văn bản; 14 văn bản cần sửa đổi, bổ sung, trong đó 3 văn bản cần bãi bỏ.' } });
  const v2 = await editDocx(docx, (xml) => xml.replace('<w:body>', `<w:body>${paragraphXml('Bản sửa đổi theo ý kiến của Bộ Tư pháp')}`));
  await api('post', `/api/v1/submissions/${w.bcaSub}/attachments`, w.bca).attach('file', v2, 'Báo cáo kết quả rà soát.docx');
  await api('post', `/api/v1/submissions/${w.bcaSub}/transitions`, w.bca).send({ action: 'submit' });
  await api('post', `/api/v1/submissions/${w.bcaSub}/transitions`, w.rev).send({ action: 'start_review' });
  // The Hà Nội draft, for the agency editing screenshot: two rows, one being edited.
  let hv = 1;
  for (const values of rows.slice(0, 2)) hv = (await api('post', `/api/v1/submissions/${w.hanoiSub}/items`, w.hanoi).send({ version: hv, values: { ...values, co_quan_chu_tri: 'UBND thành phố Hà Nội' } })).body.version;

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const errors: string[] = [];
  // axe-core on each page shot; it is injected as a script, which the app's CSP would refuse, hence bypassCSP.
  const audit = async (page: Page, name: string) => {
    await page.addScriptTag({ content: AXE });
    const found = await page.evaluate(async () => {
      const w = window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } };
      return (await w.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.impact} ${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    });
    const bad = found.filter((v) => v.startsWith('serious') || v.startsWith('critical'));
    console.log(`axe ${name}: ${found.length} violations, ${bad.length} serious/critical${found.length ? '\n  ' + found.join('\n  ') : ''}`);
  };
  const login = async (email: string): Promise<Page> => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', bypassCSP: true });
    const page = await ctx.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(`${email}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
    await page.goto(`${base}/login`);
    await page.fill('#f-email', email);
    await page.fill('#f-password', DEFAULT_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    return page;
  };
  try {
    const agency = await login(w.users.hanoi.email);
    await agency.goto(`${base}/submissions/${w.hanoiSub}?step=rows&edit=${(await rowsOf(w.hanoiSub))[1]!._id.toString()}`);
    await agency.screenshot({ path: path.join(OUT, 'submission-agency-edit.png'), fullPage: true });
    await audit(agency, 'agency edit');

    const reviewer = await login(w.users.reviewer.email);
    await reviewer.goto(`${base}/submissions/${w.bcaSub}/review?tab=document`);
    await reviewer.setViewportSize({ width: 1366, height: 1380 });
    // The reviewer picks the commented paragraph (moved down by one in version 2); the document pane scrolls to it.
    await reviewer.evaluate((p) => {
      const pane = document.querySelector('.docx-html') as HTMLElement;
      const el = pane.querySelector(`[data-p="${p}"]`) as HTMLElement;
      pane.scrollTop = el.offsetTop - 60;
    }, pIdx + 1);
    await reviewer.click(`.docx-html [data-p="${pIdx + 3}"]`);
    await reviewer.fill('#pc-text', 'Đề nghị viết rõ “cơ quan, tổ chức” gồm cả đơn vị sự nghiệp công lập.');
    await reviewer.evaluate(() => window.scrollTo(0, 0));
    await reviewer.screenshot({ path: path.join(OUT, 'submission-review-paragraph-comment.png') });
    await audit(reviewer, 'review page');

    await reviewer.goto(`${base}/submissions/${w.bcaSub}/diff?from=1&to=2`);
    await reviewer.screenshot({ path: path.join(OUT, 'submission-diff.png'), fullPage: true });
    await audit(reviewer, 'diff');
    for (const extra of [`/reviews`, `/notifications`, `/submissions/${w.bcaSub}/review?tab=rows`, `/submissions/${w.bcaSub}/versions/2/receipt`, `/campaigns/${w.campaignId}/search?q=ho+khau`]) {
      await reviewer.goto(base + extra);
      await audit(reviewer, extra);
    }
    // The upload form through its script (XHR with a progress bar), as an officer would use it.
    await agency.goto(`${base}/submissions/${w.hanoiSub}?step=files`);
    await agency.setInputFiles('#file', '../shared/samples/docx/nd30-2020-Phuluc2.docx');
    await Promise.all([agency.waitForURL(/step=files/), agency.click('form[data-upload] button[type=submit]')]);
    const listed = await agency.locator('table').innerText();
    console.log(`upload through the page: ${listed.includes('nd30-2020-Phuluc2.docx') ? 'listed' : 'NOT listed'}`);
    await agency.setInputFiles('#file', '../shared/samples/negative/legacy-word-97.doc');
    await agency.click('form[data-upload] button[type=submit]');
    await agency.waitForFunction(() => (document.querySelector('[data-upload-status]')?.textContent ?? '').length > 0);
    console.log(`refused upload message: ${await agency.locator('[data-upload-status]').innerText()}`);
    for (const step of ['report', 'files', 'send']) {
      await agency.goto(`${base}/submissions/${w.hanoiSub}?step=${step}`);
      await audit(agency, `agency ${step}`);
    }
  } finally {
    await browser.close();
  }
  if (errors.length) console.error('browser errors:\n' + errors.join('\n'));
  console.log('screenshots written to', OUT);
} finally {
  await close();
}
