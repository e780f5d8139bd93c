import mongoose, { Schema, type Types } from 'mongoose';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const OUTBOX_KINDS = ['notification', 'digest', 'reminder', 'escalation'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * Hộp thư đi: every e-mail the app sends waits here until a sender delivers it.
 * A sender claims a message by moving it to `sending` with a lease; a sender that
 * dies leaves the lease to expire, and the message is tried again.
 */
export interface OutboxMessage {
  _id: Types.ObjectId;
  /** One message per event and recipient: a notification id, a digest day, an escalation. */
  key: string;
  kind: OutboxKind;
  to: string;
  user?: Types.ObjectId;
  subject: string;
  text: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil?: Date;
  lockedBy?: string;
  /** The transport's error code and message only: never the conversation with the server. */
  lastError?: { code?: string; message: string };
  sentAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const outboxSchema = new Schema<OutboxMessage>(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, enum: OUTBOX_KINDS, required: true },
    to: { type: String, required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User' },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, enum: OUTBOX_STATUSES, required: true, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lockedUntil: { type: Date },
    lockedBy: { type: String },
    lastError: { code: { type: String }, message: { type: String } },
    sentAt: { type: Date },
  },
  { timestamps: true, collection: 'outbox' },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ status: 1, lockedUntil: 1 });

export const OutboxModel = mongoose.model<OutboxMessage>('OutboxMessage', outboxSchema);
