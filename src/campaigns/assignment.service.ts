import type { Types } from 'mongoose';
import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { UserModel, type User } from '../users/user.model.js';
import { CampaignModel, type Campaign } from './campaign.model.js';

/**
 * Phân công: which MoJ reviewer handles which agency's submission. A campaign
 * lists its reviewers; an agency may be given to one of them. Only that
 * reviewer (or, for an agency not given to anyone, any reviewer of the
 * campaign) and admins act on the submission; other MoJ reviewers may read it.
 */
type CampaignAssignments = Pick<Campaign, 'reviewers' | 'assignments'>;

/** The reviewer an agency is given to, if any. */
export function assignedReviewer(campaign: CampaignAssignments, agency: Types.ObjectId | string): Types.ObjectId | undefined {
  return (campaign.assignments ?? []).find((a) => a.agency.toString() === agency.toString())?.reviewer;
}

/** Who acts on (and hears about) one agency's submission: its reviewer, else the campaign's reviewers. */
export function reviewersFor(campaign: CampaignAssignments, agency: Types.ObjectId | string): Types.ObjectId[] {
  const one = assignedReviewer(campaign, agency);
  return one ? [one] : [...campaign.reviewers];
}

export function mayActOn(actor: Actor, campaign: CampaignAssignments, agency: Types.ObjectId | string): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'reviewer') return false;
  return reviewersFor(campaign, agency).some((r) => r.toString() === actor.id);
}

/** For services: reviewers act only on submissions given to them (403 otherwise; reading stays open to MoJ staff). */
export function assertMayAct(actor: Actor, ctx: { campaign: CampaignAssignments; submission: { agency: Types.ObjectId } }): void {
  if (actor.role === 'agency') return;
  if (!mayActOn(actor, ctx.campaign, ctx.submission.agency)) throw new Forbidden('reviews.errors.not_assigned');
}

export interface AssignInput {
  /** null: the agencies go back to the campaign's reviewers as a whole */
  reviewer: string | null;
  agencies: string[];
}

/** Bulk assign or reassign agencies of a campaign to one reviewer; audited with who had them before. */
export async function assignAgencies(actor: Actor, campaignId: string, input: AssignInput): Promise<Campaign> {
  if (actor.role !== 'admin') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign) throw new NotFound();
  if (!input.agencies.length) throw new Invalid([{ field: 'agencies', message: 'workload.assign.agencies_required' }]);
  const members = new Set(campaign.agencies.map((a) => a.toString()));
  const agencies = input.agencies.map((a) => toObjectId(a));
  if (agencies.some((a) => !members.has(a.toString()))) throw new Invalid([{ field: 'agencies', message: 'workload.assign.not_in_campaign' }]);
  let reviewer: User | null = null;
  if (input.reviewer) {
    reviewer = await UserModel.findOne({ _id: toObjectId(input.reviewer), role: 'reviewer', active: true }).lean<User>();
    if (!reviewer) throw new Invalid([{ field: 'reviewer', message: 'workload.assign.bad_reviewer' }]);
  }
  const chosen = new Set(agencies.map((a) => a.toString()));
  const before = (campaign.assignments ?? []).filter((a) => chosen.has(a.agency.toString()));
  const kept = (campaign.assignments ?? []).filter((a) => !chosen.has(a.agency.toString()));
  const assignments = reviewer ? [...kept, ...agencies.map((agency) => ({ agency, reviewer: reviewer._id }))] : kept;
  const set: Record<string, unknown> = { assignments };
  // A reviewer given agencies is one of the campaign's reviewers.
  if (reviewer && !campaign.reviewers.some((r) => r.equals(reviewer._id))) set.reviewers = [...campaign.reviewers, reviewer._id];
  const saved = await CampaignModel.findOneAndUpdate({ _id: campaign._id }, { $set: set, $inc: { rev: 1 } }, { returnDocument: 'after' }).lean<Campaign>();
  await audit(actor, 'campaign.assign', { type: 'campaign', id: campaign._id, label: campaign.title }, {
    agencies: agencies.length,
    to: reviewer ? reviewer.name : null,
    from: before.map((a) => `${a.agency.toString()}→${a.reviewer.toString()}`).join(', ') || null,
  });
  return saved!;
}

export interface AssignmentRow {
  agency: Agency;
  reviewer: Types.ObjectId | null;
}

/** The assignment page: every agency of the campaign with its reviewer, and the reviewers one may choose. */
export async function assignmentPage(actor: Actor, campaignId: string): Promise<{ campaign: Campaign; rows: AssignmentRow[]; reviewers: User[] }> {
  if (actor.role !== 'admin') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign) throw new NotFound();
  const [agencies, reviewers] = await Promise.all([
    AgencyModel.find({ _id: { $in: campaign.agencies } }).sort({ order: 1 }).lean<Agency[]>(),
    UserModel.find({ role: 'reviewer', active: true }).sort({ name: 1 }).lean<User[]>(),
  ]);
  return { campaign, rows: agencies.map((agency) => ({ agency, reviewer: assignedReviewer(campaign, agency._id) ?? null })), reviewers };
}
