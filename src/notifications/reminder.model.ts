import mongoose, { Schema, type Types } from 'mongoose';

export const REMINDER_KINDS = ['d7', 'd3', 'd1', 'overdue', 'escalation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * The claim that makes a deadline reminder happen once: whichever job run
 * inserts (submission, kind) first sends it; a second run, on this instance
 * or another, hits the unique index and skips.
 */
export interface ReminderClaim {
  _id: Types.ObjectId;
  submission: Types.ObjectId;
  kind: ReminderKind;
  claimedAt: Date;
  notified: number;
}

const claimSchema = new Schema<ReminderClaim>(
  {
    submission: { type: Schema.Types.ObjectId, ref: 'Submission', required: true },
    kind: { type: String, enum: REMINDER_KINDS, required: true },
    claimedAt: { type: Date, required: true },
    notified: { type: Number, default: 0 },
  },
  { collection: 'reminderclaims' },
);
claimSchema.index({ submission: 1, kind: 1 }, { unique: true });

export const ReminderClaimModel = mongoose.model<ReminderClaim>('ReminderClaim', claimSchema);
