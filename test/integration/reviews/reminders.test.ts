import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { ReminderClaimModel } from '../../../src/notifications/reminder.model.js';
import { dueKind, runReminders } from '../../../src/notifications/reminder.job.js';
import { givenUser } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign } from '../submissions/world.js';

const DAY = 24 * 3600 * 1000;

describe('deadline reminders', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('picks only the nearest threshold', () => {
    const deadline = new Date('2026-12-31T16:59:59Z');
    expect(dueKind(deadline, new Date(deadline.getTime() - 10 * DAY))).to.equal(null);
    expect(dueKind(deadline, new Date(deadline.getTime() - 6 * DAY))).to.equal('d7');
    expect(dueKind(deadline, new Date(deadline.getTime() - 2 * DAY))).to.equal('d3');
    expect(dueKind(deadline, new Date(deadline.getTime() - 3600 * 1000))).to.equal('d1');
    expect(dueKind(deadline, new Date(deadline.getTime() + 1000))).to.equal('overdue');
  });

  it('when the job runs twice at once, then each waiting agency user gets each reminder exactly once, and submitted agencies none', async () => {
    const w = await givenOpenCampaign({ deadline: '31/12/2030' });
    const second = await givenUser({ role: 'agency', agencyCode: 'ha-noi' });
    await givenFilledSubmission(w);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' }).expect(200);
    const deadline = new Date(Date.UTC(2030, 11, 31, 16, 59, 59));

    const sixDaysBefore = new Date(deadline.getTime() - 6 * DAY);
    const runs = await Promise.all([runReminders(sixDaysBefore), runReminders(sixDaysBefore), runReminders(sixDaysBefore)]);
    expect(runs.reduce((s, r) => s + r.sent, 0)).to.equal(1);
    await runReminders(new Date(sixDaysBefore.getTime() + 3600 * 1000)); // the next tick: nothing new
    const overdue = new Date(deadline.getTime() + DAY);
    await Promise.all([runReminders(overdue), runReminders(overdue)]);

    const hanoiUsers = [w.users.hanoi._id, second._id];
    for (const user of hanoiUsers) {
      const kinds = (await NotificationModel.find({ user, kind: 'deadline' }).lean()).map((n) => n.dedupeKey!.split(':')[2]).sort();
      expect(kinds).to.deep.equal(['d7', 'overdue']);
    }
    expect(await NotificationModel.countDocuments({ user: w.users.bca._id, kind: 'deadline' })).to.equal(0);
    expect(await ReminderClaimModel.countDocuments()).to.equal(2);
    expect(await AuditEventModel.countDocuments({ action: 'notification.deadline' })).to.equal(2);
  });
});
