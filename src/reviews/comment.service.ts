import { inTransaction } from '../db/transaction.js';
import { findItem } from '../submissions/item.service.js';
import { Types } from 'mongoose';
import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { AttachmentModel, type Attachment } from '../attachments/attachment.model.js';
import { audit } from '../audit/audit.service.js';
import { assertMayAct, reviewersFor } from '../campaigns/assignment.service.js';
import type { Actor } from '../http/actor.js';
import { Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyScope, readsAsCoordinator } from '../http/scope.js';
import { agencyUserIds, notifyUsers, reviewerIds } from '../notifications/notification.service.js';
import { SubmissionModel } from '../submissions/submission.model.js';
import { assertCampaignOpen, loadContext, type SubmissionContext } from '../submissions/submission.service.js';
import { assertNotFrozen } from './acceptance.js';
import { normalizeQuote, reanchor } from './comment.anchor.js';
import { CommentModel, type Comment, type CommentTarget } from './comment.model.js';
import { groupThreads } from './thread.group.js';

/**
 * Threads of comments (ý kiến) on a submission, a row, or a paragraph of a
 * Word file. MoJ staff and the owner agency write in the same threads; an
 * agency never reaches another agency's thread (scope on `agency`).
 */
export interface CommentInput {
  text: string;
  itemId?: string;
  attachmentId?: string;
  paragraph?: number;
  quote?: string;
  sectionKey?: string;
  parentId?: string;
}

export interface Thread {
  root: Comment;
  replies: Comment[];
}

const MAX_TEXT = 10_000;

function cleanText(text: unknown): string {
  const t = typeof text === 'string' ? text.normalize('NFC').replace(/\r\n?/g, '\n').trim() : '';
  if (!t) throw new Invalid([{ field: 'text', message: 'reviews.errors.text_required' }]);
  if (t.length > MAX_TEXT) throw new Invalid([{ field: 'text', message: 'validation.too_long', params: { max: MAX_TEXT } }]);
  return t;
}

export async function listThreads(actor: Actor, submissionId: Types.ObjectId): Promise<Thread[]> {
  return groupThreads(await CommentModel.find({ submission: submissionId, ...agencyScope(actor) }).sort({ createdAt: 1, _id: 1 }).lean<Comment[]>());
}

async function resolveTarget(input: CommentInput, submissionId: Types.ObjectId, sectionKeys: Set<string>): Promise<CommentTarget> {
  if (input.sectionKey) {
    if (!sectionKeys.has(input.sectionKey)) throw new Invalid([{ field: 'sectionKey', message: 'reviews.errors.bad_section' }]);
    return { kind: 'section', sectionKey: input.sectionKey };
  }
  if (input.attachmentId) {
    const a = await AttachmentModel.findOne({ _id: toObjectId(input.attachmentId), submission: submissionId }).select('+paragraphs').lean<Attachment>();
    if (!a || a.type !== 'docx' || !a.paragraphs) throw new Invalid([{ field: 'attachmentId', message: 'reviews.errors.bad_attachment' }]);
    const p = Number(input.paragraph);
    if (!Number.isInteger(p) || p < 0 || p >= a.paragraphs.length) throw new Invalid([{ field: 'paragraph', message: 'reviews.errors.bad_paragraph' }]);
    const quote = (input.quote ?? '').normalize('NFC').trim().slice(0, 1000);
    if (quote && !normalizeQuote(a.paragraphs[p]!).includes(normalizeQuote(quote))) throw new Invalid([{ field: 'quote', message: 'reviews.errors.quote_not_in_paragraph' }]);
    return { kind: 'paragraph', attachmentId: a._id, paragraph: p, quote: quote || a.paragraphs[p]!.slice(0, 200) };
  }
  if (input.itemId) {
    const item = /^[0-9a-f]{24}$/i.test(input.itemId) ? await findItem(submissionId, new Types.ObjectId(input.itemId)) : null;
    if (!item) throw new Invalid([{ field: 'itemId', message: 'reviews.errors.bad_item' }]);
    return { kind: 'item', itemId: new Types.ObjectId(input.itemId) };
  }
  return { kind: 'submission' };
}

