import type { Types } from 'mongoose';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import { checkUnreadCounts } from '../notifications/unread.counts.js';
import { CommentModel } from '../reviews/comment.model.js';
import { SubmissionItemModel } from './item.model.js';
import { SubmissionModel, type Submission } from './submission.model.js';

/**
 * The counts kept on write, recomputed from the rows and comments themselves:
 * `npm run check:counts` and the tests compare the two and call any difference drift.
 */
export interface SubmissionCounts {
  itemCount: number;
  recommendationCounts: Record<string, number>;
  openThreads: number;
}

export interface Drift {
  kind: 'submission' | 'campaign' | 'user';
  id: string;
  field: string;
  stored: unknown;
  actual: unknown;
}

/** Zero counts and absent keys mean the same. */
function nonZero(counts: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(counts ?? {}).filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b)));
}

const same = (a: Record<string, number> | undefined, b: Record<string, number> | undefined) => JSON.stringify(nonZero(a)) === JSON.stringify(nonZero(b));

export async function actualSubmissionCounts(submissionId: Types.ObjectId): Promise<SubmissionCounts> {
  const [itemCount, recs, openThreads] = await Promise.all([
    SubmissionItemModel.countDocuments({ submission: submissionId }),
    SubmissionItemModel.aggregate<{ _id: string | null; n: number }>([{ $match: { submission: submissionId } }, { $group: { _id: '$recommendation', n: { $sum: 1 } } }]),
    CommentModel.countDocuments({ submission: submissionId, parent: { $exists: false }, status: 'open' }),
  ]);
  const recommendationCounts: Record<string, number> = {};
  for (const r of recs) if (r._id) recommendationCounts[r._id] = r.n;
  return { itemCount, recommendationCounts, openThreads };
}

export async function actualCampaignStatusCounts(campaignId: Types.ObjectId): Promise<Record<string, number>> {
  const rows = await SubmissionModel.aggregate<{ _id: string; n: number }>([{ $match: { campaign: campaignId } }, { $group: { _id: '$status', n: { $sum: 1 } } }]);
  return Object.fromEntries(rows.map((r) => [r._id, r.n]));
}

/** Sets a submission's counts to what its rows and comments say. */
export async function recountSubmission(submissionId: Types.ObjectId): Promise<SubmissionCounts> {
  const counts = await actualSubmissionCounts(submissionId);
  await SubmissionModel.updateOne({ _id: submissionId }, { $set: counts });
  return counts;
}

export async function recountCampaign(campaignId: Types.ObjectId): Promise<Record<string, number>> {
  const statusCounts = await actualCampaignStatusCounts(campaignId);
  await CampaignModel.updateOne({ _id: campaignId }, { $set: { statusCounts } });
  return statusCounts;
}

/**
 * Every submission and campaign: three aggregations over rows, open threads and submissions
 * (each read once, whatever the number of submissions), then every user's unread
 * notifications; with `fix`, drift is repaired.
 */
export async function checkCounts(opts: { fix?: boolean } = {}): Promise<Drift[]> {
  const [rowGroups, threadGroups, statusGroups] = await Promise.all([
    SubmissionItemModel.aggregate<{ _id: { s: Types.ObjectId; r?: string | null }; n: number }>([{ $group: { _id: { s: '$submission', r: '$recommendation' }, n: { $sum: 1 } } }]),
    CommentModel.aggregate<{ _id: Types.ObjectId; n: number }>([{ $match: { parent: { $exists: false }, status: 'open' } }, { $group: { _id: '$submission', n: { $sum: 1 } } }]),
    SubmissionModel.aggregate<{ _id: { c: Types.ObjectId; s: string }; n: number }>([{ $group: { _id: { c: '$campaign', s: '$status' }, n: { $sum: 1 } } }]),
  ]);
  const actualOf = new Map<string, SubmissionCounts>();
  const entry = (id: Types.ObjectId) => {
    const key = id.toString();
    let e = actualOf.get(key);
    if (!e) actualOf.set(key, (e = { itemCount: 0, recommendationCounts: {}, openThreads: 0 }));
    return e;
  };
  for (const g of rowGroups) {
    const e = entry(g._id.s);
    e.itemCount += g.n;
    if (g._id.r) e.recommendationCounts[g._id.r] = g.n;
  }
  for (const g of threadGroups) if (g._id) entry(g._id).openThreads = g.n;
  const statusOf = new Map<string, Record<string, number>>();
  for (const g of statusGroups) {
    const key = g._id.c.toString();
    statusOf.set(key, { ...(statusOf.get(key) ?? {}), [g._id.s]: g.n });
  }

  const drift: Drift[] = [];
  const subs = SubmissionModel.find({}, { itemCount: 1, recommendationCounts: 1, openThreads: 1 }).lean<Pick<Submission, '_id' | 'itemCount' | 'recommendationCounts' | 'openThreads'>[]>().cursor();
  for await (const s of subs) {
    const actual = actualOf.get(s._id.toString()) ?? { itemCount: 0, recommendationCounts: {}, openThreads: 0 };
    const before = drift.length;
    const id = s._id.toString();
    if ((s.itemCount ?? 0) !== actual.itemCount) drift.push({ kind: 'submission', id, field: 'itemCount', stored: s.itemCount, actual: actual.itemCount });
    if (!same(s.recommendationCounts, actual.recommendationCounts)) drift.push({ kind: 'submission', id, field: 'recommendationCounts', stored: nonZero(s.recommendationCounts), actual: actual.recommendationCounts });
    if ((s.openThreads ?? 0) !== actual.openThreads) drift.push({ kind: 'submission', id, field: 'openThreads', stored: s.openThreads, actual: actual.openThreads });
    if (opts.fix && drift.length > before) await SubmissionModel.updateOne({ _id: s._id }, { $set: actual });
  }
  const campaigns = CampaignModel.find({}, { statusCounts: 1 }).lean<Pick<Campaign, '_id' | 'statusCounts'>[]>().cursor();
  for await (const c of campaigns) {
    const actual = statusOf.get(c._id.toString()) ?? {};
    if (!same(c.statusCounts, actual)) {
      drift.push({ kind: 'campaign', id: c._id.toString(), field: 'statusCounts', stored: nonZero(c.statusCounts), actual });
      if (opts.fix) await CampaignModel.updateOne({ _id: c._id }, { $set: { statusCounts: actual } });
    }
  }
  drift.push(...(await checkUnreadCounts(opts)));
  return drift;
}
