import mongoose, { Schema, type Types } from 'mongoose';

/**
 * Ý kiến: on the whole submission, on one row, or on one paragraph of one
 * Word attachment. Replies point at their thread's first comment. `agency` is
 * the submission's agency (not the author's), so one scope filter serves all.
 */
export const COMMENT_TARGET_KINDS = ['submission', 'item', 'paragraph', 'section'] as const;
export type CommentTargetKind = (typeof COMMENT_TARGET_KINDS)[number];

export interface CommentTarget {
  kind: CommentTargetKind;
  itemId?: Types.ObjectId;
  attachmentId?: Types.ObjectId;
  paragraph?: number;
  quote?: string;
  /** a section of the narrative report (the template outline's key) */
  sectionKey?: string;
  /** the quote is no longer in the current file: shown as such, never dropped */
  outdated?: boolean;
}

/** A comment that came from a Word file's own comments: who wrote it in Word and when. */
export interface WordOrigin {
  author: string;
  date?: Date;
  /** the same comment read again (the file re-uploaded) is recognised by this, per submission */
  key: string;
}

export interface Comment {
  _id: Types.ObjectId;
  submission: Types.ObjectId;
  campaign: Types.ObjectId;
  agency: Types.ObjectId;
  parent?: Types.ObjectId;
  target: CommentTarget;
  author: Types.ObjectId;
  authorName: string;
  authorRole: string;
  /** A coordinating agency's comment names that agency, so readers tell it from the submitting agency. */
  coordinatorAgency?: string;
  text: string;
  status?: 'open' | 'resolved';
  resolvedBy?: Types.ObjectId;
  resolvedAt?: Date;
  editedAt?: Date;
  word?: WordOrigin;
  /** the submitted version the comment was written against */
  atVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

const targetSchema = new Schema<CommentTarget>(
  {
    kind: { type: String, enum: COMMENT_TARGET_KINDS, required: true },
    itemId: { type: Schema.Types.ObjectId },
    attachmentId: { type: Schema.Types.ObjectId, ref: 'Attachment' },
    paragraph: { type: Number },
    quote: { type: String },
    sectionKey: { type: String },
    outdated: { type: Boolean },
  },
  { _id: false },
);

const wordSchema = new Schema<WordOrigin>(
  {
    author: { type: String, required: true },
    date: { type: Date },
    key: { type: String, required: true },
  },
  { _id: false },
);

const commentSchema = new Schema<Comment>(
  {
    submission: { type: Schema.Types.ObjectId, ref: 'Submission', required: true },
    campaign: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    parent: { type: Schema.Types.ObjectId, ref: 'Comment' },
    target: { type: targetSchema, required: true },
    author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    authorName: { type: String, required: true },
    authorRole: { type: String, required: true },
    coordinatorAgency: { type: String },
    text: { type: String, required: true },
    // Only thread roots carry a status (the dashboard counts open threads, not replies).
    status: { type: String, enum: ['open', 'resolved'] },
    resolvedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    resolvedAt: { type: Date },
    editedAt: { type: Date },
    word: { type: wordSchema },
    atVersion: { type: Number, default: 0 },
  },
  { timestamps: true, collection: 'comments' },
);
commentSchema.index({ submission: 1, createdAt: 1 });
commentSchema.index({ campaign: 1, status: 1 });
commentSchema.index({ campaign: 1, createdAt: 1 });
commentSchema.index({ submission: 1, 'word.key': 1 }, { sparse: true });

export const CommentModel = mongoose.model<Comment>('Comment', commentSchema);
