import type { Types } from 'mongoose';

/** Comments in creation order → threads (a root and its replies, one level deep); replies to a root not in the list are dropped. */
export function groupThreads<C extends { _id: Types.ObjectId; parent?: Types.ObjectId }>(all: readonly C[]): { root: C; replies: C[] }[] {
  const threads = new Map<string, { root: C; replies: C[] }>();
  for (const c of all) if (!c.parent) threads.set(c._id.toString(), { root: c, replies: [] });
  for (const c of all) if (c.parent) threads.get(c.parent.toString())?.replies.push(c);
  return [...threads.values()];
}
