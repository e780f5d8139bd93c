import mongoose, { Schema, type Types } from 'mongoose';

/** In-app notifications (Thông báo). Text is an i18n key + params, so it shows in the reader's language. */
export const NOTIFICATION_KINDS = ['campaign_opened', 'campaign_closed', 'comment', 'reply', 'status_change', 'deadline', 'disposition', 'reminder'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  _id: Types.ObjectId;
  user: Types.ObjectId;
  kind: NotificationKind;
  /** i18n key, e.g. "campaigns.notify.opened" */
  messageKey: string;
  params: Record<string, string | number>;
  /** Where clicking it leads (a path inside the app). */
  link?: string;
  object?: { type: string; id: Types.ObjectId };
  /** Makes a notification idempotent: the same event never notifies a user twice. */
  dedupeKey?: string;
  readAt?: Date;
  createdAt: Date;
}

const notificationSchema = new Schema<Notification>(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    messageKey: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    link: { type: String },
    object: { type: { type: String }, id: { type: Schema.Types.ObjectId } },
    dedupeKey: { type: String },
    readAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'notifications', minimize: false },
);
notificationSchema.index({ user: 1, readAt: 1, createdAt: -1 });
// Exactly the unread count's keys (every page's navigation asks it): counted from the index
// alone, however many notifications a user has.
notificationSchema.index({ user: 1, readAt: 1 });
notificationSchema.index({ user: 1, dedupeKey: 1 }, { unique: true, partialFilterExpression: { dedupeKey: { $exists: true } } });

export const NotificationModel = mongoose.model<Notification>('Notification', notificationSchema);
