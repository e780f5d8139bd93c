import mongoose, { Schema, type Types } from 'mongoose';

/**
 * A numbered snapshot taken at every submit: what the agency sent, exactly,
 * so reviewers can compare versions and the agency holds a receipt for it.
 * Never updated after it is written.
 */
export interface VersionItem {
  id: string;
  values: Record<string, unknown>;
}

export interface VersionAttachment {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
}

export interface SubmissionVersion {
  _id: Types.ObjectId;
  submission: Types.ObjectId;
  campaign: Types.ObjectId;
  agency: Types.ObjectId;
  n: number;
  submittedAt: Date;
  submittedBy: Types.ObjectId;
  submittedByName: string;
  /** The edit counter of the submission that was sent. */
  editVersion: number;
  items: VersionItem[];
  report: Record<string, string>;
  attachments: VersionAttachment[];
  message?: string;
}

const versionSchema = new Schema<SubmissionVersion>(
  {
    submission: { type: Schema.Types.ObjectId, ref: 'Submission', required: true },
    campaign: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    n: { type: Number, required: true, min: 1 },
    submittedAt: { type: Date, required: true },
    submittedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    submittedByName: { type: String, default: '' },
    editVersion: { type: Number, required: true },
    items: { type: [{ _id: false, id: String, values: Schema.Types.Mixed }], default: [] },
    report: { type: Schema.Types.Mixed, default: {} },
    attachments: { type: [{ _id: false, id: String, name: String, type: { type: String }, size: Number, sha256: String }], default: [] },
    message: { type: String },
  },
  { collection: 'submissionversions', minimize: false },
);
// Two submits racing cannot both become version n.
versionSchema.index({ submission: 1, n: 1 }, { unique: true });

export const SubmissionVersionModel = mongoose.model<SubmissionVersion>('SubmissionVersion', versionSchema);
