import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { AppError, BadRequest, Forbidden, TooLarge } from './errors.js';
import { limitUploads } from './rate-limit.js';
import { findUnsafeKey } from './sanitize.js';

/** Control characters have no place in a file name: they would break headers, logs and the receipt. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** multer's fileFilter: refuses a file whose name carries control characters (CR, LF, NUL…). */
export function rejectControlCharNames(_req: Request, file: Express.Multer.File, cb: multer.FileFilterCallback): void {
  if (CONTROL_CHARS.test(file.originalname ?? '')) return cb(new BadRequest('errors.bad_upload_name'));
  cb(null, true);
}

/**
 * What multer reports, as our errors. Anything that is not ours, not multer's
 * and not the database's comes from busboy reading a broken body (cut off, a
 * boundary that does not match, a malformed part header): the client's fault, 400.
 */
export function multipartError(err: unknown, maxBytes: number): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return new TooLarge('errors.file_too_large', { params: { max: Math.round(maxBytes / 1048576) } });
    return new BadRequest('errors.bad_upload');
  }
  const name = (err as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && /^Mongo|^Mongoose|^GridFS/.test(name)) return err;
  return new BadRequest('errors.bad_upload_malformed');
}

export interface UploadOptions {
  field: string;
  maxBytes: number;
  maxFiles?: number;
}

/**
 * Multipart parsing for one file field, in memory (files go to GridFS, never
 * to disk). Use it instead of multer directly: it maps multer's errors to
 * TooLarge/BadRequest, checks the CSRF token after parsing when the form
 * sent it in the body, and rejects operator keys in the parsed fields.
 * Checking the file's real type (magic bytes → UnsupportedType) is the
 * feature's job.
 */
export function upload(opts: UploadOptions) {
  const parser = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: opts.maxBytes, files: opts.maxFiles ?? 1, fields: 50, fieldSize: 100_000 },
    fileFilter: rejectControlCharNames,
    defParamCharset: 'utf8',
  }).single(opts.field);

  return [
    limitUploads,
    function parseMultipart(req: Request, res: Response, next: NextFunction): void {
      parser(req, res, (err?: unknown) => next(err ? multipartError(err, opts.maxBytes) : undefined));
    },
    function checkAfterParse(req: Request, res: Response, next: NextFunction): void {
      if (res.locals.csrfPending) {
        const verify = req.app.locals.csrfVerifyAfterParse as ((rq: Request, rs: Response, nx: NextFunction) => void) | undefined;
        if (!verify) return next(new Forbidden('errors.csrf'));
        return verify(req, res, (err?: unknown) => {
          if (err) return next(err);
          const bad = findUnsafeKey(req.body);
          next(bad ? new BadRequest('errors.unsafe_key', { params: { key: bad } }) : undefined);
        });
      }
      const bad = findUnsafeKey(req.body);
      next(bad ? new BadRequest('errors.unsafe_key', { params: { key: bad } }) : undefined);
    },
  ];
}
