import mongoose, { Schema, type Types } from 'mongoose';

/** Password-reset links (for a user) and the first-start setup link (no user yet). Stored hashed, used once. */
export interface OneTimeToken {
  _id: Types.ObjectId;
  kind: 'reset' | 'setup';
  tokenHash: string;
  user?: Types.ObjectId;
  expiresAt: Date;
  usedAt?: Date;
  createdBy?: Types.ObjectId;
  createdAt: Date;
}

const oneTimeTokenSchema = new Schema<OneTimeToken>(
  {
    kind: { type: String, enum: ['reset', 'setup'], required: true },
    tokenHash: { type: String, required: true, unique: true },
    user: { type: Schema.Types.ObjectId, ref: 'User' },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const OneTimeTokenModel = mongoose.model<OneTimeToken>('OneTimeToken', oneTimeTokenSchema);
