import type { Types } from 'mongoose';
import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import { mayActOn } from '../campaigns/assignment.service.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import { effectiveDeadline } from '../campaigns/deadline.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { formatDate, formatDateTime } from '../i18n/index.js';
import { OutboxModel } from '../mail/outbox.model.js';
import { SubmissionModel, type Submission } from '../submissions/submission.model.js';
import { agencyUserIds, notifyUsers } from './notification.service.js';
import { NotificationModel } from './notification.model.js';
import { RemindSlotModel } from './remind.model.js';

/** One reminder per agency per hour: pressing again sooner says when it may be pressed. */
export const REMIND_EVERY_MS = 60 * 60 * 1000;

export interface RemindResult {
  agency: string;
  /** users told in the app */
  notified: number;
  /** of them, how many get it by e-mail now (the others chose the digest or no e-mail, or e-mail is off) */
  mailed: number;
  /** the agency has no active user: nobody was told */
  withoutUsers: boolean;
}

function isDuplicate(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** "Nhắc": the admin or the reviewer the agency is given to reminds its users to send their report. */
export async function remindAgency(actor: Actor, campaignId: string, agencyId: string, now = new Date()): Promise<RemindResult> {
  if (actor.role === 'agency') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign) throw new NotFound();
  const agencyOid = toObjectId(agencyId);
  const sub = await SubmissionModel.findOne({ campaign: campaign._id, agency: agencyOid }, { status: 1, agency: 1 }).lean<Submission>();
  const agency = await AgencyModel.findById(agencyOid, { nameVi: 1 }).lean<Agency>();
  if (!sub || !agency) throw new NotFound();
  if (!mayActOn(actor, campaign, agencyOid)) throw new Forbidden('reviews.errors.not_assigned');
  if (campaign.status !== 'open') throw new Conflict('campaigns.errors.not_open');
  if (sub.status !== 'draft' && sub.status !== 'changes_requested') throw new Conflict('mail.remind.not_waiting', { params: { agency: agency.nameVi } });

  const users = await agencyUserIds(agencyOid);
  const target = { type: 'submission', id: sub._id, label: `${agency.nameVi} — ${campaign.title}` };
  if (!users.length) {
    // Said to the admin, and kept in the audit: an agency nobody can hear is not "reminded".
    await audit(actor, 'notification.remind', target, { notified: 0, withoutUsers: true });
    return { agency: agency.nameVi, notified: 0, mailed: 0, withoutUsers: true };
  }
  await takeSlot(sub._id, agency.nameVi, now);
  const deadline = effectiveDeadline(campaign, agencyOid);
  const notified = await notifyUsers(users, {
    kind: 'reminder',
    messageKey: 'mail.remind.message',
    params: { author: actor.name, agency: agency.nameVi, campaign: campaign.title, deadline: formatDate(deadline) },
    link: `/submissions/${sub._id.toString()}`,
    object: { type: 'submission', id: sub._id },
    dedupeKey: `remind:${sub._id.toString()}:${now.getTime()}`,
  });
  const ids = (await NotificationModel.find({ dedupeKey: `remind:${sub._id.toString()}:${now.getTime()}` }, { _id: 1 }).lean()).map((n) => `notification:${n._id.toString()}`);
  const mailed = await OutboxModel.countDocuments({ key: { $in: ids } });
  await audit(actor, 'notification.remind', target, { notified, mailed });
  return { agency: agency.nameVi, notified, mailed, withoutUsers: false };
}

async function takeSlot(submission: Types.ObjectId, agency: string, now: Date): Promise<void> {
  try {
    await RemindSlotModel.findOneAndUpdate({ submission, at: { $lte: new Date(now.getTime() - REMIND_EVERY_MS) } }, { $set: { at: now } }, { upsert: true });
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    const slot = await RemindSlotModel.findOne({ submission }).lean();
    const at = slot?.at ?? now;
    throw new Conflict('mail.remind.too_soon', { params: { agency, at: formatDateTime(at), next: formatDateTime(new Date(at.getTime() + REMIND_EVERY_MS)) } });
  }
}
