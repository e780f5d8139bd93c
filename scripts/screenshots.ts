/**
 * Screenshots of the login page and the admin shell for the README.
 *   BASE_URL=http://localhost:3000 SHOT_EMAIL=… SHOT_PASSWORD=… node --import tsx scripts/screenshots.ts
 */
import { chromium } from 'playwright-core';

const base = process.env.BASE_URL ?? 'http://localhost:3000';
const email = process.env.SHOT_EMAIL ?? '';
const password = process.env.SHOT_PASSWORD ?? '';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(`${base}/login`);
  await page.screenshot({ path: 'docs/screenshots/login.png' });
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
  await page.screenshot({ path: 'docs/screenshots/dashboard.png' });
  if (problems.length) console.error('console errors:', problems.join('\n'));
} finally {
  await browser.close();
}
