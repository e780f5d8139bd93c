import { Types, type ClientSession } from 'mongoose';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, NotFound } from '../http/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../http/paging.js';
import { audit } from '../audit/audit.service.js';
import { translator, type Lang } from '../i18n/index.js';
import { UserModel } from '../users/user.model.js';
import { OutboxModel, type OutboxMessage, type OutboxStatus } from './outbox.model.js';

/**
 * The outbox: what the app means to e-mail, written beside the event that causes it,
 * and delivered later by the sender job. Nothing is queued when no SMTP server is
 * configured: the in-app notification is then the only copy.
 */
const settings = { enabled: false, baseUrl: '', digestHour: 17, escalationDays: 7 };

export function configureOutbox(opts: { enabled: boolean; baseUrl?: string; digestHour?: number; escalationDays?: number }): void {
  settings.enabled = opts.enabled;
  if (opts.baseUrl !== undefined) settings.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  if (opts.digestHour !== undefined) settings.digestHour = opts.digestHour;
  if (opts.escalationDays !== undefined) settings.escalationDays = opts.escalationDays;
}

export const mailEnabled = (): boolean => settings.enabled;
/** The hour (Vietnam time) the daily digest goes out. */
export const digestHour = (): number => settings.digestHour;
/** Days past its deadline after which an agency that has not reported is escalated to its leader. */
export const escalationDays = (): number => settings.escalationDays;

/** A path inside the app as an address someone can open from their mail client. */
export const absoluteLink = (link: string): string => (link.startsWith('/') ? `${settings.baseUrl}${link}` : link);

export type NewMessage = Pick<OutboxMessage, 'key' | 'kind' | 'to' | 'user' | 'subject' | 'text'>;

/** Queues messages; a key already queued (a retried job, a second instance) is skipped, not an error. */
export async function enqueue(messages: readonly NewMessage[], session?: ClientSession, now = new Date()): Promise<number> {
  if (!messages.length) return 0;
  const docs = messages.map((m) => ({ ...m, status: 'pending' as const, attempts: 0, nextAttemptAt: now }));
  try {
    const res = await OutboxModel.insertMany(docs, { ordered: false, session });
    return res.length;
  } catch (err) {
    const e = err as { code?: number; insertedDocs?: unknown[]; writeErrors?: { code?: number; err?: { code?: number } }[] };
    const codes = (e.writeErrors ?? []).map((w) => w.code ?? w.err?.code);
    if (!session && (e.code === 11000 || (codes.length && codes.every((c) => c === 11000)))) return e.insertedDocs?.length ?? 0;
    throw err;
  }
}

/** The words around every e-mail: greeting, the message, where to open it, how to change what one receives. */
export function composeMail(lang: Lang, name: string, subjectText: string, lines: string[], link?: string, forUser = true): { subject: string; text: string } {
  const t = translator(lang);
  const firstLine = subjectText.length > 120 ? `${subjectText.slice(0, 119)}…` : subjectText;
  const footer = forUser ? t('mail.footer', { link: absoluteLink('/profile') }) : t('mail.footer_external');
  const body = [t('mail.greeting', { name }), '', ...lines, ...(link ? ['', t('mail.open', { link: absoluteLink(link) })] : []), '', '--', footer];
  return { subject: t('mail.subject', { text: firstLine }), text: body.join('\n') };
}

interface NotificationLike {
  _id: Types.ObjectId;
  user: Types.ObjectId;
  messageKey: string;
  params?: Record<string, string | number>;
  link?: string;
}

/** One e-mail per notification, to recipients who want each one as it happens. */
export async function enqueueNotificationMail(notifications: readonly NotificationLike[], session?: ClientSession): Promise<number> {
  if (!settings.enabled || !notifications.length) return 0;
  const users = await UserModel.find(
    { _id: { $in: notifications.map((n) => n.user) }, active: true, mailPref: { $nin: ['digest', 'none'] } },
    { email: 1, name: 1, lang: 1 },
    { session },
  ).lean();
  const byId = new Map(users.map((u) => [u._id.toString(), u]));
  const messages: NewMessage[] = [];
  for (const n of notifications) {
    const u = byId.get(n.user.toString());
    if (!u) continue;
    const text = translator(u.lang)(n.messageKey, n.params ?? {});
    messages.push({ key: `notification:${n._id.toString()}`, kind: 'notification', to: u.email, user: u._id, ...composeMail(u.lang, u.name, text, [text], n.link) });
  }
  return enqueue(messages, session);
}

// ── The admin's view: what is waiting, what failed, send again ──────────────

const VISIBLE: OutboxStatus[] = ['failed', 'pending', 'sending'];

export function outboxCounts(): Promise<{ failed: number; waiting: number }> {
  return Promise.all([OutboxModel.countDocuments({ status: 'failed' }), OutboxModel.countDocuments({ status: { $in: ['pending', 'sending'] } })]).then(([failed, waiting]) => ({ failed, waiting }));
}

/** Failed first, then waiting; newest first within each (a cursor pages through one status at a time). */
export async function listOutbox(actor: Actor, filter: { status?: OutboxStatus }, paging: { limit: number; cursor?: string }): Promise<Page<OutboxMessage>> {
  if (actor.role !== 'admin') throw new Forbidden();
  const q: Record<string, unknown> = { status: filter.status ? filter.status : { $in: VISIBLE } };
  const after = decodeCursor(paging.cursor);
  if (after) q._id = { $lt: after };
  const rows = await OutboxModel.find(q, { text: 0 }).sort({ _id: -1 }).limit(paging.limit + 1).lean<OutboxMessage[]>();
  const more = rows.length > paging.limit;
  const items = more ? rows.slice(0, paging.limit) : rows;
  return { items, next: more ? encodeCursor(items[items.length - 1]!._id) : null };
}

/** Gửi lại: a failed message goes back in the queue with a fresh count of attempts. */
export async function resendMessage(actor: Actor, id: Types.ObjectId, now = new Date()): Promise<OutboxMessage> {
  if (actor.role !== 'admin') throw new Forbidden();
  const msg = await OutboxModel.findOneAndUpdate(
    { _id: id, status: 'failed' },
    { $set: { status: 'pending', attempts: 0, nextAttemptAt: now }, $unset: { lockedUntil: 1, lockedBy: 1 } },
    { returnDocument: 'after' },
  ).lean<OutboxMessage>();
  if (!msg) {
    if (!(await OutboxModel.exists({ _id: id }))) throw new NotFound();
    throw new Conflict('mail.errors.not_failed');
  }
  await audit(actor, 'mail.resend', { type: 'outbox', id: msg._id, label: msg.to }, { subject: msg.subject });
  return msg;
}
