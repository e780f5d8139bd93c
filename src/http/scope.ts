import type { Types } from 'mongoose';
import type { Actor } from './actor.js';
import { NotFound } from './errors.js';

/** Admins and reviewers (the MoJ) see every agency; an agency user only their own. */
export function seesAllAgencies(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'reviewer';
}

/**
 * The filter every service adds to its queries: `{}` for MoJ staff,
 * `{ [field]: <their agency> }` for an agency user. Merge it into the query,
 * never skip it: `Model.find({ ...agencyScope(actor), ...filter })`.
 */
export function agencyScope(actor: Actor, field = 'agency'): Record<string, string> {
  return seesAllAgencies(actor) ? {} : { [field]: actor.agencyId };
}

/**
 * For an object already loaded: throws NotFound (never Forbidden, so another
 * agency's object is indistinguishable from a missing one).
 */
export function assertInScope<T>(
  actor: Actor,
  doc: T | null | undefined,
  agencyOf: (doc: T) => Types.ObjectId | string | null | undefined,
): T {
  if (!doc) throw new NotFound();
  if (seesAllAgencies(actor)) return doc;
  const agency = agencyOf(doc);
  if (!agency || agency.toString() !== actor.agencyId) throw new NotFound();
  return doc;
}
