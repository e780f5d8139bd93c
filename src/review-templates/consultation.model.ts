import mongoose, { Schema, type Types } from 'mongoose';

/** Parts of a draft template a comment may point at (the tabs of the template page). */
export const TEMPLATE_PARTS = ['scope', 'outline', 'fields', 'appendix'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];

/** One sending of a draft template for comments (gửi lấy ý kiến) to some agencies. */
export interface TemplateConsultation {
  _id: Types.ObjectId;
  template: Types.ObjectId;
  agencies: Types.ObjectId[];
  message: string;
  sentBy: Types.ObjectId;
  sentByName: string;
  createdAt: Date;
}

/** A comment on a draft template: a thread started by a consulted agency (or the admin), replies one level deep. */
export interface TemplateComment {
  _id: Types.ObjectId;
  template: Types.ObjectId;
  /** The consulted agency whose thread this is (its users alone see it, with the MoJ). */
  agency: Types.ObjectId;
  parent?: Types.ObjectId;
  part?: TemplatePart;
  author: Types.ObjectId;
  authorName: string;
  authorRole: string;
  text: string;
  status?: 'open' | 'resolved';
  resolvedBy?: Types.ObjectId;
  resolvedAt?: Date;
  createdAt: Date;
}

const consultationSchema = new Schema<TemplateConsultation>(
  {
    template: { type: Schema.Types.ObjectId, ref: 'ReviewTemplate', required: true },
    agencies: { type: [{ type: Schema.Types.ObjectId, ref: 'Agency' }], default: [] },
    message: { type: String, default: '' },
    sentBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    sentByName: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'template_consultations' },
);
consultationSchema.index({ template: 1, createdAt: 1 });
consultationSchema.index({ agencies: 1, createdAt: -1 });

const commentSchema = new Schema<TemplateComment>(
  {
    template: { type: Schema.Types.ObjectId, ref: 'ReviewTemplate', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    parent: { type: Schema.Types.ObjectId },
    part: { type: String },
    author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    authorName: { type: String, required: true },
    authorRole: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String },
    resolvedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    resolvedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'template_comments' },
);
commentSchema.index({ template: 1, agency: 1, createdAt: 1 });

export const TemplateConsultationModel = mongoose.model<TemplateConsultation>('TemplateConsultation', consultationSchema);
export const TemplateCommentModel = mongoose.model<TemplateComment>('TemplateComment', commentSchema);
