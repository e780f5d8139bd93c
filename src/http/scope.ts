import type { Types } from 'mongoose';
import type { Actor } from './actor.js';
import { NotFound } from './errors.js';

/** Admins and reviewers (the MoJ) see every agency; an agency user only their own. */
export function seesAllAgencies(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'reviewer';
}

/**
 * The filter every service adds to its queries: `{}` for MoJ staff,
 * `{ [field]: <their agency> }` for an agency user, widened to every agency's
 * objects of the campaigns the user's agency coordinates (read only: writes
 * check ownership). Merge it into the query, never skip it:
 * `Model.find({ ...agencyScope(actor), ...filter })`.
 */
export function agencyScope(actor: Actor, field = 'agency'): Record<string, unknown> {
  if (seesAllAgencies(actor)) return {};
  if (!actor.coordinates?.length) return { [field]: actor.agencyId };
  return { $or: [{ [field]: actor.agencyId }, { campaign: { $in: actor.coordinates } }] };
}

/** The actor's own agency (never widened): what an agency edits, submits and lists as its own. */
export function ownAgency(actor: Actor, agency: Types.ObjectId | string): boolean {
  return actor.role === 'agency' && agency.toString() === actor.agencyId;
}

/** Agencies read campaigns they take part in or coordinate, once open; MoJ staff read all. */
export function mayReadCampaign(actor: Actor, campaign: { _id: Types.ObjectId; status: string; agencies: Types.ObjectId[] }): boolean {
  if (seesAllAgencies(actor)) return true;
  if (campaign.status === 'draft') return false;
  return campaign.agencies.some((a) => a.toString() === actor.agencyId) || (actor.coordinates ?? []).includes(campaign._id.toString());
}

/** An agency user reading another agency's object through a campaign it coordinates. */
export function readsAsCoordinator(actor: Actor, doc: { agency: Types.ObjectId | string; campaign: Types.ObjectId | string }): boolean {
  return actor.role === 'agency' && !ownAgency(actor, doc.agency) && (actor.coordinates ?? []).includes(doc.campaign.toString());
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
