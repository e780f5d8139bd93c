import mongoose, { Schema, type Types } from 'mongoose';

export interface AuditEvent {
  _id: Types.ObjectId;
  at: Date;
  /** null for the system itself and for anonymous attempts (failed login) */
  actor?: { id?: Types.ObjectId; email?: string; role?: string };
  action: string;
  object?: { type: string; id?: string; label?: string };
  details?: Record<string, unknown>;
  ip?: string;
}

const auditSchema = new Schema<AuditEvent>(
  {
    at: { type: Date, required: true, default: () => new Date() },
    actor: {
      id: { type: Schema.Types.ObjectId, ref: 'User' },
      email: { type: String },
      role: { type: String },
    },
    action: { type: String, required: true },
    object: {
      type: { type: String },
      id: { type: String },
      label: { type: String },
    },
    details: { type: Schema.Types.Mixed },
    ip: { type: String },
  },
  { versionKey: false, collection: 'auditevents' },
);
auditSchema.index({ at: -1, _id: -1 });
auditSchema.index({ 'actor.id': 1 });
auditSchema.index({ 'object.id': 1 });
auditSchema.index({ action: 1 });

// The log is append-only: any attempt to change or remove an event through the model fails.
const blocked = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
  'findOneAndReplace',
] as const;
for (const op of blocked) {
  auditSchema.pre(op, function () {
    throw new Error('audit events are append-only');
  });
}

export const AuditEventModel = mongoose.model<AuditEvent>('AuditEvent', auditSchema);
