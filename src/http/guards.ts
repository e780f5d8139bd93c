import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../users/roles.js';
import type { Actor } from './actor.js';
import { coordinatedCampaignIds } from '../campaigns/coordination.service.js';
import { Forbidden, Unauthenticated } from './errors.js';

function isApi(req: Request): boolean {
  return req.originalUrl.startsWith('/api/');
}

/**
 * Pages send an anonymous visitor to the login page and back; the API answers 401.
 * An agency user also gets the campaigns its agency coordinates, which agencyScope reads.
 */
export function requireAuth(req: Request, res: Response, next: NextFunction): void {
  const actor = req.actor;
  if (actor) {
    if (actor.role !== 'agency' || actor.coordinates) return next();
    coordinatedCampaignIds(actor.agencyId).then((ids) => {
      actor.coordinates = ids;
      next();
    }, next);
    return;
  }
  if (isApi(req)) return next(new Unauthenticated());
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  next(new Unauthenticated());
}

/** Route guard: `router.get('/x', requireRole('admin', 'reviewer'), handler)`. */
export function requireRole(...roles: Role[]) {
  return function roleGuard(req: Request, res: Response, next: NextFunction): void {
    requireAuth(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (res.headersSent) return;
      if (!roles.includes(req.actor!.role)) return next(new Forbidden());
      next();
    });
  };
}

/** The actor of a request that passed requireAuth/requireRole. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new Unauthenticated();
  return req.actor;
}
