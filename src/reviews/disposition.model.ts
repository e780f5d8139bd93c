import mongoose, { Schema, type Types } from 'mongoose';

export const DECISIONS = ['accepted', 'partly_accepted', 'not_accepted'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * Tiếp thu – giải trình of one row, by the MoJ. Kept apart from the row so an
 * agency's edit of its rows can never erase a reviewer's decision.
 */
export interface Disposition {
  _id: Types.ObjectId;
  submission: Types.ObjectId;
  agency: Types.ObjectId;
  item: Types.ObjectId;
  decision: Decision;
  explanation: string;
  by: Types.ObjectId;
  byName: string;
  at: Date;
}

const dispositionSchema = new Schema<Disposition>(
  {
    submission: { type: Schema.Types.ObjectId, ref: 'Submission', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    item: { type: Schema.Types.ObjectId, required: true },
    decision: { type: String, enum: DECISIONS, required: true },
    explanation: { type: String, default: '' },
    by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    byName: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { collection: 'dispositions' },
);
dispositionSchema.index({ submission: 1, item: 1 }, { unique: true });

export const DispositionModel = mongoose.model<Disposition>('Disposition', dispositionSchema);
