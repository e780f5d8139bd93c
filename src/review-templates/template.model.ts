import { clearOnWrite, ReadCache } from '../db/read-cache.js';
import mongoose, { Schema, type Types } from 'mongoose';
import type { Appendix, OutlineSection, TemplateField, TemplateSpec } from './template.schema.js';

export const TEMPLATE_STATUSES = ['draft', 'published', 'archived'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/**
 * One version of a review template. Versions of the same template share `family`
 * (the _id of version 1). A published version is frozen: campaigns pin it, so an edit
 * makes version n+1 as a new draft instead of changing what agencies already fill in.
 */
export interface ReviewTemplate extends TemplateSpec {
  _id: Types.ObjectId;
  family: Types.ObjectId;
  version: number;
  status: TemplateStatus;
  /** Set on templates shipped in templates/*.json, so installation is idempotent. */
  builtinCode?: string;
  /** The text revision of templates/*.json last applied to a built-in version 1 (wording only, never columns). */
  builtinTextRev?: number;
  /** Edit counter: a PUT based on an older rev is a 409. */
  rev: number;
  createdBy?: Types.ObjectId;
  updatedBy?: Types.ObjectId;
  publishedAt?: Date;
  publishedBy?: Types.ObjectId;
  archivedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

// Field, section and column shapes are validated by template.schema.ts before they get
// here; the model stores them as plain sub-documents without _id noise.
const sub = { _id: false } as const;
const optionSchema = new Schema({ value: String, label_vi: String, label_en: String }, sub);
const fieldSchema = new Schema<TemplateField>(
  {
    key: { type: String, required: true },
    label_vi: { type: String, required: true },
    label_en: { type: String, default: '' },
    type: { type: String, required: true },
    required: { type: Boolean, default: false },
    options: { type: [optionSchema], default: [] },
    help: { type: String, default: '' },
    docref: { type: Schema.Types.Mixed },
    number: { type: Schema.Types.Mixed },
  },
  sub,
);
const sectionSchema = new Schema<OutlineSection>({ key: String, heading: String, guidance: { type: String, default: '' } }, sub);
const columnSchema = new Schema({ fieldKey: String, width: Number, label_vi: String, label_en: String, note_vi: String }, sub);
const appendixSchema = new Schema<Appendix>(
  { title: String, orientation: { type: String, default: 'landscape' }, sttWidth: { type: Number, default: 4 }, columns: { type: [columnSchema], default: [] } },
  sub,
);

const templateSchema = new Schema<ReviewTemplate>(
  {
    family: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true, min: 1 },
    status: { type: String, enum: TEMPLATE_STATUSES, required: true, default: 'draft' },
    builtinCode: { type: String },
    builtinTextRev: { type: Number },
    rev: { type: Number, required: true, default: 1 },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    legalNote: { type: String, default: '' },
    scope: { type: String, default: '' },
    method: { type: String, default: '' },
    outline: { type: [sectionSchema], default: [] },
    fields: { type: [fieldSchema], default: [] },
    appendix: { type: appendixSchema, required: true },
    recommendationField: { type: String },
    documentField: { type: String },
    groupField: { type: String },
    // Validated by template.schema.ts's referenceSchema; stored as given.
    reference: { type: Schema.Types.Mixed },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    publishedAt: { type: Date },
    publishedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    archivedAt: { type: Date },
  },
  { timestamps: true, collection: 'reviewtemplates' },
);
templateSchema.index({ family: 1, version: 1 }, { unique: true });
templateSchema.index({ status: 1, updatedAt: -1 });
// Two instances starting together must not both install the same built-in template.
templateSchema.index({ builtinCode: 1, version: 1 }, { unique: true, partialFilterExpression: { builtinCode: { $exists: true } } });

/** Versions by id, read again after a few seconds: every submission and progress page reads its campaign's. */
export const templateVersions = new ReadCache<string, ReviewTemplate | null>(
  (id) => ReviewTemplateModel.findById(id).lean<ReviewTemplate>().exec(),
  10_000,
  100,
);
clearOnWrite(templateSchema, templateVersions);

export const ReviewTemplateModel = mongoose.model<ReviewTemplate>('ReviewTemplate', templateSchema);
