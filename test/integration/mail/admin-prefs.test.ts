import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { runDigest } from '../../../src/mail/digest.job.js';
import { createMailer } from '../../../src/mail/mailer.js';
import { OutboxModel } from '../../../src/mail/outbox.model.js';
import { runSender } from '../../../src/mail/sender.job.js';
import { UserModel } from '../../../src/users/user.model.js';
import { loginAs, makeApp } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { closedPort, decodeQuotedPrintable, startSmtp } from '../../support/smtp.js';
import { givenOpenCampaign } from '../submissions/world.js';

const FROM = 'rasoat <no-reply@rasoat.test>';
const mailerOn = (port: number) => createMailer({ url: `smtp://127.0.0.1:${port}`, from: FROM });

describe('e-mail: failures for the admin, and each user’s preference', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a message fails every attempt, then the admin sees it (page, dashboard, API) and "Gửi lại" queues it again; others get 403', async () => {
    const port = await closedPort();
    const w = await givenOpenCampaign({ app: makeMailApp(port) });
    await OutboxModel.deleteMany({ to: { $ne: w.users.hanoi.email } });
    let now = new Date();
    for (let i = 0; i < 3; i++) {
      await runSender({ mailer: mailerOn(port), now, maxAttempts: 3, backoffMs: 1000 });
      now = new Date(now.getTime() + 60_000);
    }
    const failed = (await OutboxModel.findOne({}).lean())!;
    expect(failed).to.deep.include({ status: 'failed', attempts: 3 });
    // Later runs leave a failed message alone.
    await runSender({ mailer: mailerOn(port), now: new Date(now.getTime() + 3600_000) });
    expect((await OutboxModel.findOne({}).lean())!.attempts).to.equal(3);

    const admin = await loginAs(w.app, w.users.admin);
    const page = await admin.agent.get('/admin/mail');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(w.users.hanoi.email);
    expect(page.text).to.contain(failed.subject.replace(/"/g, '&#34;').slice(0, 30));
    expect(page.text).to.contain('Gửi lỗi');
    expect(page.text).to.match(/<td class="text-end">3<\/td>/);
    expect(page.text).to.contain(failed.lastError!.code!);
    expect(page.text).to.contain('Gửi lại');
    const home = await admin.agent.get('/');
    expect(home.text).to.contain('1 e-mail gửi không thành công');

    const api = await request(w.app).get('/api/v1/admin/outbox?status=failed').set('Authorization', w.admin);
    expect(api.status).to.equal(200);
    expect(api.body.failed).to.equal(1);
    expect(api.body.items[0]).to.deep.include({ to: w.users.hanoi.email, status: 'failed', attempts: 3 });
    expect(api.body.items[0].lastError.code).to.equal(failed.lastError!.code);
    expect((await request(w.app).get('/api/v1/admin/outbox').set('Authorization', w.rev)).status).to.equal(403);
    expect((await request(w.app).post(`/api/v1/admin/outbox/${failed._id}/resend`).set('Authorization', w.hanoi)).status).to.equal(403);
    expect((await (await loginAs(w.app, w.users.reviewer)).agent.get('/admin/mail')).status).to.equal(403);

    const token = await admin.csrf();
    const resent = await admin.agent.post(`/admin/mail/${failed._id}/resend`).type('form').send({ _csrf: token });
    expect(resent.status).to.equal(302);
    expect((await OutboxModel.findById(failed._id).lean())!).to.deep.include({ status: 'pending', attempts: 0 });
    expect(await AuditEventModel.countDocuments({ action: 'mail.resend' })).to.equal(1);
    // A message that has not failed cannot be "sent again"; an unknown one is 404.
    expect((await request(w.app).post(`/api/v1/admin/outbox/${failed._id}/resend`).set('Authorization', w.admin)).status).to.equal(409);
    expect((await request(w.app).post('/api/v1/admin/outbox/0123456789abcdef01234567/resend').set('Authorization', w.admin)).status).to.equal(404);
    expect((await admin.agent.get('/')).text).not.to.contain('gửi không thành công');

    const smtp = await startSmtp(port);
    try {
      expect((await runSender({ mailer: mailerOn(port) })).sent).to.equal(1);
      expect(smtp.received).to.have.length(1);
    } finally {
      await smtp.close();
    }
  });

  it('when a user chooses no e-mail, then notifications reach the app only; a daily digest gathers the day in one e-mail, once however often the job runs', async () => {
    const smtp = await startSmtp();
    try {
      const w = await givenOpenCampaign({ app: makeMailApp(smtp.port) });
      await OutboxModel.deleteMany({});
      const bca = await loginAs(w.app, w.users.bca);
      const profile = await bca.agent.get('/profile');
      expect(profile.text).to.contain('Gửi một e-mail tổng hợp mỗi ngày');
      const bad = await bca.agent.post('/profile/mail').type('form').send({ _csrf: await bca.csrf(), mailPref: 'weekly' });
      expect(bad.status).to.equal(422);
      expect(bad.text).to.contain('Hãy chọn một trong các cách nhận thư.');
      const none = await bca.agent.post('/profile/mail').type('form').send({ _csrf: await bca.csrf(), mailPref: 'none' });
      expect(none.status).to.equal(302);
      expect((await UserModel.findById(w.users.bca._id).lean())!.mailPref).to.equal('none');
      const digest = await request(w.app).put('/api/v1/me/mail-preference').set('Authorization', w.hanoi).send({ mailPref: 'digest' });
      expect(digest.status).to.equal(200);
      expect(digest.body).to.deep.include({ mailPref: 'digest', enabled: true });
      expect((await request(w.app).put('/api/v1/me/mail-preference').set('Authorization', w.hanoi).send({ mailPref: 1 })).status).to.equal(422);

      // Two notifications each: the deadline moves twice.
      for (const deadline of ['30/11/2030', '29/11/2030']) {
        const c = (await request(w.app).get(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.admin)).body;
        const body = { title: c.title, template: c.template.id, agencies: c.agencies, reviewers: c.reviewers, deadline };
        const moved = await request(w.app).put(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.admin).send(body);
        expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
      }
      expect(await OutboxModel.countDocuments()).to.equal(0);

      // The next 17:00 in Hà Nội (10:00 UTC): not before it; at 18:00 two runs at once, and a later one the same day.
      const digestAt = new Date();
      digestAt.setUTCHours(10, 0, 0, 0);
      if (digestAt.getTime() <= Date.now()) digestAt.setTime(digestAt.getTime() + 24 * 3600_000);
      expect((await runDigest(new Date(digestAt.getTime() - 3600_000))).queued).to.equal(0);
      const runs = await Promise.all([runDigest(new Date(digestAt.getTime() + 3600_000)), runDigest(new Date(digestAt.getTime() + 3600_000))]);
      expect(runs[0].queued + runs[1].queued).to.equal(1);
      expect((await runDigest(new Date(digestAt.getTime() + 3 * 3600_000))).queued).to.equal(0);
      expect(await OutboxModel.countDocuments({ kind: 'digest' })).to.equal(1);
      await runSender({ mailer: mailerOn(smtp.port) });
      expect(smtp.received.map((m) => m.to[0])).to.deep.equal([w.users.hanoi.email]);
      const body = decodeQuotedPrintable(smtp.received[0]!.raw);
      expect(body).to.contain('29/11/2030');
      expect(body).to.contain('30/11/2030');
    } finally {
      await smtp.close();
    }
  });
});

function makeMailApp(port: number) {
  return makeApp({ mailer: mailerOn(port) });
}

