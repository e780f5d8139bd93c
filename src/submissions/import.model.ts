import mongoose, { Schema, type Types } from 'mongoose';

/**
 * What an agency's Excel import leaves behind: the mapping it chose for its own layout (per
 * agency and template, so next time the same headers map by themselves), and the uploaded
 * file while the officer checks the preview (kept two hours).
 */
export interface ImportMappingMemory {
  _id: Types.ObjectId;
  agency: Types.ObjectId;
  template: Types.ObjectId;
  /** Folded header text → field key, the split target, or '' (ignored). */
  headers: Record<string, string>;
  updatedAt: Date;
}

const memorySchema = new Schema<ImportMappingMemory>(
  {
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    template: { type: Schema.Types.ObjectId, ref: 'ReviewTemplate', required: true },
    headers: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, collection: 'import_mappings', minimize: false },
);
memorySchema.index({ agency: 1, template: 1 }, { unique: true });

export const ImportMappingModel = mongoose.model<ImportMappingMemory>('ImportMapping', memorySchema);

export interface ImportDraft {
  _id: Types.ObjectId;
  submission: Types.ObjectId;
  agency: Types.ObjectId;
  name: string;
  data: Buffer;
  createdAt: Date;
}

const draftSchema = new Schema<ImportDraft>(
  {
    submission: { type: Schema.Types.ObjectId, ref: 'Submission', required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
    name: { type: String, required: true },
    data: { type: Buffer, required: true },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'import_drafts' },
);
draftSchema.index({ createdAt: 1 }, { expireAfterSeconds: 2 * 3600 });

export const ImportDraftModel = mongoose.model<ImportDraft>('ImportDraft', draftSchema);
