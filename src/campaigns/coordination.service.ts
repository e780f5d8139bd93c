import { Types } from 'mongoose';
import { AgencyModel, REVIEWING_AGENCY_CODE, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyUsersByAgency, notifyUsers } from '../notifications/notification.service.js';
import { SubmissionModel, type Submission } from '../submissions/submission.model.js';
import { CampaignModel, coordinatedCampaigns, type Campaign } from './campaign.model.js';

/**
 * Cơ quan phối hợp: agencies the MoJ works with on a campaign (Bộ Công an, Văn phòng
 * Chính phủ …). Every active user of such an agency reads every submission of the
 * campaign and comments on rows, paragraphs and report sections; none of them decides,
 * disposes, accepts or edits another agency's rows. Choosing the agency (not single
 * users) keeps it to one decision the MoJ already makes in its official letters.
 */

/** The open and closed campaigns an agency coordinates (drafts stay invisible to agencies). */
export async function coordinatedCampaignIds(agencyId: string): Promise<readonly string[]> {
  if (!Types.ObjectId.isValid(agencyId)) return [];
  return coordinatedCampaigns.get(agencyId);
}

/** The agencies one may choose: every active agency except the MoJ itself. */
export function coordinatorChoices(): Promise<Agency[]> {
  return AgencyModel.find({ active: true, code: { $ne: REVIEWING_AGENCY_CODE } }).sort({ order: 1 }).lean<Agency[]>();
}

export async function coordinatorsPage(actor: Actor, campaignId: string): Promise<{ campaign: Campaign; choices: Agency[]; chosen: Set<string> }> {
  if (actor.role !== 'admin') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign) throw new NotFound();
  return { campaign, choices: await coordinatorChoices(), chosen: new Set((campaign.coordinators ?? []).map(String)) };
}

/** Replaces the campaign's coordinating agencies; newly named ones hear of it at once if the campaign is open. */
export async function setCoordinators(actor: Actor, campaignId: string, agencyIds: string[], rev?: number): Promise<Campaign> {
  if (actor.role !== 'admin') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign) throw new NotFound();
  if (campaign.status === 'closed') throw new Conflict('campaigns.errors.closed');
  const ids = [...new Set(agencyIds)].map((a) => toObjectId(a));
  const found = ids.length ? await AgencyModel.find({ _id: { $in: ids }, code: { $ne: REVIEWING_AGENCY_CODE } }, { _id: 1, nameVi: 1 }).lean<Agency[]>() : [];
  if (found.length !== ids.length) throw new Invalid([{ field: 'coordinators', message: 'coordination.errors.unknown_agency' }]);
  const filter: Record<string, unknown> = { _id: campaign._id, status: campaign.status };
  if (rev !== undefined) filter.rev = rev;
  const saved = await CampaignModel.findOneAndUpdate(filter, { $set: { coordinators: ids }, $inc: { rev: 1 } }, { returnDocument: 'after' }).lean<Campaign>();
  if (!saved) throw new Conflict('campaigns.errors.stale');
  const before = new Set((campaign.coordinators ?? []).map(String));
  const added = found.filter((a) => !before.has(a._id.toString()));
  const removed = [...before].filter((a) => !ids.some((i) => i.toString() === a));
  await audit(actor, 'campaign.coordinators', { type: 'campaign', id: campaign._id, label: campaign.title }, {
    added: added.map((a) => a.nameVi).join(', ') || null,
    removed: removed.length,
    total: ids.length,
  });
  if (saved.status === 'open') await notifyCoordinators(saved, added.map((a) => a._id));
  return saved;
}

/** Tells the users of coordinating agencies that they may read and comment (once per campaign and agency). */
export async function notifyCoordinators(campaign: Campaign, agencies: readonly Types.ObjectId[]): Promise<void> {
  if (!agencies.length) return;
  const byAgency = await agencyUsersByAgency(agencies);
  for (const [agency, users] of byAgency) {
    await notifyUsers(users, {
      kind: 'campaign_opened',
      messageKey: 'coordination.notify.named',
      params: { title: campaign.title },
      link: `/campaigns/${campaign._id.toString()}`,
      object: { type: 'campaign', id: campaign._id },
      dedupeKey: `coordination:${campaign._id.toString()}:${agency}`,
    });
  }
}

export interface CoordinatedSubmission {
  submission: Pick<Submission, '_id' | 'status' | 'itemCount' | 'openThreads' | 'submittedAt'>;
  agency: Pick<Agency, '_id' | 'nameVi' | 'nameEn'>;
}

/** What a coordinator sees on a campaign's page: every agency's submission, sent ones first to read. */
export async function coordinatedSubmissions(actor: Actor, campaign: Campaign): Promise<CoordinatedSubmission[]> {
  if (!(actor.coordinates ?? []).includes(campaign._id.toString())) return [];
  const subs = await SubmissionModel.find({ campaign: campaign._id }, { status: 1, itemCount: 1, openThreads: 1, submittedAt: 1, agency: 1 }).lean<Submission[]>();
  const agencies = await AgencyModel.find({ _id: { $in: subs.map((s) => s.agency) } }, { nameVi: 1, nameEn: 1, order: 1 }).sort({ order: 1 }).lean<Agency[]>();
  const byAgency = new Map(subs.map((s) => [s.agency.toString(), s]));
  return agencies.flatMap((agency) => {
    const s = byAgency.get(agency._id.toString());
    return s ? [{ submission: { _id: s._id, status: s.status, itemCount: s.itemCount ?? 0, openThreads: s.openThreads ?? 0, submittedAt: s.submittedAt }, agency }] : [];
  });
}
