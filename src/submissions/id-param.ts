import type { NextFunction, Request, Response } from 'express';
import { objectIdParam } from '../http/ids.js';

/**
 * objectIdParam, but only for a caller who is logged in: an anonymous request
 * must get 401 (API) or the login redirect (pages) from requireAuth, not a 400
 * about an id it had no right to ask about.
 */
export function idParam(req: Request, res: Response, next: NextFunction, value: string): void {
  if (!req.actor) return next();
  objectIdParam(req, res, next, value);
}
