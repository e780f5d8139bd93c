import { agencyById } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import { toActor } from '../auth/actor.factory.js';
import { newSecretToken, sha256 } from '../auth/secret-token.js';
import type { Actor } from '../http/actor.js';
import { Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { UserModel } from '../users/user.model.js';
import { ApiTokenModel, type ApiToken } from './token.model.js';

export const TOKEN_PREFIX = 'rst_';
const MAX_ACTIVE_TOKENS = 20;

/** Returns the token in clear text: the only time it exists outside the caller's hands. */
export async function createToken(actor: Actor, name: string): Promise<{ token: string; record: ApiToken }> {
  const active = await ApiTokenModel.countDocuments({ user: toObjectId(actor.id), revokedAt: { $exists: false } });
  if (active >= MAX_ACTIVE_TOKENS) throw new Invalid([{ field: 'name', message: 'tokens.errors.too_many' }]);
  const { token, hash } = newSecretToken(TOKEN_PREFIX);
  const doc = await ApiTokenModel.create({ user: toObjectId(actor.id), name, tokenHash: hash, prefix: token.slice(0, 10) });
  await audit(actor, 'token.create', { type: 'token', id: doc._id, label: name });
  return { token, record: doc.toObject() };
}

export function listTokens(actor: Actor): Promise<ApiToken[]> {
  return ApiTokenModel.find({ user: toObjectId(actor.id) }, { tokenHash: 0 }).sort({ _id: -1 }).lean<ApiToken[]>();
}

/** A user revokes only their own tokens; anybody else's id is "not found". */
export async function revokeToken(actor: Actor, id: string): Promise<void> {
  const doc = await ApiTokenModel.findOne({ _id: toObjectId(id), user: toObjectId(actor.id) }).lean<ApiToken>();
  if (!doc) throw new NotFound();
  if (doc.revokedAt) return;
  await ApiTokenModel.updateOne({ _id: doc._id }, { $set: { revokedAt: new Date() } });
  await audit(actor, 'token.revoke', { type: 'token', id: doc._id, label: doc.name });
}

/** The actor behind a bearer token, or null when the token is unknown, revoked, or its owner inactive. */
export async function actorForToken(raw: string, ip: string): Promise<Actor | null> {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 200) return null;
  const doc = await ApiTokenModel.findOne({ tokenHash: sha256(raw) }).lean<ApiToken>();
  if (!doc || doc.revokedAt) return null;
  const user = await UserModel.findById(doc.user).lean();
  if (!user || !user.active) return null;
  const agency = await agencyById(user.agency);
  // Last use is informative only; at most one write per token per minute.
  if (!doc.lastUsedAt || Date.now() - doc.lastUsedAt.getTime() > 60_000) {
    await ApiTokenModel.updateOne({ _id: doc._id }, { $set: { lastUsedAt: new Date() } });
  }
  return toActor(user, agency?.code ?? '', ip, 'token');
}
