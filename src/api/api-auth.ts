import type { NextFunction, Request, Response } from 'express';
import { RateLimited } from '../http/errors.js';
import { limitersOf } from '../http/rate-limit.js';
import { actorForToken } from '../tokens/token.service.js';

/**
 * Bearer tokens only: cookies are never read under /api, so a browser session
 * cannot be ridden by another site (and CSRF does not apply). A request
 * without a valid token gets no actor, and requireAuth turns that into 401.
 * An address that keeps presenting bad tokens is refused (429) for a while,
 * valid token or not, so that guessing tokens gains nothing.
 */
export async function bearerAuth(req: Request, res: Response, next: NextFunction): Promise<void> {
  const header = req.headers.authorization;
  // Already known (or already refused, and counted once) when a route-specific step authenticated before reading a large body.
  if (req.actor || res.locals.bearerChecked) return next();
  res.locals.bearerChecked = true;
  if (typeof header !== 'string' || header === '') return next();
  const { tokenFailures, limits } = limitersOf(req);
  const ip = req.ip ?? '';
  if (tokenFailures.count(ip) >= limits.tokenFailures) return next(new RateLimited('errors.too_many_token_failures'));
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const actor = match ? await actorForToken(match[1]!, ip) : undefined;
  if (actor) req.actor = actor;
  else tokenFailures.hit(ip);
  next();
}
