import { Types } from 'mongoose';
import { AgencyModel, REVIEWING_AGENCY_CODE, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyUsersByAgency, notifyUsers } from '../notifications/notification.service.js';
import { groupThreads } from '../reviews/thread.group.js';
import { UserModel } from '../users/user.model.js';
import { TEMPLATE_PARTS, TemplateCommentModel, TemplateConsultationModel, type TemplateComment, type TemplateConsultation, type TemplatePart } from './consultation.model.js';
import { ReviewTemplateModel, type ReviewTemplate } from './template.model.js';

/**
 * Gửi lấy ý kiến: before publishing, the admin sends a draft template to agencies
 * (by default the coordinating agencies of the campaigns that use the template's
 * earlier versions). Their users read the draft and comment; the admin replies and
 * resolves. Each agency sees its own threads only, like everywhere else.
 */

const MAX_TEXT = 10_000;

export interface TemplateThread {
  root: TemplateComment;
  replies: TemplateComment[];
}

function cleanText(text: unknown, field = 'text', required = true): string {
  const t = typeof text === 'string' ? text.normalize('NFC').replace(/\r\n?/g, '\n').trim() : '';
  if (required && !t) throw new Invalid([{ field, message: 'reviews.errors.text_required' }]);
  if (t.length > MAX_TEXT) throw new Invalid([{ field, message: 'validation.too_long', params: { max: MAX_TEXT } }]);
  return t;
}

async function loadTemplate(id: string | Types.ObjectId): Promise<ReviewTemplate> {
  const t = await ReviewTemplateModel.findById(toObjectId(id)).lean<ReviewTemplate>();
  if (!t) throw new NotFound();
  return t;
}

async function consultedAgencyIds(templateId: Types.ObjectId): Promise<Set<string>> {
  const sent = await TemplateConsultationModel.find({ template: templateId }, { agencies: 1 }).lean<TemplateConsultation[]>();
  return new Set(sent.flatMap((c) => c.agencies.map(String)));
}

/** The template as the actor may read it for comments: the admin always, an agency only once the draft was sent to it. */
export async function consultationTemplate(actor: Actor, id: string): Promise<ReviewTemplate> {
  const t = await loadTemplate(id);
  if (actor.role === 'admin') return t;
  // Reviewers know drafts exist (templates API); the consultation is the admin's.
  if (actor.role !== 'agency') throw new Forbidden();
  if (!(await consultedAgencyIds(t._id)).has(actor.agencyId)) throw new NotFound();
  return t;
}

/** Who a draft goes to unless the admin chooses: the coordinating agencies of campaigns on earlier versions of the template. */
export async function defaultConsultees(template: Pick<ReviewTemplate, 'family'>): Promise<Types.ObjectId[]> {
  const versions = await ReviewTemplateModel.find({ family: template.family }, { _id: 1 }).lean<Pick<ReviewTemplate, '_id'>[]>();
  const campaigns = await CampaignModel.find({ template: { $in: versions.map((v) => v._id) } }, { coordinators: 1 }).lean<Campaign[]>();
  const ids = new Map<string, Types.ObjectId>();
  for (const c of campaigns) for (const a of c.coordinators ?? []) ids.set(a.toString(), a);
  return [...ids.values()];
}

export interface ConsultationInput {
  agencies: string[];
  message?: string;
}

