import { expect } from 'chai';
import type { Types } from 'mongoose';
import request from 'supertest';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { checkUnreadCounts, migrateUnreadCounts } from '../../../src/notifications/unread.counts.js';
import { UserModel } from '../../../src/users/user.model.js';
import { csrfFromHtml, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign } from '../submissions/world.js';

const badge = (html: string) => /Thông báo \((\d+)\)/.exec(html)?.[1] ?? null;
const unreadIn = async (userId: Types.ObjectId) => NotificationModel.countDocuments({ user: userId, readAt: null });
const keptFor = async (userId: Types.ObjectId) => (await UserModel.findById(userId).lean())!.unreadNotifications;

describe('unread notifications in the navigation', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when notifications arrive and are read one by one or all at once, then every page shows the count the notifications give', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    const agency = await loginAs(w.app, w.users.bca);
    const before = await unreadIn(w.users.bca._id);
    expect(before).to.be.greaterThan(0); // the campaign's opening
    expect(badge((await agency.agent.get('/')).text)).to.equal(String(before));

    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' }).expect(200);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ text: 'Bổ sung căn cứ.', itemId }).expect(201);
    const after = await unreadIn(w.users.bca._id);
    expect(after).to.equal(before + 1);
    expect(await keptFor(w.users.bca._id)).to.equal(after);
    const page = await agency.agent.get('/notifications');
    expect(badge(page.text)).to.equal(String(after));

    const one = await NotificationModel.findOne({ user: w.users.bca._id, readAt: null }).lean();
    const read = await agency.agent.post(`/notifications/${one!._id.toString()}/read`).type('form').send({ _csrf: csrfFromHtml(page.text), stay: '1' });
    expect(read.status).to.equal(302);
    // Reading it twice counts once.
    await agency.agent.post(`/notifications/${one!._id.toString()}/read`).type('form').send({ _csrf: csrfFromHtml(page.text), stay: '1' });
    expect(await keptFor(w.users.bca._id)).to.equal(after - 1);
    expect(badge((await agency.agent.get('/notifications')).text)).to.equal(after - 1 ? String(after - 1) : null);

    await agency.agent.post('/notifications/read-all').type('form').send({ _csrf: csrfFromHtml(page.text) }).expect(302);
    expect(await keptFor(w.users.bca._id)).to.equal(0);
    expect(badge((await agency.agent.get('/notifications')).text)).to.equal(null);
    // The reviewer's own count moved with the submission it was told of, and no one else's.
    expect(await keptFor(w.users.reviewer._id)).to.equal(await unreadIn(w.users.reviewer._id));
    expect(await checkUnreadCounts()).to.deep.equal([]);
  });

  it('when an account was stored before the count was kept, then its pages count the notifications and start-up keeps the count, once', async () => {
    const w = await givenOpenCampaign();
    const n = await unreadIn(w.users.bca._id);
    await UserModel.collection.updateMany({}, { $unset: { unreadNotifications: '' } });
    const agency = await loginAs(w.app, w.users.bca);
    expect(badge((await agency.agent.get('/')).text)).to.equal(String(n));

    expect(await migrateUnreadCounts()).to.equal(await UserModel.countDocuments());
    expect(await keptFor(w.users.bca._id)).to.equal(n);
    expect(await migrateUnreadCounts()).to.equal(0);

    // A count that drifted (a write cut off between the two) is reported and repaired.
    await UserModel.updateOne({ _id: w.users.bca._id }, { $set: { unreadNotifications: n + 5 } });
    const drift = await checkUnreadCounts({ fix: true });
    expect(drift).to.deep.equal([{ kind: 'user', id: w.users.bca._id.toString(), field: 'unreadNotifications', stored: n + 5, actual: n }]);
    expect(await checkUnreadCounts()).to.deep.equal([]);
  });
});
