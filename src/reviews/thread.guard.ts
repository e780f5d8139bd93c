import type { Types } from 'mongoose';
import { Conflict } from '../http/errors.js';
import { CommentModel, type Comment } from './comment.model.js';

/**
 * Threads never vanish: a row that has comments cannot be deleted, or the
 * conversation (and the agency's answers) would disappear from every page
 * while still being counted. The agency is told which threads hold the row.
 */
export async function assertRowsRemovable(submissionId: Types.ObjectId, rows: { id: string; n: number }[]): Promise<void> {
  if (!rows.length) return;
  const threads = await CommentModel.find(
    { submission: submissionId, parent: { $exists: false }, 'target.kind': 'item', 'target.itemId': { $in: rows.map((r) => r.id) } },
    { target: 1, text: 1, authorName: 1 },
  ).sort({ createdAt: 1, _id: 1 }).lean<Comment[]>();
  if (!threads.length) return;
  const rowNo = new Map(rows.map((r) => [r.id, r.n]));
  throw new Conflict('reviews.errors.row_has_threads', {
    params: { count: threads.length },
    details: threads.map((t) => ({
      field: `items.${t.target.itemId!.toString()}.thread.${t._id.toString()}`,
      message: 'reviews.errors.row_thread',
      params: { row: rowNo.get(t.target.itemId!.toString()) ?? 0, author: t.authorName, text: t.text.slice(0, 120) },
    })),
  });
}
