import { Types } from 'mongoose';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import { deadlineState, type DeadlineState } from '../dashboard/deadline.js';
import { campaignSummaries } from '../dashboard/summary.service.js';
import type { Actor } from '../http/actor.js';
import { unreadCount } from '../notifications/notification.service.js';
import { SubmissionModel, type SubmissionStatus } from '../submissions/submission.model.js';

export interface CampaignCard {
  id: string;
  title: string;
  deadline: Date;
  due: DeadlineState;
  agencies: number;
  sent: number;
  accepted: number;
  /** agencies that have not sent their report although the deadline has passed */
  overdue: number;
}

export interface AgencyCard {
  campaignId: string;
  title: string;
  deadline: Date;
  due: DeadlineState;
  submissionId?: string;
  status?: SubmissionStatus;
}

export type Dashboard =
  | { role: 'admin'; campaigns: CampaignCard[] }
  | { role: 'reviewer'; campaigns: CampaignCard[]; toStart: number; inReview: number }
  | { role: 'agency'; campaigns: AgencyCard[]; unread: number };

/** Open campaigns nearest their deadline first. */
function openCampaigns(filter: Record<string, unknown> = {}): Promise<Campaign[]> {
  return CampaignModel.find({ status: 'open', ...filter }).sort({ deadline: 1, _id: 1 }).limit(20).lean<Campaign[]>();
}

/** What each role's home page needs, in a fixed number of queries whatever the number of agencies. */
export async function dashboardFor(actor: Actor, now = new Date()): Promise<Dashboard> {
  if (actor.role === 'agency') {
    const campaigns = await openCampaigns({ agencies: new Types.ObjectId(actor.agencyId) });
    const [subs, unread] = await Promise.all([
      SubmissionModel.find({ agency: new Types.ObjectId(actor.agencyId), campaign: { $in: campaigns.map((c) => c._id) } }, { campaign: 1, status: 1 }).lean(),
      unreadCount(actor),
    ]);
    const byCampaign = new Map(subs.map((s) => [s.campaign.toString(), s]));
    return {
      role: 'agency',
      unread,
      campaigns: campaigns.map((c) => {
        const s = byCampaign.get(c._id.toString());
        return { campaignId: c._id.toString(), title: c.title, deadline: c.deadline, due: deadlineState(c.deadline, now), submissionId: s?._id.toString(), status: s?.status };
      }),
    };
  }
  const campaigns = await openCampaigns(actor.role === 'reviewer' ? { reviewers: new Types.ObjectId(actor.id) } : {});
  const summaries = campaignSummaries(campaigns);
  const cards = campaigns.map((c): CampaignCard => {
    const sum = summaries.get(c._id.toString());
    const sent = sum?.sent ?? 0;
    const due = deadlineState(c.deadline, now);
    return {
      id: c._id.toString(),
      title: c.title,
      deadline: c.deadline,
      due,
      agencies: c.agencies.length,
      sent,
      accepted: sum?.accepted ?? 0,
      overdue: due.kind === 'overdue' ? Math.max(0, c.agencies.length - sent) : 0,
    };
  });
  if (actor.role === 'admin') return { role: 'admin', campaigns: cards };
  let toStart = 0;
  let inReview = 0;
  for (const sum of summaries.values()) {
    toStart += sum.byStatus.submitted ?? 0;
    inReview += sum.byStatus.in_review ?? 0;
  }
  return { role: 'reviewer', campaigns: cards, toStart, inReview };
}