/** Sends a draft for comments; the chosen agencies' users are notified. Only drafts: a published version no longer changes. */
export async function sendForComments(actor: Actor, templateId: string, input: ConsultationInput): Promise<TemplateConsultation> {
  if (actor.role !== 'admin') throw new Forbidden();
  const t = await loadTemplate(templateId);
  if (t.status !== 'draft') throw new Conflict('consultation.errors.not_draft');
  const ids = [...new Set(input.agencies)].map((a) => toObjectId(a));
  if (!ids.length) throw new Invalid([{ field: 'agencies', message: 'consultation.errors.agencies_required' }]);
  const found = await AgencyModel.find({ _id: { $in: ids }, code: { $ne: REVIEWING_AGENCY_CODE } }, { nameVi: 1 }).sort({ order: 1 }).lean<Agency[]>();
  if (found.length !== ids.length) throw new Invalid([{ field: 'agencies', message: 'coordination.errors.unknown_agency' }]);
  const message = cleanText(input.message ?? '', 'message', false);
  const [doc] = await TemplateConsultationModel.create([{ template: t._id, agencies: ids, message, sentBy: new Types.ObjectId(actor.id), sentByName: actor.name }]);
  const users = [...(await agencyUsersByAgency(ids)).values()].flat();
  const notified = await notifyUsers(users, {
    kind: 'comment',
    messageKey: 'consultation.notify.sent',
    params: { title: t.title, version: t.version },
    link: `/templates/${t._id.toString()}/consultation`,
    object: { type: 'template', id: t._id },
    dedupeKey: `consultation:${doc!._id.toString()}`,
  });
  await audit(actor, 'template.consult', { type: 'template', id: t._id, label: `${t.title} (v${t.version})` }, { agencies: found.map((a) => a.nameVi).join(', '), notified });
  return doc!.toObject();
}

/** Threads on a draft: all of them for the admin, the agency's own for an agency user. */
export async function listTemplateThreads(actor: Actor, templateId: Types.ObjectId): Promise<TemplateThread[]> {
  const q: Record<string, unknown> = { template: templateId };
  if (actor.role !== 'admin') q.agency = toObjectId(actor.agencyId);
  return groupThreads(await TemplateCommentModel.find(q).sort({ createdAt: 1, _id: 1 }).lean<TemplateComment[]>());
}

export interface TemplateCommentInput {
  text: unknown;
  part?: string;
  parentId?: string;
}

/** A consulted agency comments on the draft; the admin replies in the agency's thread. Closed once the draft is published. */
export async function addTemplateComment(actor: Actor, templateId: string, input: TemplateCommentInput): Promise<TemplateComment> {
  const t = await consultationTemplate(actor, templateId);
  if (t.status !== 'draft') throw new Conflict('consultation.errors.not_draft');
  const text = cleanText(input.text);
  let parent: TemplateComment | null = null;
  if (input.parentId) {
    parent = await TemplateCommentModel.findOne({ _id: toObjectId(input.parentId), template: t._id, ...(actor.role === 'admin' ? {} : { agency: toObjectId(actor.agencyId) }) }).lean<TemplateComment>();
    if (!parent) throw new Invalid([{ field: 'parentId', message: 'reviews.errors.bad_parent' }]);
    if (parent.parent) throw new Invalid([{ field: 'parentId', message: 'reviews.errors.reply_depth' }]);
  } else if (actor.role === 'admin') {
    // The MoJ answers threads; its own remarks on a draft are edits to the draft.
    throw new Invalid([{ field: 'parentId', message: 'consultation.errors.admin_replies' }]);
  }
  const part = input.part && (TEMPLATE_PARTS as readonly string[]).includes(input.part) ? (input.part as TemplatePart) : undefined;
  if (input.part && !part) throw new Invalid([{ field: 'part', message: 'consultation.errors.bad_part' }]);
  const [doc] = await TemplateCommentModel.create([{
    template: t._id,
    agency: parent ? parent.agency : toObjectId(actor.agencyId),
    parent: parent?._id,
    part: parent ? parent.part : part,
    author: new Types.ObjectId(actor.id),
    authorName: actor.name,
    authorRole: actor.role,
    text,
    status: parent ? undefined : 'open',
  }]);
  // A reply reopens a resolved thread: someone still has something to say.
  if (parent?.status === 'resolved') await TemplateCommentModel.updateOne({ _id: parent._id }, { $set: { status: 'open' }, $unset: { resolvedBy: 1, resolvedAt: 1 } });
  await audit(actor, parent ? 'template.comment_reply' : 'template.comment', { type: 'template', id: t._id, label: `${t.title} (v${t.version})` }, { comment: doc!._id.toString() });
  const recipients = actor.role === 'admin'
    ? (await agencyUsersByAgency([parent!.agency])).get(parent!.agency.toString()) ?? []
    : (await UserModel.find({ role: 'admin', active: true }, { _id: 1 }).lean()).map((u) => u._id);
  await notifyUsers(recipients.filter((u) => u.toString() !== actor.id), {
    kind: parent ? 'reply' : 'comment',
    messageKey: parent ? 'consultation.notify.reply' : 'consultation.notify.comment',
    params: { author: actor.name, title: t.title, version: t.version },
    link: actor.role === 'admin' ? `/templates/${t._id.toString()}/consultation#tc-${(parent?._id ?? doc!._id).toString()}` : `/admin/templates/${t._id.toString()}#tc-${(parent?._id ?? doc!._id).toString()}`,
    object: { type: 'template_comment', id: doc!._id },
  });
  return doc!.toObject();
}

