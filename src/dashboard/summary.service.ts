import type { Types } from 'mongoose';
import { SubmissionModel } from '../submissions/submission.model.js';

/** Statuses in which the agency has sent its report and the MoJ holds it. */
export const SENT_STATUSES = ['submitted', 'in_review', 'accepted'] as const;

export interface CampaignSummary {
  /** agencies whose submission is with the MoJ (submitted, in review or accepted) */
  sent: number;
  accepted: number;
  byStatus: Record<string, number>;
}

/**
 * Progress bars for a list of campaigns: one aggregation for all of them
 * (campaign × status counts), never a query per campaign.
 */
export async function campaignSummaries(ids: Types.ObjectId[]): Promise<Map<string, CampaignSummary>> {
  const out = new Map<string, CampaignSummary>();
  if (!ids.length) return out;
  const rows = await SubmissionModel.aggregate<{ _id: { c: Types.ObjectId; s: string }; n: number }>([
    { $match: { campaign: { $in: ids } } },
    { $group: { _id: { c: '$campaign', s: '$status' }, n: { $sum: 1 } } },
  ]);
  for (const r of rows) {
    const key = r._id.c.toString();
    const sum = out.get(key) ?? { sent: 0, accepted: 0, byStatus: {} };
    sum.byStatus[r._id.s] = (sum.byStatus[r._id.s] ?? 0) + r.n;
    if ((SENT_STATUSES as readonly string[]).includes(r._id.s)) sum.sent += r.n;
    if (r._id.s === 'accepted') sum.accepted += r.n;
    out.set(key, sum);
  }
  return out;
}
