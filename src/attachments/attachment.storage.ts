import type { Request } from 'express';
import mongoose from 'mongoose';
import type multer from 'multer';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BadRequest, TooLarge } from '../http/errors.js';

/**
 * A multer storage engine that streams each file straight into GridFS
 * (never the local disk), hashing and measuring it on the way. The bytes are
 * also kept in memory up to the size limit, because the type check and the
 * Word rendering need the whole file; a file over the limit is aborted and its
 * chunks deleted before the error is reported.
 */
export const BUCKET = 'attachments';

export function attachmentBucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET });
}

export interface StoredUpload {
  fileId: mongoose.Types.ObjectId;
  size: number;
  sha256: string;
  /** the whole file, for content checks; never larger than the limit */
  buffer: Buffer;
}

/** Marks a stored file as belonging to an attachment: files still `pending` after a crash are leftovers. */
export async function confirmFile(fileId: mongoose.Types.ObjectId, attachmentId: mongoose.Types.ObjectId): Promise<void> {
  await mongoose.connection.db?.collection(`${BUCKET}.files`).updateOne({ _id: fileId }, { $set: { 'metadata.pending': false, 'metadata.attachment': attachmentId } });
}

/** Deletes a stored file and its chunks; a file already gone is fine. */
export async function purgeFile(fileId: mongoose.Types.ObjectId): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) return;
  await db.collection(`${BUCKET}.chunks`).deleteMany({ files_id: fileId });
  await db.collection(`${BUCKET}.files`).deleteMany({ _id: fileId });
}

/** Stores bytes made on the server (a converted file) as an upload would be: pending until confirmed. */
export async function storeBuffer(buffer: Buffer): Promise<StoredUpload> {
  const upload = attachmentBucket().openUploadStream(`upload-${Date.now()}`, { metadata: { pending: true } });
  await new Promise<void>((resolve, reject) => {
    upload.once('error', reject);
    upload.end(buffer, () => resolve());
  });
  return { fileId: upload.id as mongoose.Types.ObjectId, size: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex'), buffer };
}

export interface GridFsStorageOptions {
  maxBytes: number;
  /** runs before anything is written; throwing refuses the file (e.g. too many files already) */
  beforeStore?: (req: Request) => Promise<void>;
}

type FileWithStream = Express.Multer.File & { stream: Readable };

/** Bytes handed to GridFS per write: sixteen of its 255 kB chunks. */
const WRITE_BYTES = 16 * 255 * 1024;

export class GridFsStorage implements multer.StorageEngine {
  constructor(private readonly opts: GridFsStorageOptions) {}

  _handleFile(req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<Express.Multer.File> & Partial<StoredUpload>) => void): void {
    void this.store(req, file as FileWithStream).then(
      (info) => cb(null, info as Partial<Express.Multer.File> & StoredUpload),
      (err: unknown) => cb(err),
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File & Partial<StoredUpload>, cb: (error: Error | null) => void): void {
    if (!file.fileId) return cb(null);
    purgeFile(file.fileId).then(
      () => cb(null),
      () => cb(null),
    );
  }

  private async store(req: Request, file: FileWithStream): Promise<StoredUpload> {
    const source = file.stream;
    try {
      await this.opts.beforeStore?.(req);
    } catch (err) {
      source.resume();
      throw err;
    }
    const upload = attachmentBucket().openUploadStream(`upload-${Date.now()}`, { metadata: { pending: true } });
    const fileId = upload.id as mongoose.Types.ObjectId;
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    const writes: Promise<void>[] = [];
    let size = 0;

    let pending: Buffer[] = [];
    let pendingBytes = 0;

    return new Promise<StoredUpload>((resolve, reject) => {
      /**
       * Hands GridFS several chunks' worth at once: it sends them together
       * and the database commits them as one write, where chunk by chunk
       * each would wait for its own sync to disk. The whole file is held in
       * memory anyway (see above); reading pauses only when four pieces are
       * still on their way.
       */
      const send = () => {
        if (pendingBytes === 0) return;
        const piece = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        writes.push(new Promise<void>((res) => upload.write(piece, () => res())));
        if (upload.writableLength > 4 * WRITE_BYTES) {
          source.pause();
          upload.once('drain', () => source.resume());
        }
      };
      let failed = false;
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        source.unpipe();
        source.resume();
        // Wait for chunks already sent, so none lands after the delete.
        void Promise.allSettled(writes)
          .then(() => upload.abort().catch(() => undefined))
          .then(() => purgeFile(fileId))
          .finally(() => reject(err));
      };
      source.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > this.opts.maxBytes) return fail(new TooLarge('errors.file_too_large', { params: { max: Math.round(this.opts.maxBytes / 1048576) } }));
        hash.update(chunk);
        chunks.push(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= WRITE_BYTES) send();
      });
      let ended = false;
      source.once('error', fail);
      upload.once('error', fail);
      // A client that hangs up mid-file: the stream closes without ending, and what was written goes.
      source.once('close', () => {
        if (!ended) fail(new BadRequest('errors.bad_upload'));
      });
      source.once('end', () => {
        ended = true;
        if (failed) return;
        send();
        upload.end(() => {
          if (failed) return;
          resolve({ fileId, size, sha256: hash.digest('hex'), buffer: Buffer.concat(chunks, size) });
        });
      });
    });
  }
}
