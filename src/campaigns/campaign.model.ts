import mongoose, { Schema, Types } from 'mongoose';
import { clearOnWrite, ReadCache } from '../db/read-cache.js';

export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Gia hạn: one agency's own deadline, with the reason the admin gave. */
export interface DeadlineExtension {
  agency: Types.ObjectId;
  deadline: Date;
  reason: string;
  by: Types.ObjectId;
  byName: string;
  at: Date;
}

/** One review run (đợt rà soát): a pinned published template version, agencies, deadline, reviewers. */
export interface Campaign {
  _id: Types.ObjectId;
  title: string;
  instructions: string;
  template: Types.ObjectId;
  /** Copied from the pinned version so lists need no join. */
  templateVersion: number;
  templateTitle: string;
  agencies: Types.ObjectId[];
  reviewers: Types.ObjectId[];
  /**
   * Cơ quan phối hợp (e.g. Bộ Công an, Văn phòng Chính phủ): every user of these agencies
   * reads all submissions of the campaign and comments, but never decides or edits.
   */
  coordinators?: Types.ObjectId[];
  /** Per-agency reviewer (phân công): the one reviewer who acts on that agency's submission. */
  assignments?: { agency: Types.ObjectId; reviewer: Types.ObjectId }[];
  extensions?: DeadlineExtension[];
  /** Why an admin last reopened a closed campaign. */
  reopenReason?: string;
  startDate?: Date;
  /** End of the deadline day in Vietnam (23:59:59 +07:00). */
  deadline: Date;
  status: CampaignStatus;
  rev: number;
  /** Submissions per status, kept with every status change (lists and dashboards read this, not the submissions). */
  statusCounts: Record<string, number>;
  createdBy?: Types.ObjectId;
  openedAt?: Date;
  closedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const campaignSchema = new Schema<Campaign>(
  {
    title: { type: String, required: true },
    instructions: { type: String, default: '' },
    template: { type: Schema.Types.ObjectId, ref: 'ReviewTemplate', required: true },
    templateVersion: { type: Number, required: true },
    templateTitle: { type: String, required: true },
    agencies: { type: [{ type: Schema.Types.ObjectId, ref: 'Agency' }], default: [] },
    reviewers: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [] },
    coordinators: { type: [{ type: Schema.Types.ObjectId, ref: 'Agency' }], default: [] },
    assignments: {
      type: [new Schema({ agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true }, reviewer: { type: Schema.Types.ObjectId, ref: 'User', required: true } }, { _id: false })],
      default: [],
    },
    extensions: {
      type: [new Schema({ agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true }, deadline: { type: Date, required: true }, reason: { type: String, required: true }, by: { type: Schema.Types.ObjectId, ref: 'User' }, byName: { type: String }, at: { type: Date } }, { _id: false })],
      default: [],
    },
    reopenReason: { type: String },
    startDate: { type: Date },
    deadline: { type: Date, required: true },
    status: { type: String, enum: CAMPAIGN_STATUSES, required: true, default: 'draft' },
    rev: { type: Number, required: true, default: 1 },
    statusCounts: { type: Schema.Types.Mixed, default: () => ({}) },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    openedAt: { type: Date },
    closedAt: { type: Date },
  },
  { timestamps: true, minimize: false, collection: 'campaigns' },
);
campaignSchema.index({ agencies: 1, status: 1 });
campaignSchema.index({ status: 1, deadline: 1 });
campaignSchema.index({ reviewers: 1 });
campaignSchema.index({ coordinators: 1, status: 1 });
campaignSchema.index({ 'assignments.reviewer': 1 });

/**
 * The open and closed campaigns (ids) each agency coordinates, read again after a few seconds:
 * every page an agency user opens needs them (agencyScope), and admins seldom change them. A
 * change through the model in this process is seen at once.
 */
export const coordinatedCampaigns = new ReadCache<string, readonly string[]>(async (agencyId) => {
  const rows = await CampaignModel.find({ coordinators: new Types.ObjectId(agencyId), status: { $in: ['open', 'closed'] } }, { _id: 1 }).lean<Pick<Campaign, '_id'>[]>();
  return rows.map((r) => r._id.toString());
}, 10_000);
clearOnWrite(campaignSchema, coordinatedCampaigns);

export const CampaignModel = mongoose.model<Campaign>('Campaign', campaignSchema);
