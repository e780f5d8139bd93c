import type { Request } from 'express';
import mongoose from 'mongoose';
import type multer from 'multer';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GridFsWriter } from './gridfs.writer.js';
import { receive } from './upload.receive.js';

/**
 * A multer storage engine that streams each file straight into GridFS
 * (never the local disk) as it arrives; see upload.receive.ts for what is
 * checked on the way and what is kept in memory.
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
  /** the whole file, for content checks; absent for a PDF, which is stored without being held (see upload.receive.ts) */
  buffer?: Buffer;
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

/** A stored file's bytes, read back whole. */
export async function readStoredFile(fileId: mongoose.Types.ObjectId): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of attachmentBucket().openDownloadStream(fileId)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
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
    const db = mongoose.connection.db;
    if (!db) throw new Error('database not connected');
    return receive(source, new GridFsWriter(db, BUCKET, `upload-${Date.now()}`, { pending: true }), this.opts.maxBytes);
  }
}
