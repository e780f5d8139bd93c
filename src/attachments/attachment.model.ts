import mongoose, { Schema, type Types } from 'mongoose';

export const ATTACHMENT_TYPES = ['docx', 'pdf', 'xlsx'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * A file of a submission. The bytes live in GridFS (bucket "attachments");
 * this document holds what was detected from them. A file that was part of a
 * submitted version is never deleted, only marked removed, so old versions
 * and receipts keep pointing at real bytes.
 */
export interface Attachment {
  _id: Types.ObjectId;
  submission: Types.ObjectId;
  campaign: Types.ObjectId;
  agency: Types.ObjectId;
  originalName: string;
  /** sanitized, what downloads are named */
  name: string;
  type: AttachmentType;
  mime: string;
  size: number;
  sha256: string;
  fileId: Types.ObjectId;
  uploadedBy: Types.ObjectId;
  status: 'active' | 'removed';
  /** the earlier file this one replaces: paragraph comments move to it at the next submit */
  replaces?: Types.ObjectId;
  /** first version that included it */
  inVersions: number[];
  /** Word files: the plain text of each anchored paragraph, for re-anchoring */
  paragraphs?: string[];
  /** Word files: rendered HTML, loaded only by the reading page */
  html?: string;
  renderWarnings?: string[];
  /** The file's text, extracted once at upload (empty for types without an extractor). */
  text?: string;
  /** `text` folded for diacritic-insensitive search. */
  searchText?: string;
  /** A PDF whose text is read from the stored file after the upload was answered, not yet done. */
  textPending?: boolean;
  removedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const attachmentSchema = new Schema<Attachment>(
  {
    submission: { type: Schema.Types.ObjectId, ref: 'Submission', required: true },
    campaign: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    originalName: { type: String, required: true },
    name: { type: String, required: true },
    type: { type: String, enum: ATTACHMENT_TYPES, required: true },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true },
    uploadedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    status: { type: String, enum: ['active', 'removed'], default: 'active' },
    replaces: { type: Schema.Types.ObjectId, ref: 'Attachment' },
    inVersions: { type: [Number], default: [] },
    paragraphs: { type: [String], select: false },
    html: { type: String, select: false },
    renderWarnings: { type: [String], default: undefined },
    text: { type: String, select: false },
    searchText: { type: String, select: false },
    textPending: { type: Boolean },
    removedAt: { type: Date },
  },
  { timestamps: true, collection: 'attachments' },
);
attachmentSchema.index({ submission: 1, status: 1, createdAt: 1 });
attachmentSchema.index({ replaces: 1 });
// Search within one campaign's current files.
attachmentSchema.index({ campaign: 1, status: 1 });
// The upload sweep's few files whose text is still to be read.
attachmentSchema.index({ textPending: 1 }, { sparse: true });

export const AttachmentModel = mongoose.model<Attachment>('Attachment', attachmentSchema);
