import type { Types } from 'mongoose';
import { AgencyModel } from '../agencies/agency.model.js';
import { reviewingAgency } from '../agencies/agency.service.js';
import { audit } from '../audit/audit.service.js';
import type { Actor, AnyActor } from '../http/actor.js';
import type { Logger } from '../http/logger.js';
import { translator } from '../i18n/index.js';
import type { Mailer } from '../mail/mailer.js';
import { Conflict, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { createUser } from '../users/user.service.js';
import { UserModel } from '../users/user.model.js';
import { OneTimeTokenModel, type OneTimeToken } from './one-time-token.model.js';
import { hashPassword } from './password.js';
import { newSecretToken, sha256 } from './secret-token.js';

export const LINK_VALID_HOURS = 24;

/** A one-time password link for a user, shown to the admin (and e-mailed by mailResetLink when SMTP is configured). */
export async function createResetLink(actor: Actor, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const user = await UserModel.findById(toObjectId(userId)).lean();
  if (!user) throw new NotFound();
  // Only the newest link works.
  await OneTimeTokenModel.updateMany({ kind: 'reset', user: user._id, usedAt: { $exists: false } }, { $set: { usedAt: new Date() } });
  const { token, hash } = newSecretToken();
  const expiresAt = new Date(Date.now() + LINK_VALID_HOURS * 3600_000);
  await OneTimeTokenModel.create({ kind: 'reset', tokenHash: hash, user: user._id, expiresAt, createdBy: toObjectId(actor.id) });
  await audit(actor, 'user.reset_link', { type: 'user', id: user._id, label: user.email }, { expiresAt: expiresAt.toISOString() });
  return { token, expiresAt };
}

export type ResetMailOutcome = 'off' | 'sent' | 'failed';

/**
 * E-mails a reset link to its user, in Vietnamese. A failure is logged and audited but not thrown:
 * the admin still has the link on the page and can hand it over another way.
 */
export async function mailResetLink(
  actor: Actor,
  deps: { mailer: Mailer; logger: Logger },
  user: { _id: Types.ObjectId; email: string; name: string },
  link: string,
): Promise<ResetMailOutcome> {
  if (!deps.mailer.enabled) return 'off';
  const t = translator('vi');
  try {
    await deps.mailer.send(
      user.email,
      t('users.reset_mail.subject'),
      t('users.reset_mail.body', { name: user.name, link, hours: LINK_VALID_HOURS }),
    );
    return 'sent';
  } catch (err) {
    // Code and message only: the error object may hold the SMTP transcript, and the link must stay out of logs.
    const e = err as { code?: unknown; message?: unknown };
    const reason = { code: typeof e.code === 'string' ? e.code : undefined, message: String(e.message ?? err).slice(0, 300) };
    deps.logger.warn({ user: user._id.toString(), ...reason }, 'password link e-mail not sent');
    await audit(actor, 'user.reset_mail_failed', { type: 'user', id: user._id, label: user.email }, reason);
    return 'failed';
  }
}

async function findUsable(token: string, kind: OneTimeToken['kind']): Promise<OneTimeToken> {
  if (typeof token !== 'string' || token.length > 100) throw new NotFound('auth.link_invalid');
  const doc = await OneTimeTokenModel.findOne({ tokenHash: sha256(token), kind }).lean<OneTimeToken>();
  if (!doc || doc.usedAt || doc.expiresAt < new Date()) throw new NotFound('auth.link_invalid');
  return doc;
}

/** Marks the link used first, so two submissions of the same link cannot both succeed. */
async function consume(doc: OneTimeToken): Promise<void> {
  const res = await OneTimeTokenModel.updateOne({ _id: doc._id, usedAt: { $exists: false } }, { $set: { usedAt: new Date() } });
  if (res.modifiedCount !== 1) throw new NotFound('auth.link_invalid');
}

export interface ResetLinkInfo {
  email: string;
  name: string;
  role: string;
  agencyName: string;
  /** never logged in: the link is their invitation, not a reset */
  firstTime: boolean;
}

export async function checkResetLink(token: string): Promise<ResetLinkInfo> {
  const doc = await findUsable(token, 'reset');
  const user = await UserModel.findById(doc.user).lean();
  if (!user || !user.active) throw new NotFound('auth.link_invalid');
  const agency = await AgencyModel.findById(user.agency, { nameVi: 1 }).lean();
  return { email: user.email, name: user.name, role: user.role, agencyName: agency?.nameVi ?? '', firstTime: !user.lastLoginAt && !user.passwordChangedAt };
}

export async function resetPassword(token: string, password: string, ip: string): Promise<void> {
  const doc = await findUsable(token, 'reset');
  const user = await UserModel.findById(doc.user).lean();
  if (!user || !user.active) throw new NotFound('auth.link_invalid');
  await consume(doc);
  await UserModel.updateOne(
    { _id: user._id },
    { $set: { passwordHash: await hashPassword(password), passwordChangedAt: new Date(), failedLogins: 0 }, $unset: { lockedUntil: 1 } },
  );
  await audit({ anonymous: true, ip, email: user.email }, 'user.password_reset', { type: 'user', id: user._id, label: user.email });
}

/** First start without ADMIN_EMAIL: a link that lets whoever reads the server log create the first admin. */
export async function createSetupLink(): Promise<string> {
  const { token, hash } = newSecretToken();
  await OneTimeTokenModel.create({ kind: 'setup', tokenHash: hash, expiresAt: new Date(Date.now() + LINK_VALID_HOURS * 3600_000) });
  return token;
}

/** True while the installation has no administrator: the login page then points to the setup link in the log. */
export async function setupPending(): Promise<boolean> {
  return !(await UserModel.exists({ role: 'admin' }));
}

/** A used setup link says what to do next: log in when the admin exists, restart for a new link when not. */
async function setupLinkGone(): Promise<never> {
  throw new NotFound((await setupPending()) ? 'auth.setup_link_expired' : 'auth.setup_link_used');
}

export async function checkSetupLink(token: string): Promise<void> {
  await findUsable(token, 'setup').catch(setupLinkGone);
  if (!(await setupPending())) await setupLinkGone();
}

/** Creates the first admin and returns their id, so the page can log them in. */
export async function completeSetup(token: string, input: { email: string; name: string; password: string }, ip: string): Promise<string> {
  const doc = await findUsable(token, 'setup').catch(setupLinkGone);
  if (!(await setupPending())) throw new Conflict('auth.setup_link_used');
  await consume(doc);
  const moj = await reviewingAgency();
  const system: AnyActor = { system: true, label: 'setup', ip };
  const user = await createUser(system, { email: input.email, name: input.name, role: 'admin', agency: moj._id.toString() }, input.password);
  return user._id.toString();
}
