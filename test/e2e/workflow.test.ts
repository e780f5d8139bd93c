import { expect } from 'chai';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { AxeLog } from './support/a11y.js';
import { startApp, type AppProcess } from './support/app-process.js';
import { CHROMIUM, hasChromium, launchBrowser, newContext, screenshot } from './support/browser.js';
import { api } from './support/http-client.js';
import { account, seedDemo, type DemoAccount } from './support/seed.js';
import { docxText, readZipEntry } from './support/zip.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE_DOCX = path.resolve(ROOT, '../shared/samples/docx/nd30-2020-Phuluc1.docx');
const ADMIN = { email: 'quantri@e2e.rasoat.vn', password: 'Quan-tri-e2e-2026!' };
const TEMPLATE_TITLE = 'Rà soát VBQPPL phục vụ Đề án 06 (mẫu đợt kiểm thử)';
const CAMPAIGN_TITLE = 'Đợt rà soát kiểm thử trình duyệt 2026';

/** The two rows the agency enters: one through the form, one through the Excel import. */
const FORM_ROW = {
  ten_loai: 'nghi-dinh',
  so_ky_hieu: '137/2015/NĐ-CP',
  ngay_ban_hanh: '31/12/2015',
  trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân',
  bat_cap: 'Yêu cầu nộp bản sao sổ hộ khẩu khi thông tin cư trú đã có trong Cơ sở dữ liệu quốc gia về dân cư',
  hinh_thuc_kien_nghi: 'sua-doi-bo-sung',
  noi_dung_kien_nghi: 'Bỏ yêu cầu nộp bản sao sổ hộ khẩu; khai thác Cơ sở dữ liệu quốc gia về dân cư',
  co_quan_chu_tri: 'Bộ Công an',
};
const IMPORT_ROW = {
  ten_loai: 'thong-tu',
  so_ky_hieu: '55/2021/TT-BCA',
  ngay_ban_hanh: '15/05/2021',
  trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú',
  bat_cap: 'Còn yêu cầu xuất trình giấy xác nhận thông tin về cư trú bản giấy',
  hinh_thuc_kien_nghi: 'bai-bo',
  noi_dung_kien_nghi: 'Bãi bỏ khoản 2 Điều 6; khai thác dữ liệu điện tử thay giấy xác nhận',
  co_quan_chu_tri: 'Bộ Công an',
};
/** The built-in template's fields: the Excel template heads its columns with label_vi and lists enum options by label_vi. */
const BUILTIN = JSON.parse(fs.readFileSync(path.join(ROOT, 'templates/de-an-06.json'), 'utf8')) as {
  fields: Array<{ key: string; label_vi: string; options?: Array<{ value: string; label_vi: string }> }>;
};
const REPORT_TEXT = 'Bộ đã ban hành Kế hoạch rà soát số 12/KH-BCA ngày 10/3/2026 và rà soát 120 văn bản.';
const EDITED_PROPOSAL = 'Bỏ yêu cầu nộp bản sao sổ hộ khẩu; cơ quan giải quyết tự khai thác Cơ sở dữ liệu quốc gia về dân cư qua VNeID';

/** A date N days from today in Vietnam, as the date input wants it and as the pages print it. */
function daysFromNow(n: number): { iso: string; vn: string } {
  const d = new Date(Date.now() + 7 * 3600_000 + n * 86400_000);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, day] = iso.split('-');
  return { iso, vn: `${day}/${m}/${y}` };
}

/** A step that works but not the way UX.md asks (a link or a card missing): the walk goes on, the test fails at the end. */
interface Problem {
  step: string;
  url: string;
  expected: string;
  actual: string;
}

