import { Types } from 'mongoose';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../http/paging.js';
import { ReviewTemplateModel, templateVersions, type ReviewTemplate, type TemplateStatus } from './template.model.js';
import type { TemplateSpec } from './template.schema.js';
import { validateTemplateSpec } from './template.validate.js';

/**
 * Review templates: create and edit drafts, publish (freeze), new versions, archive.
 * Admins change them; reviewers read all; agencies read published ones only.
 */

function canEdit(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden();
}

function visibleStatuses(actor: Actor): TemplateStatus[] | null {
  return actor.role === 'agency' ? ['published'] : null;
}

function checkedSpec(input: unknown): TemplateSpec {
  const res = validateTemplateSpec(input);
  if (!res.ok) throw new Invalid(res.errors, 'templates.errors.invalid');
  return res.spec;
}

function specOf(t: ReviewTemplate): TemplateSpec {
  return {
    title: t.title, description: t.description, legalNote: t.legalNote, scope: t.scope, method: t.method, outline: t.outline,
    fields: t.fields, appendix: t.appendix, recommendationField: t.recommendationField, documentField: t.documentField,
    ...(t.groupField ? { groupField: t.groupField } : {}), ...(t.reference ? { reference: t.reference } : {}),
  };
}

const label = (t: Pick<ReviewTemplate, 'title' | 'version'>) => `${t.title} (v${t.version})`;

export interface TemplateListFilter {
  status?: TemplateStatus;
  q?: string;
}

