import type { NextFunction, Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { Forbidden } from './errors.js';

export const CSRF_FIELD = '_csrf';

function isMultipart(req: Request): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Double-submit CSRF (csrf-csrf) bound to the session id. The token comes
 * from the `_csrf` form field or the `x-csrf-token` header. A multipart form
 * carries it as its first field (so it stays out of URLs and logs); such a
 * post is checked by the upload middleware once multer has parsed the body,
 * and a rejected upload is removed.
 */
export function createCsrf(opts: { secret: string; secure: boolean }) {
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => opts.secret,
    getSessionIdentifier: (req) => req.sessionID ?? '',
    cookieName: opts.secure ? '__Host-rasoat.csrf' : 'rasoat.csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: opts.secure, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const header = req.headers['x-csrf-token'];
      if (typeof header === 'string' && header) return header;
      const body = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (typeof body === 'string' && body) return body;
      const query = req.query[CSRF_FIELD];
      return typeof query === 'string' ? query : undefined;
    },
  });

  function hasHeaderOrQueryToken(req: Request): boolean {
    return typeof req.headers['x-csrf-token'] === 'string' || typeof req.query[CSRF_FIELD] === 'string';
  }

  function protect(req: Request, res: Response, next: NextFunction): void {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    if (isMultipart(req) && !hasHeaderOrQueryToken(req)) {
      res.locals.csrfPending = true;
      return next();
    }
    if (!validateRequest(req)) return next(new Forbidden('errors.csrf'));
    next();
  }

  /** For upload(): after multer, the `_csrf` body field can be checked. */
  function verifyAfterParse(req: Request, res: Response, next: NextFunction): void {
    if (!res.locals.csrfPending) return next();
    if (!validateRequest(req)) return next(new Forbidden('errors.csrf'));
    res.locals.csrfPending = false;
    next();
  }

  return { protect, verifyAfterParse, generateToken: (req: Request, res: Response) => generateCsrfToken(req, res) };
}

export type Csrf = ReturnType<typeof createCsrf>;
