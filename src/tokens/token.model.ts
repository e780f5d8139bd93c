import mongoose, { Schema, type Types } from 'mongoose';

/** A personal API token. Only its sha256 is stored; the token itself is shown once. */
export interface ApiToken {
  _id: Types.ObjectId;
  user: Types.ObjectId;
  name: string;
  tokenHash: string;
  /** first characters, so the owner can tell tokens apart */
  prefix: string;
  lastUsedAt?: Date;
  revokedAt?: Date;
  createdAt: Date;
}

const apiTokenSchema = new Schema<ApiToken>(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    name: { type: String, required: true, trim: true },
    tokenHash: { type: String, required: true, unique: true },
    prefix: { type: String, required: true },
    lastUsedAt: { type: Date },
    revokedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const ApiTokenModel = mongoose.model<ApiToken>('ApiToken', apiTokenSchema);