export async function addComment(actor: Actor, submissionId: string, input: CommentInput): Promise<Comment> {
  const ctx = await loadContext(actor, submissionId);
  assertWritable(actor, ctx);
  const text = cleanText(input.text);
  let target: CommentTarget;
  let parent: Comment | null = null;
  if (input.parentId) {
    const replied = await CommentModel.findOne({ _id: toObjectId(input.parentId), submission: ctx.submission._id }).lean<Comment>();
    if (!replied) throw new Invalid([{ field: 'parentId', message: 'reviews.errors.bad_parent' }]);
    // Threads are one level deep: say so, rather than pretending the reply does not exist.
    if (replied.parent) throw new Invalid([{ field: 'parentId', message: 'reviews.errors.reply_depth' }]);
    parent = replied;
    target = parent.target;
  } else {
    target = await resolveTarget(input, ctx.submission._id, new Set(ctx.template.outline.map((s) => s.key)));
  }
  const coordinating = readsAsCoordinator(actor, ctx.submission);
  const coordinatorAgency = coordinating ? (await AgencyModel.findById(actor.agencyId, { nameVi: 1 }).lean<Agency>())?.nameVi : undefined;
  const doc = await inTransaction(async (session) => {
    const [created] = await CommentModel.create([{
      submission: ctx.submission._id,
      campaign: ctx.campaign._id,
      agency: ctx.submission.agency,
      parent: parent?._id,
      target,
      author: new Types.ObjectId(actor.id),
      authorName: actor.name,
      authorRole: actor.role,
      coordinatorAgency,
      text,
      status: parent ? undefined : 'open',
      atVersion: ctx.submission.submittedVersion ?? 0,
    }], { session });
    // A reply reopens a resolved thread: someone still has something to say.
    const reopened = parent?.status === 'resolved'
      ? (await CommentModel.updateOne({ _id: parent._id, status: 'resolved' }, { $set: { status: 'open' }, $unset: { resolvedBy: 1, resolvedAt: 1 } }, { session })).modifiedCount
      : 0;
    await SubmissionModel.updateOne({ _id: ctx.submission._id }, { $set: { lastActivityAt: new Date() }, $inc: { openThreads: (parent ? 0 : 1) + reopened } }, { session });
    return created!;
  });
  await audit(actor, parent ? 'comment.reply' : 'comment.create', { type: 'comment', id: doc._id }, { submission: submissionId, target: target.kind });

  const recipients = actor.role === 'agency' ? await reviewerIds(reviewersFor(ctx.campaign, ctx.submission.agency)) : await agencyUserIds(ctx.submission.agency);
  // A coordinating agency's comment concerns the owner agency as much as its reviewer.
  if (coordinating) recipients.push(...(await agencyUserIds(ctx.submission.agency)));
  if (parent && parent.author.toString() !== actor.id) recipients.push(parent.author);
  await notifyUsers(
    recipients.filter((u) => u.toString() !== actor.id),
    {
      kind: parent ? 'reply' : 'comment',
      messageKey: parent ? 'notifications.reply' : 'notifications.comment',
      params: { author: actor.name, agency: ctx.agency.nameVi, campaign: ctx.campaign.title },
      link: `/submissions/${ctx.submission._id.toString()}#comment-${(parent?._id ?? doc._id).toString()}`,
      object: { type: 'comment', id: doc._id },
    },
  );
  return doc.toObject();
}

function assertWritable(actor: Actor, ctx: SubmissionContext): void {
  assertCampaignOpen(ctx);
  assertNotFrozen(ctx);
  assertMayAct(actor, ctx);
}

async function loadComment(actor: Actor, id: string): Promise<Comment> {
  const c = await CommentModel.findOne({ _id: toObjectId(id), ...agencyScope(actor) }).lean<Comment>();
  if (!c) throw new NotFound();
  return c;
}

