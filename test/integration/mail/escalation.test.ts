import { expect } from 'chai';
import request from 'supertest';
import { AgencyModel } from '../../../src/agencies/agency.model.js';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { runEscalations } from '../../../src/mail/escalation.job.js';
import { createMailer } from '../../../src/mail/mailer.js';
import { OutboxModel } from '../../../src/mail/outbox.model.js';
import { runSender } from '../../../src/mail/sender.job.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { agencyByCode, loginAs, makeApp } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { decodeQuotedPrintable, startSmtp } from '../../support/smtp.js';
import { givenOpenCampaign } from '../submissions/world.js';

const DAY = 24 * 3600 * 1000;

describe('escalation of overdue agencies to their leader', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when the admin sets a leader address, then it is validated (page and API), stored lower-case and audited', async () => {
    const w = await givenOpenCampaign();
    const hanoi = await agencyByCode('ha-noi');
    const admin = await loginAs(w.app, w.users.admin);
    const edit = await admin.agent.get(`/admin/agencies/${hanoi._id}`);
    expect(edit.text).to.contain('E-mail lãnh đạo cơ quan');
    const token = await admin.csrf(`/admin/agencies/${hanoi._id}`);
    const bad = await admin.agent.post(`/admin/agencies/${hanoi._id}/leader`).type('form').send({ _csrf: token, leaderEmail: 'van-phong@' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Địa chỉ e-mail của lãnh đạo không hợp lệ.');
    expect(bad.text).to.contain('value="van-phong@"');
    const ok = await admin.agent.post(`/admin/agencies/${hanoi._id}/leader`).type('form').send({ _csrf: token, leaderEmail: ' VanPhong@HaNoi.gov.vn ' });
    expect(ok.status).to.equal(302);
    expect((await AgencyModel.findById(hanoi._id).lean())!.leaderEmail).to.equal('vanphong@hanoi.gov.vn');
    expect(await AuditEventModel.countDocuments({ action: 'agency.leader_email' })).to.equal(1);

    const api = (body: unknown, auth = w.admin) => request(w.app).put(`/api/v1/agencies/${hanoi._id}/leader`).set('Authorization', auth).send(body as object);
    expect((await api({ leaderEmail: 'khong-phai-email' })).status).to.equal(422);
    expect((await api({ leaderEmail: 'lanhdao@hanoi.gov.vn' }, w.hanoi)).status).to.equal(403);
    expect((await api({ leaderEmail: 'lanhdao@hanoi.gov.vn' }, w.rev)).status).to.equal(403);
    const put = await api({ leaderEmail: 'lanhdao@hanoi.gov.vn' });
    expect(put.status).to.equal(200);
    expect(put.body.leaderEmail).to.equal('lanhdao@hanoi.gov.vn');
    expect((await api({ leaderEmail: '' })).body.leaderEmail).to.equal(null);
  });

  it('when an agency is overdue by the set number of days, then its leader gets one e-mail however often the job runs; an agency without a leader address is named to the admins', async () => {
    const smtp = await startSmtp();
    try {
      const mailer = createMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: 'rasoat <a@b.test>' });
      const w = await givenOpenCampaign({ app: makeApp({ mailer }), deadline: '31/12/2030' });
      await AgencyModel.updateOne({ code: 'ha-noi' }, { $set: { leaderEmail: 'lanhdao@hanoi.gov.vn' } });
      await OutboxModel.deleteMany({});
      const deadline = new Date(Date.UTC(2030, 11, 31, 16, 59, 59));

      expect(await runEscalations(new Date(deadline.getTime() + 6 * DAY), 7)).to.deep.equal({ escalated: 0, withoutLeader: 0 });
      const late = new Date(deadline.getTime() + 8 * DAY);
      const runs = await Promise.all([runEscalations(late, 7), runEscalations(late, 7)]);
      await runEscalations(new Date(late.getTime() + 5 * DAY), 7);
      expect(runs.reduce((n, r) => n + r.escalated, 0)).to.equal(1);
      expect(runs.reduce((n, r) => n + r.withoutLeader, 0)).to.equal(1);

      await runSender({ mailer });
      expect(smtp.received.map((m) => m.to[0]).sort()).to.deep.equal([w.users.admin.email, 'lanhdao@hanoi.gov.vn'].sort());
      const body = decodeQuotedPrintable(smtp.received.find((m) => m.to[0] === 'lanhdao@hanoi.gov.vn')!.raw);
      expect(body).to.contain('chưa gửi báo cáo');
      expect(body).to.contain('đã quá 8 ngày');
      const audits = await AuditEventModel.find({ action: 'notification.escalate' }).lean();
      expect(audits).to.have.length(2);
      // Bộ Công an has no leader address: the admin hears of it in the app (and by e-mail, above).
      const warned = await NotificationModel.find({ messageKey: 'mail.escalation.no_leader' }).lean();
      expect(warned.map((n) => n.user.toString())).to.deep.equal([w.users.admin._id.toString()]);
      expect(decodeQuotedPrintable(smtp.received.find((m) => m.to[0] === w.users.admin.email)!.raw)).to.contain('chưa có e-mail lãnh đạo');
    } finally {
      await smtp.close();
    }
  });
});
