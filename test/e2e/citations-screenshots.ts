/**
 * Screenshots of bringing the status quo in, from a throwaway in-process app on the embedded engine:
 *   node --import tsx test/e2e/citations-screenshots.ts
 * Writes docs/screenshots/cited-documents.png, cited-row-prefilled.png and excel-mapping-preview.png,
 * and checks each page with axe-core.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { DEFAULT_PASSWORD } from '../factories/index.js';
import { financeLayout } from '../fixtures/ministry-sheets.js';
import { reportDocx } from '../integration/citations/report-docs.js';
import { givenOpenCampaign } from '../integration/submissions/world.js';
import { AXE, startShotApp } from './support/shot-app.js';

const OUT = path.resolve('docs/screenshots');
const { dir, app, base, close } = await startShotApp('rasoat-cite-shots-');

try {
  const w = await givenOpenCampaign({ app });
  const files = path.join(dir, 'files');
  fs.mkdirSync(files);
  fs.writeFileSync(path.join(files, 'Báo cáo rà soát của Bộ Công an.docx'), await reportDocx());
  fs.writeFileSync(path.join(files, 'Danh mục Bộ Tài chính.xlsx'), await financeLayout([
    { number: '137/2015/NĐ-CP; 31/12/2015', recommendation: 'Sửa đổi bổ sung' },
    { number: '55/2021/TT-BCA ngày 15/5/2021', recommendation: 'Bãi bỏ' },
    { number: '104/2022/NĐ-CP; 31/02/2022', recommendation: 'Giữ nguyên' },
  ]));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const errors: string[] = [];
  const audit = async (page: Page, name: string) => {
    await page.addScriptTag({ content: AXE });
    const found = await page.evaluate(async () => {
      const win = window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string; impact: string | null }[] }> } };
      return (await win.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.impact} ${v.id}`);
    });
    console.log(`axe ${name}: ${found.length} violations${found.length ? ': ' + found.join(', ') : ''}`);
  };
  try {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', bypassCSP: true });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${base}/login`);
    await page.fill('#f-email', w.users.bca.email);
    await page.fill('#f-password', DEFAULT_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    // Upload through the page's script: it lands on the files step with the cited documents.
    await page.goto(`${base}/submissions/${w.bcaSub}?step=files`);
    await page.setInputFiles('#file', path.join(files, 'Báo cáo rà soát của Bộ Công an.docx'));
    await Promise.all([page.waitForURL(/cite=/), page.click('form[data-upload] button[type=submit]')]);
    await page.locator('#cited').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUT, 'cited-documents.png'), fullPage: true });
    await audit(page, 'cited documents');

    await Promise.all([page.waitForURL(/step=rows/), page.locator('tr[data-cited="55/2021/TT-BCA"] a').click()]);
    await page.locator('#new-row').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUT, 'cited-row-prefilled.png') });
    await audit(page, 'pre-filled row');

    await page.setInputFiles('#own-file', path.join(files, 'Danh mục Bộ Tài chính.xlsx'));
    await Promise.all([page.waitForURL(/\/import\//), page.locator('#own-file ~ button').click()]);
    await page.screenshot({ path: path.join(OUT, 'excel-mapping-preview.png'), fullPage: true });
    await audit(page, 'mapping preview');
  } finally {
    await browser.close();
  }
  if (errors.length) console.error('browser errors:\n' + errors.join('\n'));
  console.log('screenshots written to', OUT);
} finally {
  await close();
  process.exit(0);
}
