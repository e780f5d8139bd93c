import { Types } from 'mongoose';
import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { campaignSummaries, type CampaignSummary } from '../dashboard/summary.service.js';
import type { Actor } from '../http/actor.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import type { ReviewTemplate } from '../review-templates/template.model.js';
import { SubmissionModel, type Submission } from '../submissions/submission.model.js';
import { UserModel } from '../users/user.model.js';
import type { Campaign } from './campaign.model.js';
import { countNotAccepted, getCampaign, listCampaigns, type CampaignFilter } from './campaign.service.js';
import { coordinatedSubmissions, type CoordinatedSubmission } from './coordination.service.js';
import { campaignForAgency } from './deadline.service.js';

/** What the campaign pages read: lists with progress, one campaign with its pinned template. */

export interface CampaignListEntry {
  campaign: Campaign;
  summary: CampaignSummary;
  /** for an agency user: its own submission in this campaign */
  mine?: Pick<Submission, '_id' | 'status'>;
  /** for an agency user: its agency coordinates this campaign (reads and comments on every submission) */
  coordinating?: boolean;
}

export async function campaignListPage(actor: Actor, filter: CampaignFilter): Promise<CampaignListEntry[]> {
  const campaigns = await listCampaigns(actor, filter);
  const ids = campaigns.map((c) => c._id);
  const summaries = actor.role === 'agency' ? new Map<string, CampaignSummary>() : campaignSummaries(campaigns);
  const mine = new Map<string, Pick<Submission, '_id' | 'status'>>();
  if (actor.role === 'agency' && ids.length) {
    const subs = await SubmissionModel.find({ campaign: { $in: ids }, agency: new Types.ObjectId(actor.agencyId) }, { campaign: 1, status: 1 }).lean<Submission[]>();
    for (const s of subs) mine.set(s.campaign.toString(), { _id: s._id, status: s.status });
  }
  return campaigns.map((c) => ({
    campaign: c,
    summary: summaries.get(c._id.toString()) ?? { sent: 0, accepted: 0, byStatus: {} },
    mine: mine.get(c._id.toString()),
    coordinating: (actor.coordinates ?? []).includes(c._id.toString()),
  }));
}

export interface CampaignPage {
  campaign: Campaign;
  template: ReviewTemplate;
  /** admin/reviewer: who takes part and who reviews */
  agencies: Agency[];
  reviewers: { _id: Types.ObjectId; name: string; email: string }[];
  /** agency user: its submission (there is one once the campaign is open) */
  mine: Pick<Submission, '_id' | 'status'> | null;
  /** admin: submissions a close would leave not accepted */
  notAccepted?: number;
  /** coordinating agency: every agency's submission, to read and comment */
  coordinated: CoordinatedSubmission[];
  /** admin, reviewer, coordinators: the coordinating agencies' names */
  coordinators: Agency[];
}

/** An agency reaches only campaigns it is in (getCampaign scopes it); another's is 404. */
export async function campaignPage(actor: Actor, id: string): Promise<CampaignPage> {
  const campaign = await getCampaign(actor, id);
  const template = await loadTemplateVersion(campaign.template);
  if (actor.role === 'agency') {
    const [mine, coordinated, coordinators] = await Promise.all([
      SubmissionModel.findOne({ campaign: campaign._id, agency: new Types.ObjectId(actor.agencyId) }, { status: 1 }).lean<Submission>(),
      coordinatedSubmissions(actor, campaign),
      coordinatorAgencies(campaign),
    ]);
    return {
      campaign: campaignForAgency(campaign, actor.agencyId), template, agencies: [], reviewers: [], mine: mine ? { _id: mine._id, status: mine.status } : null, notAccepted: undefined,
      coordinated, coordinators: coordinated.length ? coordinators : [],
    };
  }
  const [agencies, reviewers, coordinators] = await Promise.all([
    AgencyModel.find({ _id: { $in: campaign.agencies } }).sort({ order: 1 }).lean<Agency[]>(),
    UserModel.find({ _id: { $in: campaign.reviewers } }, { name: 1, email: 1 }).lean<{ _id: Types.ObjectId; name: string; email: string }[]>(),
    coordinatorAgencies(campaign),
  ]);
  const notAccepted = actor.role === 'admin' && campaign.status === 'open' ? await countNotAccepted(campaign._id) : undefined;
  return { campaign, template, agencies, reviewers, mine: null, notAccepted, coordinated: [], coordinators };
}

function coordinatorAgencies(campaign: Campaign): Promise<Agency[]> {
  return campaign.coordinators?.length ? AgencyModel.find({ _id: { $in: campaign.coordinators } }).sort({ order: 1 }).lean<Agency[]>() : Promise.resolve([]);
}
