import type { Types } from 'mongoose';
import { findItem, listItemValues } from '../submissions/item.service.js';
import type { Submission } from '../submissions/submission.model.js';

/**
 * The rows of a submission as the review side needs them: id, position and a
 * short label. Everything in reviews/ reads rows through here.
 */
export interface RowRef {
  id: string;
  /** 1-based position, as the pages number rows */
  n: number;
  label: string;
}

function labelOf(values: Record<string, unknown>): string {
  const v = values.so_ky_hieu ?? values.trich_yeu ?? '';
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return String(o.input ?? o.text ?? '');
  }
  return String(v);
}

export async function rowsOf(submission: Pick<Submission, '_id'>): Promise<RowRef[]> {
  const items = await listItemValues(submission._id, ['so_ky_hieu', 'trich_yeu']);
  return items.map((item, i) => ({ id: item._id.toString(), n: i + 1, label: labelOf(item.values ?? {}) }));
}

export async function rowExists(submission: Pick<Submission, '_id'>, itemId: Types.ObjectId): Promise<boolean> {
  return Boolean(await findItem(submission._id, itemId));
}