export async function editComment(actor: Actor, id: string, text: unknown): Promise<Comment> {
  const c = await loadComment(actor, id);
  if (c.author.toString() !== actor.id) throw new Forbidden('reviews.errors.not_author');
  assertWritable(actor, await loadContext(actor, c.submission));
  const clean = cleanText(text);
  const saved = await CommentModel.findOneAndUpdate({ _id: c._id }, { $set: { text: clean, editedAt: new Date() } }, { returnDocument: 'after' }).lean<Comment>();
  await audit(actor, 'comment.edit', { type: 'comment', id: c._id }, { submission: c.submission.toString() });
  return saved!;
}

/** Resolve or reopen a thread: MoJ staff, or whoever started it. */
export async function setThreadStatus(actor: Actor, id: string, status: 'open' | 'resolved'): Promise<Comment> {
  const c = await loadComment(actor, id);
  if (c.parent) throw new Invalid([{ field: 'id', message: 'reviews.errors.not_thread' }]);
  if (actor.role === 'agency' && c.author.toString() !== actor.id) throw new Forbidden('reviews.errors.cannot_resolve');
  assertWritable(actor, await loadContext(actor, c.submission));
  const update = status === 'resolved' ? { $set: { status, resolvedBy: new Types.ObjectId(actor.id), resolvedAt: new Date() } } : { $set: { status }, $unset: { resolvedBy: 1, resolvedAt: 1 } };
  // Only a real change of state moves the submission's count of open threads, however many click at once.
  const saved = await inTransaction(async (session) => {
    const changed = await CommentModel.findOneAndUpdate({ _id: c._id, status: { $ne: status } }, update, { returnDocument: 'after', session }).lean<Comment>();
    if (changed) await SubmissionModel.updateOne({ _id: c.submission }, { $inc: { openThreads: status === 'open' ? 1 : -1 } }, { session });
    return changed ?? (await CommentModel.findById(c._id, undefined, { session }).lean<Comment>());
  });
  await audit(actor, status === 'resolved' ? 'comment.resolve' : 'comment.reopen', { type: 'comment', id: c._id }, { submission: c.submission.toString() });
  return saved!;
}

/** The active file that took over from `id` (following "replaces" links), or null if none did. */
function successor(id: Types.ObjectId, files: Attachment[]): Attachment | null {
  const byId = new Map(files.map((f) => [f._id.toString(), f]));
  let current = byId.get(id.toString());
  if (current?.status === 'active') return current;
  const seen = new Set<string>();
  let key = id.toString();
  while (!seen.has(key)) {
    seen.add(key);
    const next = files.find((f) => f.replaces?.toString() === key);
    if (!next) return null;
    if (next.status === 'active') return next;
    key = next._id.toString();
    current = next;
  }
  return null;
}

/**
 * At each submit: every paragraph thread finds its quote in the current
 * edition of its file. Found → moved there; not found → kept, marked outdated.
 */
export async function reanchorComments(submissionId: Types.ObjectId): Promise<{ moved: number; outdated: number }> {
  const threads = await CommentModel.find({ submission: submissionId, parent: { $exists: false }, 'target.kind': 'paragraph' }).lean<Comment[]>();
  if (!threads.length) return { moved: 0, outdated: 0 };
  const files = await AttachmentModel.find({ submission: submissionId }).select('+paragraphs').lean<Attachment[]>();
  let moved = 0;
  let outdated = 0;
  for (const c of threads) {
    const t = c.target;
    const file = successor(t.attachmentId!, files);
    const result = file?.paragraphs ? reanchor({ paragraph: t.paragraph ?? 0, quote: t.quote ?? '' }, file.paragraphs) : { paragraph: t.paragraph ?? 0, outdated: true };
    const target: CommentTarget = { ...t, attachmentId: file && !result.outdated ? file._id : t.attachmentId, paragraph: result.paragraph, outdated: result.outdated };
    if (target.paragraph !== t.paragraph || !target.attachmentId!.equals(t.attachmentId!) || Boolean(t.outdated) !== result.outdated) {
      await CommentModel.updateMany({ $or: [{ _id: c._id }, { parent: c._id }] }, { $set: { target } });
      if (result.outdated) outdated++;
      else moved++;
    }
  }
  return { moved, outdated };
}
