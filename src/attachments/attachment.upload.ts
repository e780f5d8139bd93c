import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { BadRequest, Forbidden } from '../http/errors.js';
import { findUnsafeKey } from '../http/sanitize.js';
import { limitUploads } from '../http/rate-limit.js';
import { multipartError, rejectControlCharNames } from '../http/upload.js';
import { GridFsStorage, purgeFile, type StoredUpload } from './attachment.storage.js';

/**
 * Multipart parsing for attachments: one `file` field streamed into GridFS.
 * Multer's errors become our AppErrors; a form that carried its CSRF token in
 * the body is checked after parsing, and a file stored before that check
 * failed is deleted.
 */
export interface AttachmentUploadOptions {
  maxBytes: number;
  beforeStore?: (req: Request) => Promise<void>;
}

export type UploadedFile = Express.Multer.File & StoredUpload;

export function uploadedFile(req: Request): UploadedFile | undefined {
  return req.file as UploadedFile | undefined;
}

export function attachmentUpload(opts: AttachmentUploadOptions): RequestHandler[] {
  const parser = multer({
    storage: new GridFsStorage({ maxBytes: opts.maxBytes, beforeStore: opts.beforeStore }),
    limits: { fileSize: opts.maxBytes, files: 1, fields: 20, fieldSize: 10_000 },
    fileFilter: rejectControlCharNames,
    // Browsers send Vietnamese file names as raw UTF-8; busboy would read them as latin1.
    defParamCharset: 'utf8',
  }).single('file');

  const discard = async (req: Request) => {
    const f = uploadedFile(req);
    if (f?.fileId) await purgeFile(f.fileId);
  };

  return [
    limitUploads,
    function parseUpload(req: Request, res: Response, next: NextFunction): void {
      parser(req, res, (err?: unknown) => next(err ? multipartError(err, opts.maxBytes) : undefined));
    },
    function checkAfterUpload(req: Request, res: Response, next: NextFunction): void {
      const fail = (err: unknown) => void discard(req).finally(() => next(err));
      const bad = findUnsafeKey(req.body);
      if (bad) return fail(new BadRequest('errors.unsafe_key', { params: { key: bad } }));
      if (!res.locals.csrfPending) return next();
      const verify = req.app.locals.csrfVerifyAfterParse as ((rq: Request, rs: Response, nx: NextFunction) => void) | undefined;
      if (!verify) return fail(new Forbidden('errors.csrf'));
      verify(req, res, (err?: unknown) => (err ? fail(err) : next()));
    },
  ];
}
