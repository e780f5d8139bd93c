import { Types, type Model } from 'mongoose';
import { z } from 'zod';
import { BadRequest } from './errors.js';

export interface Page<T> {
  items: T[];
  next: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Cursors are opaque to clients: the last _id seen, base64url-encoded. */
export function encodeCursor(id: Types.ObjectId): string {
  return Buffer.from(id.toHexString(), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Types.ObjectId | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const hex = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f]{24}$/.test(hex)) throw new BadRequest('errors.bad_cursor');
  return new Types.ObjectId(hex);
}

const limitSchema = z.coerce.number().int().min(1).max(MAX_LIMIT);

/** `?limit=&cursor=` per API.md; a value out of range is a 400, not a silent clamp. */
export function parsePaging(query: Record<string, unknown>, defaultLimit = DEFAULT_LIMIT): { limit: number; cursor?: string } {
  const rawLimit = query.limit;
  let limit = defaultLimit;
  if (rawLimit !== undefined && rawLimit !== '') {
    const parsed = limitSchema.safeParse(rawLimit);
    if (!parsed.success) throw new BadRequest('errors.bad_limit', { params: { max: MAX_LIMIT } });
    limit = parsed.data;
  }
  const cursor = query.cursor;
  if (cursor !== undefined && typeof cursor !== 'string') throw new BadRequest('errors.bad_cursor');
  if (cursor) decodeCursor(cursor);
  return { limit, cursor: cursor || undefined };
}

/**
 * Forward paging in _id order over any model. Services use it for lists
 * whose natural order is creation order.
 */
export async function pageByIdAsc<T extends { _id: Types.ObjectId }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  paging: { limit: number; cursor?: string },
  projection?: Record<string, 0 | 1>,
): Promise<Page<T>> {
  const after = decodeCursor(paging.cursor);
  const q = after ? { ...filter, _id: { $gt: after } } : filter;
  const rows = (await model
    .find(q, projection)
    .sort({ _id: 1 })
    .limit(paging.limit + 1)
    .lean()) as unknown as T[];
  const more = rows.length > paging.limit;
  const items = more ? rows.slice(0, paging.limit) : rows;
  return { items, next: more ? encodeCursor(items[items.length - 1]!._id) : null };
}
