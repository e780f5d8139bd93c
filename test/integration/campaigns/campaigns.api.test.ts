import { SubmissionItemModel } from '../../../src/submissions/item.model.js';
import { migrateSubmissionItems } from '../../../src/submissions/item.migrate.js';
import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { AgencyModel } from '../../../src/agencies/agency.model.js';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { NotificationModel } from '../../../src/notifications/notification.model.js';
import { installBuiltinTemplates } from '../../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { agencyByCode, givenAgencies, givenToken, givenUser, makeApp } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';

async function world() {
  await givenAgencies();
  await installBuiltinTemplates();
  const template = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean();
  const admin = await givenUser({ role: 'admin' });
  const reviewer = await givenUser({ role: 'reviewer' });
  const bca = await givenUser({ role: 'agency', agencyCode: 'bo-cong-an' });
  const bca2 = await givenUser({ role: 'agency', agencyCode: 'bo-cong-an' });
  const hanoi = await givenUser({ role: 'agency', agencyCode: 'ha-noi' });
  const btc = await givenUser({ role: 'agency', agencyCode: 'bo-tai-chinh' });
  return {
    template: template!,
    reviewer,
    bca, bca2, hanoi, btc,
    admin: `Bearer ${await givenToken(admin)}`,
    rev: `Bearer ${await givenToken(reviewer)}`,
    bcaTok: `Bearer ${await givenToken(bca)}`,
    hanoiTok: `Bearer ${await givenToken(hanoi)}`,
    btcTok: `Bearer ${await givenToken(btc)}`,
  };
}

