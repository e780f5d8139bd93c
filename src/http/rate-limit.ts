import type { NextFunction, Request, Response } from 'express';
import { actorOf } from './guards.js';
import { RateLimited } from './errors.js';

/**
 * Counts events per key in fixed windows, in this process's memory (like the
 * login limiter: with several instances each counts on its own, so the real
 * limit is the setting times the number of instances).
 */
export class WindowCounter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly windowMs: number) {}

  count(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    return h && h.resetAt > now ? h.count : 0;
  }

  hit(key: string, now = Date.now()): number {
    if (this.hits.size > 10_000) this.sweep(now);
    const h = this.hits.get(key);
    if (h && h.resetAt > now) return ++h.count;
    this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
    return 1;
  }

  private sweep(now: number): void {
    for (const [k, h] of this.hits) if (h.resetAt <= now) this.hits.delete(k);
  }
}

export interface RateLimits {
  /** failed bearer-token authentications per address and window before 429 */
  tokenFailures: number;
  tokenWindowMinutes: number;
  /** uploads (files and imports) per user and window before 429 */
  uploads: number;
  uploadWindowMinutes: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { tokenFailures: 20, tokenWindowMinutes: 15, uploads: 60, uploadWindowMinutes: 10 };

export interface Limiters {
  tokenFailures: WindowCounter;
  uploads: WindowCounter;
  limits: RateLimits;
}

export function createLimiters(limits: RateLimits): Limiters {
  return {
    limits,
    tokenFailures: new WindowCounter(limits.tokenWindowMinutes * 60_000),
    uploads: new WindowCounter(limits.uploadWindowMinutes * 60_000),
  };
}

export function limitersOf(req: Request): Limiters {
  return req.app.locals.limiters as Limiters;
}

/** Before an upload is parsed: each user may send so many files (or imports) per window. */
export function limitUploads(req: Request, _res: Response, next: NextFunction): void {
  const { uploads, limits } = limitersOf(req);
  const key = actorOf(req).id;
  if (uploads.count(key) >= limits.uploads) return next(new RateLimited('errors.too_many_uploads'));
  uploads.hit(key);
  next();
}
