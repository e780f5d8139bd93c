import { Types } from 'mongoose';
import { AgencyModel, REVIEWING_AGENCY_CODE, type Agency, type AgencyKind } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, Invalid } from '../http/errors.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import { UserModel } from '../users/user.model.js';
import { CampaignModel, type Campaign } from './campaign.model.js';
import { getCampaign } from './campaign.service.js';

/**
 * The creation wizard (template → agencies → deadline & reviewers → review & open) keeps
 * its state in a draft campaign, one step per form post, so it works without JavaScript
 * and survives a closed tab. Only opening checks the whole (see openCampaign).
 */

export const WIZARD_STEPS = ['template', 'agencies', 'schedule', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

const DAY = 86_400_000;

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden();
}

/** End of the day in Vietnam (UTC+7, no DST), `days` from now: the deadline a new draft starts with. */
export function defaultDeadline(now = new Date(), days = 30): Date {
  const vn = new Date(now.getTime() + 7 * 3_600_000 + days * DAY);
  return new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 16, 59, 59));
}

async function publishedVersion(id: string) {
  const t = await loadTemplateVersion(id).catch(() => null);
  if (!t || t.status !== 'published') throw new Invalid([{ field: 'template', message: 'campaigns.errors.template_unpublished' }]);
  return t;
}

async function draftOf(actor: Actor, id: string): Promise<Campaign> {
  requireAdmin(actor);
  const c = await getCampaign(actor, id);
  if (c.status !== 'draft') throw new Conflict('campaigns.errors.wizard_not_draft');
  return c;
}

async function save(actor: Actor, c: Campaign, set: Record<string, unknown>, step: WizardStep): Promise<Campaign> {
  const updated = await CampaignModel.findOneAndUpdate({ _id: c._id, status: 'draft' }, { $set: set, $inc: { rev: 1 } }, { returnDocument: 'after' }).lean<Campaign>();
  if (!updated) throw new Conflict('campaigns.errors.wizard_not_draft');
  await audit(actor, 'campaign.update', { type: 'campaign', id: c._id, label: updated.title }, { step, agencies: updated.agencies.length });
  return updated;
}

export interface BasicsInput {
  title: string;
  template: string;
  instructions: string;
}

/** Step 1 of a new campaign: a draft with no agencies yet and a deadline 30 days out, changed at step 3. */
export async function startDraft(actor: Actor, input: BasicsInput): Promise<Campaign> {
  requireAdmin(actor);
  const t = await publishedVersion(input.template);
  const doc = await CampaignModel.create({
    title: input.title, instructions: input.instructions, template: t._id, templateVersion: t.version, templateTitle: t.title,
    agencies: [], reviewers: [], deadline: defaultDeadline(), status: 'draft', rev: 1, createdBy: new Types.ObjectId(actor.id),
  });
  await audit(actor, 'campaign.create', { type: 'campaign', id: doc._id, label: doc.title }, { template: t._id.toString(), via: 'wizard' });
  return doc.toObject();
}

export async function saveBasics(actor: Actor, id: string, input: BasicsInput): Promise<Campaign> {
  const c = await draftOf(actor, id);
  const set: Record<string, unknown> = { title: input.title, instructions: input.instructions };
  if (input.template !== c.template.toString()) {
    const t = await publishedVersion(input.template);
    Object.assign(set, { template: t._id, templateVersion: t.version, templateTitle: t.title });
  }
  return save(actor, c, set, 'template');
}

export interface AgencyPick {
  /** checked boxes among those shown */
  checked: string[];
  /** every agency that was shown (a search may hide some; those keep their state) */
  shown: string[];
  /** `add_kind:province`, `remove_kind:ministry`, `clear`, or anything else (keep the boxes) */
  action: string;
}

/** Agencies that can take part: active, never the MoJ itself. */
export function eligibleAgencies(): Promise<Agency[]> {
  return AgencyModel.find({ active: true, code: { $ne: REVIEWING_AGENCY_CODE } }).sort({ order: 1, _id: 1 }).lean<Agency[]>();
}

export async function pickAgencies(actor: Actor, id: string, pick: AgencyPick): Promise<Campaign> {
  const c = await draftOf(actor, id);
  const eligible = await eligibleAgencies();
  const known = new Set(eligible.map((a) => a._id.toString()));
  if ([...pick.checked].some((a) => !known.has(a))) throw new Invalid([{ field: 'agencies', message: 'campaigns.errors.agency_unknown' }]);
  const shown = new Set(pick.shown);
  let selected = new Set(c.agencies.map(String).filter((a) => !shown.has(a)));
  for (const a of pick.checked) selected.add(a);
  const [verb, kind] = pick.action.split(':') as [string, AgencyKind | undefined];
  if (verb === 'add_kind' && kind) for (const a of eligible) if (a.kind === kind) selected.add(a._id.toString());
  if (verb === 'remove_kind' && kind) for (const a of eligible) if (a.kind === kind) selected.delete(a._id.toString());
  if (verb === 'clear') selected = new Set();
  // Stored in the official order, whatever order the boxes were ticked in.
  const agencies = eligible.filter((a) => selected.has(a._id.toString())).map((a) => a._id);
  return save(actor, c, { agencies }, 'agencies');
}

export interface ScheduleInput {
  startDate?: Date;
  deadline: Date;
  reviewers: string[];
}

/** Users who may be assigned to review: active MoJ reviewers and admins. */
export function reviewerOptions() {
  return UserModel.find({ role: { $in: ['reviewer', 'admin'] }, active: true }, { name: 1, email: 1, role: 1 }).sort({ name: 1 }).lean();
}

export async function saveSchedule(actor: Actor, id: string, input: ScheduleInput): Promise<Campaign> {
  const c = await draftOf(actor, id);
  if (input.startDate && input.startDate > input.deadline) throw new Invalid([{ field: 'startDate', message: 'campaigns.errors.start_after_deadline' }]);
  const ids = [...new Set(input.reviewers)];
  const users = ids.length ? await UserModel.find({ _id: { $in: ids.map((r) => new Types.ObjectId(r)) }, role: { $in: ['reviewer', 'admin'] }, active: true }, { _id: 1 }).lean() : [];
  if (users.length !== ids.length) throw new Invalid([{ field: 'reviewers', message: 'campaigns.errors.reviewer_unknown' }]);
  return save(actor, c, { startDate: input.startDate ?? null, deadline: input.deadline, reviewers: users.map((u) => u._id) }, 'schedule');
}

/** What the review step lists: the first step whose data is still missing, if any. */
export function missingStep(c: Campaign): WizardStep | null {
  if (!c.template) return 'template';
  if (!c.agencies.length) return 'agencies';
  return null;
}
