import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import { audit } from '../audit/audit.service.js';
import type { Logger } from '../http/logger.js';
import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { effectiveDeadline } from '../campaigns/deadline.service.js';
import { deadlineState } from '../dashboard/deadline.js';
import { formatDate } from '../i18n/index.js';
import { SubmissionModel, type Submission, type SubmissionStatus } from '../submissions/submission.model.js';
import { agencyUsersByAgency, notifyUsers } from './notification.service.js';
import { ReminderClaimModel, type ReminderKind } from './reminder.model.js';

/**
 * Deadline reminders 7, 3 and 1 days before the deadline and once overdue,
 * to agencies that have not sent their report (draft or changes requested).
 * Safe to run on every instance at once: each (submission, kind) is claimed
 * by inserting a document under a unique index; only the run whose insert
 * succeeds sends, so a reminder goes out once however many runs race.
 */
const DAY = 24 * 60 * 60 * 1000;
const WAITING: SubmissionStatus[] = ['draft', 'changes_requested'];

/** The one reminder due now, if any: only the nearest threshold, so a late first run does not send three at once. */
export function dueKind(deadline: Date, now: Date): ReminderKind | null {
  const left = deadline.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  if (left <= 1 * DAY) return 'd1';
  if (left <= 3 * DAY) return 'd3';
  if (left <= 7 * DAY) return 'd7';
  return null;
}

function isDuplicate(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

export async function runReminders(now = new Date()): Promise<{ sent: number; skipped: number }> {
  const soon = new Date(now.getTime() + 7 * DAY);
  const campaigns = await CampaignModel.find({ status: 'open', $or: [{ deadline: { $lte: soon } }, { 'extensions.deadline': { $lte: soon } }] }).lean<Campaign[]>();
  let sent = 0;
  let skipped = 0;
  for (const campaign of campaigns) {
    // An extension gives the agency its own deadline, and its own reminders.
    const subs = (await SubmissionModel.find({ campaign: campaign._id, status: { $in: WAITING } }, { agency: 1 }).lean<Submission[]>())
      .filter((sub) => dueKind(effectiveDeadline(campaign, sub.agency), now));
    const agencyIds = subs.map((s) => s.agency);
    const [agencies, usersOf] = await Promise.all([
      AgencyModel.find({ _id: { $in: agencyIds } }, { nameVi: 1 }).lean<Agency[]>(),
      agencyUsersByAgency(agencyIds),
    ]);
    const nameOf = new Map(agencies.map((a) => [String(a._id), a.nameVi]));
    for (const sub of subs) {
      const deadline = effectiveDeadline(campaign, sub.agency);
      const kind = dueKind(deadline, now)!;
      const d = deadlineState(deadline, now);
      const days = d.kind === 'left' ? d.days : 0;
      try {
        await ReminderClaimModel.create({ submission: sub._id, kind, claimedAt: now });
      } catch (err) {
        if (isDuplicate(err)) {
          skipped++;
          continue;
        }
        throw err;
      }
      const notified = await notifyUsers(usersOf.get(String(sub.agency)) ?? [], {
        kind: 'deadline',
        messageKey: `notifications.deadline.${kind}`,
        params: { campaign: campaign.title, deadline: formatDate(deadline), days },
        link: `/submissions/${sub._id.toString()}`,
        object: { type: 'submission', id: sub._id },
        dedupeKey: `deadline:${sub._id.toString()}:${kind}`,
      });
      await ReminderClaimModel.updateOne({ submission: sub._id, kind }, { $set: { notified } });
      await audit({ system: true, label: 'reminder-job' }, 'notification.deadline', { type: 'submission', id: sub._id, label: nameOf.get(String(sub.agency)) }, { kind, notified });
      sent++;
    }
  }
  return { sent, skipped };
}

/** Every `minutes`, on every instance; returns a stop function for graceful shutdown. */
export function startReminderJob(logger: Logger, minutes = 15): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runReminders();
      if (r.sent) logger.info(r, 'deadline reminders sent');
    } catch (err) {
      logger.error({ err }, 'deadline reminder run failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), minutes * 60 * 1000);
  timer.unref();
  setTimeout(() => void tick(), 5000).unref();
  return () => clearInterval(timer);
}
