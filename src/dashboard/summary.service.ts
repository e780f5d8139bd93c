import type { Campaign } from '../campaigns/campaign.model.js';

/** Statuses in which the agency has sent its report and the MoJ holds it. */
export const SENT_STATUSES = ['submitted', 'in_review', 'accepted'] as const;

export interface CampaignSummary {
  /** agencies whose submission is with the MoJ (submitted, in review or accepted) */
  sent: number;
  accepted: number;
  byStatus: Record<string, number>;
}

/** Progress bars for a list of campaigns, from the per-status counts each campaign keeps: no submission is read. */
export function campaignSummaries(campaigns: readonly Pick<Campaign, '_id' | 'statusCounts'>[]): Map<string, CampaignSummary> {
  const out = new Map<string, CampaignSummary>();
  for (const c of campaigns) {
    const byStatus = Object.fromEntries(Object.entries(c.statusCounts ?? {}).filter(([, n]) => n > 0));
    const sent = SENT_STATUSES.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
    out.set(c._id.toString(), { sent, accepted: byStatus.accepted ?? 0, byStatus });
  }
  return out;
}