describe('campaigns API', () => {
  beforeEach(resetDatabase);

  it('when a campaign with two agencies is opened, then exactly one draft submission per agency exists, their users are notified, and reopening is a 409', async () => {
    const w = await world();
    const app = makeApp();
    const bca = await agencyByCode('bo-cong-an');
    const hn = await agencyByCode('ha-noi');
    const created = await request(app).post('/api/v1/campaigns').set('Authorization', w.admin).send({
      title: 'Rà soát Đề án 06 đợt 1', template: w.template._id.toString(), agencies: [bca._id.toString(), hn._id.toString()],
      deadline: '30/09/2026', reviewers: [w.reviewer._id.toString()],
    });
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ status: 'draft' });
    expect(created.body.deadline).to.equal('2026-09-30T16:59:59.000Z');
    const id = created.body.id as string;
    expect(await SubmissionModel.countDocuments({ campaign: id })).to.equal(0);

    const opened = await request(app).post(`/api/v1/campaigns/${id}/open`).set('Authorization', w.admin);
    expect(opened.status).to.equal(200);
    expect(opened.body).to.include({ status: 'open', submissionsCreated: 2 });
    const subs = await SubmissionModel.find({ campaign: id }).lean();
    expect(subs.map((s) => s.agency.toString()).sort()).to.deep.equal([bca._id.toString(), hn._id.toString()].sort());
    expect(subs.every((s) => s.status === 'draft' && s.itemCount === 0)).to.equal(true);

    expect((await request(app).post(`/api/v1/campaigns/${id}/open`).set('Authorization', w.admin)).status).to.equal(409);
    expect(await SubmissionModel.countDocuments({ campaign: id })).to.equal(2);

    const notes = await NotificationModel.find({ kind: 'campaign_opened' }).lean();
    expect(notes.map((n) => n.user.toString()).sort()).to.deep.equal([w.bca._id, w.bca2._id, w.hanoi._id].map(String).sort());
    expect(await AuditEventModel.countDocuments({ action: 'campaign.open', 'object.id': id })).to.equal(1);
  });

  it('when "all provinces" is chosen, then the 34 provinces take part and never the MoJ', async () => {
    const w = await world();
    const res = await request(makeApp()).post('/api/v1/campaigns').set('Authorization', w.admin).send({
      title: 'Các tỉnh', template: w.template._id.toString(), agencyKinds: ['province'], deadline: '2026-12-31',
    });
    expect(res.status).to.equal(201);
    expect(res.body.agencies).to.have.length(34);
    const moj = await agencyByCode('bo-tu-phap');
    expect(res.body.agencies).to.not.include(moj._id.toString());
  });

  it('when agencies list campaigns, then each sees only the open or closed campaigns it takes part in; another agency’s is 404', async () => {
    const w = await world();
    const app = makeApp();
    const bca = await agencyByCode('bo-cong-an');
    const hn = await agencyByCode('ha-noi');
    const mk = (title: string, agencies: string[]) =>
      request(app).post('/api/v1/campaigns').set('Authorization', w.admin).send({ title, template: w.template._id.toString(), agencies, deadline: '31/12/2026' });
    const a = (await mk('Chỉ Bộ Công an', [bca._id.toString()])).body.id as string;
    const b = (await mk('Chỉ Hà Nội', [hn._id.toString()])).body.id as string;
    const draft = (await mk('Nháp có Bộ Công an', [bca._id.toString()])).body.id as string;
    await request(app).post(`/api/v1/campaigns/${a}/open`).set('Authorization', w.admin);
    await request(app).post(`/api/v1/campaigns/${b}/open`).set('Authorization', w.admin);

    const mine = await request(app).get('/api/v1/campaigns').set('Authorization', w.bcaTok);
    expect(mine.body.items.map((c: { title: string }) => c.title)).to.deep.equal(['Chỉ Bộ Công an']);
    expect(mine.body.items[0].agencies).to.deep.equal([]);
    expect((await request(app).get(`/api/v1/campaigns/${b}`).set('Authorization', w.bcaTok)).status).to.equal(404);
    expect((await request(app).get(`/api/v1/campaigns/${draft}`).set('Authorization', w.bcaTok)).status).to.equal(404);
    expect((await request(app).get('/api/v1/campaigns').set('Authorization', w.btcTok)).body.items).to.deep.equal([]);
    expect((await request(app).get('/api/v1/campaigns').set('Authorization', w.rev)).body.items).to.have.length(3);
    expect((await request(app).get(`/api/v1/campaigns/${a}/progress`).set('Authorization', w.bcaTok)).status).to.equal(403);
    expect((await request(app).post('/api/v1/campaigns').set('Authorization', w.rev).send({})).status).to.equal(403);
  });

  it('when the input is bad, then 422 names the fields; a draft template cannot be pinned; a closed campaign cannot change', async () => {
    const w = await world();
    const app = makeApp();
    const bad = await request(app).post('/api/v1/campaigns').set('Authorization', w.admin).send({ title: '', template: 'x', deadline: '31/02/2026' });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).to.include.members(['title', 'template', 'deadline']);
    const draftT = await ReviewTemplateModel.create({ family: new Types.ObjectId(), version: 1, status: 'draft', title: 'Nháp', fields: w.template.fields, appendix: w.template.appendix });
    const bca = await agencyByCode('bo-cong-an');
    const pinned = await request(app).post('/api/v1/campaigns').set('Authorization', w.admin).send({ title: 'X', template: draftT._id.toString(), agencies: [bca._id.toString()], deadline: '31/12/2026' });
    expect(pinned.status).to.equal(422);
    expect(pinned.body.error.details[0].field).to.equal('template');

    const ok = await request(app).post('/api/v1/campaigns').set('Authorization', w.admin).send({ title: 'Y', template: w.template._id.toString(), agencies: [bca._id.toString()], deadline: '31/12/2026' });
    const id = ok.body.id as string;
    await request(app).post(`/api/v1/campaigns/${id}/open`).set('Authorization', w.admin);
    const closed = await request(app).post(`/api/v1/campaigns/${id}/close`).set('Authorization', w.admin);
    expect(closed.body.status).to.equal('closed');
    const edit = await request(app).put(`/api/v1/campaigns/${id}`).set('Authorization', w.admin).send({ title: 'Z', template: w.template._id.toString(), agencies: [bca._id.toString()], deadline: '31/12/2026' });
    expect(edit.status).to.equal(409);
    expect((await CampaignModel.findById(id).lean())?.title).to.equal('Y');
  });
});

