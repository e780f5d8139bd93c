import type { NextFunction, Request, Response } from 'express';
import type { Flash } from './types.js';

/** A message shown once on the next page (POST/redirect/GET). */
export function flash(req: Request, type: Flash['type'], key: string, params?: Record<string, string | number>): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { type, message: req.t(key, params) }];
}

export function flashLocals(req: Request, res: Response, next: NextFunction): void {
  const messages = req.session?.flash ?? [];
  if (messages.length > 0) delete req.session.flash;
  res.locals.flash = messages;
  next();
}
