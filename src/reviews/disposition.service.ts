import { Types } from 'mongoose';
import { audit } from '../audit/audit.service.js';
import { assertMayAct } from '../campaigns/assignment.service.js';
import type { Actor } from '../http/actor.js';
import { Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyScope } from '../http/scope.js';
import { agencyUserIds, notifyUsers } from '../notifications/notification.service.js';
import { SubmissionModel } from '../submissions/submission.model.js';
import { assertCampaignOpen, loadContext } from '../submissions/submission.service.js';
import { assertInReview } from './acceptance.js';
import { rowExists } from './review.rows.js';
import { DECISIONS, DispositionModel, type Decision, type Disposition } from './disposition.model.js';

/** Tiếp thu – giải trình: the MoJ's decision on one row; anything short of full acceptance must be explained. */
export async function setDisposition(actor: Actor, submissionId: string, itemId: string, input: { decision: unknown; explanation?: unknown }): Promise<Disposition> {
  if (actor.role === 'agency') throw new Forbidden();
  const ctx = await loadContext(actor, submissionId);
  assertCampaignOpen(ctx);
  assertMayAct(actor, ctx);
  const item = toObjectId(itemId);
  if (!(await rowExists(ctx.submission, item))) throw new NotFound();
  assertInReview(ctx);
  const decision = input.decision as Decision;
  if (!DECISIONS.includes(decision)) throw new Invalid([{ field: 'decision', message: 'validation.choice' }]);
  const explanation = typeof input.explanation === 'string' ? input.explanation.normalize('NFC').trim().slice(0, 10_000) : '';
  if (decision !== 'accepted' && !explanation) throw new Invalid([{ field: 'explanation', message: 'reviews.errors.explanation_required' }]);
  const saved = await DispositionModel.findOneAndUpdate(
    { submission: ctx.submission._id, item },
    { $set: { agency: ctx.submission.agency, decision, explanation, by: new Types.ObjectId(actor.id), byName: actor.name, at: new Date() } },
    { upsert: true, returnDocument: 'after' },
  ).lean<Disposition>();
  await audit(actor, 'disposition.set', { type: 'submission', id: ctx.submission._id }, { item: itemId, decision });
  await notifyUsers(await agencyUserIds(ctx.submission.agency), {
    kind: 'disposition',
    messageKey: 'notifications.disposition',
    params: { author: actor.name, agency: ctx.agency.nameVi, campaign: ctx.campaign.title },
    link: `/submissions/${ctx.submission._id.toString()}?step=rows#row-${itemId}`,
    object: { type: 'submission', id: ctx.submission._id },
  });
  return saved!;
}

export async function listDispositions(actor: Actor, submissionId: Types.ObjectId, items?: Types.ObjectId[]): Promise<Disposition[]> {
  // Dispositions carry no campaign: a coordinating agency reads them through the submission it may read.
  const scope = actor.coordinates?.length && (await SubmissionModel.exists({ _id: submissionId, ...agencyScope(actor) })) ? {} : agencyScope(actor);
  return DispositionModel.find({ submission: submissionId, ...scope, ...(items ? { item: { $in: items } } : {}) }).lean<Disposition[]>();
}
