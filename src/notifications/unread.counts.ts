import type { Types } from 'mongoose';
import type { Drift } from '../submissions/item.counts.js';
import { UserModel, type User } from '../users/user.model.js';
import { NotificationModel } from './notification.model.js';

/**
 * Each user's unread notifications, kept on the user with every notification written or read
 * (notification.service.ts), recomputed here from the notifications themselves.
 */
async function actualUnread(users?: readonly Types.ObjectId[]): Promise<Map<string, number>> {
  const groups = await NotificationModel.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { readAt: null, ...(users ? { user: { $in: users } } : {}) } },
    { $group: { _id: '$user', n: { $sum: 1 } } },
  ]);
  return new Map(groups.map((g) => [g._id.toString(), g.n]));
}

/** Users stored before the count was kept get it once, at start-up; a second run finds none. */
export async function migrateUnreadCounts(log: (line: string) => void = () => {}): Promise<number> {
  const users = (await UserModel.find({ unreadNotifications: { $exists: false } }, { _id: 1 }).lean()).map((u) => u._id);
  if (!users.length) return 0;
  const actual = await actualUnread(users);
  await UserModel.bulkWrite(users.map((_id) => ({ updateOne: { filter: { _id, unreadNotifications: { $exists: false } }, update: { $set: { unreadNotifications: actual.get(_id.toString()) ?? 0 } } } })));
  log(`unread notification counts: kept for ${users.length} user(s)`);
  return users.length;
}

/** Drift between the kept counts and the notifications; with `fix`, repaired. */
export async function checkUnreadCounts(opts: { fix?: boolean } = {}): Promise<Drift[]> {
  const actual = await actualUnread();
  const drift: Drift[] = [];
  for await (const u of UserModel.find({}, { unreadNotifications: 1 }).lean<Pick<User, '_id' | 'unreadNotifications'>[]>().cursor()) {
    const n = actual.get(u._id.toString()) ?? 0;
    if ((u.unreadNotifications ?? 0) === n) continue;
    drift.push({ kind: 'user', id: u._id.toString(), field: 'unreadNotifications', stored: u.unreadNotifications, actual: n });
    if (opts.fix) await UserModel.updateOne({ _id: u._id }, { $set: { unreadNotifications: n } });
  }
  return drift;
}
