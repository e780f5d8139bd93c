import { expect } from 'chai';
import { createMailer } from '../../../src/mail/mailer.js';
import { OutboxModel } from '../../../src/mail/outbox.model.js';
import { runSender } from '../../../src/mail/sender.job.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { givenAgencies, givenUser, makeApp } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { decodeQuotedPrintable, startSmtp } from '../../support/smtp.js';
import { givenOpenCampaign } from '../submissions/world.js';

const FROM = 'rasoat <no-reply@rasoat.test>';
const mailerOn = (port: number) => createMailer({ url: `smtp://127.0.0.1:${port}`, from: FROM });

describe('e-mail through the outbox', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when two senders run at once against the same database, then each notification is e-mailed exactly once', async () => {
    const smtp = await startSmtp();
    try {
      const app = makeApp({ mailer: mailerOn(smtp.port), publicUrl: 'https://rasoat.test' });
      await givenAgencies();
      for (let i = 0; i < 8; i++) await givenUser({ role: 'agency', agencyCode: 'ha-noi' });
      const w = await givenOpenCampaign({ app });
      const notified = await NotificationModel.find({ kind: 'campaign_opened' }).lean();
      expect(notified).to.have.length(10);
      expect(await OutboxModel.countDocuments({ status: 'pending' })).to.equal(10);

      const [a, b] = await Promise.all([
        runSender({ mailer: mailerOn(smtp.port), id: 'instance-a' }),
        runSender({ mailer: mailerOn(smtp.port), id: 'instance-b' }),
      ]);
      expect(a.sent + b.sent).to.equal(10);
      const to = smtp.received.map((m) => m.to[0]).sort();
      expect(to).to.have.length(10);
      expect(new Set(to).size).to.equal(10);
      const hanoi = smtp.received.find((m) => m.to[0] === w.users.hanoi.email)!;
      const body = decodeQuotedPrintable(hanoi.raw);
      expect(body).to.contain('Rà soát VBQPPL phục vụ Đề án 06');
      expect(body).to.contain(`https://rasoat.test/campaigns/${w.campaignId}`);
      expect(await OutboxModel.countDocuments({ status: 'sent' })).to.equal(10);

      // The next runs find nothing left to send.
      await Promise.all([runSender({ mailer: mailerOn(smtp.port) }), runSender({ mailer: mailerOn(smtp.port) })]);
      expect(smtp.received).to.have.length(10);
    } finally {
      await smtp.close();
    }
  });

  it('when the SMTP server is down, then the message waits with a growing delay and is delivered once the server is back', async () => {
    let smtp = await startSmtp();
    const port = smtp.port;
    await smtp.close();
    const app = makeApp({ mailer: mailerOn(port) });
    const w = await givenOpenCampaign({ app });
    await OutboxModel.deleteMany({ to: { $ne: w.users.hanoi.email } });
    const t0 = new Date();

    const first = await runSender({ mailer: mailerOn(port), now: t0, backoffMs: 60_000 });
    expect(first).to.deep.include({ sent: 0, retried: 1 });
    let msg = (await OutboxModel.findOne({}).lean())!;
    expect(msg).to.deep.include({ status: 'pending', attempts: 1 });
    expect(msg.lastError!.code).to.match(/^E(CONNECTION|SOCKET)$/);
    expect(msg.lastError!.message).not.to.match(/\r|\n/);
    expect(msg.nextAttemptAt.getTime()).to.equal(t0.getTime() + 60_000);

    // Before the delay is over nothing is tried; after it, the next delay doubles.
    expect(await runSender({ mailer: mailerOn(port), now: new Date(t0.getTime() + 30_000) })).to.deep.include({ retried: 0 });
    const t1 = new Date(t0.getTime() + 60_000);
    await runSender({ mailer: mailerOn(port), now: t1, backoffMs: 60_000 });
    msg = (await OutboxModel.findOne({}).lean())!;
    expect(msg.attempts).to.equal(2);
    expect(msg.nextAttemptAt.getTime()).to.equal(t1.getTime() + 120_000);

    smtp = await startSmtp(port);
    try {
      const back = await runSender({ mailer: mailerOn(port), now: new Date(t1.getTime() + 120_000) });
      expect(back.sent).to.equal(1);
      expect(smtp.received.map((m) => m.to[0])).to.deep.equal([w.users.hanoi.email]);
      msg = (await OutboxModel.findOne({}).lean())!;
      expect(msg.status).to.equal('sent');
      expect(msg.lastError).to.equal(undefined);
    } finally {
      await smtp.close();
    }
  });

  it('when a sender dies holding a message, then another sender takes it once the lease is over', async () => {
    const smtp = await startSmtp();
    try {
      const app = makeApp({ mailer: mailerOn(smtp.port) });
      const w = await givenOpenCampaign({ app });
      await OutboxModel.deleteMany({ to: { $ne: w.users.hanoi.email } });
      const t0 = new Date();
      // A sender claims the message and is never heard of again.
      await OutboxModel.updateOne({}, { $set: { status: 'sending', lockedBy: 'dead', lockedUntil: new Date(t0.getTime() + 120_000) }, $inc: { attempts: 1 } });

      expect((await runSender({ mailer: mailerOn(smtp.port), now: t0 })).sent).to.equal(0);
      expect((await runSender({ mailer: mailerOn(smtp.port), now: new Date(t0.getTime() + 121_000) })).sent).to.equal(1);
      expect(smtp.received).to.have.length(1);
    } finally {
      await smtp.close();
    }
  });

  it('when no SMTP server is configured, then notifications queue no e-mail', async () => {
    await givenOpenCampaign();
    expect(await NotificationModel.countDocuments({ kind: 'campaign_opened' })).to.equal(2);
    expect(await OutboxModel.countDocuments()).to.equal(0);
  });
});
