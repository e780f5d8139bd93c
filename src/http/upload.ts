import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { BadRequest, Forbidden, TooLarge } from './errors.js';
import { findUnsafeKey } from './sanitize.js';

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
  }).single(opts.field);

  return [
    function parseMultipart(req: Request, res: Response, next: NextFunction): void {
      parser(req, res, (err?: unknown) => {
        if (!err) return next();
        if (err instanceof multer.MulterError) {
          if (err.code === 'LIMIT_FILE_SIZE') return next(new TooLarge('errors.file_too_large', { params: { max: opts.maxBytes } }));
          return next(new BadRequest('errors.bad_upload'));
        }
        next(err);
      });
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