/** Resolve or reopen a thread on a draft: the admin's call. */
export async function setTemplateThreadStatus(actor: Actor, commentId: string, status: 'open' | 'resolved'): Promise<TemplateComment> {
  if (actor.role !== 'admin') throw new Forbidden();
  const c = await TemplateCommentModel.findById(toObjectId(commentId)).lean<TemplateComment>();
  if (!c) throw new NotFound();
  if (c.parent) throw new Invalid([{ field: 'id', message: 'reviews.errors.not_thread' }]);
  const update = status === 'resolved' ? { $set: { status, resolvedBy: new Types.ObjectId(actor.id), resolvedAt: new Date() } } : { $set: { status }, $unset: { resolvedBy: 1, resolvedAt: 1 } };
  const saved = await TemplateCommentModel.findOneAndUpdate({ _id: c._id }, update, { returnDocument: 'after' }).lean<TemplateComment>();
  await audit(actor, status === 'resolved' ? 'template.comment_resolve' : 'template.comment_reopen', { type: 'template', id: c.template }, { comment: c._id.toString() });
  return saved!;
}

export interface ConsultationPanel {
  sent: (TemplateConsultation & { agencyNames: string[] })[];
  threads: TemplateThread[];
  agencyNames: Map<string, string>;
  /** admin, draft: the agencies one may send to, and those ticked by default */
  choices: Agency[];
  defaults: Set<string>;
}

/** What the template page shows about comments: sendings, threads, and the form to send. */
export async function consultationPanel(actor: Actor, template: ReviewTemplate): Promise<ConsultationPanel> {
  const admin = actor.role === 'admin';
  const [sent, threads, choices, defaults] = await Promise.all([
    admin ? TemplateConsultationModel.find({ template: template._id }).sort({ createdAt: 1 }).lean<TemplateConsultation[]>() : Promise.resolve([]),
    listTemplateThreads(actor, template._id),
    admin && template.status === 'draft' ? AgencyModel.find({ active: true, code: { $ne: REVIEWING_AGENCY_CODE } }, { nameVi: 1, nameEn: 1, order: 1 }).sort({ order: 1 }).lean<Agency[]>() : Promise.resolve([]),
    admin && template.status === 'draft' ? defaultConsultees(template) : Promise.resolve([]),
  ]);
  const ids = new Set([...sent.flatMap((s) => s.agencies.map(String)), ...threads.map((th) => th.root.agency.toString())]);
  const named = ids.size ? await AgencyModel.find({ _id: { $in: [...ids].map((i) => new Types.ObjectId(i)) } }, { nameVi: 1 }).lean<Agency[]>() : [];
  const agencyNames = new Map(named.map((a) => [a._id.toString(), a.nameVi]));
  return {
    sent: sent.map((s) => ({ ...s, agencyNames: s.agencies.map((a) => agencyNames.get(a.toString()) ?? '') })),
    threads,
    agencyNames,
    choices,
    defaults: new Set(defaults.map(String)),
  };
}

/** Drafts sent to the actor's agency, newest first (its entry point besides the notification). */
export async function draftsSentTo(actor: Actor): Promise<ReviewTemplate[]> {
  if (actor.role !== 'agency') return [];
  const sent = await TemplateConsultationModel.find({ agencies: toObjectId(actor.agencyId) }, { template: 1 }).sort({ createdAt: -1 }).limit(50).lean<TemplateConsultation[]>();
  if (!sent.length) return [];
  return ReviewTemplateModel.find({ _id: { $in: sent.map((s) => s.template) }, status: 'draft' }).sort({ updatedAt: -1 }).lean<ReviewTemplate[]>();
}
