import { AgencyModel } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { UserModel } from '../users/user.model.js';
import { toActor } from './actor.factory.js';
import { verifyPassword } from './password.js';

/** One message for every failure (unknown e-mail, wrong password, locked, inactive): nothing to enumerate. */
export class LoginFailed extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  constructor() {
    super('auth.login_failed');
  }
}

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export async function login(email: string, password: string, ip: string, policy: LockoutPolicy): Promise<Actor> {
  const normalized = email.trim().toLowerCase();
  const user = await UserModel.findOne({ email: normalized }).select('+passwordHash');
  const now = new Date();

  if (!user) {
    await verifyPassword(undefined, password);
    await audit({ anonymous: true, ip, email: normalized.slice(0, 200) }, 'auth.login_failed', undefined, { reason: 'unknown_email' });
    throw new LoginFailed();
  }
  const object = { type: 'user', id: user._id, label: user.email };
  const anonymous = { anonymous: true as const, ip, email: user.email };

  if (user.lockedUntil && user.lockedUntil > now) {
    await audit(anonymous, 'auth.login_failed', object, { reason: 'locked' });
    throw new LoginFailed();
  }
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || !user.active) {
    if (!ok) {
      // Counted atomically so parallel attempts cannot slip past the limit.
      const updated = await UserModel.findOneAndUpdate(
        { _id: user._id },
        { $inc: { failedLogins: 1 } },
        { returnDocument: 'after', projection: { failedLogins: 1 } },
      );
      const failures = updated?.failedLogins ?? policy.maxFailures;
      if (failures >= policy.maxFailures) {
        const until = new Date(now.getTime() + policy.lockMinutes * 60_000);
        await UserModel.updateOne({ _id: user._id }, { $set: { lockedUntil: until, failedLogins: 0 } });
        await audit(anonymous, 'auth.locked', object, { until: until.toISOString(), failures });
      }
    }
    await audit(anonymous, 'auth.login_failed', object, { reason: ok ? 'inactive' : 'bad_password' });
    throw new LoginFailed();
  }

  await UserModel.updateOne({ _id: user._id }, { $set: { failedLogins: 0, lastLoginAt: now }, $unset: { lockedUntil: 1 } });
  const agency = await AgencyModel.findById(user.agency, { code: 1 }).lean();
  const actor = toActor(user, agency?.code ?? '', ip, 'session');
  await audit(actor, 'auth.login', object);
  return actor;
}

export async function recordLogout(actor: Actor): Promise<void> {
  await audit(actor, 'auth.logout', { type: 'user', id: actor.id, label: actor.email });
}
