import { Types } from 'mongoose';
import type { Actor } from '../http/actor.js';
import { NotFound } from '../http/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../http/paging.js';
import { UserModel } from '../users/user.model.js';
import { NotificationModel, type Notification, type NotificationKind } from './notification.model.js';

/**
 * In-app notifications. Senders name the recipients and an i18n key; a
 * dedupeKey makes sending idempotent (a retried job, two instances racing).
 */
export interface NotifyInput {
  kind: NotificationKind;
  messageKey: string;
  params?: Record<string, string | number>;
  link?: string;
  object?: { type: string; id: Types.ObjectId };
  dedupeKey?: string;
}

/** Inserts one notification per user; duplicates by (user, dedupeKey) are skipped, not errors. */
export async function notifyUsers(userIds: readonly (Types.ObjectId | string)[], input: NotifyInput): Promise<number> {
  const unique = [...new Set(userIds.map(String))];
  if (!unique.length) return 0;
  const docs = unique.map((u) => ({ user: new Types.ObjectId(u), params: {}, ...input }));
  try {
    const res = await NotificationModel.insertMany(docs, { ordered: false });
    return res.length;
  } catch (err) {
    const e = err as { code?: number; insertedDocs?: unknown[]; writeErrors?: { code?: number; err?: { code?: number } }[] };
    const codes = (e.writeErrors ?? []).map((w) => w.code ?? w.err?.code);
    if (e.code === 11000 || (codes.length && codes.every((c) => c === 11000))) return e.insertedDocs?.length ?? 0;
    throw err;
  }
}

/** Active users of an agency (the agency side of a submission). */
export async function agencyUserIds(agency: Types.ObjectId | string): Promise<Types.ObjectId[]> {
  return (await agencyUsersByAgency([agency])).get(String(agency)) ?? [];
}

/** Active agency users of several agencies in one query, by agency id. */
export async function agencyUsersByAgency(agencies: readonly (Types.ObjectId | string)[]): Promise<Map<string, Types.ObjectId[]>> {
  const users = await UserModel.find({ agency: { $in: agencies }, role: 'agency', active: true }, { agency: 1 }).lean();
  const out = new Map<string, Types.ObjectId[]>();
  for (const u of users) out.set(String(u.agency), [...(out.get(String(u.agency)) ?? []), u._id]);
  return out;
}

/** The campaign's assigned reviewers, or — when none is assigned — every active admin, so nothing lands nowhere. */
export async function reviewerIds(reviewers: readonly Types.ObjectId[]): Promise<Types.ObjectId[]> {
  if (reviewers.length) {
    const users = await UserModel.find({ _id: { $in: reviewers }, active: true }, { _id: 1 }).lean();
    return users.map((u) => u._id);
  }
  const admins = await UserModel.find({ role: 'admin', active: true }, { _id: 1 }).lean();
  return admins.map((u) => u._id);
}

export function unreadCount(actor: Actor): Promise<number> {
  // `null` (not `$exists: false`) keeps the count within the {user, readAt} index's bounds.
  return NotificationModel.countDocuments({ user: new Types.ObjectId(actor.id), readAt: null });
}

/** Newest first. */
export async function listNotifications(actor: Actor, paging: { limit: number; cursor?: string }, unreadOnly = false): Promise<Page<Notification>> {
  const q: Record<string, unknown> = { user: new Types.ObjectId(actor.id) };
  if (unreadOnly) q.readAt = { $exists: false };
  const after = decodeCursor(paging.cursor);
  if (after) q._id = { $lt: after };
  const rows = await NotificationModel.find(q).sort({ _id: -1 }).limit(paging.limit + 1).lean<Notification[]>();
  const more = rows.length > paging.limit;
  const items = more ? rows.slice(0, paging.limit) : rows;
  return { items, next: more ? encodeCursor(items[items.length - 1]!._id) : null };
}

/** Marks one of the actor's own notifications read; someone else's is "not found". Returns it for its link. */
export async function markRead(actor: Actor, id: Types.ObjectId): Promise<Notification> {
  const mine = { _id: id, user: new Types.ObjectId(actor.id) };
  await NotificationModel.updateOne({ ...mine, readAt: { $exists: false } }, { $set: { readAt: new Date() } });
  const n = await NotificationModel.findOne(mine).lean<Notification>();
  if (!n) throw new NotFound();
  return n;
}

export async function markAllRead(actor: Actor): Promise<number> {
  const res = await NotificationModel.updateMany({ user: new Types.ObjectId(actor.id), readAt: { $exists: false } }, { $set: { readAt: new Date() } });
  return res.modifiedCount;
}
