/**
 * Screenshots of the template editor and the campaign dashboard, from a throwaway
 * in-process app on the embedded engine with several agencies in different states:
 *   node --import tsx test/e2e/template-screenshots.ts
 * Writes docs/screenshots/template-editor.png and docs/screenshots/campaign-dashboard.png
 * (and, for looking at, the other editor tabs and pages under test-results/).
 */
import fs from 'node:fs';
import { migrateSubmissionItems } from '../../src/submissions/item.migrate.js';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { createApp } from '../../src/app.js';
import { toActor } from '../../src/auth/actor.factory.js';
import { createCampaign, openCampaign } from '../../src/campaigns/campaign.service.js';
import { connectDatabase } from '../../src/db/connect.js';
import { installBuiltinTemplates } from '../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../src/review-templates/template.model.js';
import { duplicateTemplate } from '../../src/review-templates/template.service.js';
import { SubmissionModel } from '../../src/submissions/submission.model.js';
import { agencyByCode, DEFAULT_PASSWORD, givenAgencies, givenUser, TEST_SECRET } from '../factories/index.js';
import { launchBrowser, newContext, RESULTS } from './support/browser.js';

const OUT = path.resolve('docs/screenshots');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-shots4-'));
const db = await connectDatabase({ dataDir: dir, dbName: 'shots' });
const app = createApp({ dbKind: db.kind, sessionSecret: TEST_SECRET, version: '0.1.0' });
const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
  const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const DAY = 86_400_000;

try {
  await givenAgencies();
  await installBuiltinTemplates();
  const builtin = (await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean())!;
  const adminUser = await givenUser({ role: 'admin', name: 'Nguyễn Thị Quản Trị', email: 'admin@demo.rasoat.vn' });
  const reviewer = await givenUser({ role: 'reviewer', name: 'Trần Văn Rà Soát' });
  const admin = toActor(adminUser, 'bo-tu-phap', '127.0.0.1', 'session');
  const draft = await duplicateTemplate(admin, builtin._id.toString(), 'Rà soát VBQPPL phục vụ Đề án 06 — năm 2026');

  const codes = ['bo-cong-an', 'bo-y-te', 'bo-tai-chinh', 'bo-giao-duc-va-dao-tao', 'bo-tu-phap', 'ha-noi', 'ho-chi-minh', 'da-nang', 'hue', 'can-tho', 'hai-phong', 'quang-ninh'];
  const agencies: string[] = [];
  for (const c of codes) {
    const a = await agencyByCode(c).catch(() => null);
    if (a && a.kind !== 'moj') agencies.push(a._id.toString());
  }
  const campaign = await createCampaign(admin, {
    title: 'Rà soát VBQPPL phục vụ Đề án 06 — đợt 1 năm 2026', instructions: 'Gửi báo cáo kèm phụ lục **trước hạn**.', template: builtin._id.toString(),
    agencies, agencyKinds: [], reviewers: [reviewer._id.toString()], deadline: new Date(Date.now() - 2 * DAY),
  });
  await openCampaign(admin, campaign._id.toString());
  const recs = ['sua-doi', 'bo-sung', 'sua-doi-bo-sung', 'thay-the', 'bai-bo', 'ban-hanh-moi', 'dinh-chi-thi-hanh', 'ngung-hieu-luc'];
  const plan: [string, number][] = [['accepted', 14], ['in_review', 9], ['submitted', 6], ['changes_requested', 4], ['submitted', 11], ['draft', 3], ['accepted', 7], ['draft', 0], ['in_review', 5], ['draft', 2], ['submitted', 8]];
  const subs = await SubmissionModel.find({ campaign: campaign._id }).sort({ _id: 1 }).lean();
  let k = 0;
  for (const [i, s] of subs.entries()) {
    const [status, n] = plan[i % plan.length]!;
    const items = Array.from({ length: n }, () => ({ _id: new Types.ObjectId(), values: { hinh_thuc_kien_nghi: recs[(k++ * 7) % 5 === 0 ? (k % recs.length) : k % 4]! }, createdAt: new Date(), updatedAt: new Date() }));
    const sent = ['submitted', 'in_review', 'accepted'].includes(status) ? { submittedAt: new Date(Date.now() - (i + 3) * DAY) } : {};
    await SubmissionModel.collection.updateOne({ _id: s._id }, { $set: { status, items, lastActivityAt: new Date(Date.now() - i * 0.7 * DAY), ...sent } });
    const open = (i * 3) % 4;
    if (open) await mongoose.connection.collection('comments').insertMany(Array.from({ length: open }, () => ({ submission: s._id, status: 'open' })));
  }
  await migrateSubmissionItems();

  const browser = await launchBrowser();
  try {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/login`);
    await page.fill('#f-email', adminUser.email);
    await page.fill('#f-password', DEFAULT_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    fs.mkdirSync(OUT, { recursive: true });
    fs.mkdirSync(RESULTS, { recursive: true });
    for (const tab of ['scope', 'outline', 'fields', 'appendix', 'preview']) {
      await page.goto(`${base}/admin/templates/${draft._id.toString()}/edit?tab=${tab}`);
      await page.screenshot({ path: path.join(RESULTS, `template-editor-${tab}.png`), fullPage: true });
    }
    await page.goto(`${base}/admin/templates/${draft._id.toString()}/edit?tab=fields`);
    await page.screenshot({ path: path.join(OUT, 'template-editor.png') });

    await page.goto(`${base}/campaigns/${campaign._id.toString()}/progress?sort=status`);
    await page.waitForFunction(() => document.querySelectorAll('canvas[data-chart]').length === 2 && Array.from(document.querySelectorAll('canvas')).every((c) => c.width > 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'campaign-dashboard.png'), fullPage: true });
    for (const [name, url] of [['campaigns-list', '/campaigns'], ['campaign-show', `/campaigns/${campaign._id.toString()}`], ['templates-list', '/admin/templates']]) {
      await page.goto(`${base}${url}`);
      await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
    }
    if (problems.length) console.error('browser problems:\n' + problems.join('\n'));
  } finally {
    await browser.close();
  }
} finally {
  server.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