describe('campaign progress', () => {
  beforeEach(resetDatabase);

  it('when agencies are in different states with rows and comments, then the counts match the database', async () => {
    const w = await world();
    const app = makeApp();
    const agencies = await AgencyModel.find({ kind: 'province' }).sort({ order: 1 }).limit(5).lean();
    const c = await request(app).post('/api/v1/campaigns').set('Authorization', w.admin).send({
      title: 'Tiến độ', template: w.template._id.toString(), agencies: agencies.map((a) => a._id.toString()), deadline: '01/01/2026',
    });
    await request(app).post(`/api/v1/campaigns/${c.body.id}/open`).set('Authorization', w.admin);
    const subs = await SubmissionModel.find({ campaign: c.body.id }).sort({ _id: 1 }).lean();
    const plan: [string, string[]][] = [
      ['submitted', ['sua-doi', 'bai-bo', 'sua-doi']],
      ['in_review', ['thay-the']],
      ['accepted', ['ban-hanh-moi', 'sua-doi-bo-sung']],
      ['changes_requested', []],
      ['draft', ['sua-doi']],
    ];
    for (const [i, [status, recs]] of plan.entries()) {
      const items = recs.map((r) => ({ _id: new Types.ObjectId(), values: { hinh_thuc_kien_nghi: r }, createdAt: new Date(), updatedAt: new Date() }));
      await SubmissionModel.collection.updateOne({ _id: subs[i]!._id }, { $set: { status, items } });
    }
    const comments = mongoose.connection.collection('comments');
    await comments.insertMany([
      { submission: subs[0]!._id, status: 'open' },
      { submission: subs[0]!._id, status: 'open' },
      { submission: subs[0]!._id, status: 'resolved' },
      { submission: subs[3]!._id, status: 'open' },
    ]);
    // Written in the shape data had before rows moved to their own collection: start-up moves it and counts it.
    await migrateSubmissionItems();

    const res = await request(app).get(`/api/v1/campaigns/${c.body.id}/progress`).set('Authorization', w.rev);
    expect(res.status).to.equal(200);
    const dbItems = await SubmissionItemModel.countDocuments({ campaign: c.body.id });
    expect(dbItems).to.equal(7);
    expect(res.body.totals).to.deep.equal({ agencies: 5, items: dbItems, openComments: 3, overdue: 2, submitted: 3 });
    expect(res.body.byStatus).to.deep.equal({ submitted: 1, in_review: 1, accepted: 1, changes_requested: 1, draft: 1 });
    const recs = Object.fromEntries(res.body.byRecommendation.map((r: { code: string; count: number }) => [r.code, r.count]));
    expect(recs).to.include({ 'sua-doi': 3, 'bai-bo': 1, 'thay-the': 1, 'ban-hanh-moi': 1, 'sua-doi-bo-sung': 1, 'dinh-chi-thi-hanh': 0 });
    const first = res.body.items.find((r: { submission: string }) => r.submission === subs[0]!._id.toString());
    expect(first).to.include({ status: 'submitted', items: 3, openComments: 2, overdue: false });
    expect(res.body.items.find((r: { status: string }) => r.status === 'changes_requested').overdue).to.equal(true);
  });

  it('when a campaign has 56 agencies and 10,000 rows, then the counts come from one read of the submissions, no row read', async function () {
    // Moving 10,000 rows through the start-up migration takes a while on a busy machine.
    this.timeout(120_000);
    const w = await world();
    const app = makeApp();
    const all = await AgencyModel.find({ code: { $ne: 'bo-tu-phap' } }).lean();
    const c = await request(app).post('/api/v1/campaigns').set('Authorization', w.admin).send({
      title: 'Toàn quốc', template: w.template._id.toString(), agencies: all.map((a) => a._id.toString()), deadline: '31/12/2026',
    });
    await request(app).post(`/api/v1/campaigns/${c.body.id}/open`).set('Authorization', w.admin);
    const subs = await SubmissionModel.find({ campaign: c.body.id }).lean();
    expect(subs).to.have.length(all.length);
    const codes = ['sua-doi', 'bo-sung', 'bai-bo', 'thay-the'];
    let n = 0;
    for (const [i, s] of subs.entries()) {
      const count = Math.floor(10_000 / subs.length) + (i < 10_000 % subs.length ? 1 : 0);
      const items = Array.from({ length: count }, () => ({ _id: new Types.ObjectId(), values: { hinh_thuc_kien_nghi: codes[n++ % 4] } }));
      await SubmissionModel.collection.updateOne({ _id: s._id }, { $set: { items } });
    }
    await migrateSubmissionItems();
    const ops: string[] = [];
    mongoose.set('debug', (coll: string, method: string) => ops.push(`${coll}.${method}`));
    try {
      const res = await request(app).get(`/api/v1/campaigns/${c.body.id}/progress`).set('Authorization', w.admin);
      expect(res.status).to.equal(200);
      expect(res.body.totals.items).to.equal(10_000);
      expect(res.body.items).to.have.length(all.length);
      expect(res.body.byRecommendation.find((r: { code: string }) => r.code === 'sua-doi').count).to.equal(2500);
    } finally {
      mongoose.set('debug', false);
    }
    const reads = ops.filter((o) => !o.startsWith('apitokens') && !o.startsWith('users') && !o.startsWith('agencies.findOne'));
    expect(reads.filter((o) => o.startsWith('submissions'))).to.deep.equal(['submissions.find']);
    expect(reads.length, reads.join(', ')).to.be.at.most(5);
  });
});
