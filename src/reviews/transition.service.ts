import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { AttachmentModel, type Attachment } from '../attachments/attachment.model.js';
import { audit } from '../audit/audit.service.js';
import { assertMayAct, reviewersFor } from '../campaigns/assignment.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Invalid, type FieldError } from '../http/errors.js';
import { agencyUserIds, notifyUsers, reviewerIds } from '../notifications/notification.service.js';
import { givenSummary, unansweredErrors } from '../reference-lists/reference.answer.js';
import { itemContextOf, validateItemValues } from '../review-templates/item-values.js';
import type { SubmissionItem } from '../submissions/item.model.js';
import { listItems } from '../submissions/item.service.js';
import { SubmissionModel, type Submission } from '../submissions/submission.model.js';
import { CampaignModel } from '../campaigns/campaign.model.js';
import { inTransaction } from '../db/transaction.js';
import { assertOwnerOrMoj, loadContext, type SubmissionContext } from '../submissions/submission.service.js';
import { SubmissionVersionModel, type SubmissionVersion } from '../submissions/version.model.js';
import { checkAcceptance, type AcceptInput } from './acceptance.js';
import { reanchorComments } from './comment.service.js';
import { nextStatus, type TransitionAction } from './transition.machine.js';

/**
 * Moves a submission through the state machine: checks who and from where,
 * checks at submit that the report is complete, snapshots a numbered version
 * and gives the agency a receipt, re-anchors paragraph comments, audits and
 * notifies. The status write is conditional on the state read, so two
 * reviewers clicking at once cannot both succeed.
 */
export interface Receipt {
  submission: string;
  agency: string;
  campaign: string;
  version: number;
  submittedAt: Date;
  submittedBy: string;
  items: number;
  files: { name: string; size: number; sha256: string }[];
  /** sha256 of the snapshot's content: proof of exactly what was sent */
  digest: string;
}

async function completenessErrors(ctx: SubmissionContext, items: SubmissionItem[], attachments: Attachment[], noDocuments: boolean): Promise<FieldError[]> {
  // Rows given to the agency must each be answered; answering them is content enough without rows of its own.
  const [given, unanswered] = await Promise.all([givenSummary(ctx), unansweredErrors(ctx)]);
  const errors: FieldError[] = [...unanswered];
  const { submission, template } = ctx;
  if (noDocuments && items.length) errors.push({ field: 'noDocuments', message: 'submissions.errors.no_documents_but_rows', params: { count: items.length } });
  if (!noDocuments && items.length === 0 && attachments.length === 0 && !given) errors.push({ field: 'items', message: 'submissions.errors.no_items' });
  items.forEach((item, i) => {
    const res = validateItemValues(template.fields, item.values, itemContextOf(ctx.agency));
    if (!res.ok) errors.push({ field: `items.${i}`, message: 'submissions.errors.item_incomplete', params: { row: i + 1 } });
  });
  const texts = new Map(submission.reportSections.map((s) => [s.key, s.text]));
  for (const section of template.outline) {
    if (!(texts.get(section.key) ?? '').trim()) errors.push({ field: `report.${section.key}`, message: 'submissions.errors.section_empty', params: { heading: section.heading } });
  }
  return errors;
}

export function receiptOf(v: SubmissionVersion, agencyName: string, campaignTitle: string): Receipt {
  const content = JSON.stringify({ items: v.items, report: v.report, attachments: v.attachments.map((a) => a.sha256) });
  return {
    submission: v.submission.toString(),
    agency: agencyName,
    campaign: campaignTitle,
    version: v.n,
    submittedAt: v.submittedAt,
    submittedBy: v.submittedByName,
    items: v.items.length,
    files: v.attachments.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256 })),
    digest: createHash('sha256').update(content).digest('hex'),
  };
}

async function snapshot(actor: Actor, ctx: SubmissionContext, saved: Submission, items: SubmissionItem[], attachments: Attachment[], message?: string): Promise<SubmissionVersion> {
  const n = saved.submittedVersion ?? 1;
  const version = await SubmissionVersionModel.create({
    submission: saved._id,
    campaign: saved.campaign,
    agency: saved.agency,
    n,
    submittedAt: saved.submittedAt ?? new Date(),
    submittedBy: new Types.ObjectId(actor.id),
    submittedByName: actor.name,
    editVersion: ctx.submission.version,
    items: items.map((i) => ({ id: i._id.toString(), values: i.values })),
    report: Object.fromEntries(saved.reportSections.map((s) => [s.key, s.text])),
    attachments: attachments.map((a) => ({ id: a._id.toString(), name: a.name, type: a.type, size: a.size, sha256: a.sha256 })),
    message,
  });
  if (attachments.length) await AttachmentModel.updateMany({ _id: { $in: attachments.map((a) => a._id) } }, { $addToSet: { inVersions: n } });
  return version.toObject();
}

