import mongoose, { Schema, type Types } from 'mongoose';

/** The most rows one submission holds (what an agency can add, import or send at once). */
export const MAX_ITEMS = 5000;

/**
 * One proposal row (dòng của danh mục văn bản), in its own collection: a national
 * campaign has tens of thousands of rows, and a page that shows one agency's status
 * must not decode every row of every submission to do it.
 */
export interface SubmissionItem {
  _id: Types.ObjectId;
  campaign: Types.ObjectId;
  submission: Types.ObjectId;
  agency: Types.ObjectId;
  /** Order within the submission; gaps are allowed (a deleted row leaves one). */
  position: number;
  /** Field key → value as normalised by validateItemValues (docref values carry their key). */
  values: Record<string, unknown>;
  /** The key of the row's legal document (its docref), so the same decree is found across agencies. */
  docKey?: string;
  /** The recommended action's option code (sửa đổi, bãi bỏ, …), counted per submission. */
  recommendation?: string;
  /** Every value folded (no diacritics, lower case), for diacritic-insensitive search. */
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
}

const itemSchema = new Schema<SubmissionItem>(
  {
    campaign: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    submission: { type: Schema.Types.ObjectId, ref: 'Submission', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    position: { type: Number, required: true },
    values: { type: Schema.Types.Mixed, default: {} },
    docKey: { type: String },
    recommendation: { type: String },
    searchText: { type: String, default: '' },
  },
  { timestamps: true, minimize: false, collection: 'submissionitems' },
);
// A submission's rows in order (its page, its snapshot, its appendix).
itemSchema.index({ submission: 1, position: 1 });
// The same document proposed by several agencies (consolidated appendix, reconciliation).
itemSchema.index({ campaign: 1, docKey: 1 });
// Rows by recommended action (search filter, totals).
itemSchema.index({ campaign: 1, recommendation: 1 });
// Campaign search and report streams: one campaign's rows, agency by agency.
itemSchema.index({ campaign: 1, agency: 1, position: 1 });
// Search results page by page, in _id order within a campaign.
itemSchema.index({ campaign: 1, _id: 1 });

export const SubmissionItemModel = mongoose.model<SubmissionItem>('SubmissionItem', itemSchema);
