import mongoose, { Schema, type Types } from 'mongoose';

export const AGENCY_KINDS = ['ministry', 'gov-agency', 'province', 'moj'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The Ministry of Justice runs the reviews; admins and reviewers belong to it. */
export const REVIEWING_AGENCY_CODE = 'bo-tu-phap';

export interface Agency {
  _id: Types.ObjectId;
  code: string;
  nameVi: string;
  nameEn: string;
  kind: AgencyKind;
  subkind?: string;
  docSymbol?: string;
  officialCode?: string;
  active: boolean;
  /** position in the official list, so lists read in the order people expect */
  order: number;
  createdAt: Date;
  updatedAt: Date;
}

const agencySchema = new Schema<Agency>(
  {
    code: { type: String, required: true, unique: true, lowercase: true, trim: true },
    nameVi: { type: String, required: true, trim: true },
    nameEn: { type: String, required: true, trim: true },
    kind: { type: String, enum: AGENCY_KINDS, required: true },
    subkind: { type: String },
    docSymbol: { type: String },
    officialCode: { type: String },
    active: { type: Boolean, default: true },
    order: { type: Number, default: 1000 },
  },
  { timestamps: true },
);
agencySchema.index({ order: 1, _id: 1 });

export const AgencyModel = mongoose.model<Agency>('Agency', agencySchema);
