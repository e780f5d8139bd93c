import { Types } from 'mongoose';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Invalid, NotFound, type FieldError } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { validateItemValues } from '../review-templates/item-values.js';
import { SubmissionModel } from '../submissions/submission.model.js';
import { assertEditable, loadContext, type SubmissionContext } from '../submissions/submission.service.js';
import { ReferenceAnswerModel, ReferenceRowModel, type ReferenceAnswer, type ReferenceRow } from './reference.model.js';
import { referencePlan, type ReferencePlan } from './reference.settings.js';

/**
 * The agency's side: the rows given to it (and only those — another agency's row is "not
 * found"), its answer to each, and what is still unanswered when it tries to submit.
 */

export interface GivenRow {
  row: ReferenceRow;
  answer: ReferenceAnswer | null;
  /** lead or coordinating, for this agency */
  role: 'lead' | 'coordinating';
}

export interface GivenList {
  ctx: SubmissionContext;
  plan: ReferencePlan;
  rows: GivenRow[];
  answered: number;
}

function rowsQuery(ctx: SubmissionContext) {
  return { campaign: ctx.campaign._id, agencies: ctx.submission.agency };
}

export async function givenRows(actor: Actor, submissionId: string): Promise<GivenList> {
  const ctx = await loadContext(actor, submissionId);
  const plan = referencePlan(ctx.template);
  if (!plan) throw new NotFound();
  const [rows, answers] = await Promise.all([
    ReferenceRowModel.find(rowsQuery(ctx)).sort({ position: 1 }).lean<ReferenceRow[]>(),
    ReferenceAnswerModel.find({ campaign: ctx.campaign._id, agency: ctx.submission.agency }).lean<ReferenceAnswer[]>(),
  ]);
  const byRow = new Map(answers.map((a) => [a.row.toString(), a]));
  const list = rows.map((row) => ({ row, answer: byRow.get(row._id.toString()) ?? null, role: row.lead.equals(ctx.submission.agency) ? ('lead' as const) : ('coordinating' as const) }));
  return { ctx, plan, rows: list, answered: list.filter((r) => r.answer).length };
}

function stale(): Conflict {
  return new Conflict('submissions.errors.stale', { details: [{ field: 'rev', message: 'submissions.errors.stale' }] });
}

/**
 * Saves the agency's answer to one of its rows. `rev` is the answer's revision the form was
 * based on (0 for a first answer); a save based on an older one changes nothing and is a 409.
 */
export async function answerRow(actor: Actor, submissionId: string, rowId: string, rev: number, values: unknown): Promise<ReferenceAnswer> {
  const ctx = await loadContext(actor, submissionId);
  const plan = referencePlan(ctx.template);
  if (!plan) throw new NotFound();
  const row = await ReferenceRowModel.findOne({ _id: toObjectId(rowId), ...rowsQuery(ctx) }).lean<ReferenceRow>();
  if (!row) throw new NotFound();
  assertEditable(actor, ctx);
  const res = validateItemValues(plan.answer, values, { agencyName: ctx.agency.nameVi });
  const current = await ReferenceAnswerModel.findOne({ row: row._id, agency: ctx.submission.agency }, { rev: 1 }).lean<Pick<ReferenceAnswer, 'rev'>>();
  // A stale base is answered first: fixing the fields of an outdated copy would only lead to a 409 after.
  if ((current?.rev ?? 0) !== rev) throw stale();
  if (!res.ok) throw new Invalid(res.errors);
  const now = new Date();
  let saved: ReferenceAnswer | null;
  if (current) {
    saved = await ReferenceAnswerModel.findOneAndUpdate(
      { row: row._id, agency: ctx.submission.agency, rev },
      { $set: { values: res.values, answeredBy: new Types.ObjectId(actor.id) }, $inc: { rev: 1 } },
      { returnDocument: 'after' },
    ).lean<ReferenceAnswer>();
  } else {
    try {
      saved = (await ReferenceAnswerModel.create({ campaign: ctx.campaign._id, row: row._id, agency: ctx.submission.agency, values: res.values, rev: 1, answeredBy: new Types.ObjectId(actor.id) })).toObject();
    } catch (err) {
      // Two first answers at once: the unique (row, agency) index lets one through.
      if ((err as { code?: number }).code === 11000) throw stale();
      throw err;
    }
  }
  if (!saved) throw stale();
  await SubmissionModel.updateOne({ _id: ctx.submission._id }, { $set: { lastActivityAt: now } });
  await audit(actor, 'reference.answer', { type: 'submission', id: ctx.submission._id, label: `${ctx.agency.nameVi} — ${ctx.campaign.title}` }, { row: rowId, answer: String(res.values[plan.settings.answerField] ?? '') });
  return saved;
}

/** One message per row the agency has not answered, naming the row by its code or position. */
export async function unansweredErrors(ctx: SubmissionContext): Promise<FieldError[]> {
  const plan = referencePlan(ctx.template);
  if (!plan) return [];
  const [rows, answered] = await Promise.all([
    ReferenceRowModel.find(rowsQuery(ctx), { position: 1, values: 1 }).sort({ position: 1 }).lean<Pick<ReferenceRow, '_id' | 'position' | 'values'>[]>(),
    ReferenceAnswerModel.distinct('row', { campaign: ctx.campaign._id, agency: ctx.submission.agency }),
  ]);
  const done = new Set(answered.map(String));
  const key = plan.settings.keyField;
  return rows
    .filter((r) => !done.has(r._id.toString()))
    .map((r) => ({ field: `reference.${r._id.toString()}`, message: 'reference.errors.unanswered', params: { row: (key && typeof r.values[key] === 'string' ? (r.values[key] as string) : '') || `#${r.position}` } }));
}

/** How many rows the agency was given and has answered, for its submission page. */
export async function givenSummary(ctx: SubmissionContext): Promise<{ total: number; answered: number } | null> {
  if (!referencePlan(ctx.template)) return null;
  const [total, answered] = await Promise.all([
    ReferenceRowModel.countDocuments(rowsQuery(ctx)),
    ReferenceAnswerModel.countDocuments({ campaign: ctx.campaign._id, agency: ctx.submission.agency }),
  ]);
  return total > 0 ? { total, answered } : null;
}
