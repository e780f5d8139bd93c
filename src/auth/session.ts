import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import MongoStore from 'connect-mongo';
import mongoose from 'mongoose';
import { agencyById } from '../agencies/agency.model.js';
import { UserModel } from '../users/user.model.js';
import { toActor } from './actor.factory.js';

export const SESSION_COOKIE = 'rasoat.sid';

/**
 * Sessions live in MongoDB (the app keeps no state in its process). `rolling`
 * renews the cookie on every request, so `idleMinutes` is an idle timeout.
 */
export function sessionMiddleware(opts: { secret: string; idleMinutes: number; secure: boolean | 'auto' }) {
  const store = MongoStore.create({
    // connect-mongo may resolve its own copy of the driver types; the client is the one Mongoose uses.
    client: mongoose.connection.getClient() as unknown as Parameters<typeof MongoStore.create>[0]['client'],
    collectionName: 'sessions',
    ttl: opts.idleMinutes * 60,
    autoRemove: 'native',
    // Renewing the stored expiry is a write; once a minute (at most a sixtieth of the idle
    // time) is enough, instead of one write per page a busy reviewer opens.
    touchAfter: Math.min(60, Math.max(1, Math.floor(opts.idleMinutes))),
  });
  return session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: opts.idleMinutes * 60_000 },
  });
}

/** Loads the logged-in user on every page request; a deactivated user or a changed password ends the session. */
export async function loadSessionUser(req: Request, _res: Response, next: NextFunction): Promise<void> {
  const userId = req.session?.userId;
  if (!userId) return next();
  const user = await UserModel.findById(userId).lean();
  const stale =
    !user || !user.active || (user.passwordChangedAt && user.passwordChangedAt.getTime() > (req.session.authAt ?? 0));
  if (stale) {
    delete req.session.userId;
    delete req.session.authAt;
    return next();
  }
  const agency = await agencyById(user.agency);
  req.actor = toActor(user, agency?.code ?? '', req.ip ?? '', 'session');
  if (typeof user.unreadNotifications === 'number') req.unreadNotifications = Math.max(0, user.unreadNotifications);
  next();
}

/** A fresh session id at login, so an id planted before login is worthless after it. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}