export interface TransitionResult {
  submission: Submission;
  receipt?: Receipt;
}

export interface TransitionOptions extends AcceptInput {
  noDocuments?: boolean;
}

export async function transition(actor: Actor, id: string, action: TransitionAction, message = '', opts: TransitionOptions = {}): Promise<TransitionResult> {
  const ctx = await loadContext(actor, id);
  if (ctx.campaign.status !== 'open') throw new Conflict('submissions.errors.campaign_closed');
  const from = ctx.submission.status;
  assertOwnerOrMoj(actor, ctx);
  const to = nextStatus(from, action, actor.role, message);
  assertMayAct(actor, ctx);
  const note = message.normalize('NFC').trim().slice(0, 5000);
  const attachments = action === 'submit' ? await AttachmentModel.find({ submission: ctx.submission._id, status: 'active' }).lean<Attachment[]>() : [];
  // Rows change only with the version, so those read here are the ones the status write below is conditional on.
  const items = action === 'submit' ? await listItems(ctx.submission._id) : [];
  if (action === 'submit') {
    const errors = await completenessErrors(ctx, items, attachments, Boolean(opts.noDocuments));
    if (errors.length) throw new Invalid(errors, 'submissions.errors.incomplete');
  }
  const gate = action === 'accept' ? await checkAcceptance(ctx, opts) : undefined;
  const now = new Date();
  const set: Record<string, unknown> = { status: to, statusChangedAt: now, lastActivityAt: now };
  const unset: Record<string, 1> = {};
  const inc: Record<string, number> = { version: 1 };
  if (action === 'submit') {
    set.submittedAt = now;
    set.noDocuments = Boolean(opts.noDocuments);
    inc.submittedVersion = 1;
  }
  if (action === 'request_changes') set.reviewMessage = note;
  if (action === 'accept') {
    set.acceptedAt = now;
    set.acceptance = { ...gate, by: new Types.ObjectId(actor.id), byName: actor.name, at: now };
  }
  if (action === 'reopen') {
    set.reopenReason = note;
    unset.acceptance = 1;
  }
  const saved = await inTransaction(async (session) => {
    const s = await SubmissionModel.findOneAndUpdate(
      { _id: ctx.submission._id, status: from, version: ctx.submission.version },
      { $set: set, $inc: inc, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
      { returnDocument: 'after', session },
    ).lean<Submission>();
    if (!s) throw new Conflict('submissions.errors.stale');
    if (from !== to) await CampaignModel.updateOne({ _id: ctx.campaign._id }, { $inc: { [`statusCounts.${from}`]: -1, [`statusCounts.${to}`]: 1 } }, { session });
    return s;
  });

  let receipt: Receipt | undefined;
  if (action === 'submit') {
    const version = await snapshot(actor, ctx, saved, items, attachments, note || undefined);
    receipt = receiptOf(version, ctx.agency.nameVi, ctx.campaign.title);
    await reanchorComments(saved._id);
  }
  await audit(actor, `submission.${action}`, { type: 'submission', id: saved._id, label: `${ctx.agency.nameVi} — ${ctx.campaign.title}` }, {
    from,
    to,
    ...(note ? { message: note } : {}),
    ...(receipt ? { version: receipt.version, digest: receipt.digest } : {}),
    ...(gate?.override ? { override: true, reason: gate.reason, undecided: gate.undecided, openThreads: gate.openThreads } : {}),
  });
  const recipients = actor.role === 'agency' ? await reviewerIds(reviewersFor(ctx.campaign, saved.agency)) : await agencyUserIds(saved.agency);
  await notifyUsers(recipients, {
    kind: 'status_change',
    messageKey: `notifications.status.${to}`,
    params: { agency: ctx.agency.nameVi, campaign: ctx.campaign.title },
    link: `/submissions/${saved._id.toString()}`,
    object: { type: 'submission', id: saved._id },
  });
  return { submission: saved, receipt };
}
