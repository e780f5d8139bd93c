import type { Types } from 'mongoose';
import { ReferenceAnswerModel, ReferenceRowModel } from '../reference-lists/reference.model.js';
import type { ReferencePlan } from '../reference-lists/reference.settings.js';

/** Per agency: rows given, rows answered, and answers saying the task is missing. */
export interface GivenProgress {
  total: number;
  answered: number;
  missing: number;
}

/**
 * Two aggregations for the whole campaign, whatever the number of agencies: rows given per
 * agency (a row given to a lead and a coordinating agency counts for both) and answers per agency.
 */
export async function givenProgress(campaignId: Types.ObjectId, plan: ReferencePlan): Promise<Map<string, GivenProgress>> {
  const answerPath = `$values.${plan.settings.answerField}`;
  const [given, answers] = await Promise.all([
    ReferenceRowModel.aggregate<{ _id: Types.ObjectId; n: number }>([{ $match: { campaign: campaignId } }, { $unwind: '$agencies' }, { $group: { _id: '$agencies', n: { $sum: 1 } } }]),
    ReferenceAnswerModel.aggregate<{ _id: Types.ObjectId; n: number; missing: number }>([
      { $match: { campaign: campaignId } },
      { $group: { _id: '$agency', n: { $sum: 1 }, missing: { $sum: { $cond: [{ $in: [answerPath, plan.settings.outcomes.missing] }, 1, 0] } } } },
    ]),
  ]);
  const out = new Map<string, GivenProgress>();
  for (const g of given) out.set(g._id.toString(), { total: g.n, answered: 0, missing: 0 });
  for (const a of answers) {
    const p = out.get(a._id.toString());
    if (p) Object.assign(p, { answered: a.n, missing: a.missing });
  }
  return out;
}
