import mongoose, { Schema, type Types } from 'mongoose';

/**
 * A row prepared centrally and given to agencies (đầu việc được giao): the values of the
 * template's central fields, addressed to a lead agency and any coordinating agencies.
 * Each addressed agency answers it for itself (ReferenceAnswer).
 */
export interface ReferenceRow {
  _id: Types.ObjectId;
  campaign: Types.ObjectId;
  /** Order in the imported list, kept for every page and report. */
  position: number;
  values: Record<string, unknown>;
  lead: Types.ObjectId;
  coordinating: Types.ObjectId[];
  /** lead + coordinating: the one index every agency read goes through. */
  agencies: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

/** One agency's answer to one reference row; `rev` guards against two officers saving over each other. */
export interface ReferenceAnswer {
  _id: Types.ObjectId;
  campaign: Types.ObjectId;
  row: Types.ObjectId;
  agency: Types.ObjectId;
  values: Record<string, unknown>;
  rev: number;
  answeredBy?: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const rowSchema = new Schema<ReferenceRow>(
  {
    campaign: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    position: { type: Number, required: true },
    values: { type: Schema.Types.Mixed, default: {} },
    lead: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    coordinating: { type: [{ type: Schema.Types.ObjectId, ref: 'Agency' }], default: [] },
    agencies: { type: [{ type: Schema.Types.ObjectId, ref: 'Agency' }], default: [] },
  },
  { timestamps: true, minimize: false, collection: 'referencerows' },
);
rowSchema.index({ campaign: 1, position: 1 });
rowSchema.index({ campaign: 1, agencies: 1, position: 1 });

const answerSchema = new Schema<ReferenceAnswer>(
  {
    campaign: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    row: { type: Schema.Types.ObjectId, ref: 'ReferenceRow', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    values: { type: Schema.Types.Mixed, default: {} },
    rev: { type: Number, required: true, default: 1 },
    answeredBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, minimize: false, collection: 'referenceanswers' },
);
answerSchema.index({ row: 1, agency: 1 }, { unique: true });
answerSchema.index({ campaign: 1, agency: 1 });

export const ReferenceRowModel = mongoose.model<ReferenceRow>('ReferenceRow', rowSchema);
export const ReferenceAnswerModel = mongoose.model<ReferenceAnswer>('ReferenceAnswer', answerSchema);
