import mongoose, { Schema, type Types } from 'mongoose';

/**
 * One agency's submission to one campaign (báo cáo của cơ quan). Created as a draft
 * when the campaign opens; the submissions feature adds editing, transitions and snapshots.
 */
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'in_review', 'changes_requested', 'accepted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export type { SubmissionItem } from './item.model.js';

export interface ReportSection {
  /** The template outline section's key. */
  key: string;
  text: string;
}

export interface Submission {
  _id: Types.ObjectId;
  campaign: Types.ObjectId;
  agency: Types.ObjectId;
  status: SubmissionStatus;
  /** Rows live in their own collection (item.model.ts); these counts are kept with every write to them. */
  itemCount: number;
  /** Rows per recommended action code. */
  recommendationCounts: Record<string, number>;
  /** Comment threads still open on this submission. */
  openThreads: number;
  reportSections: ReportSection[];
  /** The report's sections folded for diacritic-insensitive search, kept with every save. */
  reportSearchText?: string;
  /** Edit counter for optimistic concurrency: a save based on an older version is a 409. */
  version: number;
  submittedAt?: Date;
  /** Number of the latest snapshot taken at submit (0 = never submitted). */
  submittedVersion?: number;
  /** What the reviewer asked for with the last request_changes, shown to the agency. */
  reviewMessage?: string;
  statusChangedAt?: Date;
  acceptedAt?: Date;
  /** How the last acceptance went: with an override, what was still missing and why it was accepted anyway. */
  acceptance?: { override: boolean; reason?: string; undecided: number; openThreads: number; by: Types.ObjectId; byName: string; at: Date };
  /** The agency declared, at its last submit, that no document needs action (no rows by design). */
  noDocuments?: boolean;
  /** Why an admin last reopened an accepted submission. */
  reopenReason?: string;
  /** Any change by the agency or a reviewer; the dashboard's "last activity". */
  lastActivityAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const sectionSchema = new Schema<ReportSection>({ key: { type: String, required: true }, text: { type: String, default: '' } }, { _id: false });

const submissionSchema = new Schema<Submission>(
  {
    campaign: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    status: { type: String, enum: SUBMISSION_STATUSES, required: true, default: 'draft' },
    itemCount: { type: Number, required: true, default: 0 },
    recommendationCounts: { type: Schema.Types.Mixed, default: () => ({}) },
    openThreads: { type: Number, required: true, default: 0 },
    reportSections: { type: [sectionSchema], default: [] },
    reportSearchText: { type: String, select: false },
    version: { type: Number, required: true, default: 1 },
    submittedAt: { type: Date },
    submittedVersion: { type: Number, default: 0 },
    reviewMessage: { type: String },
    statusChangedAt: { type: Date },
    acceptedAt: { type: Date },
    acceptance: { type: Schema.Types.Mixed },
    reopenReason: { type: String },
    noDocuments: { type: Boolean },
    lastActivityAt: { type: Date, required: true, default: () => new Date() },
  },
  { timestamps: true, minimize: false, collection: 'submissions' },
);
// Exactly one submission per campaign × agency, even if "open" runs twice at once.
submissionSchema.index({ campaign: 1, agency: 1 }, { unique: true });
submissionSchema.index({ agency: 1, status: 1 });
// The reviewer queue: by campaign and status, most recently active first.
submissionSchema.index({ campaign: 1, status: 1, lastActivityAt: -1 });

export const SubmissionModel = mongoose.model<Submission>('Submission', submissionSchema);
