import type { Types } from 'mongoose';
import { reviewersFor } from '../campaigns/assignment.service.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import { effectiveDeadline } from '../campaigns/deadline.service.js';
import type { Actor } from '../http/actor.js';
import { Forbidden } from '../http/errors.js';
import { SubmissionModel, type Submission } from '../submissions/submission.model.js';
import { UserModel, type User } from '../users/user.model.js';
import { CommentModel } from './comment.model.js';

/**
 * Khối lượng công việc: per reviewer, over open campaigns, the submissions in
 * their care, those waiting for them (sent, or in review), those overdue (the
 * agency is late) and the threads still open. Submissions that several
 * reviewers share, with no one named, count on an "unassigned" line.
 */
export interface WorkloadRow {
  reviewer: { id: string; name: string; email: string } | null;
  assigned: number;
  waiting: number;
  overdue: number;
  openThreads: number;
}

const WAITING = new Set(['submitted', 'in_review']);
const LATE = new Set(['draft', 'changes_requested']);

function ownerOf(campaign: Campaign, agency: Types.ObjectId): string | null {
  const who = reviewersFor(campaign, agency);
  return who.length === 1 ? who[0]!.toString() : null;
}

export async function reviewerWorkload(actor: Actor, now = new Date()): Promise<WorkloadRow[]> {
  if (actor.role === 'agency') throw new Forbidden();
  const campaigns = await CampaignModel.find({ status: 'open' }).lean<Campaign[]>();
  const ids = campaigns.map((c) => c._id);
  const [subs, threads, reviewers] = await Promise.all([
    SubmissionModel.find({ campaign: { $in: ids } }, { campaign: 1, agency: 1, status: 1 }).lean<Pick<Submission, '_id' | 'campaign' | 'agency' | 'status'>[]>(),
    CommentModel.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { campaign: { $in: ids }, parent: { $exists: false }, status: 'open' } },
      { $group: { _id: '$submission', n: { $sum: 1 } } },
    ]),
    UserModel.find({ role: 'reviewer', active: true }, { name: 1, email: 1 }).sort({ name: 1 }).lean<Pick<User, '_id' | 'name' | 'email'>[]>(),
  ]);
  const open = new Map(threads.map((t) => [t._id.toString(), t.n]));
  const byCampaign = new Map(campaigns.map((c) => [c._id.toString(), c]));
  const rows = new Map<string, WorkloadRow>();
  const row = (key: string | null): WorkloadRow => {
    const k = key ?? '';
    if (!rows.has(k)) rows.set(k, { reviewer: null, assigned: 0, waiting: 0, overdue: 0, openThreads: 0 });
    return rows.get(k)!;
  };
  for (const r of reviewers) row(r._id.toString()).reviewer = { id: r._id.toString(), name: r.name, email: r.email };
  for (const s of subs) {
    const campaign = byCampaign.get(s.campaign.toString())!;
    const r = row(ownerOf(campaign, s.agency));
    r.assigned++;
    if (WAITING.has(s.status)) r.waiting++;
    if (LATE.has(s.status) && effectiveDeadline(campaign, s.agency) < now) r.overdue++;
    r.openThreads += open.get(s._id.toString()) ?? 0;
  }
  const unassigned = rows.get('');
  rows.delete('');
  // A reviewer who left keeps their line until their submissions are given to someone else.
  const named = [...rows.values()].filter((r) => r.reviewer || r.assigned);
  return unassigned && unassigned.assigned ? [...named, unassigned] : named;
}
