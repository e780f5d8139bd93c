import mongoose, { Schema, type Types } from 'mongoose';

/**
 * The last time someone pressed "Nhắc" for a submission. Taking the slot is one
 * conditional upsert, so two presses at once (two tabs, two instances) remind once.
 */
export interface RemindSlot {
  _id: Types.ObjectId;
  submission: Types.ObjectId;
  at: Date;
}

const slotSchema = new Schema<RemindSlot>({ submission: { type: Schema.Types.ObjectId, required: true }, at: { type: Date, required: true } }, { collection: 'remindslots' });
slotSchema.index({ submission: 1 }, { unique: true });

export const RemindSlotModel = mongoose.model<RemindSlot>('RemindSlot', slotSchema);
