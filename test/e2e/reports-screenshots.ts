/**
 * Screenshots of the MoJ's report page and of an appendix column's short header and note in the
 * template editor, from a throwaway in-process app on the embedded engine:
 *   node --import tsx test/e2e/reports-screenshots.ts
 * Writes docs/screenshots/campaign-report.png, campaign-report-390.png and
 * template-appendix-columns.png, and prints axe-core's findings for each page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { givenReviewedCampaign } from '../integration/reports/world.js';
import { AXE, loggedInPage, startShotApp } from './support/shot-app.js';
import { launchBrowser } from './support/browser.js';

const OUT = path.resolve(process.env.SHOTS_DIR ?? 'docs/screenshots');
const { base, app, close } = await startShotApp('rasoat-report-shots-');

async function audit(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const win = window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string; impact: string | null }[] }> } };
    return (await win.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.impact} ${v.id}`);
  });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  console.log(`${name}: axe ${found.length} violations${found.length ? ': ' + found.join(', ') : ''}; wider than the screen: ${wide}`);
}

try {
  const w = await givenReviewedCampaign({ app });
  const browser = await launchBrowser();
  const errors: string[] = [];
  try {
    const login = (width: number, who: { email: string; password: string }): Promise<Page> => loggedInPage(browser, base, who.email, { width, password: who.password, errors });

    for (const width of [1366, 390]) {
      const page = await login(width, w.users.reviewer);
      await page.goto(`${base}/campaigns/${w.campaignId}/report`);
      await page.screenshot({ path: path.join(OUT, width === 1366 ? 'campaign-report.png' : 'campaign-report-390.png'), fullPage: true });
      await audit(page, `MoJ report page at ${width} px`);
      await page.context().close();
    }

    const admin = await login(1366, w.users.admin);
    await admin.goto(`${base}/admin/templates`);
    await Promise.all([admin.waitForURL(/\/edit/), admin.locator('form[action$="/duplicate"] button').first().click()]);
    await admin.goto(admin.url().replace(/\?.*$/, '') + '?tab=appendix');
    const table = admin.locator('table.editor-columns');
    await table.locator('tr.editor-row-note textarea').nth(7).scrollIntoViewIfNeeded();
    await admin.screenshot({ path: path.join(OUT, 'template-appendix-columns.png') });
    await audit(admin, 'template editor, appendix columns');
  } finally {
    await browser.close();
  }
  if (errors.length) console.log(`browser errors:\n${errors.join('\n')}`);
} finally {
  await close();
}
