import { Types } from 'mongoose';
import { agenciesById, agencyById, type Agency } from '../agencies/agency.model.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { pageByIdAsc, type Page } from '../http/paging.js';
import { agencyScope, mayReadCampaign, ownAgency } from '../http/scope.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import type { ReviewTemplate } from '../review-templates/template.model.js';
import { isEditable } from '../reviews/transition.machine.js';
import { mayActOn } from '../campaigns/assignment.service.js';
import { campaignForAgency, effectiveDeadline } from '../campaigns/deadline.service.js';
import { SubmissionModel, type Submission, type SubmissionStatus } from './submission.model.js';

/**
 * Reading submissions with agency isolation: an agency user only ever loads
 * its own agency's submission, anything else is "not found". Every other
 * submission service starts from loadContext().
 */
export interface SubmissionContext {
  submission: Submission;
  campaign: Campaign;
  template: ReviewTemplate;
  agency: Agency;
}

export async function loadSubmission(actor: Actor, id: string | Types.ObjectId): Promise<Submission> {
  const sub = await SubmissionModel.findOne({ _id: toObjectId(id), ...agencyScope(actor) }).lean<Submission>();
  if (!sub) throw new NotFound();
  return sub;
}

export async function loadContext(actor: Actor, id: string | Types.ObjectId): Promise<SubmissionContext> {
  const submission = await loadSubmission(actor, id);
  const [campaign, agency] = await Promise.all([
    CampaignModel.findById(submission.campaign).lean<Campaign>(),
    agencyById(submission.agency),
  ]);
  // An agency never sees a campaign still in draft, whatever exists underneath.
  if (!campaign || !agency || (actor.role === 'agency' && campaign.status === 'draft')) throw new NotFound();
  const template = await loadTemplateVersion(campaign.template);
  // The agency's own deadline (an extension moves it) wherever this submission is shown or checked.
  return { submission, campaign: campaignForAgency(campaign, submission.agency), template, agency };
}

/** An agency acts (submits, edits, answers a request) on its own submission only; coordinators read and comment. */
export function assertOwnerOrMoj(actor: Actor, ctx: SubmissionContext): void {
  if (actor.role === 'agency' && !ownAgency(actor, ctx.submission.agency)) throw new Forbidden('coordination.errors.read_only');
}

/** Rows, report and files change only by the owner agency, in draft or changes requested, while the campaign is open. */
export function assertEditable(actor: Actor, ctx: SubmissionContext): void {
  if (actor.role !== 'agency' || ctx.submission.agency.toString() !== actor.agencyId) throw new Forbidden('submissions.errors.not_owner');
  if (ctx.campaign.status !== 'open') throw new Conflict('submissions.errors.campaign_closed');
  if (!isEditable(ctx.submission.status)) throw new Conflict('submissions.errors.not_editable', { params: { status: ctx.submission.status } });
}

export function assertCampaignOpen(ctx: SubmissionContext): void {
  if (ctx.campaign.status !== 'open') throw new Conflict('submissions.errors.campaign_closed');
}

export { searchTextOf } from './item.service.js';

/** The campaign's submissions, as the actor may see them (an agency: its own only). */
export async function listCampaignSubmissions(actor: Actor, campaignId: string, paging: { limit: number; cursor?: string }): Promise<Page<Submission>> {
  const campaign = await CampaignModel.findOne({ _id: toObjectId(campaignId) }).lean<Campaign>();
  if (!campaign || !mayReadCampaign(actor, campaign)) throw new NotFound();
  return pageByIdAsc(SubmissionModel, { campaign: campaign._id, ...agencyScope(actor) }, paging);
}

export interface QueueFilter {
  campaign?: string;
  agency?: string;
  status?: SubmissionStatus | '';
  mine?: boolean;
  overdue?: boolean;
}

export interface QueueRow {
  submission: Submission;
  campaign: Campaign;
  agency: Agency;
  itemCount: number;
  overdue: boolean;
}

export const QUEUE_PAGE_SIZE = 50;

/**
 * The reviewer's "cần xem xét" list: submissions of open and closed campaigns, filtered,
 * most recently active first, one page at a time (a page costs the same however many
 * campaigns and submissions there are). `total` counts the whole filtered list.
 */
const QUEUE_FIELDS = { campaign: 1, agency: 1, status: 1, lastActivityAt: 1, submittedAt: 1, itemCount: 1, openThreads: 1 } as const;

