/**
 * Screenshots of the workload view, a submission's threads (Ý kiến tab) and a
 * campaign's threads, from a throwaway in-process app on the embedded engine:
 *   node --import tsx test/integration/reviews/screenshots.ts
 * Writes docs/screenshots/workload.png, threads-submission.png, threads-campaign.png,
 * and the coordinating agency's view: coordinator-campaign.png, coordinator-review.png,
 * with the admin's page of a draft template sent for comments: template-consultation.png.
 */
import path from 'node:path';
import request from 'supertest';
import { agencyByCode, givenToken, givenUser, rowsOf } from '../../factories/index.js';
import { GOOD_ROW, REPORT, givenOpenCampaign } from '../submissions/world.js';
import { axeAudit, loggedInPage, startShotApp } from '../../e2e/support/shot-app.js';
import { launchBrowser } from '../../e2e/support/browser.js';
import { toActor } from '../../../src/auth/actor.factory.js';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { startNewVersion } from '../../../src/review-templates/template.service.js';

const OUT = path.resolve('docs/screenshots');
const { app, base, close } = await startShotApp('rasoat-shots-');

try {
  const w = await givenOpenCampaign({ app, deadline: new Date(Date.now() + 9 * 86400_000).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) });
  const call = (method: 'post' | 'put', url: string, auth: string) => request(app)[method](url).set('Authorization', auth);
  const second = await givenUser({ role: 'reviewer', name: 'Lê Thu Hà' });
  const secondAuth = `Bearer ${await givenToken(second)}`;
  await call('put', `/api/v1/campaigns/${w.campaignId}/assignments`, w.admin).send({ reviewer: second._id.toString(), agencies: [(await agencyByCode('ha-noi'))._id.toString()] });
  await call('put', `/api/v1/campaigns/${w.campaignId}/assignments`, w.admin).send({ reviewer: w.users.reviewer._id.toString(), agencies: [(await agencyByCode('bo-cong-an'))._id.toString()] });
  let version = 1;
  for (const values of [GOOD_ROW, { ...GOOD_ROW, ten_loai: 'thong-tu', so_ky_hieu: '55/2021/TT-BCA', ngay_ban_hanh: '15/05/2021', hinh_thuc_kien_nghi: 'bai-bo' }]) {
    version = (await call('post', `/api/v1/submissions/${w.bcaSub}/items`, w.bca).send({ version, values })).body.version;
  }
  await call('put', `/api/v1/submissions/${w.bcaSub}`, w.bca).send({ version, items: (await rowsOf(w.bcaSub)).map((i) => ({ id: i._id.toString(), values: i.values })), report: REPORT });
  await call('post', `/api/v1/submissions/${w.bcaSub}/transitions`, w.bca).send({ action: 'submit' });
  await call('post', `/api/v1/submissions/${w.bcaSub}/transitions`, w.rev).send({ action: 'start_review' });
  const [row1, row2] = await rowsOf(w.bcaSub);
  const t1 = await call('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.rev).send({ itemId: row1!._id.toString(), text: 'Đề nghị nêu rõ điều, khoản cần sửa đổi của Nghị định 137/2015/NĐ-CP.' });
  await call('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.bca).send({ parentId: t1.body.id, text: 'Bộ Công an bổ sung: khoản 2 Điều 4 và Điều 9.' });
  const t2 = await call('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.rev).send({ itemId: row2!._id.toString(), text: 'Kiến nghị bãi bỏ cần nêu căn cứ pháp lý.' });
  await call('post', `/api/v1/comments/${t2.body.id}/resolve`, w.rev);
  await call('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.rev).send({ sectionKey: 'ket_qua_ra_soat', text: 'Số văn bản đã rà soát chưa khớp với phụ lục kèm theo.' });
  await call('post', `/api/v1/submissions/${w.bcaSub}/comments`, w.admin).send({ text: 'Đề nghị hoàn thiện trước ngày 15 để tổng hợp báo cáo Thủ tướng.' });
  let hv = 1;
  hv = (await call('post', `/api/v1/submissions/${w.hanoiSub}/items`, w.hanoi).send({ version: hv, values: { ...GOOD_ROW, co_quan_chu_tri: 'UBND thành phố Hà Nội' } })).body.version;
  await call('put', `/api/v1/submissions/${w.hanoiSub}`, w.hanoi).send({ version: hv, items: (await rowsOf(w.hanoiSub)).map((i) => ({ id: i._id.toString(), values: i.values })), report: REPORT });
  await call('post', `/api/v1/submissions/${w.hanoiSub}/transitions`, w.hanoi).send({ action: 'submit' });
  await call('post', `/api/v1/submissions/${w.hanoiSub}/transitions`, secondAuth).send({ action: 'start_review' });
  await call('post', `/api/v1/submissions/${w.hanoiSub}/comments`, secondAuth).send({ text: 'Đề nghị bổ sung danh mục quyết định của UBND thành phố.' });

  // Văn phòng Chính phủ coordinates: it reads every submission and comments; a new template version goes to it for comments.
  const vpcp = await agencyByCode('van-phong-chinh-phu');
  const coordinator = await givenUser({ role: 'agency', agencyCode: 'van-phong-chinh-phu', name: 'Phạm Minh Châu' });
  const vp = `Bearer ${await givenToken(coordinator)}`;
  await call('put', `/api/v1/campaigns/${w.campaignId}/coordinators`, w.admin).send({ coordinators: [vpcp._id.toString()] });
  await call('post', `/api/v1/submissions/${w.bcaSub}/comments`, vp).send({ itemId: row1!._id.toString(), text: 'Văn phòng Chính phủ đề nghị gộp kiến nghị này vào Nghị định sửa đổi nhiều nghị định.' });
  const draft = await startNewVersion(toActor(w.users.admin, 'bo-tu-phap', '127.0.0.1', 'session'), (await CampaignModel.findById(w.campaignId).lean())!.template.toString());
  await call('post', `/api/v1/templates/${draft._id.toString()}/consultations`, w.admin).send({ agencies: [vpcp._id.toString()], message: 'Đề nghị góp ý trước ngày 15/12.' });
  const tc = await call('post', `/api/v1/templates/${draft._id.toString()}/comments`, vp).send({ part: 'fields', text: 'Đề nghị thêm trường “Cơ quan phối hợp soạn thảo”.' });
  await call('post', `/api/v1/templates/${draft._id.toString()}/comments`, w.admin).send({ parentId: tc.body.id, text: 'Đã tiếp thu ở phiên bản này.' });

  const browser = await launchBrowser();
  try {
    const page = await loggedInPage(browser, base, w.users.reviewer.email);
    for (const [url, file] of [['/reviews/workload', 'workload'], [`/submissions/${w.bcaSub}/review?tab=comments`, 'threads-submission'], [`/campaigns/${w.campaignId}/threads`, 'threads-campaign']] as const) {
      await page.goto(base + url);
      await page.screenshot({ path: path.join(OUT, `${file}.png`), fullPage: true });
      await axeAudit(page, file);
    }
    const co = await loggedInPage(browser, base, coordinator.email);
    for (const [url, file] of [[`/campaigns/${w.campaignId}`, 'coordinator-campaign'], [`/submissions/${w.bcaSub}/review?tab=rows`, 'coordinator-review']] as const) {
      await co.goto(base + url);
      await co.screenshot({ path: path.join(OUT, `${file}.png`), fullPage: true });
      await axeAudit(co, file);
    }
    const admin = await loggedInPage(browser, base, w.users.admin.email);
    await admin.goto(`${base}/admin/templates/${draft._id.toString()}`);
    await admin.locator('#consultation').scrollIntoViewIfNeeded();
    await admin.locator('#consultation').screenshot({ path: path.join(OUT, 'template-consultation.png') });
    await axeAudit(admin, 'template-consultation');
  } finally {
    await browser.close();
  }
  console.log('screenshots written to', OUT);
} finally {
  await close();
}
