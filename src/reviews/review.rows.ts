import type { Types } from 'mongoose';
import type { Submission } from '../submissions/submission.model.js';

/**
 * The rows of a submission as the review side needs them: id, position and a
 * short label. Everything in reviews/ reads rows through here, so where rows
 * are stored is one file's business.
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

export async function rowsOf(submission: Pick<Submission, '_id' | 'items'>): Promise<RowRef[]> {
  return (submission.items ?? []).map((item, i) => ({ id: item._id.toString(), n: i + 1, label: labelOf(item.values ?? {}) }));
}

export async function rowExists(submission: Pick<Submission, '_id' | 'items'>, itemId: Types.ObjectId): Promise<boolean> {
  return (submission.items ?? []).some((i) => i._id.equals(itemId));
}