async function login(page: Page, base: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#f-email', who.email);
  await page.fill('#f-password', who.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
}

/** Clicks a submit button and waits for the page the server redirects to. */
async function submitAndWait(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
}

function idFrom(url: string, pattern: RegExp): string {
  const m = pattern.exec(new URL(url).pathname);
  if (!m) throw new Error(`${url} does not match ${pattern}`);
  return m[1]!;
}

/** Fills the "add a row" form field by field (selects by option value) and waits for the page it leads to. */
async function addRow(page: Page, submissionId: string, values: Record<string, string>): Promise<void> {
  const add = page.locator(`form.row-form[action="/submissions/${submissionId}/items"]`);
  for (const [key, value] of Object.entries(values)) {
    const field = add.locator(`[name="values[${key}]"]`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await Promise.all([page.waitForNavigation(), add.locator('button[type=submit]').click()]);
}

async function savedDownload(download: Download): Promise<Buffer> {
  const file = await download.path();
  return fs.readFileSync(file);
}

describe('the whole review in a real browser', function () {
  this.timeout(240_000);
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  let accounts: DemoAccount[] = [];
  const contexts: BrowserContext[] = [];
  const a11y = new AxeLog();
  const problems: Problem[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    if (!hasChromium()) {
      console.log(`    (skipped: no Chromium at ${CHROMIUM}; install it with "apt-get install -y chromium" or set CHROMIUM_PATH)`);
      this.skip();
    }
    if (process.env.MONGODB_URI) this.skip();
    app = await startApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    accounts = await seedDemo(app.dbPort, app.dataDir);
    browser = await launchBrowser();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    let i = 0;
    for (const c of contexts) for (const p of c.pages()) await screenshot(p, `failed-${++i}`).then(() => console.log(`    failed-${i}.png: ${p.url()}`)).catch(() => undefined);
  });

  after(async () => {
    if (a11y.checks.length) console.log(`    axe-core, page by page:\n${a11y.report()}`);
    if (problems.length) console.log(`    steps that did not go as UX.md asks:\n${problems.map((p) => `      ${p.step} — ${p.url}\n        expected: ${p.expected}\n        actual:   ${p.actual}`).join('\n')}`);
    if (pageErrors.length) console.log(`    browser errors:\n      ${pageErrors.join('\n      ')}`);
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
  });

  async function openPage(opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const ctx = await newContext(browser!, opts);
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    page.on('dialog', (d) => void d.accept());
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${page.url()}: ${m.text()}`);
    });
    return page;
  }

  let lastMark = Date.now();
  let currentStep = 'start';
  /** Step timings, printed when E2E_TIMING is set, to keep the run short. */
  function mark(next: string): void {
    if (process.env.E2E_TIMING) console.log(`      ${String(Date.now() - lastMark).padStart(6)} ms  ${currentStep}`);
    currentStep = next;
    lastMark = Date.now();
  }

  function problem(page: Page, step: string, expected: string, actual: string): void {
    problems.push({ step, url: page.url(), expected, actual });
  }

  it('when the admin opens a campaign, an agency reports, a reviewer asks for changes and accepts, then the consolidated appendix holds the agency rows', async () => {
    const base = app!.baseUrl;
    const reviewer = account(accounts, (a) => a.email === 'reviewer1@demo.rasoat.vn');
    const officer = account(accounts, (a) => a.agency === 'bo-cong-an');
    const deadline = daysFromNow(20);

    mark('Admin: a template from the built-in one, published');
    // ── Admin: a template from the built-in one, published ───────────────
    const admin = await openPage();
    await admin.goto(`${base}/login`);
    await a11y.check(admin, 'login');
    await screenshot(admin, '01-login');
    await login(admin, base, ADMIN);
    await a11y.check(admin, 'dashboard (admin)');
    await screenshot(admin, '02-dashboard-admin');

    await admin.goto(`${base}/admin/templates`);
    const builtin = admin.locator('tr', { hasText: 'Đề án 06' }).first();
    await expect(await builtin.count(), 'the built-in template is listed').to.equal(1);
    await submitAndWait(admin, `tr:has-text("Đề án 06") form[action$="/duplicate"] button`);
    expect(new URL(admin.url()).pathname).to.match(/^\/admin\/templates\/[0-9a-f]{24}\/edit$/);
    const templateId = idFrom(admin.url(), /\/admin\/templates\/([0-9a-f]{24})\/edit/);
    await admin.fill('#f-title', TEMPLATE_TITLE);
    await admin.click('[data-tab="fields"]');
    await admin.locator('#pane-fields').waitFor({ state: 'visible' });
    await a11y.check(admin, 'template editor');
    await screenshot(admin, '03-template-editor');
    await submitAndWait(admin, '.editor-actions button[value="save"]');
    await admin.goto(`${base}/admin/templates/${templateId}`);
    expect(await admin.locator('h1').innerText()).to.contain(TEMPLATE_TITLE);
    await submitAndWait(admin, `form[action="/admin/templates/${templateId}/publish"] button`);
    await admin.goto(`${base}/admin/templates/${templateId}`);
    expect(await admin.locator('main').innerText(), 'the copy is published').to.contain('Đã công bố');

    mark('Admin: the campaign wizard, three agencies, one');
    // ── Admin: the campaign wizard, three agencies, one reviewer ─────────
    await admin.goto(`${base}/campaigns`);
    await Promise.all([admin.waitForURL(/\/campaigns\/new$/), admin.click('a[href="/campaigns/new"]')]);
    await admin.fill('#f-title', CAMPAIGN_TITLE);
    const option = admin.locator('#f-template option', { hasText: TEMPLATE_TITLE });
    expect(await option.count(), 'the published copy is offered in the wizard').to.equal(1);
    await admin.selectOption('#f-template', (await option.getAttribute('value'))!);
    await admin.fill('#f-instructions', 'Đề nghị các cơ quan gửi danh mục văn bản cần sửa đổi, bổ sung và báo cáo kết quả rà soát.');
    await screenshot(admin, '04-campaign-wizard-template');
    await submitAndWait(admin, 'form[action="/campaigns/new"] button[type=submit]');
    expect(admin.url()).to.match(/\/campaigns\/[0-9a-f]{24}\/setup\/agencies$/);
    const campaignId = idFrom(admin.url(), /\/campaigns\/([0-9a-f]{24})\//);
    for (const name of ['Bộ Công an', 'Bộ Y tế', 'Thành phố Hà Nội']) await admin.getByLabel(name, { exact: true }).check();
    await a11y.check(admin, 'campaign wizard (agencies)');
    await screenshot(admin, '05-campaign-wizard-agencies');
    await submitAndWait(admin, '#chon-co-quan button.btn-primary[value="next"]');
    expect(admin.url()).to.match(/\/setup\/schedule$/);
    await admin.fill('#f-deadline', deadline.iso);
    await admin.getByLabel(/Trần Văn Rà Soát/).check();
    await submitAndWait(admin, `form[action="/campaigns/${campaignId}/setup/schedule"] button[type=submit]`);
    expect(admin.url()).to.match(/\/setup\/review$/);
    const review = (await admin.locator('main').textContent()) ?? '';
    for (const text of ['Bộ Công an', 'Bộ Y tế', deadline.vn, 'Trần Văn Rà Soát']) expect(review, 'the review step').to.contain(text);
    await screenshot(admin, '06-campaign-wizard-review');
    await submitAndWait(admin, `form[action="/campaigns/${campaignId}/open"] button`);

    await admin.goto(`${base}/campaigns/${campaignId}/progress`);
    const progress = await admin.locator('main').innerText();
    for (const name of ['Bộ Công an', 'Bộ Y tế', 'Thành phố Hà Nội']) expect(progress, 'the progress table lists each agency').to.contain(name);
    await a11y.check(admin, 'campaign dashboard (progress)');
    await screenshot(admin, '07-campaign-progress-open');

    mark('Agency: sees the campaign, two rows, a Word fil');
    // ── Agency: sees the campaign, two rows, a Word file, the report, submit ──
    const agency = await openPage();
    await login(agency, base, officer);
    const home = await agency.locator('main').innerText();
    if (!home.includes(CAMPAIGN_TITLE) || !home.includes(deadline.vn))
      problem(agency, 'agency dashboard', `the open campaign "${CAMPAIGN_TITLE}" with its deadline ${deadline.vn} (UX.md: agency — its open campaigns, deadline countdown)`, `campaign shown: ${home.includes(CAMPAIGN_TITLE)}, deadline shown: ${home.includes(deadline.vn)}`);
    await a11y.check(agency, 'dashboard (agency)');
    await screenshot(agency, '08-dashboard-agency');
    await Promise.all([agency.waitForURL(/\/campaigns$/), agency.click('nav a[href="/campaigns"]')]);
    const row = agency.locator('tr', { hasText: CAMPAIGN_TITLE });
    expect(await row.innerText(), 'the campaign list shows the deadline').to.contain(deadline.vn);
    await Promise.all([agency.waitForURL(/\/campaigns\/[0-9a-f]{24}$/), row.locator(`a[href="/campaigns/${campaignId}"]`).click()]);
    expect(await agency.locator('main').innerText(), 'the campaign page shows the deadline').to.contain(deadline.vn);
    await screenshot(agency, '09-campaign-agency');
    await Promise.all([agency.waitForURL(/\/submissions\/[0-9a-f]{24}$/), agency.locator('main a[href^="/submissions/"].btn-primary').first().click()]);
    const submissionId = idFrom(agency.url(), /\/submissions\/([0-9a-f]{24})/);
    expect(await agency.locator('.submission-header').innerText()).to.contain(deadline.vn);

    mark('a row through the form');
    // a row through the form
    await addRow(agency, submissionId, FORM_ROW);
    expect(await agency.locator('.rows-table').innerText(), 'the row added through the form').to.contain(FORM_ROW.so_ky_hieu);

    mark('a row through the Excel import: the pages template');
    // a row through the Excel import: the page's template, one row filled with exceljs
    const [templateDownload] = await Promise.all([agency.waitForEvent('download'), agency.click(`a[href="/submissions/${submissionId}/items/template.xlsx"]`)]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await savedDownload(templateDownload)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Danh mục') ?? wb.worksheets[0]!;
    const headers = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, col) => headers.set(String(cell.value).replace(/\s*\*$/, '').trim(), col));
    for (const [key, value] of Object.entries(IMPORT_ROW)) {
      const field = BUILTIN.fields.find((f) => f.key === key)!;
      const col = headers.get(field.label_vi);
      expect(col, `column "${field.label_vi}" in the downloaded template`).to.be.a('number');
      sheet.getRow(2).getCell(col!).value = field.options?.find((o) => o.value === value)?.label_vi ?? value;
    }
    const filledDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-xlsx-'));
    const filled = path.join(filledDir, 'danh-muc-da-dien.xlsx');
    await wb.xlsx.writeFile(filled);
    await agency.setInputFiles('#import-file', filled);
    const [imported] = await Promise.all([
      agency.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/submissions/${submissionId}/items/import`)),
      agency.click(`form[action^="/submissions/${submissionId}/items/import"] button[type=submit]`),
    ]);
    await agency.waitForLoadState();
    fs.rmSync(filledDir, { recursive: true, force: true });
    if (!(await agency.locator('.rows-table', { hasText: IMPORT_ROW.so_ky_hieu }).count())) {
      problem(agency, 'Excel import of one row', `POST /submissions/${submissionId}/items/import → 302 back to the rows step with row ${IMPORT_ROW.so_ky_hieu} added`, `${imported.status()} — ${(await agency.locator('main h1, main .alert').first().innerText().catch(() => '')).replace(/\s+/g, ' ')}; the row was added through the form instead`);
      await agency.goto(`${base}/submissions/${submissionId}?step=rows`);
      await addRow(agency, submissionId, IMPORT_ROW);
    }
    const rowsText = await agency.locator('.rows-table').innerText();
    expect(rowsText, 'the row imported from Excel').to.contain(IMPORT_ROW.so_ky_hieu);
    expect(rowsText).to.contain(FORM_ROW.so_ky_hieu);
    await a11y.check(agency, 'submission editor (agency, rows)');
    await screenshot(agency, '10-agency-rows');

    mark('the report sections');
    // the report sections
    await Promise.all([agency.waitForURL(/step=report/), agency.click(`.submission-steps a[href$="?step=report"]`)]);
    const sections = agency.locator('textarea[name^="report["]');
    const n = await sections.count();
    expect(n, 'one text area per outline section').to.be.greaterThan(0);
    for (let i = 0; i < n; i++) await sections.nth(i).fill(`${i + 1}. ${REPORT_TEXT}`);
    await Promise.all([agency.waitForNavigation(), agency.click(`form[action="/submissions/${submissionId}/report"] button[type=submit]`)]);
    await agency.goto(`${base}/submissions/${submissionId}?step=report`);
    expect(await sections.first().inputValue(), 'the report is saved').to.equal(`1. ${REPORT_TEXT}`);
    await a11y.check(agency, 'submission editor (agency, report)');

    mark('a real Word file');
    // a real Word file
    await agency.goto(`${base}/submissions/${submissionId}?step=files`);
    await agency.setInputFiles('#file', SAMPLE_DOCX);
    await Promise.all([agency.waitForURL(/step=files/, { waitUntil: 'load' }), agency.click('form[data-upload] button[type=submit]')]);
    await agency.locator('section[aria-labelledby="files-title"] table', { hasText: path.basename(SAMPLE_DOCX) }).waitFor();
    await a11y.check(agency, 'submission editor (agency, files)');
    await screenshot(agency, '11-agency-files');

    mark('check and send; the receipt');
    // check and send; the receipt
    await agency.goto(`${base}/submissions/${submissionId}?step=send`);
    await agency.fill('#send-message', 'Bộ Công an gửi báo cáo kết quả rà soát.');
    await screenshot(agency, '12-agency-send');
    await Promise.all([agency.waitForURL(/\/versions\/1\/receipt$/), agency.click(`form[action="/submissions/${submissionId}/transitions"] button[type=submit]`)]);
    const receipt = await agency.locator('.receipt').innerText();
    expect(receipt).to.contain('Bộ Công an');
    expect(receipt).to.contain(path.basename(SAMPLE_DOCX));
    await a11y.check(agency, 'receipt');
    await screenshot(agency, '13-agency-receipt');

    mark('Reviewer: the queue, comments on a row and a pa');
    // ── Reviewer: the queue, comments on a row and a paragraph, changes requested ──
    const rev = await openPage();
    await login(rev, base, reviewer);
    await a11y.check(rev, 'dashboard (reviewer)');
    await Promise.all([rev.waitForURL(/\/reviews/), rev.click('nav a[href="/reviews"]')]);
    const queueRow = rev.locator('tr', { hasText: 'Bộ Công an' });
    expect(await queueRow.innerText()).to.contain(CAMPAIGN_TITLE);
    await a11y.check(rev, 'review queue');
    await screenshot(rev, '14-review-queue');
    await Promise.all([rev.waitForURL(/\/review/), queueRow.locator(`a[href="/submissions/${submissionId}/review"]`).click()]);
    const startReview = rev.locator('form:has(input[name="action"][value="start_review"]) button');
    if (await startReview.count()) await Promise.all([rev.waitForNavigation(), startReview.click()]);

    await rev.goto(`${base}/submissions/${submissionId}/review?tab=rows`);
    const firstRow = rev.locator('.review-row').first();
    await firstRow.locator('textarea[id^="rc-"]').fill('Đề nghị bổ sung căn cứ pháp lý cho kiến nghị sửa đổi, bổ sung.');
    await Promise.all([rev.waitForNavigation(), firstRow.locator('form[action$="/comments"] button[type=submit]').last().click()]);
    expect(await rev.locator('.review-row').first().innerText()).to.contain('Đề nghị bổ sung căn cứ pháp lý');

    await rev.goto(`${base}/submissions/${submissionId}/review?tab=document`);
    const paragraphs = rev.locator('.docx-html [data-p]');
    expect(await paragraphs.count(), 'the Word file is rendered paragraph by paragraph').to.be.greaterThan(3);
    const target = await paragraphs.evaluateAll((els) => els.findIndex((el) => (el.textContent ?? '').trim().length > 30));
    expect(target, 'a paragraph with text').to.be.at.least(0);
    const chosen = paragraphs.nth(target);
    const chosenIndex = Number(await chosen.getAttribute('data-p'));
    await chosen.click();
    expect(await rev.inputValue('#pc-paragraph'), 'clicking a paragraph picks it').to.equal(String(chosenIndex + 1));
    await rev.fill('#pc-text', 'Đoạn này cần thống nhất thuật ngữ với Luật Giao dịch điện tử 2023.');
    await Promise.all([rev.waitForNavigation(), rev.click('form[data-paragraph-form] button[type=submit]')]);
    const paraThread = rev.locator(`.comment-pane .comment-thread[data-paragraph="${chosenIndex}"]`);
    expect(await paraThread.innerText(), 'the paragraph comment sits beside the document').to.contain('Luật Giao dịch điện tử 2023');
    await a11y.check(rev, 'reviewer page (document)');
    await screenshot(rev, '15-reviewer-paragraph-comment', { fullPage: false });

    await rev.fill('#rc-message', 'Đề nghị bổ sung căn cứ pháp lý cho dòng 1 và cập nhật phương án.');
    await Promise.all([rev.waitForNavigation(), rev.click('form:has(input[name="action"][value="request_changes"]) button[type=submit]')]);
    expect(await rev.locator('.submission-header').innerText()).to.contain('Yêu cầu bổ sung');
    await rev.goto(`${base}/submissions/${submissionId}/review?tab=rows`);
    await a11y.check(rev, 'reviewer page (rows)');

    mark('Agency: the notification, a reply, an edit, res');
    // ── Agency: the notification, a reply, an edit, resubmit ────────────
    await agency.goto(`${base}/`);
    const notifLink = agency.locator('nav a[href="/notifications"]');
    const navText = await notifLink.innerText();
    expect(navText, 'the unread count in the navigation').to.match(/\d/);
    await Promise.all([agency.waitForURL(/\/notifications/), notifLink.click()]);
    const unread = agency.locator('.notification-list li.unread');
    expect(await unread.count(), 'unread notifications').to.be.greaterThan(0);
    await a11y.check(agency, 'notifications');
    await screenshot(agency, '16-notifications');
    await Promise.all([agency.waitForNavigation(), unread.first().locator('button.notification-open').click()]);
    expect(agency.url(), 'a notification opens its submission').to.contain(`/submissions/${submissionId}`);

    await agency.goto(`${base}/submissions/${submissionId}?step=rows`);
    expect(await agency.locator('.alert-warning').first().innerText(), 'the reviewer message').to.contain('Đề nghị bổ sung căn cứ pháp lý cho dòng 1');
    const reply = agency.locator('.row-threads textarea[id^="reply-"]').first();
    await reply.fill('Bộ Công an tiếp thu, đã bổ sung căn cứ tại Điều 38 Luật Cư trú.');
    await Promise.all([agency.waitForNavigation(), agency.locator('.row-threads form.reply-form button[type=submit]').first().click()]);
    await agency.goto(`${base}/submissions/${submissionId}?step=rows`);
    expect(await agency.locator('.row-threads').first().innerText(), 'the reply is in the thread').to.contain('Bộ Công an tiếp thu');

    await Promise.all([agency.waitForURL(/edit=/), agency.locator('.rows-table tbody tr').first().locator('a[href*="edit="]').click()]);
    const edit = agency.locator('form.row-form:has(input[name="_edit"])');
    await edit.locator('[name="values[noi_dung_kien_nghi]"]').fill(EDITED_PROPOSAL);
    await edit.locator('[name="values[ly_do]"]').fill('Điều 38 Luật Cư trú số 68/2020/QH14');
    await Promise.all([agency.waitForNavigation(), edit.locator('button[type=submit]').click()]);
    await a11y.check(agency, 'submission editor (agency, after changes requested)');
    await screenshot(agency, '17-agency-changes-requested');
    await agency.goto(`${base}/submissions/${submissionId}?step=send`);
    await Promise.all([agency.waitForURL(/\/versions\/2\/receipt$/), agency.click(`form[action="/submissions/${submissionId}/transitions"] button[type=submit]`)]);

    mark('Reviewer: the diff, dispositions, accept');
    // ── Reviewer: the diff, dispositions, accept ─────────────────────────
    await rev.goto(`${base}/submissions/${submissionId}/review`);
    const again = rev.locator('form:has(input[name="action"][value="start_review"]) button');
    if (await again.count()) await Promise.all([rev.waitForNavigation(), again.click()]);
    await Promise.all([rev.waitForURL(/\/versions$/), rev.click(`a[href="/submissions/${submissionId}/versions"]`)]);
    await Promise.all([rev.waitForURL(/\/diff\?/), rev.click(`a[href="/submissions/${submissionId}/diff?from=1&to=2"]`)]);
    const diff = await rev.locator('main').innerText();
    expect(diff, 'the changed field in the diff').to.contain('qua VNeID');
    expect(await rev.locator('.diff-row ins').count(), 'additions highlighted').to.be.greaterThan(0);
    await a11y.check(rev, 'diff');
    await screenshot(rev, '18-diff');

    await rev.goto(`${base}/submissions/${submissionId}/review?tab=rows`);
    const decisions = ['accepted', 'partly_accepted'];
    for (let i = 0; i < 2; i++) {
      const form = rev.locator('.review-row').nth(i).locator('form.disposition-form');
      await form.locator('select[name="decision"]').selectOption(decisions[i]!);
      await form.locator('textarea[name="explanation"]').fill(i === 0 ? 'Tiếp thu toàn bộ.' : 'Tiếp thu phần bãi bỏ; giữ quy định chuyển tiếp.');
      await Promise.all([rev.waitForNavigation(), form.locator('button[type=submit]').click()]);
    }
    expect(await rev.locator('.review-row').nth(1).locator('textarea[name="explanation"]').inputValue(), 'the explanation is kept').to.equal('Tiếp thu phần bãi bỏ; giữ quy định chuyển tiếp.');
    expect(await rev.locator('.review-row').nth(1).innerText(), 'the disposition badge').to.contain('Tiếp thu một phần');
    await screenshot(rev, '19-reviewer-dispositions');
    // The threads view: every thread of the submission, whatever it is about, with filters.
    await rev.goto(`${base}/submissions/${submissionId}/review?tab=comments`);
    const threadList = await rev.locator('main').innerText();
    expect(threadList, 'the row thread in the Ý kiến tab').to.contain('Đề nghị bổ sung căn cứ pháp lý cho kiến nghị');
    expect(threadList, 'the paragraph thread in the Ý kiến tab').to.contain('Luật Giao dịch điện tử 2023');
    await a11y.check(rev, 'reviewer page (all threads)');
    await screenshot(rev, '19b-reviewer-threads');
    await rev.selectOption('#tf-status', 'resolved');
    await Promise.all([rev.waitForNavigation(), rev.click('form.thread-filter button[type=submit]')]);
    expect(await rev.locator('.thread-count').innerText(), 'the filter narrows the list').to.match(/^Đang hiện 0 \//);

    // The acceptance gate: open threads keep the submission from being accepted until they are resolved or overridden with a reason.
    await rev.goto(`${base}/submissions/${submissionId}/review?tab=rows`);
    const acceptButton = rev.locator('#acceptance-gate button[type=submit]');
    expect(await acceptButton.innerText(), 'the button names the agency').to.contain('Bộ Công an');
    expect(await rev.locator('#acceptance-gate form').getAttribute('data-confirm'), 'it asks for confirmation').to.contain('Chấp thuận báo cáo của Bộ Công an?');
    await Promise.all([rev.waitForNavigation(), acceptButton.click()]);
    expect(await rev.locator('.alert-danger').first().innerText(), 'refused with what is missing').to.contain('Chưa thể chấp thuận');
    expect(await rev.locator('.submission-header').innerText(), 'still in review').to.contain('Đang xem xét');
    await rev.check('#gate-override');
    await rev.fill('#gate-reason', 'Các ý kiến còn lại đã thống nhất tại cuộc họp ngày 20/11.');
    await Promise.all([rev.waitForNavigation(), rev.locator('#acceptance-gate button[type=submit]').click()]);
    expect(await rev.locator('.submission-header').innerText(), 'accepted').to.contain('Đã chấp thuận');
    expect(await rev.locator('.acceptance-override').innerText(), 'the override and its reason are shown').to.contain('đã thống nhất tại cuộc họp');
    await screenshot(rev, '19c-reviewer-accepted-override');

    mark('Admin: the consolidated appendix');
    // ── Admin: the consolidated appendix ─────────────────────────────────
    await admin.goto(`${base}/campaigns/${campaignId}/progress`);
    await screenshot(admin, '20-campaign-progress-accepted');
    const reportUrl = `/campaigns/${campaignId}/reports/consolidated-appendix.docx`;
    let button = admin.locator('a[data-report="consolidated-appendix.docx"]');
    if (!(await button.count())) {
      await admin.goto(`${base}/campaigns/${campaignId}`);
      button = admin.locator('a[data-report="consolidated-appendix.docx"]');
    }
    let appendix: Download;
    if (await button.count()) {
      [appendix] = await Promise.all([admin.waitForEvent('download'), button.first().click()]);
    } else {
      problem(admin, 'consolidated appendix button', `a download button a[data-report="consolidated-appendix.docx"] (views/reports/downloads.ejs) on /campaigns/${campaignId}/progress or /campaigns/${campaignId}`, 'no such button on either page; downloaded from the URL instead');
      [appendix] = await Promise.all([
        admin.waitForEvent('download'),
        admin.evaluate((href) => {
          const a = document.createElement('a');
          a.href = href;
          a.download = '';
          document.body.append(a);
          a.click();
        }, reportUrl),
      ]);
    }
    expect(appendix.suggestedFilename()).to.match(/\.docx$/);
    const xml = await readZipEntry(await savedDownload(appendix), 'word/document.xml');
    const text = docxText(xml);
    for (const expected of [FORM_ROW.so_ky_hieu, IMPORT_ROW.so_ky_hieu, FORM_ROW.trich_yeu, IMPORT_ROW.trich_yeu, EDITED_PROPOSAL, 'Bộ Công an'])
      expect(text, 'the consolidated appendix').to.contain(expected);

    mark('The verdicts held back so that every step ran');
    // ── The verdicts held back so that every step ran ───────────────────
    expect(a11y.seriousLines(), 'axe: serious or critical violations').to.deep.equal([]);
    expect(problems.map((p) => `${p.step}: expected ${p.expected}; actual ${p.actual}`), 'steps that did not go as UX.md asks').to.deep.equal([]);
  });

  it('when JavaScript is off, then an agency officer can log in, add a row, write the report and submit', async () => {
    const base = app!.baseUrl;
    const adminToken = account(accounts, (a) => a.role === 'admin').token;
    const officer = account(accounts, (a) => a.agency === 'da-nang');
    const templates = await api<{ items: Array<{ id: string; status: string; builtinCode?: string; title: string }> }>(base, adminToken, '/templates?limit=100');
    const template = templates.items.find((t) => t.status === 'published')!;
    const agencies = await api<{ items: Array<{ id: string; code: string }> }>(base, adminToken, '/agencies?limit=100');
    const daNang = agencies.items.find((x) => x.code === 'da-nang')!;
    const campaign = await api<{ id: string }>(base, adminToken, '/campaigns', {
      method: 'POST',
      body: JSON.stringify({ title: 'Đợt rà soát không JavaScript', template: template.id, agencies: [daNang.id], deadline: daysFromNow(10).iso }),
    });
    await api(base, adminToken, `/campaigns/${campaign.id}/open`, { method: 'POST' });

    const page = await openPage({ javaScriptEnabled: false });
    await login(page, base, officer);
    await page.goto(`${base}/submissions`);
    const mine = page.locator('tr', { hasText: 'Đợt rà soát không JavaScript' });
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f]{24}$/), mine.locator('a[href^="/submissions/"]').click()]);
    const submissionId = idFrom(page.url(), /\/submissions\/([0-9a-f]{24})/);

    await addRow(page, submissionId, { ...FORM_ROW, co_quan_chu_tri: 'UBND thành phố Đà Nẵng' });
    expect(await page.locator('.rows-table').innerText()).to.contain(FORM_ROW.so_ky_hieu);

    await page.goto(`${base}/submissions/${submissionId}?step=report`);
    const sections = page.locator('textarea[name^="report["]');
    for (let i = 0; i < (await sections.count()); i++) await sections.nth(i).fill(`Mục ${i + 1}: UBND thành phố Đà Nẵng đã rà soát 45 văn bản.`);
    await Promise.all([page.waitForNavigation(), page.click(`form[action="/submissions/${submissionId}/report"] button[type=submit]`)]);

    await page.goto(`${base}/submissions/${submissionId}?step=send`);
    await Promise.all([page.waitForURL(/\/versions\/1\/receipt$/), page.click(`form[action="/submissions/${submissionId}/transitions"] button[type=submit]`)]);
    const receipt = await page.locator('.receipt').innerText();
    expect(receipt).to.contain('Đà Nẵng');
    await screenshot(page, '21-nojs-receipt');
  });
});
