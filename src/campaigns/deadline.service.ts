import { agencyNames } from '../agencies/agency.service.js';
import { Types } from 'mongoose';
import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyUsersByAgency, notifyUsers } from '../notifications/notification.service.js';
import { formatDate } from '../i18n/index.js';
import { SubmissionModel, type Submission } from '../submissions/submission.model.js';
import { CampaignModel, type Campaign, type DeadlineExtension } from './campaign.model.js';

/**
 * Hạn gửi báo cáo: the campaign's deadline, moved for one agency by an
 * extension (gia hạn) with its reason. Every page that counts days for an
 * agency asks effectiveDeadline(), so an extension shows wherever it matters.
 */
type WithExtensions = Pick<Campaign, 'deadline' | 'extensions'>;

export function extensionFor(campaign: WithExtensions, agency: Types.ObjectId | string): DeadlineExtension | undefined {
  return (campaign.extensions ?? []).find((e) => e.agency.toString() === agency.toString());
}

export function effectiveDeadline(campaign: WithExtensions, agency: Types.ObjectId | string): Date {
  return extensionFor(campaign, agency)?.deadline ?? campaign.deadline;
}

/** The campaign as one agency sees it: its own deadline, and the extension that set it. */
export function campaignForAgency<C extends WithExtensions>(campaign: C, agency: Types.ObjectId | string): C & { extension?: DeadlineExtension } {
  const ext = extensionFor(campaign, agency);
  return ext ? { ...campaign, deadline: ext.deadline, extension: ext } : campaign;
}

interface Notified {
  notified: number;
  /** Names of the agencies concerned that have no active user: nobody there learnt of the change. */
  withoutUsers: string[];
}

/** Agencies that still owe something (not yet sent and accepted), minus those whose own deadline is unchanged. */
async function notifyDeadline(campaign: Campaign, agencies: Types.ObjectId[], messageKey: string, params: Record<string, string>): Promise<Notified> {
  const subs = await SubmissionModel.find({ campaign: campaign._id, agency: { $in: agencies }, status: { $ne: 'accepted' } }, { agency: 1 }).lean<Pick<Submission, '_id' | 'agency'>[]>();
  const usersOf = await agencyUsersByAgency(subs.map((s) => s.agency));
  let notified = 0;
  const silent: Types.ObjectId[] = [];
  for (const s of subs) {
    const users = usersOf.get(s.agency.toString()) ?? [];
    if (!users.length) silent.push(s.agency);
    notified += await notifyUsers(users, {
      kind: 'deadline', messageKey, params: { campaign: campaign.title, ...params },
      link: `/submissions/${s._id.toString()}`, object: { type: 'submission', id: s._id },
    });
  }
  const withoutUsers = await agencyNames(silent);
  return { notified, withoutUsers };
}

/** The admin who moved a deadline learns which agencies nobody could be told of it (in the app, and by e-mail when on). */
async function warnWithoutUsers(actor: Actor, campaign: Campaign, withoutUsers: string[]): Promise<void> {
  if (!withoutUsers.length || !Types.ObjectId.isValid(actor.id)) return;
  await notifyUsers([actor.id], {
    kind: 'deadline', messageKey: 'notifications.deadline.without_users',
    params: { campaign: campaign.title, count: withoutUsers.length, names: withoutUsers.slice(0, 20).join(', ') },
    link: `/campaigns/${campaign._id.toString()}`, object: { type: 'campaign', id: campaign._id },
  });
}

/** After an edit of an open campaign moved its deadline: tell the agencies it applies to, audit old → new. */
export async function deadlineChanged(actor: Actor, before: Campaign, after: Campaign): Promise<void> {
  if (after.status !== 'open' || before.deadline.getTime() === after.deadline.getTime()) return;
  const concerned = after.agencies.filter((a) => !extensionFor(after, a));
  const { notified, withoutUsers } = await notifyDeadline(after, concerned, 'notifications.deadline.changed', { from: formatDate(before.deadline), to: formatDate(after.deadline) });
  await audit(actor, 'campaign.deadline', { type: 'campaign', id: after._id, label: after.title }, {
    from: before.deadline.toISOString(), to: after.deadline.toISOString(), notified, withoutUsers: withoutUsers.length ? withoutUsers.join(', ') : undefined,
  });
  await warnWithoutUsers(actor, after, withoutUsers);
}

export interface ExtensionInput {
  agency: string;
  deadline: Date;
  reason: string;
}

/** Gia hạn for one agency, with a reason; replaces an earlier extension of the same agency. */
export async function extendDeadline(actor: Actor, campaignId: string, input: ExtensionInput): Promise<Campaign> {
  if (actor.role !== 'admin') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign) throw new NotFound();
  if (campaign.status !== 'open') throw new Conflict('campaigns.errors.not_open');
  const agency = await AgencyModel.findById(toObjectId(input.agency)).lean<Agency>();
  if (!agency || !campaign.agencies.some((a) => a.equals(agency._id))) throw new Invalid([{ field: 'agency', message: 'workload.assign.not_in_campaign' }]);
  const reason = input.reason.normalize('NFC').trim();
  const errors = [];
  if (input.deadline <= campaign.deadline) errors.push({ field: 'deadline', message: 'workload.extension.after_deadline', params: { date: formatDate(campaign.deadline) } });
  if (!reason) errors.push({ field: 'reason', message: 'workload.extension.reason_required' });
  if (errors.length) throw new Invalid(errors);
  const before = extensionFor(campaign, agency._id);
  const ext: DeadlineExtension = { agency: agency._id, deadline: input.deadline, reason: reason.slice(0, 2000), by: new Types.ObjectId(actor.id), byName: actor.name, at: new Date() };
  const extensions = [...(campaign.extensions ?? []).filter((e) => !e.agency.equals(agency._id)), ext];
  const saved = await CampaignModel.findOneAndUpdate({ _id: campaign._id, status: 'open' }, { $set: { extensions }, $inc: { rev: 1 } }, { returnDocument: 'after' }).lean<Campaign>();
  if (!saved) throw new Conflict('campaigns.errors.not_open');
  const { notified, withoutUsers } = await notifyDeadline(saved, [agency._id], 'notifications.deadline.extended', { to: formatDate(input.deadline), reason: ext.reason });
  await audit(actor, 'campaign.extend', { type: 'campaign', id: campaign._id, label: `${campaign.title} — ${agency.nameVi}` }, {
    agency: agency.nameVi, from: (before?.deadline ?? campaign.deadline).toISOString(), to: input.deadline.toISOString(), reason: ext.reason, notified,
    withoutUsers: withoutUsers.length ? withoutUsers.join(', ') : undefined,
  });
  await warnWithoutUsers(actor, saved, withoutUsers);
  return saved;
}
