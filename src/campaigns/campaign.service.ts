import { agencyNames } from '../agencies/agency.service.js';
import { Types } from 'mongoose';
import { AgencyModel, REVIEWING_AGENCY_CODE, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../http/paging.js';
import { formatDate } from '../i18n/index.js';
import { notifyCoordinators } from './coordination.service.js';
import { deadlineChanged } from './deadline.service.js';
import { notifyUsers } from '../notifications/notification.service.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import { SubmissionModel } from '../submissions/submission.model.js';
import { UserModel } from '../users/user.model.js';
import { CampaignModel, type Campaign, type CampaignStatus } from './campaign.model.js';
import type { CampaignInput } from './campaign.schema.js';

/**
 * Campaigns (đợt rà soát): draft → open → closed. Opening creates one draft submission
 * per agency and notifies the agency's users; agencies only ever see campaigns they are in.
 */

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden();
}

/** Agencies never see drafts, nor campaigns they neither take part in nor coordinate; a foreign one is simply "not found". */
function scopeFilter(actor: Actor): Record<string, unknown> {
  if (actor.role !== 'agency') return {};
  const agency = new Types.ObjectId(actor.agencyId);
  return { $or: [{ agencies: agency }, { coordinators: agency }], status: { $in: ['open', 'closed'] } };
}

const label = (c: Pick<Campaign, 'title'>) => c.title;

export interface CampaignFilter {
  status?: CampaignStatus | '';
  q?: string;
}

export async function listCampaigns(actor: Actor, filter: CampaignFilter = {}): Promise<Campaign[]> {
  const q: Record<string, unknown> = { ...scopeFilter(actor) };
  if (filter.status) q.status = actor.role === 'agency' && filter.status === 'draft' ? '__none__' : filter.status;
  if (filter.q) q.title = new RegExp(filter.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return CampaignModel.find(q).sort({ deadline: -1, _id: -1 }).lean<Campaign[]>();
}

export async function pageCampaigns(actor: Actor, paging: { limit: number; cursor?: string }): Promise<Page<Campaign>> {
  const q: Record<string, unknown> = { ...scopeFilter(actor) };
  const after = decodeCursor(paging.cursor);
  if (after) q._id = { $gt: after };
  const rows = await CampaignModel.find(q).sort({ _id: 1 }).limit(paging.limit + 1).lean<Campaign[]>();
  const more = rows.length > paging.limit;
  const items = more ? rows.slice(0, paging.limit) : rows;
  return { items, next: more ? encodeCursor(items[items.length - 1]!._id) : null };
}

export async function getCampaign(actor: Actor, id: string | Types.ObjectId): Promise<Campaign> {
  const c = await CampaignModel.findOne({ _id: toObjectId(id), ...scopeFilter(actor) }).lean<Campaign>();
  if (!c) throw new NotFound();
  return c;
}

/** Explicit agencies plus every active agency of the chosen kinds; never the MoJ itself. */
async function resolveAgencies(input: Pick<CampaignInput, 'agencies' | 'agencyKinds'>): Promise<Types.ObjectId[]> {
  const ids = input.agencies.map((a) => new Types.ObjectId(a));
  const or: Record<string, unknown>[] = [];
  if (ids.length) or.push({ _id: { $in: ids } });
  if (input.agencyKinds.length) or.push({ kind: { $in: input.agencyKinds }, active: true });
  if (!or.length) return [];
  const found = await AgencyModel.find({ $or: or, code: { $ne: REVIEWING_AGENCY_CODE } }, { _id: 1 }).sort({ order: 1 }).lean<Agency[]>();
  const foundIds = new Set(found.map((a) => a._id.toString()));
  const missing = input.agencies.filter((a) => !foundIds.has(a));
  if (missing.length) throw new Invalid([{ field: 'agencies', message: 'campaigns.errors.agency_unknown' }]);
  return found.map((a) => a._id);
}

async function resolveReviewers(ids: string[]): Promise<Types.ObjectId[]> {
  if (!ids.length) return [];
  const users = await UserModel.find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) }, role: { $in: ['reviewer', 'admin'] }, active: true }, { _id: 1 }).lean();
  if (users.length !== new Set(ids).size) throw new Invalid([{ field: 'reviewers', message: 'campaigns.errors.reviewer_unknown' }]);
  return users.map((u) => u._id);
}

async function resolveCoordinators(ids: string[]): Promise<Types.ObjectId[]> {
  if (!ids.length) return [];
  const unique = [...new Set(ids)];
  const found = await AgencyModel.find({ _id: { $in: unique.map((i) => new Types.ObjectId(i)) }, code: { $ne: REVIEWING_AGENCY_CODE } }, { _id: 1 }).sort({ order: 1 }).lean<Agency[]>();
  if (found.length !== unique.length) throw new Invalid([{ field: 'coordinators', message: 'coordination.errors.unknown_agency' }]);
  return found.map((a) => a._id);
}

