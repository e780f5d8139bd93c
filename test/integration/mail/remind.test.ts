import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { createMailer } from '../../../src/mail/mailer.js';
import { OutboxModel } from '../../../src/mail/outbox.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { UserModel } from '../../../src/users/user.model.js';
import { agencyByCode, givenToken, givenUser, loginAs, makeApp } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { closedPort } from '../../support/smtp.js';
import { givenFilledSubmission, givenOpenCampaign } from '../submissions/world.js';

describe('"Nhắc": reminding one agency from the progress page', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the admin presses Nhắc, then the agency’s users are told in the app and by e-mail, it is audited, and a second press within the hour is refused with when it may be pressed again', async () => {
    const app = makeApp({ mailer: createMailer({ url: `smtp://127.0.0.1:${await closedPort()}`, from: 'rasoat <a@b.test>' }) });
    const w = await givenOpenCampaign({ app });
    const hanoi = await agencyByCode('ha-noi');
    await OutboxModel.deleteMany({});
    const admin = await loginAs(w.app, w.users.admin);

    const progress = await admin.agent.get(`/campaigns/${w.campaignId}/progress`);
    const action = `/campaigns/${w.campaignId}/agencies/${hanoi._id}/remind`;
    expect(progress.text).to.contain(`action="${action}"`);
    expect(progress.text).to.contain(`Nhắc ${hanoi.nameVi} gửi báo cáo`);

    const pressed = await admin.agent.post(action).type('form').send({ _csrf: await admin.csrf() });
    expect(pressed.status).to.equal(302);
    expect(pressed.headers.location).to.equal(`/campaigns/${w.campaignId}/progress`);
    const after = await admin.agent.get(pressed.headers.location!);
    expect(after.text).to.contain(`Đã nhắc ${hanoi.nameVi}: 1 người dùng nhận được thông báo, 1 người nhận qua e-mail.`);
    const notes = await NotificationModel.find({ kind: 'reminder' }).lean();
    expect(notes.map((n) => n.user.toString())).to.deep.equal([w.users.hanoi._id.toString()]);
    const mail = await OutboxModel.find({}).lean();
    expect(mail.map((m) => m.to)).to.deep.equal([w.users.hanoi.email]);
    expect(mail[0]!.text).to.contain('nhắc');
    const ev = await AuditEventModel.findOne({ action: 'notification.remind' }).lean();
    expect(ev!.actor!.email).to.equal(w.users.admin.email);
    expect(ev!.details).to.include({ notified: 1, mailed: 1 });

    const again = await admin.agent.post(action).type('form').send({ _csrf: await admin.csrf() });
    expect(again.status).to.equal(302);
    expect((await admin.agent.get(again.headers.location!)).text).to.match(/vừa được nhắc lúc .*Có thể nhắc lại sau/);
    const api = await request(w.app).post(`/api/v1${action}`).set('Authorization', w.admin);
    expect(api.status).to.equal(409);
    expect(api.body.error.message).to.contain('Có thể nhắc lại sau');
    expect(await NotificationModel.countDocuments({ kind: 'reminder' })).to.equal(1);
    expect(await AuditEventModel.countDocuments({ action: 'notification.remind' })).to.equal(1);
  });

  it('when an agency, a reviewer not assigned, or anyone for a report already sent presses it, then it is refused (403, 409); unknown agencies are 404', async () => {
    const w = await givenOpenCampaign();
    const [hanoi, bca, danang] = await Promise.all([agencyByCode('ha-noi'), agencyByCode('bo-cong-an'), agencyByCode('da-nang')]);
    const remind = (agency: { _id: unknown }, auth: string) => request(w.app).post(`/api/v1/campaigns/${w.campaignId}/agencies/${String(agency._id)}/remind`).set('Authorization', auth);
    const outsiderUser = await givenUser({ role: 'reviewer' });
    const outsider = `Bearer ${await givenToken(outsiderUser)}`;

    expect((await remind(hanoi, w.hanoi)).status).to.equal(403);
    expect((await remind(bca, w.hanoi)).status).to.equal(403);
    expect((await remind(hanoi, outsider)).status).to.equal(403);
    const outsiderPage = await loginAs(w.app, outsiderUser);
    expect((await outsiderPage.agent.get(`/campaigns/${w.campaignId}/progress`)).text).not.to.contain('/remind"');
    const agencyPage = await loginAs(w.app, w.users.hanoi);
    const agencyToken = await agencyPage.csrf();
    expect((await agencyPage.agent.post(`/campaigns/${w.campaignId}/agencies/${hanoi._id}/remind`).type('form').send({ _csrf: agencyToken })).status).to.equal(403);
    expect((await remind(danang, w.admin)).status).to.equal(404);
    expect((await request(w.app).post(`/api/v1/campaigns/${w.campaignId}/agencies/not-an-id/remind`).set('Authorization', w.admin)).status).to.equal(400);

    // The campaign's reviewer may; once the report is sent there is nothing to remind.
    const ok = await remind(hanoi, w.rev);
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.include({ notified: 1, withoutUsers: false });
    await givenFilledSubmission(w);
    expect((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' })).status).to.equal(200);
    const sent = await remind(bca, w.admin);
    expect(sent.status).to.equal(409);
    expect(await NotificationModel.countDocuments({ kind: 'reminder' })).to.equal(1);
  });

  it('when the agency has no active user, then the admin is warned that nobody was reminded, and the audit says so', async () => {
    const w = await givenOpenCampaign();
    const hanoi = await agencyByCode('ha-noi');
    await UserModel.updateOne({ _id: w.users.hanoi._id }, { $set: { active: false } });
    const admin = await loginAs(w.app, w.users.admin);
    const token = await admin.csrf();
    const pressed = await admin.agent.post(`/campaigns/${w.campaignId}/agencies/${hanoi._id}/remind`).type('form').send({ _csrf: token });
    expect(pressed.status).to.equal(302);
    const page = await admin.agent.get(pressed.headers.location!);
    expect(page.text).to.contain(`${hanoi.nameVi} chưa có tài khoản người dùng nào: không ai nhận được lời nhắc.`);
    expect(page.text).not.to.contain('Đã nhắc');
    const ev = await AuditEventModel.findOne({ action: 'notification.remind' }).lean();
    expect(ev!.details).to.include({ notified: 0, withoutUsers: true });
    const api = await request(w.app).post(`/api/v1/campaigns/${w.campaignId}/agencies/${hanoi._id}/remind`).set('Authorization', w.admin);
    expect(api.body).to.deep.include({ notified: 0, withoutUsers: true });
  });
});