/** What a queue line reads of its campaign (its deadline, extensions and assignments included); not the instructions or the agency list. */
const QUEUE_CAMPAIGN_FIELDS = { instructions: 0, agencies: 0, coordinators: 0 } as const;

/** How many submissions of these campaigns are in the statuses `counts` accepts, from the counts each campaign keeps. */
function keptTotal(campaigns: readonly Campaign[], counts: (status: string) => boolean): number {
  let n = 0;
  for (const c of campaigns) for (const [status, k] of Object.entries(c.statusCounts ?? {})) if (counts(status)) n += k;
  return n;
}

/**
 * The queue's page of lines and their total. `everyCampaign` is set when no campaign, "mine" or
 * deadline filter narrowed the campaigns read: they are then every open and closed campaign,
 * newest deadline first, which is what the page's campaign filter lists.
 */
export async function reviewQueue(actor: Actor, filter: QueueFilter, now = new Date(), page = 1): Promise<QueueRow[] & { total?: number; everyCampaign?: Campaign[] }> {
  if (actor.role === 'agency') throw new Forbidden();
  const cq: Record<string, unknown> = { status: { $in: ['open', 'closed'] } };
  if (filter.campaign) cq._id = toObjectId(filter.campaign);
  if (filter.mine) cq.$or = [{ reviewers: new Types.ObjectId(actor.id) }, { 'assignments.reviewer': new Types.ObjectId(actor.id) }];
  if (filter.overdue) cq.deadline = { $lt: now };
  const campaigns = await CampaignModel.find(cq, QUEUE_CAMPAIGN_FIELDS).sort({ deadline: -1, _id: 1 }).lean<Campaign[]>();
  const every = !filter.campaign && !filter.mine && !filter.overdue ? { everyCampaign: campaigns } : {};
  if (!campaigns.length) return Object.assign([], { total: 0, ...every });
  const sq: Record<string, unknown> = { campaign: { $in: campaigns.map((c) => c._id) } };
  if (filter.agency) sq.agency = toObjectId(filter.agency);
  if (filter.status) sq.status = filter.status;
  else sq.status = { $ne: 'draft' };
  if (filter.overdue) sq.status = filter.status || { $in: ['draft', 'changes_requested'] };
  const [subs, total] = await Promise.all([
    // What a queue line shows: the report's text and its folded copy stay in the database.
    SubmissionModel.find(sq, QUEUE_FIELDS).sort({ lastActivityAt: -1, _id: -1 }).skip((page - 1) * QUEUE_PAGE_SIZE).limit(QUEUE_PAGE_SIZE).lean<Submission[]>(),
    // Without an agency or a deadline to narrow it, the total is what the campaigns' kept counts say.
    filter.agency || filter.overdue ? SubmissionModel.countDocuments(sq) : keptTotal(campaigns, (st) => (filter.status ? st === filter.status : st !== 'draft')),
  ]);
  const agencies = await agenciesById([...new Set(subs.map((s) => s.agency.toString()))]);
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  const campById = new Map(campaigns.map((c) => [c._id.toString(), c]));
  const rows = subs.flatMap((s) => {
    const agency = byId.get(s.agency.toString());
    const campaign = campById.get(s.campaign.toString())!;
    if (!agency || (filter.mine && !mayActOn(actor, campaign, s.agency))) return [];
    const overdue = effectiveDeadline(campaign, s.agency) < now && (s.status === 'draft' || s.status === 'changes_requested');
    return [{ submission: s, campaign, agency, itemCount: s.itemCount ?? 0, overdue }];
  });
  return Object.assign(rows, { total, ...every });
}

/** The agency's own submissions (for its home page and the notification links), never those it only coordinates. */
export async function mySubmissions(actor: Actor): Promise<{ submission: Submission; campaign: Campaign }[]> {
  const subs = await SubmissionModel.find({ agency: toObjectId(actor.agencyId) }, { reportSections: 0 }).sort({ _id: -1 }).limit(100).lean<Submission[]>();
  const campaigns = await CampaignModel.find({ _id: { $in: subs.map((s) => s.campaign) }, status: { $ne: 'draft' } }).lean<Campaign[]>();
  const byId = new Map(campaigns.map((c) => [c._id.toString(), c]));
  return subs.flatMap((s) => (byId.has(s.campaign.toString()) ? [{ submission: s, campaign: byId.get(s.campaign.toString())! }] : []));
}
