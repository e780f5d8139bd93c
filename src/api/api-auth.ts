import type { NextFunction, Request, Response } from 'express';
import { actorForToken } from '../tokens/token.service.js';

/**
 * Bearer tokens only: cookies are never read under /api, so a browser session
 * cannot be ridden by another site (and CSRF does not apply). A request
 * without a valid token gets no actor, and requireAuth turns that into 401.
 */
export async function bearerAuth(req: Request, _res: Response, next: NextFunction): Promise<void> {
  const header = req.headers.authorization;
  // Already known when a route-specific step authenticated before reading a large body.
  if (req.actor) return next();
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) {
      const actor = await actorForToken(match[1]!, req.ip ?? '');
      if (actor) req.actor = actor;
    }
  }
  next();
}
