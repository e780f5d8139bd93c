import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { AuditEventModel } from '../../src/audit/audit.model.js';
import { createMailer } from '../../src/mail/mailer.js';
import { resetDatabase } from '../support/hooks.js';
import { closedPort, decodeQuotedPrintable, startSmtp } from '../support/smtp.js';
import { anonymous, givenAgencies, givenUser, loginAs, makeApp, type Session } from '../factories/index.js';

function linkOnPage(html: string): string {
  const link = /id="reset-link" value="([^"]+)"/.exec(html)?.[1];
  if (!link) throw new Error('no reset link on the page');
  return link;
}

async function post(s: Session, path: string, body: Record<string, string>) {
  const token = await s.csrf();
  return s.agent.post(path).type('form').send({ ...body, _csrf: token });
}

const FROM = 'rasoat <no-reply@rasoat.test>';

describe('password links by e-mail', () => {
  beforeEach(async () => {
    await resetDatabase();
    await givenAgencies();
  });

  it('when a mailer is configured and an admin creates a reset link, then the user receives the same link the page shows', async () => {
    const smtp = await startSmtp();
    try {
      const app = makeApp({ mailer: createMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM }) });
      const admin = await loginAs(app, await givenUser({ role: 'admin' }));
      const user = await givenUser({ role: 'agency', email: 'can.bo@hue.gov.vn', agencyCode: 'hue' });

      const res = await post(admin, `/admin/users/${user._id}/reset-link`, {});

      expect(res.status).to.equal(200);
      const link = linkOnPage(res.text);
      expect(res.text).to.contain('Đã gửi đường dẫn tới can.bo@hue.gov.vn');
      expect(smtp.received).to.have.length(1);
      const [message] = smtp.received;
      expect(message!.to).to.deep.equal(['can.bo@hue.gov.vn']);
      expect(message!.from).to.equal('no-reply@rasoat.test');
      const mailed = decodeQuotedPrintable(message!.raw).match(/https?:\/\/\S+\/reset\/\S+/g);
      expect(mailed).to.deep.equal([link]);
      expect(await AuditEventModel.countDocuments({ action: 'user.reset_mail_failed' })).to.equal(0);
    } finally {
      await smtp.close();
    }
  });

  it('when the SMTP server is down, then the page still shows a working link with a warning, and the failure is audited and logged without the link', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, cb) => (lines.push(chunk.toString()), cb()) }));
    const app = makeApp({ logger, mailer: createMailer({ url: `smtp://127.0.0.1:${await closedPort()}`, from: FROM }) });
    const adminUser = await givenUser({ role: 'admin' });
    const admin = await loginAs(app, adminUser);
    const user = await givenUser({ role: 'agency', email: 'can.bo@hue.gov.vn', agencyCode: 'hue' });

    const res = await post(admin, `/admin/users/${user._id}/reset-link`, {});

    expect(res.status).to.equal(200);
    const link = linkOnPage(res.text);
    expect(res.text).to.contain('Không gửi được e-mail tới can.bo@hue.gov.vn');
    expect(res.text).not.to.contain('Đã gửi đường dẫn');
    expect((await anonymous(app).agent.get(new URL(link).pathname)).status).to.equal(200);
    const failed = await AuditEventModel.find({ action: 'user.reset_mail_failed', 'object.id': String(user._id) }).lean();
    expect(failed).to.have.length(1);
    expect(failed[0]!.actor?.email).to.equal(adminUser.email);
    const token = new URL(link).pathname.split('/').pop()!;
    expect(lines.some((l) => l.includes('password link e-mail not sent'))).to.equal(true);
    expect(lines.join('')).not.to.contain(token);
  });

  it('when no mailer is configured, then the page shows the link and says nothing about e-mail', async () => {
    const app = makeApp();
    const admin = await loginAs(app, await givenUser({ role: 'admin' }));
    const user = await givenUser({ role: 'agency' });

    const res = await post(admin, `/admin/users/${user._id}/reset-link`, {});

    expect(res.status).to.equal(200);
    linkOnPage(res.text);
    expect(res.text).not.to.contain('Đã gửi đường dẫn');
    expect(res.text).not.to.contain('Không gửi được e-mail');
    expect(await AuditEventModel.countDocuments({ action: 'user.reset_mail_failed' })).to.equal(0);
  });
});
