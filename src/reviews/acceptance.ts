import { CommentModel, type Comment } from './comment.model.js';
import { DispositionModel, type Disposition } from './disposition.model.js';
import { rowsOf, type RowRef } from './review.rows.js';
import { Conflict, Invalid, type FieldError } from '../http/errors.js';
import type { Submission } from '../submissions/submission.model.js';
import type { SubmissionContext } from '../submissions/submission.service.js';

/**
 * What stands between a submission and its acceptance: rows the MoJ has not
 * decided on, threads nobody has resolved. Acceptance with gaps is possible
 * only as an explicit override with a reason, which is kept and shown.
 */
export interface AcceptanceGaps {
  undecided: RowRef[];
  openThreads: { id: string; text: string; kind: string; row?: number }[];
}

export async function acceptanceGaps(submission: Pick<Submission, '_id'>): Promise<AcceptanceGaps> {
  const [rows, decided, threads] = await Promise.all([
    rowsOf(submission),
    DispositionModel.find({ submission: submission._id }, { item: 1 }).lean<Pick<Disposition, 'item'>[]>(),
    CommentModel.find({ submission: submission._id, parent: { $exists: false }, status: 'open' }).sort({ createdAt: 1, _id: 1 }).lean<Comment[]>(),
  ]);
  const done = new Set(decided.map((d) => d.item.toString()));
  const rowNo = new Map(rows.map((r) => [r.id, r.n]));
  return {
    undecided: rows.filter((r) => !done.has(r.id)),
    openThreads: threads.map((t) => ({ id: t._id.toString(), text: t.text.slice(0, 120), kind: t.target.kind, row: t.target.itemId ? rowNo.get(t.target.itemId.toString()) : undefined })),
  };
}

export function hasGaps(g: AcceptanceGaps): boolean {
  return g.undecided.length > 0 || g.openThreads.length > 0;
}

export function gapDetails(g: AcceptanceGaps): FieldError[] {
  return [
    ...g.undecided.map((r) => ({ field: `items.${r.id}`, message: 'reviews.gate.row_undecided', params: { row: r.n, doc: r.label } })),
    ...g.openThreads.map((t) => ({ field: `threads.${t.id}`, message: 'reviews.gate.thread_open', params: { text: t.text } })),
  ];
}

export interface AcceptInput {
  override?: boolean;
  reason?: string;
}

/** Refuses an acceptance with gaps unless overridden with a reason; returns what the record keeps. */
export async function checkAcceptance(ctx: SubmissionContext, input: AcceptInput): Promise<{ override: boolean; reason?: string; undecided: number; openThreads: number }> {
  const gaps = await acceptanceGaps(ctx.submission);
  if (!hasGaps(gaps)) return { override: false, undecided: 0, openThreads: 0 };
  if (!input.override) {
    throw new Conflict('reviews.gate.incomplete', { params: { rows: gaps.undecided.length, threads: gaps.openThreads.length }, details: gapDetails(gaps) });
  }
  const reason = (input.reason ?? '').normalize('NFC').trim().slice(0, 5000);
  if (!reason) throw new Invalid([{ field: 'reason', message: 'reviews.gate.reason_required' }]);
  return { override: true, reason, undecided: gaps.undecided.length, openThreads: gaps.openThreads.length };
}

/** An accepted submission is frozen: no decision or comment changes until an admin reopens it. */
export function assertNotFrozen(ctx: Pick<SubmissionContext, 'submission'>): void {
  if (ctx.submission.status === 'accepted') throw new Conflict('reviews.errors.frozen');
}

/** Tiếp thu – giải trình is the act of reviewing: only while the submission is in review. */
export function assertInReview(ctx: Pick<SubmissionContext, 'submission'>): void {
  assertNotFrozen(ctx);
  if (ctx.submission.status !== 'in_review') throw new Conflict('reviews.errors.not_in_review');
}