async function pinnedTemplate(id: string) {
  const t = await loadTemplateVersion(id).catch(() => null);
  if (!t || t.status !== 'published') throw new Invalid([{ field: 'template', message: 'campaigns.errors.template_unpublished' }]);
  return t;
}

export async function createCampaign(actor: Actor, input: CampaignInput): Promise<Campaign> {
  requireAdmin(actor);
  const template = await pinnedTemplate(input.template);
  const agencies = await resolveAgencies(input);
  if (!agencies.length) throw new Invalid([{ field: 'agencies', message: 'campaigns.errors.agencies_required' }]);
  const doc = await CampaignModel.create({
    title: input.title, instructions: input.instructions, template: template._id, templateVersion: template.version,
    templateTitle: template.title, agencies, reviewers: await resolveReviewers(input.reviewers), coordinators: await resolveCoordinators(input.coordinators ?? []), startDate: input.startDate,
    deadline: input.deadline, status: 'draft', rev: 1, createdBy: new Types.ObjectId(actor.id),
  });
  await audit(actor, 'campaign.create', { type: 'campaign', id: doc._id, label: label(doc) }, { agencies: agencies.length, template: template._id.toString() });
  return doc.toObject();
}

/**
 * A draft changes freely. An open campaign keeps its template and its agencies (agencies
 * may be added: they get their submission at once); a closed one is read-only.
 */
/** What an edit changed, old → new, for the audit log. */
function changes(before: Campaign, after: Campaign): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const day = (d?: Date | null) => (d ? new Date(d).toISOString() : null);
  if (before.title !== after.title) out.title = { from: before.title, to: after.title };
  if (day(before.deadline) !== day(after.deadline)) out.deadline = { from: day(before.deadline), to: day(after.deadline) };
  if (day(before.startDate) !== day(after.startDate)) out.startDate = { from: day(before.startDate), to: day(after.startDate) };
  return out;
}

export async function updateCampaign(actor: Actor, id: string, input: CampaignInput): Promise<Campaign> {
  requireAdmin(actor);
  const current = await getCampaign(actor, id);
  if (current.status === 'closed') throw new Conflict('campaigns.errors.closed');
  const agencies = await resolveAgencies(input);
  if (!agencies.length) throw new Invalid([{ field: 'agencies', message: 'campaigns.errors.agencies_required' }]);
  const set: Record<string, unknown> = {
    title: input.title, instructions: input.instructions, reviewers: await resolveReviewers(input.reviewers),
    startDate: input.startDate, deadline: input.deadline, agencies,
  };
  // Left out of the body: kept as they are (PUT /campaigns/:id/coordinators changes them alone).
  if (input.coordinators) set.coordinators = await resolveCoordinators(input.coordinators);
  let added: Types.ObjectId[] = [];
  if (current.status === 'draft') {
    if (input.template !== current.template.toString()) {
      const t = await pinnedTemplate(input.template);
      Object.assign(set, { template: t._id, templateVersion: t.version, templateTitle: t.title });
    }
  } else {
    if (input.template !== current.template.toString()) throw new Conflict('campaigns.errors.template_locked');
    const now = new Set(agencies.map(String));
    if (current.agencies.some((a) => !now.has(a.toString()))) throw new Conflict('campaigns.errors.agency_locked');
    const before = new Set(current.agencies.map(String));
    added = agencies.filter((a) => !before.has(a.toString()));
  }
  const filter: Record<string, unknown> = { _id: current._id, status: current.status };
  if (input.rev !== undefined) filter.rev = input.rev;
  const updated = await CampaignModel.findOneAndUpdate(filter, { $set: set, $inc: { rev: 1 } }, { returnDocument: 'after' }).lean<Campaign>();
  if (!updated) throw new Conflict('campaigns.errors.stale');
  if (added.length) await createSubmissions(actor, updated, added);
  await audit(actor, 'campaign.update', { type: 'campaign', id: current._id, label: label(updated) }, {
    added: added.length,
    ...changes(current, updated),
  });
  await deadlineChanged(actor, current, updated);
  return updated;
}

