import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { RenderedDocx } from '../attachments/docx.render.js';
import { audit } from '../audit/audit.service.js';
import { inTransaction } from '../db/transaction.js';
import type { Actor } from '../http/actor.js';
import { SubmissionModel } from '../submissions/submission.model.js';
import { CommentModel, type Comment, type CommentTarget } from './comment.model.js';

/**
 * A Word file's own comments become threads on that file's paragraphs: each top-level
 * comment a thread, its answers replies, a thread marked done in Word resolved. The Word
 * author and date are kept beside the account that brought them in. The same comment read
 * again (the file uploaded once more, or its next edition still carrying it) is recognised
 * by its author, date and text, so nothing is doubled.
 */
type WordComments = RenderedDocx['comments'];

export interface ImportTarget {
  submission: Types.ObjectId;
  campaign: Types.ObjectId;
  agency: Types.ObjectId;
  attachmentId: Types.ObjectId;
  /** the reader's paragraphs of the file the threads are anchored to */
  paragraphs: readonly string[];
  atVersion: number;
}

export interface ImportResult {
  threads: number;
  replies: number;
  /** comments already imported before */
  known: number;
  /** threads whose paragraph was not found: kept, marked as no longer in the file */
  unplaced: number;
}

function keyOf(c: WordComments[number]): string {
  return createHash('sha256').update(`${c.author}\u0000${c.date}\u0000${c.text}`).digest('hex').slice(0, 32);
}

function wordDate(date: string): Date | undefined {
  const t = Date.parse(date);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** The top of a comment's chain of answers (Word allows answers to answers; threads here are one level). */
function rootOf(c: WordComments[number], byId: Map<string, WordComments[number]>): WordComments[number] {
  let current = c;
  const seen = new Set<string>();
  while (current.parentId && byId.has(current.parentId) && !seen.has(current.id)) {
    seen.add(current.id);
    current = byId.get(current.parentId)!;
  }
  return current;
}

function targetOf(c: WordComments[number], to: ImportTarget): CommentTarget {
  const p = c.paragraph;
  if (p === null || p >= to.paragraphs.length) return { kind: 'paragraph', attachmentId: to.attachmentId, paragraph: 0, quote: c.quote.slice(0, 1000), outdated: true };
  return { kind: 'paragraph', attachmentId: to.attachmentId, paragraph: p, quote: (c.quote || to.paragraphs[p]!).slice(0, 1000) };
}

/**
 * `asActor`: a reviewer's commented copy — the comments are the reviewer's own, whatever
 * name their copy of Word carried; the Word author and date stay on each for reference.
 */
export async function importWordComments(actor: Actor, to: ImportTarget, comments: WordComments, opts: { asActor?: boolean } = {}): Promise<ImportResult> {
  const result: ImportResult = { threads: 0, replies: 0, known: 0, unplaced: 0 };
  if (!comments.length) return result;
  const byId = new Map(comments.map((c) => [c.id, c]));
  const keys = new Map(comments.map((c) => [c.id, keyOf(c)]));
  const existing = await CommentModel.find({ submission: to.submission, 'word.key': { $in: [...keys.values()] } }).select('_id parent word.key').lean<Comment[]>();
  const known = new Map(existing.map((c) => [c.word!.key, c._id]));
  const roots = comments.filter((c) => rootOf(c, byId) === c);
  const base = { submission: to.submission, campaign: to.campaign, agency: to.agency, author: new Types.ObjectId(actor.id), authorRole: actor.role, atVersion: to.atVersion };
  const origin = (c: WordComments[number]) => ({ authorName: opts.asActor ? actor.name : c.author || actor.name, text: c.text, word: { author: c.author, date: wordDate(c.date), key: keys.get(c.id)! } });

  const docs: Record<string, unknown>[] = [];
  const rootIds = new Map<string, Types.ObjectId>();
  let opened = 0;
  for (const root of roots) {
    const id = known.get(keys.get(root.id)!);
    if (id) {
      rootIds.set(root.id, id);
      result.known++;
      continue;
    }
    const _id = new Types.ObjectId();
    rootIds.set(root.id, _id);
    const target = targetOf(root, to);
    if (target.outdated) result.unplaced++;
    const resolved = root.done ? { status: 'resolved', resolvedBy: base.author, resolvedAt: new Date() } : { status: 'open' };
    if (!root.done) opened++;
    docs.push({ _id, ...base, ...origin(root), target, ...resolved });
    result.threads++;
  }
  const targets = new Map(docs.map((d) => [String(d._id), d.target as CommentTarget]));
  for (const reply of comments.filter((c) => !roots.includes(c))) {
    if (known.has(keys.get(reply.id)!)) {
      result.known++;
      continue;
    }
    const parent = rootIds.get(rootOf(reply, byId).id)!;
    // An answer to a thread imported earlier takes that thread's current place.
    const target = targets.get(String(parent)) ?? (await CommentModel.findById(parent).select('target').lean<Comment>())?.target;
    docs.push({ _id: new Types.ObjectId(), ...base, ...origin(reply), parent, target });
    result.replies++;
  }
  if (!docs.length) return result;
  await inTransaction(async (session) => {
    await CommentModel.insertMany(docs, { session });
    await SubmissionModel.updateOne({ _id: to.submission }, { $set: { lastActivityAt: new Date() }, $inc: { openThreads: opened } }, { session });
  });
  await audit(actor, 'comment.import_word', { type: 'attachment', id: to.attachmentId }, { submission: to.submission.toString(), copy: Boolean(opts.asActor), ...result });
  return result;
}
