import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { CommentModel } from '../../../src/reviews/comment.model.js';
import { DispositionModel } from '../../../src/reviews/disposition.model.js';
import { migrateSubmissionItems } from '../../../src/submissions/item.migrate.js';
import { SubmissionItemModel } from '../../../src/submissions/item.model.js';
import { searchTextOf } from '../../../src/submissions/item.service.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { countDrift, rowsOf } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, REPORT, givenOpenCampaign, type World } from './world.js';

/**
 * Data directories written before rows had their own collection keep them in the
 * submission document. These tests write exactly that shape through the driver, then
 * run the start-up migration and read everything back through the app.
 */
const ROWS = [
  { ...GOOD_ROW, so_ky_hieu: '137/2015/NĐ-CP', hinh_thuc_kien_nghi: 'sua-doi-bo-sung' },
  { ...GOOD_ROW, ten_loai: 'thong-tu', so_ky_hieu: '55/2021/TT-BCA', ngay_ban_hanh: '15/05/2021', hinh_thuc_kien_nghi: 'bai-bo' },
  { ...GOOD_ROW, so_ky_hieu: '104/2022/NĐ-CP', ngay_ban_hanh: '21/12/2022', hinh_thuc_kien_nghi: 'bai-bo' },
];

interface OldWorld {
  w: World;
  ids: Types.ObjectId[];
  rowComment: Types.ObjectId;
}

/** A submitted Bộ Công an submission with three rows, a thread on row 2 and a disposition on row 3 — in the old shape. */
async function givenOldShapeData(): Promise<OldWorld> {
  const w = await givenOpenCampaign();
  const sub = new Types.ObjectId(w.bcaSub);
  const now = new Date('2026-03-01T02:00:00Z');
  const ids = ROWS.map(() => new Types.ObjectId());
  // What the previous release stored: rows as an array in the submission, no counts.
  const items = ROWS.map((values, i) => ({ _id: ids[i]!, values: { ...values, so_ky_hieu: { input: values.so_ky_hieu, key: values.so_ky_hieu.toLowerCase(), text: values.so_ky_hieu } }, searchText: searchTextOf(values), createdAt: now, updatedAt: now }));
  await SubmissionModel.collection.updateOne(
    { _id: sub },
    {
      $set: { status: 'submitted', items, reportSections: Object.entries(REPORT).map(([key, text]) => ({ key, text })), version: 5, submittedVersion: 1, submittedAt: now, lastActivityAt: now },
      $unset: { itemCount: '', recommendationCounts: '', openThreads: '' },
    },
  );
  await SubmissionModel.collection.updateOne({ _id: new Types.ObjectId(w.hanoiSub) }, { $set: { items: [] }, $unset: { itemCount: '', recommendationCounts: '', openThreads: '' } });
  await CampaignModel.collection.updateOne({ _id: new Types.ObjectId(w.campaignId) }, { $unset: { statusCounts: '' } });
  const campaign = new Types.ObjectId(w.campaignId);
  const agency = (await SubmissionModel.findById(sub).lean())!.agency;
  const reviewer = w.users.reviewer._id;
  const { insertedId: rowComment } = await mongoose.connection.collection('comments').insertOne({
    submission: sub, campaign, agency, target: { kind: 'item', itemId: ids[1] }, author: reviewer, authorName: 'Chuyên viên', authorRole: 'reviewer',
    text: 'Đề nghị bổ sung căn cứ pháp lý.', status: 'open', atVersion: 1, createdAt: now, updatedAt: now,
  });
  await mongoose.connection.collection('comments').insertOne({
    submission: sub, campaign, agency, target: { kind: 'submission' }, author: reviewer, authorName: 'Chuyên viên', authorRole: 'reviewer',
    text: 'Đã xem.', status: 'resolved', atVersion: 1, createdAt: now, updatedAt: now,
  });
  await mongoose.connection.collection('dispositions').insertOne({
    submission: sub, item: ids[2], agency, decision: 'partly_accepted', explanation: 'Chỉ bãi bỏ khoản 2.', by: reviewer, byName: 'Chuyên viên', at: now, createdAt: now, updatedAt: now,
  });
  return { w, ids, rowComment: rowComment as Types.ObjectId };
}

