import { allKeys } from '../i18n/index.js';
import { Types } from 'mongoose';
import type { AnonymousActor, AnyActor } from '../http/actor.js';
import { isSystemActor } from '../http/actor.js';
import { decodeCursor, encodeCursor, type Page } from '../http/paging.js';
import { AuditEventModel, type AuditEvent } from './audit.model.js';

export interface AuditObject {
  type: string;
  id?: string | Types.ObjectId;
  label?: string;
}

/**
 * Records one state change. Call it from the service, after the change has
 * been saved; `details` holds what changed (never a password or token).
 */
export async function audit(
  actor: AnyActor | AnonymousActor | null,
  action: string,
  object?: AuditObject,
  details?: Record<string, unknown>,
): Promise<void> {
  const event: Partial<AuditEvent> = { at: new Date(), action };
  if (actor && 'anonymous' in actor) {
    event.ip = actor.ip;
    if (actor.email) event.actor = { email: actor.email };
  } else if (actor && isSystemActor(actor)) {
    event.actor = { email: actor.label, role: 'system' };
    event.ip = actor.ip;
  } else if (actor) {
    event.actor = { id: new Types.ObjectId(actor.id), email: actor.email, role: actor.role };
    event.ip = actor.ip;
  }
  if (object) event.object = { type: object.type, id: object.id?.toString(), label: object.label };
  if (details) event.details = details;
  await AuditEventModel.create(event);
}

export interface AuditFilter {
  action?: string;
  /** a user id or an e-mail address */
  actor?: string;
  /** the object's id */
  object?: string;
  from?: Date;
  to?: Date;
}

function buildQuery(filter: AuditFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (filter.action) q.action = filter.action;
  if (filter.actor) {
    if (/^[0-9a-f]{24}$/i.test(filter.actor)) q['actor.id'] = new Types.ObjectId(filter.actor);
    else q['actor.email'] = filter.actor.toLowerCase();
  }
  if (filter.object) q['object.id'] = filter.object;
  if (filter.from || filter.to) {
    const at: Record<string, Date> = {};
    if (filter.from) at.$gte = filter.from;
    if (filter.to) at.$lt = filter.to;
    q.at = at;
  }
  return q;
}

/** Newest first; the caller has already checked the actor is an admin. */
export async function listAuditEvents(
  filter: AuditFilter,
  paging: { limit: number; cursor?: string },
): Promise<Page<AuditEvent>> {
  const q = buildQuery(filter);
  const after = decodeCursor(paging.cursor);
  if (after) q._id = { $lt: after };
  const rows = await AuditEventModel.find(q)
    .sort({ _id: -1 })
    .limit(paging.limit + 1)
    .lean<AuditEvent[]>();
  const more = rows.length > paging.limit;
  const items = more ? rows.slice(0, paging.limit) : rows;
  return { items, next: more ? encodeCursor(items[items.length - 1]!._id) : null };
}

/**
 * The actions the filter offers: every audited action has a label (a unit test keeps the
 * dictionary complete), so the list comes from there and not from a scan of the log.
 */
export async function distinctAuditActions(): Promise<string[]> {
  const prefix = 'audit.actions.';
  return allKeys('vi').filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
}