/** Upserts only insert: running twice (or on two instances) still leaves one submission per agency. */
async function createSubmissions(actor: Actor, campaign: Campaign, agencies: Types.ObjectId[]): Promise<{ created: number; withoutUsers: string[] }> {
  if (!agencies.length) return { created: 0, withoutUsers: [] };
  const now = new Date();
  const res = await SubmissionModel.bulkWrite(
    agencies.map((agency) => ({
      updateOne: {
        filter: { campaign: campaign._id, agency },
        update: { $setOnInsert: { campaign: campaign._id, agency, status: 'draft', itemCount: 0, recommendationCounts: {}, openThreads: 0, reportSections: [], version: 1, lastActivityAt: now, createdAt: now, updatedAt: now } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  // Only the drafts this call created: a second run (or instance) adds nothing twice.
  if (res.upsertedCount) await CampaignModel.updateOne({ _id: campaign._id }, { $inc: { 'statusCounts.draft': res.upsertedCount } });
  const users = await UserModel.find({ agency: { $in: agencies }, role: 'agency', active: true }, { _id: 1, agency: 1 }).lean();
  // Nobody will hear of the campaign in these agencies: the admin is told, not left with a silent success.
  const reached = new Set(users.map((u) => u.agency.toString()));
  const silent = agencies.filter((a) => !reached.has(a.toString()));
  const withoutUsers = await agencyNames(silent);
  // Through notifyUsers so each notification brings its e-mail; the dedupeKey keeps a second run from notifying twice.
  await notifyUsers(users.map((u) => u._id), {
    kind: 'campaign_opened', messageKey: 'campaigns.notify.opened', dedupeKey: `campaign_opened:${campaign._id.toString()}`,
    params: { title: campaign.title, deadline: formatDate(campaign.deadline) },
    link: `/campaigns/${campaign._id.toString()}`, object: { type: 'campaign', id: campaign._id },
  });
  await audit(actor, 'submission.create_drafts', { type: 'campaign', id: campaign._id, label: label(campaign) }, { created: res.upsertedCount, notified: users.length, withoutUsers: withoutUsers.length ? withoutUsers.join(', ') : undefined });
  return { created: res.upsertedCount, withoutUsers };
}

export async function openCampaign(actor: Actor, id: string): Promise<{ campaign: Campaign; created: number; withoutUsers: string[] }> {
  requireAdmin(actor);
  const current = await getCampaign(actor, id);
  if (current.status !== 'draft') throw new Conflict('campaigns.errors.not_draft');
  // A wizard draft may not have its agencies yet; opening it would notify nobody.
  if (!current.agencies.length) throw new Invalid([{ field: 'agencies', message: 'campaigns.errors.agencies_required' }]);
  const t = await loadTemplateVersion(current.template);
  if (t.status === 'draft') throw new Conflict('campaigns.errors.template_unpublished');
  const campaign = await CampaignModel.findOneAndUpdate(
    { _id: current._id, status: 'draft' },
    { $set: { status: 'open', openedAt: new Date() }, $inc: { rev: 1 } },
    { returnDocument: 'after' },
  ).lean<Campaign>();
  if (!campaign) throw new Conflict('campaigns.errors.not_draft');
  await audit(actor, 'campaign.open', { type: 'campaign', id: campaign._id, label: label(campaign) }, { agencies: campaign.agencies.length });
  const { created, withoutUsers } = await createSubmissions(actor, campaign, campaign.agencies);
  await notifyCoordinators(campaign, campaign.coordinators ?? []);
  return { campaign, created, withoutUsers };
}

export async function closeCampaign(actor: Actor, id: string): Promise<Campaign> {
  requireAdmin(actor);
  const current = await getCampaign(actor, id);
  if (current.status !== 'open') throw new Conflict('campaigns.errors.not_open');
  const campaign = await CampaignModel.findOneAndUpdate(
    { _id: current._id, status: 'open' },
    { $set: { status: 'closed', closedAt: new Date() }, $inc: { rev: 1 } },
    { returnDocument: 'after' },
  ).lean<Campaign>();
  if (!campaign) throw new Conflict('campaigns.errors.not_open');
  const notAccepted = await countNotAccepted(campaign._id);
  await audit(actor, 'campaign.close', { type: 'campaign', id: campaign._id, label: label(campaign) }, { notAccepted });
  return campaign;
}

/** Submissions a close would strand: not yet accepted. The close button says how many. */
export async function countNotAccepted(campaignId: Types.ObjectId): Promise<number> {
  return SubmissionModel.countDocuments({ campaign: campaignId, status: { $ne: 'accepted' } });
}

/** An admin takes a closed campaign back to open (say, a ministry's late report), with the reason. */
export async function reopenCampaign(actor: Actor, id: string, reason: string): Promise<Campaign> {
  requireAdmin(actor);
  const current = await getCampaign(actor, id);
  if (current.status !== 'closed') throw new Conflict('campaigns.errors.not_closed');
  const why = reason.normalize('NFC').trim();
  if (!why) throw new Invalid([{ field: 'reason', message: 'campaigns.errors.reopen_reason' }]);
  const campaign = await CampaignModel.findOneAndUpdate(
    { _id: current._id, status: 'closed' },
    { $set: { status: 'open', reopenReason: why.slice(0, 2000) }, $unset: { closedAt: 1 }, $inc: { rev: 1 } },
    { returnDocument: 'after' },
  ).lean<Campaign>();
  if (!campaign) throw new Conflict('campaigns.errors.not_closed');
  await audit(actor, 'campaign.reopen', { type: 'campaign', id: campaign._id, label: label(campaign) }, { reason: why });
  return campaign;
}

/** Closed campaigns make their submissions read-only; the submission services ask this. */
export async function isCampaignWritable(campaignId: Types.ObjectId | string): Promise<boolean> {
  const c = await CampaignModel.findById(toObjectId(campaignId), { status: 1 }).lean<Campaign>();
  return c?.status === 'open';
}
