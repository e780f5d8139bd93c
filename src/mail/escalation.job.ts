import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import { effectiveDeadline } from '../campaigns/deadline.service.js';
import type { Logger } from '../http/logger.js';
import { formatDate, translator } from '../i18n/index.js';
import { notifyUsers, reviewerIds } from '../notifications/notification.service.js';
import { ReminderClaimModel } from '../notifications/reminder.model.js';
import { SubmissionModel, type Submission } from '../submissions/submission.model.js';
import { describeError } from './sender.job.js';
import { composeMail, enqueue, escalationDays, mailEnabled } from './outbox.service.js';

/**
 * Đôn đốc: an agency that is `days` past its own deadline without sending its report
 * is escalated once per campaign to its leader's address. The claim (submission,
 * "escalation") makes it once however many instances run the job; an agency with no
 * leader address is named to the admins instead of being skipped silently.
 */
const DAY = 24 * 3600 * 1000;
const SYSTEM = { system: true, label: 'escalation-job' } as const;

export async function runEscalations(now = new Date(), days = escalationDays()): Promise<{ escalated: number; withoutLeader: number }> {
  const out = { escalated: 0, withoutLeader: 0 };
  if (!mailEnabled()) return out;
  const cutoff = new Date(now.getTime() - days * DAY);
  const campaigns = await CampaignModel.find({ status: 'open', $or: [{ deadline: { $lte: cutoff } }, { 'extensions.deadline': { $lte: cutoff } }] }).lean<Campaign[]>();
  for (const campaign of campaigns) {
    const subs = (await SubmissionModel.find({ campaign: campaign._id, status: { $in: ['draft', 'changes_requested'] } }, { agency: 1 }).lean<Submission[]>())
      .filter((s) => effectiveDeadline(campaign, s.agency) <= cutoff);
    if (!subs.length) continue;
    const agencies = new Map((await AgencyModel.find({ _id: { $in: subs.map((s) => s.agency) } }, { nameVi: 1, leaderEmail: 1 }).lean<Agency[]>()).map((a) => [a._id.toString(), a]));
    for (const sub of subs) {
      const agency = agencies.get(sub.agency.toString());
      if (!agency) continue;
      try {
        await ReminderClaimModel.create({ submission: sub._id, kind: 'escalation', claimedAt: now });
      } catch (err) {
        if ((err as { code?: number }).code === 11000) continue;
        throw err;
      }
      const deadline = effectiveDeadline(campaign, sub.agency);
      const late = Math.floor((now.getTime() - deadline.getTime()) / DAY);
      const params = { agency: agency.nameVi, campaign: campaign.title, days: late, deadline: formatDate(deadline) };
      const target = { type: 'submission', id: sub._id, label: `${agency.nameVi} — ${campaign.title}` };
      if (agency.leaderEmail) {
        const t = translator('vi');
        const mail = composeMail('vi', t('mail.escalation.leader', params), t('mail.escalation.subject', params), [t('mail.escalation.body', params)], undefined, false);
        await enqueue([{ key: `escalation:${sub._id.toString()}`, kind: 'escalation', to: agency.leaderEmail, ...mail }]);
        await audit(SYSTEM, 'notification.escalate', target, { to: agency.leaderEmail, days: late });
        out.escalated++;
      } else {
        await notifyUsers(await reviewerIds([]), {
          kind: 'deadline', messageKey: 'mail.escalation.no_leader', params,
          link: `/admin/agencies/${agency._id.toString()}`, object: { type: 'submission', id: sub._id }, dedupeKey: `escalation:${sub._id.toString()}`,
        });
        await audit(SYSTEM, 'notification.escalate', target, { withoutLeader: true, days: late });
        out.withoutLeader++;
      }
    }
  }
  return out;
}

export function startEscalationJob(logger: Logger, minutes = 60): () => void {
  if (!mailEnabled()) return () => {};
  const tick = () =>
    runEscalations().then(
      (r) => (r.escalated || r.withoutLeader) && logger.info(r, 'overdue agencies escalated'),
      (err: unknown) => logger.error({ err: describeError(err) }, 'escalation run failed'),
    );
  const timer = setInterval(() => void tick(), minutes * 60 * 1000);
  timer.unref();
  setTimeout(() => void tick(), 10_000).unref();
  return () => clearInterval(timer);
}
