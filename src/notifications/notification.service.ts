import { Types, type ClientSession } from 'mongoose';
import { inTransaction } from '../db/transaction.js';
import { enqueueNotificationMail } from '../mail/outbox.service.js';
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

function isDuplicate(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] };
  const codes = (e.writeErrors ?? []).map((w) => w.code ?? w.err?.code);
  return e.code === 11000 || (codes.length > 0 && codes.every((c) => c === 11000));
}

/**
 * Inserts one notification per user and, when e-mail is on, its outbox message in the
 * same transaction, so a notification is never without its e-mail nor an e-mail without
 * its notification. Users already notified of the same dedupeKey are skipped, not errors.
 */
export async function notifyUsers(userIds: readonly (Types.ObjectId | string)[], input: NotifyInput): Promise<number> {
  const unique = [...new Set(userIds.map(String))];
  if (!unique.length) return 0;
  // A concurrent run may take a user between our check and our insert: the transaction then fails whole, and the next try skips them.
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(async (session) => {
        let users = unique;
        if (input.dedupeKey) {
          const done = await NotificationModel.find({ user: { $in: unique }, dedupeKey: input.dedupeKey }, { user: 1 }, { session }).lean();
          const skip = new Set(done.map((d) => d.user.toString()));
          users = unique.filter((u) => !skip.has(u));
        }
        if (!users.length) return 0;
        const docs = users.map((u) => ({ _id: new Types.ObjectId(), user: new Types.ObjectId(u), params: {}, ...input }));
        const inserted = await insertNotifications(docs, session);
        await countUnread(inserted.map((d) => d.user), 1, session);
        await enqueueNotificationMail(inserted, session);
        return inserted.length;
      });
    } catch (err) {
      if (attempt < 2 && isDuplicate(err)) continue;
      throw err;
    }
  }
}

/** Outside a transaction (a standalone server) duplicates are dropped one by one and the rest kept. */
async function insertNotifications<T extends { _id: Types.ObjectId; user: Types.ObjectId }>(docs: T[], session: ClientSession | undefined): Promise<T[]> {
  try {
    await NotificationModel.insertMany(docs, { ordered: false, session });
    return docs;
  } catch (err) {
    if (session || !isDuplicate(err)) throw err;
    const kept = await NotificationModel.find({ _id: { $in: docs.map((d) => d._id) } }, { _id: 1 }).lean();
    const ids = new Set(kept.map((k) => k._id.toString()));
    return docs.filter((d) => ids.has(d._id.toString()));
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

/** Each user's unread count moves with the notifications written or read for them (one notification each). */
async function countUnread(users: readonly Types.ObjectId[], by: number, session?: ClientSession): Promise<void> {
  if (!users.length || !by) return;
  await UserModel.updateMany({ _id: { $in: users } }, { $inc: { unreadNotifications: by } }, { session });
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
  await inTransaction(async (session) => {
    const res = await NotificationModel.updateOne({ ...mine, readAt: { $exists: false } }, { $set: { readAt: new Date() } }, { session });
    await countUnread([mine.user], -res.modifiedCount, session);
  });
  const n = await NotificationModel.findOne(mine).lean<Notification>();
  if (!n) throw new NotFound();
  return n;
}

export async function markAllRead(actor: Actor): Promise<number> {
  const user = new Types.ObjectId(actor.id);
  return inTransaction(async (session) => {
    const res = await NotificationModel.updateMany({ user, readAt: { $exists: false } }, { $set: { readAt: new Date() } }, { session });
    await countUnread([user], -res.modifiedCount, session);
    return res.modifiedCount;
  });
}
