import type { Logger } from '../http/logger.js';
import { translator, formatDate } from '../i18n/index.js';
import { NotificationModel, type Notification } from '../notifications/notification.model.js';
import { UserModel } from '../users/user.model.js';
import { describeError } from './sender.job.js';
import { absoluteLink, composeMail, digestHour, enqueue, mailEnabled, type NewMessage } from './outbox.service.js';

/**
 * The daily digest: at the digest hour (Vietnam time), one e-mail to each user who
 * chose it, gathering the notifications of the 24 hours before. Every instance may
 * run it, as often as it likes: the message's key names the user and the day, so
 * a day's digest is queued once.
 */
const HOUR = 3600 * 1000;
const VN_OFFSET = 7 * HOUR;

/** The Vietnamese calendar day a digest run belongs to, and the window it gathers; null before the hour. */
export function digestWindow(now: Date, hour = digestHour()): { day: string; from: Date; to: Date } | null {
  const local = new Date(now.getTime() + VN_OFFSET);
  if (local.getUTCHours() < hour) return null;
  const to = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - VN_OFFSET);
  return { day: local.toISOString().slice(0, 10), from: new Date(to.getTime() - 24 * HOUR), to };
}

export async function runDigest(now = new Date()): Promise<{ queued: number }> {
  const w = digestWindow(now);
  if (!mailEnabled() || !w) return { queued: 0 };
  const users = await UserModel.find({ mailPref: 'digest', active: true }, { email: 1, name: 1, lang: 1 }).lean();
  if (!users.length) return { queued: 0 };
  const notes = await NotificationModel.find({ user: { $in: users.map((u) => u._id) }, createdAt: { $gt: w.from, $lte: w.to } })
    .sort({ createdAt: 1 })
    .lean<Notification[]>();
  const byUser = new Map<string, Notification[]>();
  for (const n of notes) byUser.set(n.user.toString(), [...(byUser.get(n.user.toString()) ?? []), n]);
  const messages: NewMessage[] = [];
  for (const u of users) {
    const mine = byUser.get(u._id.toString());
    if (!mine?.length) continue;
    const t = translator(u.lang);
    const date = formatDate(w.to);
    const lines = [t('mail.digest.intro', { date }), '', ...mine.map((n) => `- ${t(n.messageKey, n.params)}${n.link ? `\n  ${absoluteLink(n.link)}` : ''}`)];
    const mail = composeMail(u.lang, u.name, t('mail.digest.subject', { date, count: mine.length }), lines, '/notifications');
    messages.push({ key: `digest:${u._id.toString()}:${w.day}`, kind: 'digest', to: u.email, user: u._id, ...mail });
  }
  return { queued: await enqueue(messages) };
}

export function startDigestJob(logger: Logger, minutes = 15): () => void {
  if (!mailEnabled()) return () => {};
  const tick = () =>
    runDigest().then(
      (r) => r.queued && logger.info(r, 'daily digests queued'),
      (err: unknown) => logger.error({ err: describeError(err) }, 'daily digest run failed'),
    );
  const timer = setInterval(() => void tick(), minutes * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
