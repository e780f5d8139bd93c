import type { NextFunction, Request, Response } from 'express';
import { Types } from 'mongoose';
import { BadRequest, NotFound } from './errors.js';

const HEX24 = /^[0-9a-f]{24}$/i;

export function isObjectIdString(value: unknown): value is string {
  return typeof value === 'string' && HEX24.test(value);
}

/** For services: an id that cannot exist is simply "not found". */
export function toObjectId(value: unknown): Types.ObjectId {
  if (value instanceof Types.ObjectId) return value;
  if (!isObjectIdString(value)) throw new NotFound();
  return new Types.ObjectId(value);
}

/**
 * `router.param('id', objectIdParam)`: a malformed id is a 404 page, or a 400
 * `bad_request` under /api (API.md), before any query runs.
 */
export function objectIdParam(req: Request, _res: Response, next: NextFunction, value: string): void {
  if (isObjectIdString(value)) return next();
  next(req.originalUrl.startsWith('/api/') ? new BadRequest('errors.bad_id') : new NotFound());
}
