import mongoose from 'mongoose';
import type { Logger } from '../http/logger.js';
import { AttachmentModel } from './attachment.model.js';
import { BUCKET, purgeFile } from './attachment.storage.js';
import { extractStoredText } from './attachment.text.js';

/** An upload still pending after this long was cut off (crash, lost connection) and will never be confirmed. */
const PENDING_MAX_AGE_MS = 6 * 60 * 60 * 1000;

/** Deletes the GridFS files of uploads that were never confirmed; returns how many. */
export async function sweepPendingUploads(now = new Date(), maxAgeMs = PENDING_MAX_AGE_MS): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) return 0;
  const stale = await db
    .collection(`${BUCKET}.files`)
    .find({ 'metadata.pending': true, uploadDate: { $lt: new Date(now.getTime() - maxAgeMs) } }, { projection: { _id: 1 } })
    .toArray();
  for (const f of stale) await purgeFile(f._id as mongoose.Types.ObjectId);
  return stale.length;
}

/** A file's text still pending after this long was cut off by a restart, not in progress. */
const TEXT_PENDING_MAX_AGE_MS = 10 * 60 * 1000;

/** Reads the text of kept files whose reading a restart cut off; returns how many were read (one that fails waits for the next sweep). */
export async function retryPendingTexts(now = new Date(), maxAgeMs = TEXT_PENDING_MAX_AGE_MS): Promise<number> {
  const pending = await AttachmentModel.find({ textPending: true, createdAt: { $lt: new Date(now.getTime() - maxAgeMs) } }, { fileId: 1, type: 1 }).lean();
  let read = 0;
  for (const a of pending) {
    await extractStoredText(a).then(
      () => read++,
      () => undefined,
    );
  }
  return read;
}

/** Hourly on every instance; deleting the same leftover twice is harmless. Returns a stop function. */
export function startUploadSweep(logger: Logger, minutes = 60): () => void {
  const tick = () =>
    void sweepPendingUploads()
      .then((n) => n && logger.info({ removed: n }, 'unfinished uploads removed'))
      .then(() => retryPendingTexts())
      .then(
        (n) => n && logger.info({ read: n }, 'pending file texts read'),
        (err: unknown) => logger.error({ err }, 'upload sweep failed'),
      );
  const timer = setInterval(tick, minutes * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