export async function listTemplates(actor: Actor, filter: TemplateListFilter = {}): Promise<ReviewTemplate[]> {
  const q: Record<string, unknown> = {};
  const allowed = visibleStatuses(actor);
  if (filter.status) {
    if (allowed && !allowed.includes(filter.status)) return [];
    q.status = filter.status;
  } else if (allowed) q.status = { $in: allowed };
  if (filter.q) q.title = new RegExp(filter.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return ReviewTemplateModel.find(q).sort({ family: 1, version: -1 }).lean<ReviewTemplate[]>();
}

/** API list: `{items, next}` in creation order. */
export async function pageTemplates(actor: Actor, paging: { limit: number; cursor?: string }): Promise<Page<ReviewTemplate>> {
  const allowed = visibleStatuses(actor);
  const q: Record<string, unknown> = allowed ? { status: { $in: allowed } } : {};
  const after = decodeCursor(paging.cursor);
  if (after) q._id = { $gt: after };
  const rows = await ReviewTemplateModel.find(q).sort({ _id: 1 }).limit(paging.limit + 1).lean<ReviewTemplate[]>();
  const more = rows.length > paging.limit;
  const items = more ? rows.slice(0, paging.limit) : rows;
  return { items, next: more ? encodeCursor(items[items.length - 1]!._id) : null };
}

export async function getTemplate(actor: Actor, id: string | Types.ObjectId): Promise<ReviewTemplate> {
  const t = await ReviewTemplateModel.findById(toObjectId(id)).lean<ReviewTemplate>();
  const allowed = visibleStatuses(actor);
  if (!t || (allowed && !allowed.includes(t.status))) throw new NotFound();
  return t;
}

/** For campaigns, which pin a version and must read it whatever its status is now. */
export async function loadTemplateVersion(id: Types.ObjectId | string): Promise<ReviewTemplate> {
  const t = await templateVersions.get(toObjectId(id).toString());
  if (!t) throw new NotFound();
  return t;
}

export async function familyVersions(familyId: Types.ObjectId): Promise<ReviewTemplate[]> {
  return ReviewTemplateModel.find({ family: familyId }, { title: 1, version: 1, status: 1, family: 1, publishedAt: 1, updatedAt: 1 })
    .sort({ version: -1 })
    .lean<ReviewTemplate[]>();
}

export async function createTemplate(actor: Actor, input: unknown): Promise<ReviewTemplate> {
  canEdit(actor);
  const spec = checkedSpec(input);
  const _id = new Types.ObjectId();
  const who = new Types.ObjectId(actor.id);
  const doc = await ReviewTemplateModel.create({ _id, family: _id, version: 1, status: 'draft', rev: 1, ...spec, createdBy: who, updatedBy: who });
  await audit(actor, 'template.create', { type: 'template', id: doc._id, label: label(doc) }, { fields: spec.fields.length });
  return doc.toObject();
}

async function newDraftVersion(actor: Actor, from: ReviewTemplate, spec: TemplateSpec): Promise<ReviewTemplate> {
  const existing = await ReviewTemplateModel.findOne({ family: from.family, status: 'draft' }, { _id: 1, version: 1 }).lean<ReviewTemplate>();
  if (existing) {
    throw new Conflict('templates.errors.draft_exists', { params: { version: existing.version, id: existing._id.toString() } });
  }
  const last = await ReviewTemplateModel.findOne({ family: from.family }, { version: 1 }).sort({ version: -1 }).lean<ReviewTemplate>();
  const who = new Types.ObjectId(actor.id);
  const doc = await ReviewTemplateModel.create({
    family: from.family, version: (last?.version ?? from.version) + 1, status: 'draft', rev: 1, ...spec, createdBy: who, updatedBy: who,
  });
  await audit(actor, 'template.new_version', { type: 'template', id: doc._id, label: label(doc) }, { from: from._id.toString(), fromVersion: from.version });
  return doc.toObject();
}

export interface UpdateResult {
  template: ReviewTemplate;
  /** true when the edit of a published version created a new draft version */
  created: boolean;
}

/**
 * A draft is changed in place (optimistic: `rev` must match when given). A published
 * version is frozen, so the same edit becomes version n+1 as a new draft.
 */
export async function updateTemplate(actor: Actor, id: string, input: unknown, rev?: number): Promise<UpdateResult> {
  canEdit(actor);
  const current = await getTemplate(actor, id);
  const spec = checkedSpec(input);
  if (current.status === 'archived') throw new Conflict('templates.errors.archived');
  if (current.status === 'published') return { template: await newDraftVersion(actor, current, spec), created: true };
  const filter: Record<string, unknown> = { _id: current._id, status: 'draft' };
  if (rev !== undefined) filter.rev = rev;
  const updated = await ReviewTemplateModel.findOneAndUpdate(
    filter,
    { $set: { ...spec, updatedBy: new Types.ObjectId(actor.id) }, $inc: { rev: 1 } },
    { returnDocument: 'after' },
  ).lean<ReviewTemplate>();
  if (!updated) throw new Conflict('templates.errors.stale', { params: { rev: current.rev } });
  await audit(actor, 'template.update', { type: 'template', id: current._id, label: label(updated) }, { rev: updated.rev });
  return { template: updated, created: false };
}

/** "Sửa" on a published version: a draft copy n+1 to edit. */
export async function startNewVersion(actor: Actor, id: string): Promise<ReviewTemplate> {
  canEdit(actor);
  const current = await getTemplate(actor, id);
  if (current.status !== 'published') throw new Conflict('templates.errors.not_published');
  return newDraftVersion(actor, current, specOf(current));
}

export async function publishTemplate(actor: Actor, id: string): Promise<ReviewTemplate> {
  canEdit(actor);
  const current = await getTemplate(actor, id);
  if (current.status !== 'draft') throw new Conflict('templates.errors.not_draft');
  checkedSpec(specOf(current));
  const now = new Date();
  const updated = await ReviewTemplateModel.findOneAndUpdate(
    { _id: current._id, status: 'draft' },
    { $set: { status: 'published', publishedAt: now, publishedBy: new Types.ObjectId(actor.id) }, $inc: { rev: 1 } },
    { returnDocument: 'after' },
  ).lean<ReviewTemplate>();
  if (!updated) throw new Conflict('templates.errors.not_draft');
  await audit(actor, 'template.publish', { type: 'template', id: current._id, label: label(current) });
  return updated;
}

export async function archiveTemplate(actor: Actor, id: string): Promise<ReviewTemplate> {
  canEdit(actor);
  const current = await getTemplate(actor, id);
  if (current.status === 'archived') throw new Conflict('templates.errors.archived');
  const updated = await ReviewTemplateModel.findOneAndUpdate(
    { _id: current._id, status: current.status },
    { $set: { status: 'archived', archivedAt: new Date() }, $inc: { rev: 1 } },
    { returnDocument: 'after' },
  ).lean<ReviewTemplate>();
  if (!updated) throw new Conflict('templates.errors.stale', { params: { rev: current.rev } });
  await audit(actor, 'template.archive', { type: 'template', id: current._id, label: label(current) }, { from: current.status });
  return updated;
}

/** A new template (version 1 of a new family) starting from any version. */
export async function duplicateTemplate(actor: Actor, id: string, title: string): Promise<ReviewTemplate> {
  canEdit(actor);
  const source = await getTemplate(actor, id);
  const copy = await createTemplate(actor, { ...specOf(source), title });
  await audit(actor, 'template.duplicate', { type: 'template', id: copy._id, label: label(copy) }, { from: source._id.toString() });
  return copy;
}

/** Published versions offered when creating a campaign. */
export function publishedTemplates(): Promise<ReviewTemplate[]> {
  return ReviewTemplateModel.find({ status: 'published' }).sort({ title: 1, version: -1 }).lean<ReviewTemplate[]>();
}