describe('start-up migration of rows into their own collection', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a data directory from the previous release starts, then every row, comment anchor and disposition is where it was, with its counts', async () => {
    const { w, ids, rowComment } = await givenOldShapeData();

    const moved = await migrateSubmissionItems();

    expect(moved).to.deep.equal({ submissions: 2, rows: 3 });
    const rows = await rowsOf(w.bcaSub);
    expect(rows.map((r) => r._id.toString())).to.deep.equal(ids.map(String));
    expect(rows.map((r) => r.recommendation)).to.deep.equal(['sua-doi-bo-sung', 'bai-bo', 'bai-bo']);
    expect(rows[1]!.docKey).to.equal('55/2021/tt-bca');
    expect((await SubmissionModel.collection.findOne({ _id: new Types.ObjectId(w.bcaSub) }))!.items).to.equal(undefined);
    const stored = (await SubmissionModel.findById(w.bcaSub).lean())!;
    expect(stored).to.include({ itemCount: 3, openThreads: 1 });
    expect(stored.recommendationCounts).to.deep.equal({ 'sua-doi-bo-sung': 1, 'bai-bo': 2 });
    expect((await CampaignModel.findById(w.campaignId).lean())!.statusCounts).to.deep.equal({ submitted: 1, draft: 1 });
    expect(await countDrift()).to.deep.equal([]);

    // Read back through the app: the rows in order, the disposition on row 3, the thread on row 2.
    const api = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.rev);
    expect(api.status).to.equal(200);
    expect(api.body.items.map((i: { id: string }) => i.id)).to.deep.equal(ids.map(String));
    expect(api.body.items[2].disposition).to.include({ decision: 'partly_accepted', explanation: 'Chỉ bãi bỏ khoản 2.' });
    const threads = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev);
    const thread = threads.body.items.find((t: { id: string }) => t.id === rowComment.toString());
    expect(thread.target).to.include({ kind: 'item', itemId: ids[1]!.toString() });
    const progress = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/progress`).set('Authorization', w.rev);
    expect(progress.body.totals).to.include({ items: 3, openComments: 1 });
    // A reply on the migrated row's thread and a new disposition still find the row.
    const reply = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.bca).send({ parentId: rowComment.toString(), text: 'Đã bổ sung.' });
    expect(reply.status).to.equal(201);
    const disp = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}/items/${ids[0]!.toString()}/disposition`).set('Authorization', w.rev).send({ decision: 'accepted' });
    expect(disp.status).to.equal(200);
    expect(await DispositionModel.countDocuments({ submission: w.bcaSub })).to.equal(2);
    expect(await CommentModel.countDocuments({ 'target.itemId': ids[1] })).to.equal(2);
  });

  it('when the migration was cut off half-way and runs again, then no row is lost or doubled, and a third run changes nothing', async () => {
    const { w, ids } = await givenOldShapeData();
    // A crash after copying one row (with a stale value) but before the array was removed.
    await SubmissionItemModel.collection.insertOne({ _id: ids[0]!, campaign: new Types.ObjectId(w.campaignId), submission: new Types.ObjectId(w.bcaSub), agency: new Types.ObjectId(), position: 7, values: {}, searchText: '' });

    await migrateSubmissionItems();
    const again = await migrateSubmissionItems();

    expect(again).to.deep.equal({ submissions: 0, rows: 0 });
    const rows = await rowsOf(w.bcaSub);
    expect(rows.map((r) => [r._id.toString(), r.position])).to.deep.equal(ids.map((id, i) => [id.toString(), i]));
    expect(rows[0]!.values.hinh_thuc_kien_nghi).to.equal('sua-doi-bo-sung');
    expect(await SubmissionItemModel.countDocuments({})).to.equal(3);
    expect(await countDrift()).to.deep.equal([]);
  });
});
