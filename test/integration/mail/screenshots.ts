/**
 * Screenshots of e-mail: the admin's outbox with failed and waiting messages, the
 * preference form on the profile page, and the progress page's "Nhắc" buttons:
 *   node --import tsx test/integration/mail/screenshots.ts
 * Writes docs/screenshots/mail-outbox.png, mail-preference.png, progress-remind.png.
 */
import path from 'node:path';
import request from 'supertest';
import { createMailer } from '../../../src/mail/mailer.js';
import { runSender } from '../../../src/mail/sender.job.js';
import { agencyByCode, givenUser } from '../../factories/index.js';
import { closedPort } from '../../support/smtp.js';
import { givenOpenCampaign } from '../submissions/world.js';
import { axeAudit, loggedInPage, startShotApp } from '../../e2e/support/shot-app.js';
import { launchBrowser } from '../../e2e/support/browser.js';

const OUT = path.resolve('docs/screenshots');
const mailer = createMailer({ url: `smtp://127.0.0.1:${await closedPort()}`, from: 'rasoat <no-reply@moj.gov.vn>' });
const { app, base, close } = await startShotApp('rasoat-mail-shots-', 'shots', { mailer, publicUrl: 'https://rasoat.moj.gov.vn' });

try {
  const w = await givenOpenCampaign({ app, deadline: new Date(Date.now() + 9 * 86400_000).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) });
  await givenUser({ role: 'agency', agencyCode: 'ha-noi', name: 'Trần Minh Quân', email: 'quan.tm@hanoi.gov.vn' });
  // Three tries against a server that does not answer: the campaign's messages fail, a reminder then waits for its next try.
  let now = new Date();
  for (let i = 0; i < 8; i++) {
    await runSender({ mailer, now, maxAttempts: 3 });
    now = new Date(now.getTime() + 10 * 60_000);
  }
  await request(app).post(`/api/v1/campaigns/${w.campaignId}/agencies/${(await agencyByCode('ha-noi'))._id}/remind`).set('Authorization', w.admin);
  await runSender({ mailer });

  const browser = await launchBrowser();
  const shoot = async (email: string, shots: [string, string][]) => {
    const page = await loggedInPage(browser, base, email);
    for (const [url, file] of shots) {
      await page.goto(base + url);
      await page.screenshot({ path: path.join(OUT, `${file}.png`), fullPage: true });
      await axeAudit(page, file);
    }
    await page.context().close();
  };
  try {
    await shoot(w.users.admin.email, [['/admin/mail', 'mail-outbox'], ['/', 'mail-dashboard'], [`/campaigns/${w.campaignId}/progress`, 'progress-remind']]);
    await shoot(w.users.hanoi.email, [['/profile', 'mail-preference']]);
  } finally {
    await browser.close();
  }
  console.log('screenshots written to', OUT);
} finally {
  await close();
}
