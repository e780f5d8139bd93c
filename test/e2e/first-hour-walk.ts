/**
 * A new installation's first hour in Chromium at 1366 px and 390 px, from a throwaway
 * in-process app on the embedded engine:
 *   node --import tsx test/e2e/first-hour-walk.ts
 * Writes docs/screenshots/first-hour/*.png and prints, per page, axe's serious/critical
 * count and whether the page is wider than the phone's screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { bootstrap } from '../../src/auth/bootstrap.js';
import { DEFAULT_PASSWORD } from '../factories/index.js';
import { GOOD_ROW, REPORT, givenOpenCampaign } from '../integration/submissions/world.js';
import { AXE, startShotApp } from './support/shot-app.js';

const OUT = path.resolve('docs/screenshots/first-hour');
fs.mkdirSync(OUT, { recursive: true });
const { app, base, close } = await startShotApp('rasoat-walk-', 'walk');
const problems: string[] = [];

async function axeCheck(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } };
    return (await w.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.impact} ${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  const bad = found.filter((v) => v.startsWith('serious') || v.startsWith('critical'));
  if (bad.length) problems.push(`axe ${name}: ${bad.join('; ')}`);
  console.log(`axe ${name}: ${bad.length} serious/critical, ${found.length - bad.length} other`);
}

/** A screenshot at the page's width; at 390 px also whether anything pushes the page sideways. */
async function shot(page: Page, name: string, opts: { full?: boolean } = {}): Promise<void> {
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: opts.full ?? true });
  if (width < 600) {
    const wide = await page.evaluate((w) => {
      const over = Array.from(document.querySelectorAll('main *')).filter((el) => (el as HTMLElement).getBoundingClientRect().right > w + 1 && getComputedStyle(el).position !== 'fixed');
      const closest = over.filter((el) => !over.some((o) => o !== el && o.contains(el)));
      return { doc: document.documentElement.scrollWidth, els: closest.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} ${Math.round((el as HTMLElement).getBoundingClientRect().right)}`) };
    }, width);
    const line = `${name}: page ${wide.doc} px wide${wide.els.length ? `; past the edge: ${wide.els.join(', ')}` : ''}`;
    if (wide.doc > width) problems.push(line);
    console.log(line);
  }
}

async function pageAt(browser: Browser, width: number, lang = 'vi'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, locale: lang === 'en' ? 'en-US' : 'vi-VN', bypassCSP: true });
  if (lang === 'en') await ctx.addCookies([{ name: 'rasoat.lang', value: 'en', url: base }]);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

async function login(page: Page, email: string, password = DEFAULT_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
}

try {
  const announced: string[] = [];
  await bootstrap({ baseUrl: base, log: () => {}, announce: (lines) => announced.push(...lines) });
  const setupLink = announced.map((l) => l.trim()).find((l) => l.includes('/setup/'))!;
  console.log('setup link printed on its own line:', setupLink);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    // 1. First run: the login page says there is no administrator yet and where the link is.
    for (const width of [1366, 390]) {
      const p = await pageAt(browser, width);
      await p.goto(`${base}/login`);
      await shot(p, `01-login-no-admin-${width}`);
      if (width === 1366) await axeCheck(p, 'login (no admin)');
    }
    const first = await pageAt(browser, 1366);
    await first.goto(setupLink);
    await first.fill('#f-name', 'Nguyễn Thị Quản Trị');
    await first.fill('#f-email', 'quantri@moj.gov.vn');
    await first.fill('#f-password', 'Mat-khau-quan-tri-1');
    await first.fill('#f-confirm', 'Mat-khau-quan-tri-1');
    await Promise.all([first.waitForURL(`${base}/`), first.click('button[type=submit]')]);
    await shot(first, '02-admin-logged-in-empty-dashboard-1366');
    await axeCheck(first, 'admin dashboard (empty)');
    await first.goto(setupLink);
    await shot(first, '03-setup-link-used-1366');

    // 2. A new user from the admin's page: the one-time link welcomes them.
    const world = await givenOpenCampaign({ app, deadline: new Date(Date.now() + 9 * 86400_000).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) });
    await first.goto(`${base}/admin/users/new`);
    await first.fill('#f-email', 'can.bo.moi@bocongan.gov.vn');
    await first.fill('#f-name', 'Lê Văn Mới');
    await first.selectOption('#f-role', 'agency');
    const bca = await first.locator('#f-agency option', { hasText: 'Bộ Công an' }).first().getAttribute('value');
    await first.selectOption('#f-agency', bca!);
    await first.click('form[action="/admin/users"] button[type=submit]');
    const link = /\/reset\/[A-Za-z0-9_-]+/.exec(await first.content())![0];
    for (const width of [1366, 390]) {
      const p = await pageAt(browser, width);
      await p.goto(base + link);
      await shot(p, `04-welcome-new-user-${width}`);
      if (width === 1366) await axeCheck(p, 'welcome');
    }

    // 3. The agency at work: guidance, field help, a refused row, the report with its figures, files, send, receipt.
    const api = (method: 'post' | 'put' | 'get', url: string, auth: string) => request(app)[method](url).set('Authorization', auth);
    for (const width of [1366, 390]) {
      const p = await pageAt(browser, width);
      await login(p, world.users.hanoi.email);
      await p.goto(`${base}/submissions/${world.hanoiSub}?step=rows`);
      await shot(p, `05-agency-rows-guidance-help-${width}`);
      if (width === 1366) {
        await axeCheck(p, 'agency rows');
        await p.selectOption('#n-ten_loai', 'quyet-dinh');
        await p.fill('#n-so_ky_hieu', '06/QĐ-TTg');
        await p.fill('#n-ngay_ban_hanh', '31/13/2022');
        await p.fill('#n-trich_yeu', 'Phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030');
        await Promise.all([p.waitForLoadState('load'), p.click('form.row-form button[type=submit]')]);
        await shot(p, '06-agency-row-422-nav-kept-one-banner-1366');
        await axeCheck(p, 'agency rows after 422');
      }
    }
    let version = 1;
    const rows = [
      { ...GOOD_ROW, co_quan_chu_tri: 'UBND thành phố Hà Nội' },
      { ...GOOD_ROW, ten_loai: 'thong-tu', so_ky_hieu: '55/2021/TT-BCA', ngay_ban_hanh: '15/05/2021', trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú', hinh_thuc_kien_nghi: 'bai-bo', co_quan_chu_tri: 'Bộ Công an' },
    ];
    for (const values of rows) version = (await api('post', `/api/v1/submissions/${world.hanoiSub}/items`, world.hanoi).send({ version, values })).body.version;
    const agencyDesk = await pageAt(browser, 1366);
    await login(agencyDesk, world.users.hanoi.email);
    await agencyDesk.goto(`${base}/submissions/${world.hanoiSub}?step=report`);
    for (const s of ['tinh_hinh_trien_khai', 'ket_qua_ra_soat', 'danh_gia', 'kien_nghi'] as const) await agencyDesk.fill(`#report-${s}`, REPORT[s]);
    await agencyDesk.click('[data-insert-counts]');
    await Promise.all([agencyDesk.waitForLoadState('load'), agencyDesk.click('form[action$="/report"] button[type=submit]')]);
    await shot(agencyDesk, '07-agency-report-figures-next-done-1366');
    await axeCheck(agencyDesk, 'agency report');
    const phone = await pageAt(browser, 390);
    await login(phone, world.users.hanoi.email);
    await phone.goto(`${base}/submissions/${world.hanoiSub}?step=report`);
    await shot(phone, '07-agency-report-figures-next-done-390');
    await phone.goto(`${base}/submissions/${world.hanoiSub}?step=files`);
    await phone.setInputFiles('#file', '../shared/samples/docx/nd30-2020-Phuluc2.docx');
    await Promise.all([phone.waitForURL(/step=files$/), phone.click('form[data-upload] button[type=submit]')]);
    await phone.waitForLoadState('load');
    await shot(phone, '08-agency-files-uploaded-390');
    await agencyDesk.goto(`${base}/submissions/${world.hanoiSub}?step=files`);
    await shot(agencyDesk, '08-agency-files-uploaded-1366');
    await axeCheck(agencyDesk, 'agency files');
    await phone.goto(`${base}/submissions/${world.hanoiSub}?step=send`);
    await shot(phone, '09-agency-send-390');
    await agencyDesk.goto(`${base}/submissions/${world.hanoiSub}?step=send`);
    await agencyDesk.fill('#send-message', 'Kèm theo Công văn số 1234/UBND-NC ngày 20/11/2026 của UBND thành phố Hà Nội.');
    agencyDesk.once('dialog', (d) => void d.accept());
    await Promise.all([agencyDesk.waitForLoadState('load'), agencyDesk.click('form[action$="/transitions"] button[type=submit]')]);
    await agencyDesk.goto(`${base}/submissions/${world.hanoiSub}/versions/1/receipt`);
    await shot(agencyDesk, '10-receipt-screen-1366');
    await axeCheck(agencyDesk, 'receipt');
    await agencyDesk.emulateMedia({ media: 'print' });
    await shot(agencyDesk, '10-receipt-print-1366');
    await agencyDesk.emulateMedia({ media: 'screen' });

    // 4. The ministry's reviewer: disposition choice, the Word pane and the diff on a phone.
    const docx = fs.readFileSync('../shared/samples/docx/nd30-2020-30_2020_ND_CP.docx');
    let bv = 1;
    for (const values of rows) bv = (await api('post', `/api/v1/submissions/${world.bcaSub}/items`, world.bca).send({ version: bv, values })).body.version;
    await api('put', `/api/v1/submissions/${world.bcaSub}`, world.bca).send({ version: bv, items: (await api('get', `/api/v1/submissions/${world.bcaSub}`, world.bca)).body.items.map((i: { id: string; values: unknown }) => ({ id: i.id, values: i.values })), report: REPORT });
    await api('post', `/api/v1/submissions/${world.bcaSub}/attachments`, world.bca).attach('file', docx, 'Báo cáo kết quả rà soát.docx');
    await api('post', `/api/v1/submissions/${world.bcaSub}/transitions`, world.bca).send({ action: 'submit' });
    await api('post', `/api/v1/submissions/${world.bcaSub}/transitions`, world.rev).send({ action: 'start_review' });
    const root = await api('post', `/api/v1/submissions/${world.bcaSub}/comments`, world.rev).send({ text: 'Đề nghị bổ sung căn cứ pháp lý cho dòng 2.' });
    await api('post', `/api/v1/submissions/${world.bcaSub}/comments`, world.bca).send({ parentId: root.body.id, text: 'Bộ Công an tiếp thu.' });
    for (const width of [1366, 390]) {
      const p = await pageAt(browser, width);
      await login(p, world.users.reviewer.email);
      await p.goto(`${base}/submissions/${world.bcaSub}/review?tab=rows`);
      await shot(p, `11-reviewer-rows-choose-${width}`);
      if (width === 1366) await axeCheck(p, 'reviewer rows');
      await p.goto(`${base}/submissions/${world.bcaSub}/review?tab=document`);
      await shot(p, `12-reviewer-word-pane-${width}`);
      if (width === 1366) await axeCheck(p, 'reviewer document');
      await p.goto(`${base}/submissions/${world.bcaSub}/review?tab=comments`);
      await shot(p, `13-reviewer-comments-one-level-${width}`);
    }
    await api('post', `/api/v1/submissions/${world.bcaSub}/transitions`, world.rev).send({ action: 'request_changes', message: 'Đề nghị bổ sung căn cứ pháp lý cho dòng 2 và cập nhật số liệu mục II.' });
    for (const width of [1366, 390]) {
      const p = await pageAt(browser, width);
      await login(p, world.users.bca.email);
      await shot(p, `14-agency-dashboard-changes-requested-${width}`);
      if (width === 1366) await axeCheck(p, 'agency dashboard');
    }
    const sub = (await api('get', `/api/v1/submissions/${world.bcaSub}`, world.bca)).body as { version: number; items: { id: string; values: Record<string, unknown> }[] };
    const items = sub.items.map((i) => ({ id: i.id, values: i.values }));
    items[1]!.values = { ...rows[1], ly_do: 'Khoản 3 Điều 38 Luật Cư trú số 68/2020/QH14', noi_dung_kien_nghi: 'Bãi bỏ khoản 2 Điều 6; cơ quan giải quyết tự khai thác Cơ sở dữ liệu quốc gia về dân cư thay cho việc yêu cầu công dân nộp bản sao giấy tờ' };
    await api('put', `/api/v1/submissions/${world.bcaSub}`, world.bca).send({ version: sub.version, items, report: { ...REPORT, ket_qua_ra_soat: 'Đã rà soát 126 văn bản; 14 văn bản cần sửa đổi, bổ sung.' } });
    await api('post', `/api/v1/submissions/${world.bcaSub}/transitions`, world.bca).send({ action: 'submit' });
    const diffPhone = await pageAt(browser, 390);
    await login(diffPhone, world.users.reviewer.email);
    await diffPhone.goto(`${base}/submissions/${world.bcaSub}/diff?from=1&to=2`);
    await shot(diffPhone, '15-diff-390');

    // 5. The administrator: the template's legal-basis note; English progress and audit.
    const admin = await pageAt(browser, 1366);
    await login(admin, world.users.admin.email);
    const template = (await api('get', '/api/v1/templates', world.admin)).body.items.find((t: { builtinCode: string | null }) => t.builtinCode === 'de-an-06');
    await admin.goto(`${base}/admin/templates/${template.id as string}?tab=scope`);
    await shot(admin, '16-admin-template-legal-note-1366');
    await axeCheck(admin, 'template view');
    const en = await pageAt(browser, 1366, 'en');
    await login(en, world.users.admin.email);
    await en.goto(`${base}/campaigns/${world.campaignId}/progress`);
    await en.waitForTimeout(500);
    await shot(en, '17-progress-english-1366');
    await axeCheck(en, 'progress (en)');
    await en.goto(`${base}/admin/audit`);
    await shot(en, '18-audit-details-english-1366', { full: false });
    const enAgency = await pageAt(browser, 390, 'en');
    await login(enAgency, world.users.hanoi.email);
    await shot(enAgency, '19-agency-dashboard-english-390');
  } finally {
    await browser.close();
  }
  console.log(problems.length ? `problems:\n  ${problems.join('\n  ')}` : 'no problems found');
  console.log('screenshots written to', OUT);
} finally {
  await close();
}
process.exit(0);
